package io.github.proxysessions.local.cli;

import io.github.proxysessions.emulator.EmulatorCommand;
import io.github.proxysessions.local.UserError;
import io.github.proxysessions.local.cfn.DamagedRecordException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** The {@code proxy-session-local.jar} command line. */
@Command(name = "proxy-session-local", mixinStandardHelpOptions = true,
        description = "Runs Chime SDK Voice proxy sessions on this machine, with no AWS account.",
        subcommands = {EmulatorCommand.class, DeployCommand.class, DiffCommand.class, DestroyCommand.class,
            StatusCommand.class, RenewCommand.class, RepairCommand.class})
public final class Main {

    /** Exit code of a user error, as picocli's for a usage error: nothing was changed. */
    static final int USER_ERROR = 2;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error, not only its message.")
    private boolean verbose;

    private Main() {
    }

    public static void main(String[] args) {
        // The runner's own HTTP servers (the ResponseURL, the Lambda Runtime API) are the JDK's, which otherwise wait
        // for delayed ACKs: tens of milliseconds per small answer. The setting is the process's, so it is made here.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line, for callers that capture its output. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::failed);
        return cli;
    }

    /**
     * An error while a command ran: one line on stderr, the stack trace only with {@code --verbose}. A user error
     * exits with 2, anything else with 1.
     */
    private static int failed(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        if (e instanceof DamagedRecordException d) {
            err.println("error: " + d.getMessage() + ". Nothing was changed. 'status' lists what the service holds on "
                    + "the stack's voice connectors; 'repair " + d.stackName() + "' sets the file aside, after "
                    + "showing what it will do (see docs/LOCAL-RUNNER.md, \"A damaged state file\").");
            err.flush();
            return USER_ERROR;
        }
        if (e instanceof UserError) {
            err.println("error: " + e.getMessage());
            err.flush();
            return USER_ERROR;
        }
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName()
                : e.getMessage().lines().findFirst().orElse("");
        err.println("error: " + message + (verbose(parsed) ? "" : " (--verbose prints the stack trace)"));
        err.flush();
        return 1;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
