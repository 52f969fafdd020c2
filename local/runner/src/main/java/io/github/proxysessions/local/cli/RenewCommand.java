package io.github.proxysessions.local.cli;

import io.github.proxysessions.local.LocalRunner;
import io.github.proxysessions.local.ops.Renewals;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code renew}: what the stacks' renewal schedules would do at this moment. */
@Command(name = "renew", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Does what the stacks' schedules would do at this moment: for each recorded "
                + "AWS::Scheduler::Schedule whose target is a function of its stack (a proxy session's renewal "
                + "schedule), invokes that function synchronously with the schedule's input, and prints one line "
                + "per schedule: the stack, the session's logical id, and RENEWED, RECREATED or LEFT_ALONE with the "
                + "function's detail, or how it failed.",
            "Exits with 1 when any failed."})
public final class RenewCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private final RunnerOptions.Stacks stacks = new RunnerOptions.Stacks();

    @Mixin
    private final RunnerOptions.Target target = new RunnerOptions.Target();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Renewals.Result> results;
        try (LocalRunner runner = RunnerOptions.open(target.quiet(), spec)) {
            results = runner.renew(stacks.patterns);
        }
        if (results.isEmpty()) {
            out.println("No renewal schedules recorded in " + target.stateDir);
        }
        results.forEach(r -> out.println(r.line()));
        out.flush();
        return results.stream().anyMatch(r -> r.kind() == Renewals.Kind.FAILED) ? 1 : 0;
    }
}
