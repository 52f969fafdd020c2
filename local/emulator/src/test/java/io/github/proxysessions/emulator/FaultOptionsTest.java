package io.github.proxysessions.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The fault flags as a mixin: any command that mixes them in gets the same flags, checks and effect. */
class FaultOptionsTest {

    /** A command of another tool that starts an emulator, as the runner's deploy does. */
    @Command(name = "other")
    static final class OtherCommand implements Callable<Integer> {
        @Mixin
        FaultOptions faults;
        final Faults applied = new Faults();

        @Override
        public Integer call() {
            faults.validate();
            faults.applyTo(applied);
            return 0;
        }
    }

    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--throttle-rps=-1|--throttle-rps must be 0 or more, was -1.0",
        "--throttle-rps=5 --throttle-burst=0|--throttle-burst must be at least 1, was 0",
        "--throttle-burst=5|--throttle-burst needs --throttle-rps",
        "--fail-rate=1.5|--fail-rate must be between 0 and 1, was 1.5",
        "--latency-ms=-5|--latency-ms must be 0 or more, was -5",
    })
    void badValuesAreUsageErrorsNamingTheFlagInEveryCommand(String flags, String message) {
        assertThat(run(new OtherCommand(), flags.split(" "))).isEqualTo(2);
        assertThat(err.toString()).contains(message);

        assertThat(run(new EmulatorCommand(), flags.split(" "))).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void theFlagsAreAppliedToTheFaults() {
        OtherCommand command = new OtherCommand();

        assertThat(run(command, "--throttle-rps=2.5", "--fail-rate=0.25", "--latency-ms=7")).isZero();

        assertThat(command.faults.any()).isTrue();
        assertThat(command.faults.throttleRps()).isEqualTo(2.5);
        assertThat(command.faults.throttleBurst()).isNull();
        assertThat(command.faults.failRate()).isEqualTo(0.25);
        assertThat(command.faults.latencyMs()).isEqualTo(7);
        assertThat(command.applied.throttleRate()).isEqualTo(2.5);
        assertThat(command.applied.throttleBurst()).as("R rounded up").isEqualTo(3);
        assertThat(command.applied.failRateSetting()).isEqualTo(0.25);
        assertThat(command.applied.latencySetting()).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void withoutFlagsThereIsNoFault() {
        OtherCommand command = new OtherCommand();

        assertThat(run(command)).isZero();

        assertThat(command.faults.any()).isFalse();
        assertThat(command.applied.throttleRate()).isZero();
        assertThat(command.applied.failRateSetting()).isZero();
        assertThat(command.applied.latencySetting()).isZero();
    }

    @Test
    void theEmulatorCommandsHelpListsTheFlagsAsBefore() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new EmulatorCommand());
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("--help")).isZero();

        assertThat(out.toString()).containsSubsequence("--port=N", "--state=FILE", "--throttle-rps=R",
                "--throttle-burst=B", "--fail-rate=F", "--latency-ms=L", "-h, --help");
    }
}
