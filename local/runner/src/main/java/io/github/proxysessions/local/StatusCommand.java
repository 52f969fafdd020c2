package io.github.proxysessions.local;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code status}: the recorded resources, what the service says of them, and orphans. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lists the recorded resources with their ids and attributes, what the service reports for each "
                + "(a proxy session's status, a configuration, a voice connector's settings and tags), and any "
                + "session on the stacks' voice connectors that no resource owns (an orphan). For a stack whose "
                + "record cannot be read, lists what the service holds on its voice connectors.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    private final RunnerOptions.Target target = new RunnerOptions.Target();

    @Override
    public Integer call() {
        LocalRunner.Settings settings = new LocalRunner.Settings(target.stateDir, target.endpoint,
                LocalRunner.Faults.NONE, false, System.out);
        try (LocalRunner runner = LocalRunner.open(settings)) {
            print(runner.status(), System.out);
        }
        return 0;
    }

    static String describe(StatusReport.Orphan o) {
        return o.proxySessionId() + " on " + o.voiceConnectorId() + " (" + o.status()
                + (o.name() == null ? "" : ", name '" + o.name() + "'") + ")";
    }

    static void print(StatusReport report, PrintStream out) {
        if (report.stacks().isEmpty()) {
            out.println("No stacks recorded.");
        }
        for (StatusReport.Stack stack : report.stacks()) {
            out.println(stack.name() + " (" + stack.status() + ")"
                    + (stack.pending() > 0 ? ", " + stack.pending() + " request(s) left unanswered by a killed run: "
                    + "the next deploy or destroy finishes them" : ""));
            if (stack.resources().isEmpty()) {
                out.println("  no resources");
            }
            for (StatusReport.Resource r : stack.resources()) {
                out.printf("  %-28s %-28s %s%s%n", r.logicalId(), r.type(), r.physicalId(),
                        (r.serviceStatus() == null ? "" : "  service: " + r.serviceStatus())
                                + (r.leftover() ? "  (left the stack; delete still to do)" : ""));
                r.data().forEach((k, v) -> {
                    if (!k.equals("CodePath")) {
                        out.println("      " + k + " = " + v);
                    }
                });
            }
            stack.outputs().forEach((k, v) -> out.println("  output " + k + " = " + v));
        }
        for (StatusReport.Damaged d : report.damaged()) {
            out.println(d.name() + " (RECORD CANNOT BE READ: " + d.file() + ": " + d.problem() + ")");
            out.println("  on the voice connectors it used, the service holds what no readable record owns:");
            d.configured().forEach(c -> out.println("    proxy configuration on " + c));
            d.sessions().forEach(o -> out.println("    proxy session " + describe(o)));
            if (d.configured().isEmpty() && d.sessions().isEmpty()) {
                out.println("    nothing");
            }
            out.println("  way out: 'repair " + d.name() + "' shows what it will do and asks before doing it "
                    + "(docs/LOCAL-RUNNER.md, \"A damaged state file\")");
        }
        if (report.orphans().isEmpty()) {
            out.println("No orphaned proxy sessions.");
        } else {
            out.println("Orphaned proxy sessions (no resource owns them):");
            report.orphans().forEach(o -> out.println("  " + describe(o)));
        }
    }

}
