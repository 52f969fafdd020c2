package io.github.proxysessions.local.cli;

import io.github.proxysessions.emulator.FaultOptions;
import io.github.proxysessions.local.LocalRunner;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

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
            return new LocalRunner.Settings(stateDir, endpoint, new FaultOptions(), false,
                    new PrintStream(PrintStream.nullOutputStream()));
        }
    }

    /**
     * Opens a runner for a command that changes the state directory (holding its lock), and prints what it found
     * wrong in it on the command's stderr.
     */
    static LocalRunner open(LocalRunner.Settings settings, CommandSpec spec) {
        return warned(LocalRunner.open(settings), spec);
    }

    /** As {@link #open}, for a command that only reads the state directory: no lock. */
    static LocalRunner openToRead(LocalRunner.Settings settings, CommandSpec spec) {
        return warned(LocalRunner.openToRead(settings), spec);
    }

    private static LocalRunner warned(LocalRunner runner, CommandSpec spec) {
        runner.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        spec.commandLine().getErr().flush();
        return runner;
    }

    /**
     * A command's emulator fault flags (the emulator command's own, mixed in), checked: values out of range, and any
     * fault with another endpoint, are usage errors.
     */
    static FaultOptions checked(FaultOptions flags, CommandSpec spec, URI endpoint) {
        flags.validate();
        if (endpoint != null && flags.any()) {
            throw new ParameterException(spec.commandLine(), LocalRunner.NOT_WITH_ENDPOINT);
        }
        return flags;
    }

    /** {@code [STACKS...]}: the stacks a command acts on, as {@code cdk} selects them. */
    static final class Stacks {
        @Parameters(paramLabel = "STACKS", arity = "0..*",
                description = "The stacks to act on: patterns on their display names (Prod/Sessions, Prod/*) or "
                        + "stack names (Prod-Sessions); * and ? stay within one level of the hierarchy, ** crosses "
                        + "levels. Default: every stack.")
        List<String> patterns = new ArrayList<>();
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
