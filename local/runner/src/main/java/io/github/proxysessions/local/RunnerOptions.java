package io.github.proxysessions.local;

import java.io.PrintStream;
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

        /** A runner's settings for a command that deploys nothing: no faults, no event printed. */
        LocalRunner.Settings quiet() {
            return new LocalRunner.Settings(stateDir, endpoint, LocalRunner.Faults.NONE, false,
                    new PrintStream(PrintStream.nullOutputStream()));
        }
    }

    /** {@code --fault}: what the runner itself does wrong, on purpose. */
    static final class Delivery {
        @Option(names = "--fault", paramLabel = "duplicate-delivery",
                description = "duplicate-delivery: deliver every custom-resource event twice, with the same RequestId.")
        String fault;

        boolean duplicateDelivery(CommandSpec spec) {
            if (fault == null) {
                return false;
            }
            if (!fault.equals("duplicate-delivery")) {
                throw new ParameterException(spec.commandLine(), "--fault must be duplicate-delivery, was " + fault);
            }
            return true;
        }
    }
}
