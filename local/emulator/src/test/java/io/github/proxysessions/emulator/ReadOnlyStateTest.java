package io.github.proxysessions.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkvoice.model.ForbiddenException;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * A state file opened read-only ({@link ChimeVoiceEmulator.Builder#readOnlyStateFile}), as the local runner's
 * {@code status} opens the embedded emulator's state while another runner may deploy with it (issue 18 §6): it serves
 * what the files hold, refuses every change, and leaves every byte of the directory as it was, damaged or not.
 */
class ReadOnlyStateTest {

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

    private EmulatorFixture openToRead() {
        return new EmulatorFixture(ChimeVoiceEmulator.builder().readOnlyStateFile(state()));
    }

    private static void assertSameFiles(Map<String, byte[]> actual, Map<String, byte[]> expected) {
        assertThat(actual.keySet()).as("the files in the directory").containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void aTornAndDamagedJournalOpenedReadOnlyIsServedAndLeftByteForByteAsItWas() throws IOException {
        StateDir.Written written = files().write(5);
        Files.write(journal(), StateDir.flipByteInLine(Files.readAllBytes(journal()), 4));   // the second session
        // A record that a crash cut short: a prefix of a line, no newline.
        Files.writeString(journal(), "1a2b3c4d {\"op\":\"sess", StandardOpenOption.APPEND);
        Map<String, byte[]> before = files().files();

        try (EmulatorFixture f = openToRead()) {
            List<String> expected = new ArrayList<>(written.sessionIds());
            expected.remove(1);
            assertThat(f.client.listProxySessions(r -> r.voiceConnectorId(written.connectorId())).proxySessions())
                    .extracting(ProxySession::proxySessionId).containsExactlyElementsOf(expected);
            assertThat(f.emulator.readOnly()).isTrue();
            assertThat(f.emulator.stateRepairs()).hasSize(2)
                    .anySatisfy(note -> assertThat(note).contains("line 4", "record 4", "fails its checksum"))
                    .anySatisfy(note -> assertThat(note).contains("the last 20 bytes are not a whole record",
                            "left as it is"))
                    .noneSatisfy(note -> assertThat(note).contains("kept in"));
        }

        assertSameFiles(files().files(), before);
    }

    @Test
    void everyChangeIsRefusedWith403AfterItsValidationAndChangesNothing() throws IOException {
        StateDir.Written written = files().write(1);
        String vc = written.connectorId();
        String session = written.sessionIds().get(0);
        String arn = "arn:aws:chime:us-east-1:" + ServiceRules.ACCOUNT_ID + ":vc/" + vc;
        Map<String, byte[]> before = files().files();

        try (EmulatorFixture f = openToRead()) {
            ChimeSdkVoiceClient c = f.client;
            List<Consumer<ChimeSdkVoiceClient>> writes = List.of(
                    x -> x.createVoiceConnector(r -> r.name("another").requireEncryption(true)),
                    x -> x.updateVoiceConnector(r -> r.voiceConnectorId(vc).name("renamed").requireEncryption(true)),
                    x -> x.deleteVoiceConnector(r -> r.voiceConnectorId(vc)),
                    x -> x.putVoiceConnectorProxy(r -> r.voiceConnectorId(vc).defaultSessionExpiryMinutes(30)
                            .phoneNumberPoolCountries("US")),
                    x -> x.deleteVoiceConnectorProxy(r -> r.voiceConnectorId(vc)),
                    x -> x.createProxySession(r -> r.voiceConnectorId(vc).participantPhoneNumbers(
                            EmulatorFixture.ALICE, EmulatorFixture.BOB).capabilitiesWithStrings("Voice")),
                    x -> x.updateProxySession(r -> r.voiceConnectorId(vc).proxySessionId(session)
                            .capabilitiesWithStrings("SMS")),
                    x -> x.deleteProxySession(r -> r.voiceConnectorId(vc).proxySessionId(session)),
                    x -> x.tagResource(r -> r.resourceARN(arn).tags(t -> t.key("k").value("v"))),
                    x -> x.untagResource(r -> r.resourceARN(arn).tagKeys("k")),
                    // A connector that does not exist: refused as a change, not answered 404.
                    x -> x.deleteVoiceConnector(r -> r.voiceConnectorId("nosuchconnector0000001")));
            for (Consumer<ChimeSdkVoiceClient> write : writes) {
                ForbiddenException refused = catchThrowableOfType(ForbiddenException.class, () -> write.accept(c));
                assertThat(refused).as("a change to a read-only emulator").isNotNull();
                assertThat(refused.statusCode()).isEqualTo(403);
                assertThat(refused.awsErrorDetails().errorMessage()).contains(state().toString(), "read-only");
            }
            // The input is checked first, as the service checks it before anything else.
            assertThatThrownBy(() -> c.createProxySession(r -> r.voiceConnectorId(vc).participantPhoneNumbers(
                    EmulatorFixture.ALICE, EmulatorFixture.BOB).capabilitiesWithStrings("Voice").expiryMinutes(721)))
                    .isInstanceOf(BadRequestException.class);
            assertThat(f.raw("POST", "/_emulator/clock", "{\"advanceMinutes\": 60}").statusCode()).isEqualTo(403);

            assertThatThrownBy(f.emulator::seedDemoVoiceConnector).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> f.emulator.advanceClock(Duration.ofMinutes(1)))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> f.emulator.markInProgress(vc, session))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> f.emulator.setPhoneNumberInventory(vc, List.of("+12065550100")))
                    .isInstanceOf(UnsupportedOperationException.class);

            assertThat(f.emulator.voiceConnectorIds()).as("no demo connector seeded").containsExactly(vc);
            assertThat(f.client.getVoiceConnector(r -> r.voiceConnectorId(vc)).voiceConnector().name())
                    .isEqualTo("test connector");
            assertThat(f.client.getProxySession(r -> r.voiceConnectorId(vc).proxySessionId(session)).proxySession()
                    .capabilitiesAsStrings()).containsExactlyInAnyOrder("Voice", "SMS");
            assertThat(f.emulator.clockOffset()).isZero();
        }

        assertSameFiles(files().files(), before);
    }

    @Test
    void readsWhileAReadWriteEmulatorHoldsTheStateLock() throws IOException {
        try (EmulatorFixture owner = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state()))) {
            StateDir.Written written = StateDir.write(owner, 3);
            assertThatThrownBy(() -> ChimeVoiceEmulator.builder().stateFile(state()).build())
                    .as("the owner holds the lock").isInstanceOf(EmulatorStateException.class)
                    .hasMessageContaining("in use by another emulator");

            try (EmulatorFixture reader = openToRead()) {
                assertThat(reader.emulator.proxySessionIds(written.connectorId()))
                        .containsExactlyElementsOf(written.sessionIds());
                assertThat(reader.emulator.stateRepairs()).isEmpty();
            }

            // The owner goes on changing the state, and still holds its lock after the reader is gone.
            ProxySession more = owner.session(written.connectorId(), EmulatorFixture.ALICE, EmulatorFixture.BOB);
            assertThatThrownBy(() -> ChimeVoiceEmulator.builder().stateFile(state()).build())
                    .isInstanceOf(EmulatorStateException.class);
            try (EmulatorFixture reader = openToRead()) {
                assertThat(reader.emulator.proxySessionIds(written.connectorId())).contains(more.proxySessionId());
            }
        }
    }

    @Test
    void readsAWholeStateEachTimeWhileAnotherEmulatorWrites() throws Exception {
        try (EmulatorFixture owner = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state()))) {
            String vc = owner.connectorWithProxy();
            owner.emulator.setPhoneNumberInventory(vc, EmulatorFixture.numbers(60, 1000));
            AtomicInteger acknowledged = new AtomicInteger();
            List<String> participants = EmulatorFixture.numbers(120, 0);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 60; i++) {
                    owner.session(vc, participants.get(2 * i), participants.get(2 * i + 1));
                    acknowledged.incrementAndGet();
                }
            });
            int seen = 0;
            for (int reads = 0; reads < 5 || !writer.isDone(); reads++) {
                int atLeast = acknowledged.get();
                try (ChimeVoiceEmulator reader = ChimeVoiceEmulator.builder().readOnlyStateFile(state()).build()) {
                    int now = reader.proxySessionIds(vc).size();
                    assertThat(now).as("every session acknowledged before the open, and no fewer than last time")
                            .isGreaterThanOrEqualTo(Math.max(atLeast, seen));
                    assertThat(reader.stateRepairs()).allSatisfy(note -> assertThat(note)
                            .as("at most a record being written").contains("not a whole record"));
                    seen = now;
                }
            }
            writer.get();
        }
    }

    @Test
    void aStateFileThatDoesNotExistIsAnEmptyStateAndNothingIsCreated() throws IOException {
        Path missing = dir.resolve("not-yet").resolve("state.json");
        try (ChimeVoiceEmulator emulator = ChimeVoiceEmulator.builder().readOnlyStateFile(missing).build()) {
            assertThat(emulator.voiceConnectorIds()).isEmpty();
        }
        assertThat(files().files()).isEmpty();
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void aDamagedSnapshotStopsAReadOnlyOpenAsItStopsAnyOtherAndChangesNothing() throws IOException {
        files().write(1);
        try (ChimeVoiceEmulator compacting = ChimeVoiceEmulator.builder().stateFile(state()).build()) {
            assertThat(compacting.voiceConnectorIds()).as("a snapshot that holds something").hasSize(1);
        }
        byte[] snapshot = Files.readAllBytes(state());
        snapshot[snapshot.length / 2] ^= 0x01;
        Files.write(state(), snapshot);
        Map<String, byte[]> before = files().files();

        assertThatThrownBy(() -> ChimeVoiceEmulator.builder().readOnlyStateFile(state()).build())
                .isInstanceOf(EmulatorStateException.class).hasMessageContaining("fails its checksum")
                .hasMessageContaining("Nothing was changed");
        assertSameFiles(files().files(), before);
    }

    @Test
    void theLastOfStateFileAndReadOnlyStateFileWins() {
        try (ChimeVoiceEmulator emulator = ChimeVoiceEmulator.builder().readOnlyStateFile(state()).stateFile(null)
                .build()) {
            assertThat(emulator.readOnly()).isFalse();
            assertThat(emulator.seedDemoVoiceConnector()).isEqualTo(ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID);
        }
        assertThat(state()).doesNotExist();
        assertThatThrownBy(() -> ChimeVoiceEmulator.builder().readOnlyStateFile(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("stateFile");
    }
}
