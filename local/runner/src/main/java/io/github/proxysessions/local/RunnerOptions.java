package io.github.proxysessions.local;

import io.github.proxysessions.emulator.EmulatorCommand;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options the runner's commands share. */
final class RunnerOptions {

    private RunnerOptions() {
    }

    /** {@code --state-dir} and {@code --endpoint}. */
    static final class Target {
        @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".proxy-session-local",
                description = "Where the runner keeps its records, the embedded emulator's state and the functions' "
                        + "logs. Default: ${DEFAULT-VALUE} in the working directory.")
        Path stateDir;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "Use this Chime SDK Voice endpoint instead of the embedded emulator.")
        URI endpoint;
    }

    /** The emulator's fault flags and {@code --fault}. */
    static final class Faults {
        @Option(names = "--fault", paramLabel = "duplicate-delivery",
                description = "duplicate-delivery: deliver every custom-resource event twice, with the same RequestId.")
        String fault;

        @Option(names = "--throttle-rps", paramLabel = "R", defaultValue = "0",
                description = "Embedded emulator: answer 429 beyond R requests per second.")
        double throttleRps;

        @Option(names = "--throttle-burst", paramLabel = "B",
                description = "Embedded emulator: the throttle's bucket size (default: R rounded up).")
        Integer throttleBurst;

        @Option(names = "--fail-rate", paramLabel = "F", defaultValue = "0",
                description = "Embedded emulator: answer this fraction of requests with 500 or 503.")
        double failRate;

        @Option(names = "--latency-ms", paramLabel = "L", defaultValue = "0",
                description = "Embedded emulator: add L milliseconds to every request.")
        long latencyMs;

        boolean duplicateDelivery(CommandSpec spec) {
            if (fault == null) {
                return false;
            }
            if (!fault.equals("duplicate-delivery")) {
                throw new ParameterException(spec.commandLine(), "--fault must be duplicate-delivery, was " + fault);
            }
            return true;
        }

        LocalRunner.Faults emulatorFaults(CommandSpec spec) {
            EmulatorCommand.checkFaultOptions(spec, throttleRps, throttleBurst, failRate, latencyMs);
            return new LocalRunner.Faults(throttleRps, throttleBurst, failRate, latencyMs);
        }
    }
}
