package io.github.proxysessions.local.cli;

import io.github.proxysessions.local.LocalRunner;
import io.github.proxysessions.local.ops.Drift;
import io.github.proxysessions.local.ops.StatusReport;
import io.github.proxysessions.local.service.ConnectorSurvey.Orphan;
import io.github.proxysessions.rules.Masking;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: the recorded resources, their drift, what the service says of them, and orphans. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the recorded resources with their ids and attributes and their drift, as cdk drift "
                + "says it: each resource's declared properties compared with what the service holds (IN_SYNC; "
                + "MODIFIED, with each property that differs; DELETED; NOT_CHECKED for types with no local "
                + "meaning). Then any session on the stacks' voice connectors that no resource owns (an orphan). "
                + "For a stack whose record cannot be read, lists what the service holds on its voice connectors.",
            "Phone numbers are shown by their last four digits."})
public final class StatusCommand implements Callable<Integer> {

    /** A value that is a phone number as a whole: shown masked. */
    private static final Pattern PHONE_NUMBER = Pattern.compile("^\\+?[0-9]{7,15}$");

    @Spec
    private CommandSpec spec;

    @Mixin
    private final RunnerOptions.Stacks stacks = new RunnerOptions.Stacks();

    @Mixin
    private final RunnerOptions.Target target = new RunnerOptions.Target();

    @Option(names = "--fail", description = "Exit with 1 when a resource is MODIFIED or DELETED (or could not be "
            + "checked), a session is orphaned (or the orphans on a voice connector are unknown: the service did not "
            + "answer), or a stack's record cannot be read; 0 otherwise.")
    private boolean fail;

    @Option(names = "--json", description = "Print the report as JSON (see docs/LOCAL-RUNNER.md for its shape).")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StatusReport report;
        String working;
        try (LocalRunner runner = RunnerOptions.openToRead(target.quiet(), spec)) {
            report = runner.status(stacks.patterns);
            working = runner.workingRunner();
        }
        if (json) {
            out.println(StatusJson.write(report));
        } else {
            print(report, working, out);
        }
        out.flush();
        return fail && report.fails() ? 1 : 0;
    }

    /** A value as status shows it: a phone number by its last four digits, anything else as it is. */
    static String shown(String value) {
        return value != null && PHONE_NUMBER.matcher(value).matches() ? Masking.maskPhoneNumber(value) : value;
    }

    /** Prints the report as {@code status} does, when no other runner works in the state directory. */
    public static void print(StatusReport report, PrintWriter out) {
        print(report, null, out);
    }

    /**
     * Prints the report as {@code status} does.
     *
     * @param workingRunner the process id of a runner working in the state directory now, or null when none is
     */
    public static void print(StatusReport report, String workingRunner, PrintWriter out) {
        if (report.stacks().isEmpty() && report.damaged().isEmpty()) {
            out.println("No stacks recorded.");
        }
        for (StatusReport.Stack stack : report.stacks()) {
            out.println((stack.displayName().equals(stack.name()) ? stack.name() + " ("
                    : stack.displayName() + " (" + stack.name() + ", ") + stack.status() + ")"
                    + (stack.pending() == 0 ? "" : workingRunner != null
                    ? ", " + stack.pending() + " request(s) under way: another runner (process " + workingRunner
                    + ") is working in this state directory"
                    : ", " + stack.pending() + " request(s) left unanswered by a killed run: "
                    + "the next deploy or destroy finishes them"));
            if (stack.resources().isEmpty()) {
                out.println("  no resources");
            }
            int idWidth = stack.resources().stream().mapToInt(r -> r.logicalId().length()).max().orElse(0);
            int typeWidth = stack.resources().stream().mapToInt(r -> r.type().length()).max().orElse(0);
            for (StatusReport.Resource r : stack.resources()) {
                print(r, idWidth, typeWidth, out);
            }
            stack.outputs().forEach((k, v) -> out.println("  output " + k + " = " + shown(v)));
        }
        for (StatusReport.Damaged d : report.damaged()) {
            out.println(d.name() + " (RECORD CANNOT BE READ: " + d.file() + ": " + d.problem() + ")");
            out.println("  on the voice connectors it used, the service holds what no readable record owns:");
            d.configured().forEach(c -> out.println("    proxy configuration on " + c));
            d.sessions().forEach(o -> out.println("    proxy session " + o.describe()));
            if (d.configured().isEmpty() && d.sessions().isEmpty()) {
                out.println("    nothing");
            }
            out.println("  way out: 'repair " + d.name() + "' shows what it will do and asks before doing it "
                    + "(docs/LOCAL-RUNNER.md, \"A damaged state file\")");
        }
        report.orphansUnknown().forEach(u -> out.println("Orphans unknown on " + u.voiceConnectorId()
                + ": the service did not answer (" + u.reason() + ")"));
        if (report.orphans().isEmpty()) {
            out.println(report.orphansUnknown().isEmpty() ? "No orphaned proxy sessions."
                    : "No orphaned proxy sessions on the other voice connectors.");
        } else {
            out.println("Orphaned proxy sessions (no resource owns them):");
            report.orphans().forEach((Orphan o) -> out.println("  " + o.describe()));
        }
        out.println(summary(report));
    }

    private static void print(StatusReport.Resource r, int idWidth, int typeWidth, PrintWriter out) {
        Drift drift = r.drift();
        out.printf("  %-" + idWidth + "s  %-" + typeWidth + "s  %-11s %s%s%n", r.logicalId(), r.type(),
                drift.status(), r.physicalId(),
                r.leftover() ? "  (left the stack; delete still to do)" : "");
        if (drift.comparedId() != null) {
            out.println("      current generation: " + drift.comparedId());
        }
        for (Drift.Difference d : drift.differences()) {
            out.println("      ~ " + d.property() + ": expected " + (d.expected() == null ? "(none)" : d.expected())
                    + ", actual " + (d.actual() == null ? "(none)" : d.actual())
                    + (d.detail() == null ? "" : " (" + d.detail() + ")"));
        }
        if (drift.note() != null && drift.status() != Drift.Status.NOT_CHECKED) {
            out.println("      " + drift.note());
        }
        if (r.serviceStatus() != null) {
            out.println("      service: " + r.serviceStatus());
        }
        r.data().forEach((k, v) -> {
            if (!k.equals("CodePath")) {
                out.println("      " + k + " = " + shown(v));
            }
        });
    }

    /** One line, like cdk drift's: how many resources have each drift status, and the orphans. */
    static String summary(StatusReport report) {
        Map<Drift.Status, Long> counts = report.driftCounts();
        return "Drift: " + counts.entrySet().stream()
                .filter(e -> e.getKey() != Drift.Status.UNKNOWN || e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))
                + "; " + report.orphans().size() + " orphaned session(s)"
                + (report.orphansUnknown().isEmpty() ? "" : ", orphans unknown on " + report.orphansUnknown().size()
                        + " voice connector(s)")
                + (report.damaged().isEmpty() ? "" : "; " + report.damaged().size() + " record(s) cannot be read");
    }
}
