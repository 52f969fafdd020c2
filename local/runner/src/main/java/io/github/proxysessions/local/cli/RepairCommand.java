package io.github.proxysessions.local.cli;

import io.github.proxysessions.local.LocalRunner;
import io.github.proxysessions.local.ops.Repair;
import java.io.Console;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/** {@code repair STACK}: the way out of a stack record that cannot be read, or is gone. */
@Command(name = "repair", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"For a stack whose record cannot be read (cut short, emptied, not JSON) or is gone: shows what "
                + "repair will do and why, asks, then deletes the proxy sessions and proxy configurations that were "
                + "the stack's as far as the damaged file, connectors.json, the provider's tokens in the sessions' "
                + "names and the configurations' owner tags show, gives the voice connectors the stack declared "
                + "back to it, and sets the damaged file aside (kept, renamed), keeping the stack's id when the file "
                + "still shows it. Then deploy brings the stack back, or destroy leaves nothing of it.",
            "Does nothing to a record that reads fine."})
public final class RepairCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "STACK", description = "The stack whose record cannot be read, or is gone.")
    private String stackName;

    @Option(names = "--yes", description = "Do it without asking (for scripts: read the plan first).")
    private boolean yes;

    @Mixin
    private final RunnerOptions.Target target = new RunnerOptions.Target();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (LocalRunner runner = RunnerOptions.open(target.quiet(), spec)) {
            ChimeSdkVoiceClient client = runner.service();
            Repair.Plan plan = runner.planRepair(client, stackName);
            if (plan == null) {
                out.println("The record of stack " + stackName + " reads fine: nothing to repair.");
                return 0;
            }
            Repair.print(plan, out);
            if (!yes && !confirmed(out)) {
                return Main.USER_ERROR;
            }
            Repair.execute(plan, runner.store(), client, out);
            return 0;
        }
    }

    private boolean confirmed(PrintWriter out) {
        Console console = System.console();
        if (console == null) {
            spec.commandLine().getErr().println("error: repair asks before it changes anything, and there is no "
                    + "terminal to ask on; nothing was changed. Read the plan above, then run it again with --yes.");
            return false;
        }
        String answer = console.readLine("Type the stack name to go on (anything else stops): ");
        if (answer == null || !answer.trim().equals(stackName)) {
            out.println("Not confirmed: nothing was changed.");
            return false;
        }
        return true;
    }
}
