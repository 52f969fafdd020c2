package io.github.proxysessions.local;

import io.github.proxysessions.emulator.EmulatorCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code proxy-session-local.jar} command line. */
@Command(name = "proxy-session-local", mixinStandardHelpOptions = true,
        description = "Runs Chime SDK Voice proxy sessions on this machine, with no AWS account.",
        subcommands = {EmulatorCommand.class, DeployCommand.class, DestroyCommand.class, StatusCommand.class})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line, for callers that capture its output. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
