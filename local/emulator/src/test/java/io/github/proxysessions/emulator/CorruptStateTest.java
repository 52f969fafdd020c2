package io.github.proxysessions.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * What the emulator does with a state file or journal that was damaged or edited (issue 12 §1, §2): a damaged journal
 * record costs that record only, and is kept aside; a damaged snapshot stops the start with a clear error and leaves
 * both files as they were. Nothing acknowledged is dropped without a word.
 */
class CorruptStateTest {

    @TempDir
    Path dir;

    private StateDir files() {
        return new StateDir(dir);
    }

    private Path state() {
        return files().state();
    }

    private Path journal() {
        return files().journal();
    }

    private EmulatorFixture start() {
        return new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state()));
    }

    private StateDir.Written write(int count) {
        return files().write(count);
    }

    private static byte[] flipByteInLine(byte[] bytes, int line) {
        return StateDir.flipByteInLine(bytes, line);
    }

    private List<Path> keptAside() throws IOException {
        return files().keptAside();
    }

    @Test
    void aDamagedRecordInTheMiddleCostsThatRecordOnlyAndTheJournalIsKeptAside() throws IOException {
        StateDir.Written written = write(30);
        byte[] damaged = flipByteInLine(Files.readAllBytes(journal()), 6);
        Files.write(journal(), damaged);

        try (EmulatorFixture f = start()) {
            List<String> expected = new ArrayList<>(written.sessionIds());
            expected.remove(3);   // line 6: the fourth session
            assertThat(f.emulator.proxySessionIds(written.connectorId())).containsExactlyElementsOf(expected);
            assertThat(f.emulator.stateRepairs()).singleElement().asString()
                    .contains(journal().toString(), "line 6", "record 6", "fails its checksum",
                            "the 26 intact records after it were applied");
            assertThat(keptAside()).singleElement()
                    .satisfies(copy -> assertThat(Files.readAllBytes(copy)).isEqualTo(damaged));
            assertThat(f.emulator.stateRepairs().get(0)).contains(keptAside().get(0).toString());
        }
        try (EmulatorFixture f = start()) {
            assertThat(f.emulator.proxySessionIds(written.connectorId())).hasSize(29);
            assertThat(f.emulator.stateRepairs()).as("repaired once, for good").isEmpty();
        }
    }

    @Test
    void recordsThatDependOnADamagedOneAreKeptAsideWithIt() throws IOException {
        StateDir.Written written = write(3);
        Files.write(journal(), flipByteInLine(Files.readAllBytes(journal()), 1));   // the connector itself

        try (EmulatorFixture f = start()) {
            assertThat(f.emulator.voiceConnectorIds()).doesNotContain(written.connectorId());
            assertThat(String.join("\n", f.emulator.stateRepairs())).contains("line 1", "record 1",
                    "line 2 (record 2) could not be applied", "line 5 (record 5) could not be applied",
                    "Voice connector " + written.connectorId() + " not found");
            assertThat(keptAside()).hasSize(1);
        }
    }

    @Test
    void aCompleteLastRecordThatFailsItsChecksumIsKeptAsideToo() throws IOException {
        StateDir.Written written = write(1);
        Files.writeString(journal(), "00000000 {\"op\":\"connector.delete\",\"connectorId\":\""
                + written.connectorId() + "\",\"seq\":4}\n", java.nio.file.StandardOpenOption.APPEND);

        try (EmulatorFixture f = start()) {
            assertThat(f.emulator.proxySessionIds(written.connectorId())).hasSize(1);
            assertThat(f.emulator.stateRepairs()).singleElement().asString().contains("line 4", "record 4");
            assertThat(keptAside()).hasSize(1);
        }
    }

    /** The last byte of the journal, its last record's newline, damaged (another byte) or lost. */
    static Stream<Arguments> lastNewlineDamage() {
        return Stream.of(
                Arguments.of("flipped", (UnaryOperator<byte[]>) b -> {
                    byte[] damaged = b.clone();
                    damaged[b.length - 1] ^= 0x01;
                    return damaged;
                }, true),
                Arguments.of("removed", (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, b.length - 1), false));
    }

    @ParameterizedTest(name = "last byte {0}")
    @MethodSource("lastNewlineDamage")
    void aWholeLastRecordWhoseNewlineIsDamagedIsAppliedAndTheNewlineRestored(String what, UnaryOperator<byte[]> damage,
                                                                           boolean cut) throws IOException {
        StateDir.Written written = write(5);
        byte[] intact = Files.readAllBytes(journal());
        byte[] damaged = damage.apply(intact);
        Files.write(journal(), damaged);

        try (EmulatorFixture f = start()) {
            assertThat(f.emulator.proxySessionIds(written.connectorId())).as("every acknowledged create, with the "
                    + "last byte " + what).containsExactlyElementsOf(written.sessionIds());
            assertThat(f.emulator.stateRepairs()).singleElement().asString()
                    .contains(journal().toString(), "line 7", "record 7", "newline", "applied");
            if (cut) {
                assertThat(keptAside()).as("the byte cut off is kept").singleElement()
                        .satisfies(copy -> assertThat(Files.readAllBytes(copy)).isEqualTo(damaged));
                assertThat(f.emulator.stateRepairs().get(0)).contains(keptAside().get(0).toString());
            }
        }
        try (EmulatorFixture f = start()) {
            assertThat(f.emulator.proxySessionIds(written.connectorId())).containsExactlyElementsOf(
                    written.sessionIds());
            assertThat(f.emulator.stateRepairs()).as("repaired once, for good").isEmpty();
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndKeptAside() throws IOException {
        StateDir.Written written = write(2);
        // A crash in the middle of writing a line: a prefix of a record, no newline.
        Files.writeString(journal(), "1a2b3c4d {\"op\":\"sess", java.nio.file.StandardOpenOption.APPEND);
        byte[] damaged = Files.readAllBytes(journal());

        try (EmulatorFixture f = start()) {
            assertThat(f.emulator.proxySessionIds(written.connectorId())).containsExactlyElementsOf(
                    written.sessionIds());
            assertThat(f.emulator.stateRepairs()).singleElement().asString().contains("cut off the last 20 bytes");
            assertThat(keptAside()).as("the bytes cut off are kept").singleElement()
                    .satisfies(copy -> assertThat(Files.readAllBytes(copy)).isEqualTo(damaged));
            assertThat(f.emulator.stateRepairs().get(0)).contains(keptAside().get(0).toString());
        }
    }

    /**
     * A journal that is not the emulator's at all (issue 19 §5: 100 KB of random bytes gave 413 warnings, each naming
     * the copy): one warning that counts the lines that could not be read, and names the copy once.
     */
    @Test
    void aJournalOfGarbageIsOneWarningWithTheCountOfDamagedLines() throws IOException {
        StateDir.Written written = write(2);
        byte[] garbage = new byte[100 * 1024];
        new java.util.Random(19).nextBytes(garbage);
        Files.write(journal(), garbage);
        long newlines = 0;
        int last = -1;
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n') {
                newlines++;
                last = i;
            }
        }

        try (EmulatorFixture f = start()) {
            assertThat(f.emulator.voiceConnectorIds()).as("what the snapshot held before the journal")
                    .doesNotContain(written.connectorId());
            assertThat(f.emulator.stateRepairs()).singleElement().asString()
                    .contains(journal().toString(), newlines + " lines could not be read", "line 1", "line " + newlines,
                            "the last " + (garbage.length - last - 1) + " bytes")
                    .contains(keptAside().get(0).toString());
            String warning = f.emulator.stateRepairs().get(0);
            assertThat(warning.indexOf(keptAside().get(0).toString()))
                    .as("the copy named once").isEqualTo(warning.lastIndexOf(keptAside().get(0).toString()));
            assertThat(keptAside()).singleElement()
                    .satisfies(copy -> assertThat(Files.readAllBytes(copy)).isEqualTo(garbage));
        }
        try (EmulatorFixture f = start()) {
            assertThat(f.emulator.stateRepairs()).as("repaired once, for good").isEmpty();
        }
    }

    /** Edits of the snapshot that keep it JSON, and ones that do not. */
    static Stream<Arguments> snapshotEdits() {
        return Stream.of(
                Arguments.of("a renamed key", edit(s -> s.replace("\"sessions\"", "\"sessionz\""))),
                Arguments.of("a raised lastSeq", edit(s -> replaceNumber(s, "lastSeq", 10))),
                Arguments.of("a lowered lastSeq", edit(s -> replaceNumber(s, "lastSeq", -1))),
                Arguments.of("a renamed key, unframed as the previous version wrote it",
                        edit(s -> unframed(s).replace("\"sessions\"", "\"sessionz\""))),
                Arguments.of("a raised lastSeq, unframed as the previous version wrote it",
                        edit(s -> replaceNumber(unframed(s), "lastSeq", 10))),
                Arguments.of("an empty file", edit(s -> "")),
                Arguments.of("{}", edit(s -> "{}")),
                Arguments.of("[]", edit(s -> "[]")),
                Arguments.of("null", edit(s -> "null")),
                Arguments.of("a connector that is null", edit(s -> unframed(s).replace("\"connectors\":[",
                        "\"connectors\":[null,"))),
                Arguments.of("half of it", edit(s -> s.substring(0, s.length() / 2))));
    }

    private static UnaryOperator<String> edit(UnaryOperator<String> edit) {
        return edit;
    }

    private static String replaceNumber(String text, String member, int delta) {
        Matcher m = Pattern.compile("\"" + member + "\":(\\d+)").matcher(text);
        assertThat(m.find()).isTrue();
        return m.replaceFirst("\"" + member + "\":" + (Long.parseLong(m.group(1)) + delta));
    }

    /** The JSON of the snapshot without the checksum framing of this version, as earlier versions wrote it. */
    private static String unframed(String text) {
        return text.substring(text.indexOf('{')).strip();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshotEdits")
    void anEditedSnapshotStopsTheStartWithAClearErrorAndChangesNothing(String what, UnaryOperator<String> edit)
            throws IOException {
        write(3);
        try (EmulatorFixture f = start()) {
            // The first run is now in the snapshot; these two sessions are in the journal.
            String vc = f.emulator.voiceConnectorIds().get(0);
            f.session(vc, "+17025550150", "+18085550151");
            f.session(vc, "+17025550152", "+18085550153");
        }
        Files.writeString(state(), edit.apply(Files.readString(state())));
        byte[] snapshotBefore = Files.readAllBytes(state());
        byte[] journalBefore = Files.readAllBytes(journal());

        Throwable failure = catchThrowable(this::start);

        assertThat(failure).as(what).isInstanceOf(EmulatorStateException.class)
                .hasMessageContaining(state().toString()).hasMessageContaining("Nothing was changed");
        assertThat(failure.getMessage()).doesNotContain("NullPointerException");
        assertThat(Files.readAllBytes(state())).isEqualTo(snapshotBefore);
        assertThat(Files.readAllBytes(journal())).isEqualTo(journalBefore);
        assertThat(catchThrowable(this::start)).as("still refused, and the lock was released")
                .isInstanceOf(EmulatorStateException.class);
    }

    /** Edits that keep the snapshot whole JSON with a valid checksum, and what the error must say of each. */
    static Stream<Arguments> snapshotContentEdits() {
        return Stream.of(
                Arguments.of(edit(s -> s.replaceFirst("\"lastSeq\":\\d+", "\"lastSeq\":\"x\"")),
                        "lastSeq must be a whole number, was \"x\""),
                Arguments.of(edit(s -> s.replaceFirst("\"created\":\\d+", "\"created\":\"yesterday\"")),
                        "connectors[0].connector.created must be a whole number, was \"yesterday\""),
                Arguments.of(edit(s -> s.replaceFirst("\"requireEncryption\":true", "\"requireEncryption\":\"yes\"")),
                        "connectors[0].connector.requireEncryption must be true or false"),
                Arguments.of(edit(s -> s.replace("\"sessions\"", "\"sessionz\"")),
                        "in connectors[0], the field 'sessions' is missing"),
                Arguments.of(edit(s -> s.replace("\"connector\":{", "\"connector\":{\"colour\":\"red\",")),
                        "in connectors[0].connector, it has a field 'colour' that the emulator does not write"),
                Arguments.of(edit(s -> s.replaceFirst("\"lastSeq\":\\d+,", "")), "the field 'lastSeq' is missing"),
                Arguments.of(edit(s -> s.replaceFirst("\"inventory\":\\[", "\"inventory\":[null,")),
                        "in connectors[0], inventory must not hold null"),
                Arguments.of(edit(s -> s.replaceFirst("\"connectors\":\\[", "\"connectors\":{\"all\":[").replaceFirst(
                        "]}\\s*$", "]}}")), "connectors must be a list"),
                Arguments.of(edit(s -> s.replaceFirst("\"lastSeq\":", "\"lastSeq\"::")), "it is not valid JSON"));
    }

    /**
     * A snapshot that is JSON with a valid checksum but not a snapshot (issue 19 §5: the error quoted Jackson,
     * "Cannot deserialize value of type `long` from String ..."): the error names the field, what it must be and what
     * it was, in the file's own terms.
     */
    @ParameterizedTest(name = "{1}")
    @MethodSource("snapshotContentEdits")
    void aSnapshotThatIsNotOneSaysWhichFieldIsWrongInTheFilesTerms(UnaryOperator<String> edit, String expected)
            throws IOException {
        write(1);
        start().close();   // the state is now all in the snapshot
        String json = unframed(Files.readString(state()));
        Files.write(state(), Frames.frame(edit.apply(json).getBytes(StandardCharsets.UTF_8)));

        Throwable failure = catchThrowable(this::start);

        assertThat(failure).isInstanceOf(EmulatorStateException.class);
        assertThat(failure.getMessage()).contains(state().toString(), "is not a valid emulator snapshot", expected,
                "Nothing was changed");
        assertThat(failure.getMessage()).doesNotContain("Cannot deserialize", "`", "io.github", "java.", "creator",
                "Exception");
    }

    /** A journal line whose checksum holds but whose record the emulator cannot read says why, in the file's terms. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("journalRecordEdits")
    void aJournalRecordThatIsNotOneSaysWhyInTheFilesTerms(UnaryOperator<String> edit, String expected)
            throws IOException {
        write(2);
        List<String> lines = new ArrayList<>(Files.readAllLines(journal(), StandardCharsets.UTF_8));
        String json = edit.apply(lines.get(2).substring(lines.get(2).indexOf('{')));
        lines.set(2, new String(Frames.frame(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8).strip());
        Files.write(journal(), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));

        try (EmulatorFixture f = start()) {
            assertThat(f.emulator.stateRepairs()).singleElement().asString()
                    .contains("line 3", "is not a record this emulator knows (" + expected)
                    .doesNotContain("Cannot deserialize", "`", "io.github", "java.", "creator", "Exception");
        }
    }

    static Stream<Arguments> journalRecordEdits() {
        return Stream.of(
                Arguments.of(edit(s -> s.replace("\"session.put\"", "\"session.moved\"")),
                        "its op 'session.moved' is not a kind of change this emulator knows (connector.put, "),
                Arguments.of(edit(s -> s.replace("\"op\":\"session.put\",", "")),
                        "it has no op naming the kind of change"),
                Arguments.of(edit(s -> s.replaceFirst("\"expiryMinutes\":\\d+", "\"expiryMinutes\":\"soon\"")),
                        "session.expiryMinutes must be a whole number, was \"soon\""));
    }

    @Test
    void theCommandSaysWhatIsWrongInOneLineAndExits1() throws IOException {
        write(1);
        Files.writeString(state(), "{}");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new EmulatorCommand());
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("--state", state().toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("emulator: ").contains(state().toString()).doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void aSnapshotOfThisVersionCarriesAChecksum() throws IOException {
        write(1);
        new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state())).close();

        String snapshot = Files.readString(state(), StandardCharsets.UTF_8);
        assertThat(snapshot).matches("(?s)[0-9a-f]{8} \\{.*\\}\n");
    }
}
