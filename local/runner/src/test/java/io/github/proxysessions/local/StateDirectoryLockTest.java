package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.local.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One runner at a time changes a state directory, even with {@code --endpoint} (where no emulator state file is
 * locked): a second deploy, destroy, renew or repair gets one line and exit 2, and changes nothing; status still
 * reads with {@code --endpoint}, and with the embedded emulator says in one line why it cannot now.
 */
class StateDirectoryLockTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @Test
    void aSecondRunnerOnTheSameStateDirectoryIsOneLineAndExitCode2() throws Exception {
        Path state = dir.resolve("state");
        try (ChimeVoiceEmulator emulator = ChimeVoiceEmulator.builder().build();
             LocalRunner first = LocalRunner.open(new LocalRunner.Settings(state, emulator.endpoint(),
                     RunnerFixture.faults(), false, new PrintStream(new ByteArrayOutputStream(), true,
                     StandardCharsets.UTF_8)))) {
            String endpoint = emulator.endpoint().toString();

            // Another process, as a second terminal would run it.
            Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "destroy",
                    "--state-dir", state.toString(), "--endpoint", endpoint).redirectErrorStream(true).start();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String printed = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.exitValue()).as(printed).isEqualTo(2);
            assertThat(printed.lines().toList()).as(printed).singleElement().asString()
                    .startsWith("error: another runner is using the state directory " + state.toAbsolutePath()
                            + " (process " + ProcessHandle.current().pid() + "): nothing was done.");

            // In this process too, for every command that changes state; status reads.
            for (List<String> command : List.of(List.of("deploy", "--app", dir.toString()), List.of("destroy"),
                    List.of("renew"), List.of("repair", "Sessions", "--yes"))) {
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of("--state-dir", state.toString(), "--endpoint", endpoint));
                assertThat(cli.run(args.toArray(String[]::new))).as(command + ": " + cli).isEqualTo(2);
                assertThat(cli.err()).contains("error: another runner is using the state directory");
            }
            assertThat(cli.run("status", "--fail", "--state-dir", state.toString(), "--endpoint", endpoint))
                    .as(cli.toString()).isZero();
            assertThat(cli.out()).contains("No stacks recorded.");
            // With the embedded emulator too: status opens its state read-only and takes no lock.
            assertThat(cli.run("status", "--fail", "--state-dir", state.toString())).as(cli.toString()).isZero();
            assertThat(cli.out()).contains("No stacks recorded.");
            assertThat(first.store().loadAll()).isEmpty();
        }

        // Released when the first runner closes.
        assertThat(cli.run("renew", "--state-dir", state.toString())).as(cli.toString()).isZero();
    }
}
