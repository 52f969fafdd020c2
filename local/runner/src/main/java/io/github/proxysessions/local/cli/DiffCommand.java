package io.github.proxysessions.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.proxysessions.local.LocalRunner;
import io.github.proxysessions.local.cfn.ChangeSet;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cfn.DeployPlan;
import io.github.proxysessions.rules.Masking;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diff [STACKS...]}: what a deploy would do, before it does it, as {@code cdk diff} shows it. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows what deploy would do, as cdk diff shows it: per stack, each resource added [+], "
                + "removed [-] or modified [~], with the properties that change, and the outputs. Beyond cdk diff, a "
                + "change that replaces its resource says so, '(requires replacement)', for custom resources too: "
                + "for Custom::ProxySession and Custom::VoiceConnectorProxy from the provider's own rules (a proxy "
                + "session replaced gets a new id, and maybe a new proxy number), for AWS::Chime::VoiceConnector "
                + "from its create-only properties. What CloudFormation would refuse is named in its words.",
            "Compares the app with the state directory's records only: it takes no lock, starts no backend and "
                    + "changes nothing. Phone numbers are shown by their last four digits."})
public final class DiffCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--app", paramLabel = "DIR",
            description = "A cloud assembly (the cdk.out directory cdk synth writes). Default: the bundled example app.")
    private Path app;

    @Mixin
    private final RunnerOptions.Stacks stacks = new RunnerOptions.Stacks();

    @Option(names = {"-e", "--exclusively"},
            description = "Only the stacks the patterns match, not the stacks they depend on.")
    private boolean exclusively;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".proxy-session-local",
            description = "The records to compare with. Default: ${DEFAULT-VALUE} in the working directory.")
    private Path stateDir;

    @Option(names = "--context", paramLabel = "KEY=VALUE",
            description = "A context value for the bundled example app, such as stage=Prod (repeatable).")
    private Map<String, String> context = new LinkedHashMap<>();

    @Option(names = "--fail", description = "Exit with 1 when anything would change, 0 otherwise.")
    private boolean fail;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LocalRunner.Diff diff;
        if (app != null) {
            diff = LocalRunner.diff(stateDir, DeployCommand.read(app), stacks.patterns, exclusively);
        } else {
            Path synth = temporaryDirectory();
            try {
                // Never into the state directory: a runner that deploys from it may be reading it.
                CloudAssembly example = ExampleSynth.synthesize(synth, context, System.err);
                diff = LocalRunner.diff(stateDir, example, stacks.patterns, exclusively);
            } finally {
                delete(synth);
            }
        }
        if (!diff.included().isEmpty()) {
            out.println("Including dependency stacks: " + String.join(", ", diff.included()));
        }
        int changed = 0;
        for (DeployPlan.Step step : diff.steps()) {
            changed += print(step, out) ? 1 : 0;
        }
        out.println("✨  Number of stacks with differences: " + changed);
        out.flush();
        return fail && changed > 0 ? 1 : 0;
    }

    /** Prints one stack's changes; true when there are any. */
    static boolean print(DeployPlan.Step step, PrintWriter out) {
        ChangeSet changes = step.changes();
        out.println("Stack " + changes.displayName());
        if (changes.isEmpty()) {
            out.println("There were no differences");
            out.println();
        }
        if (!changes.resources().isEmpty()) {
            out.println("Resources");
            changes.resources().forEach(r -> resource(r, out));
            out.println();
        }
        if (!changes.outputs().isEmpty()) {
            out.println("Outputs");
            for (ChangeSet.OutputChange o : changes.outputs()) {
                out.println(tag(o.action()) + " Output " + o.name() + ": " + switch (o.action()) {
                    case ADD -> shown(o.after());
                    case REMOVE -> shown(o.before());
                    case MODIFY -> shown(o.before()) + " to " + shown(o.after());
                });
            }
            out.println();
        }
        step.refusals().forEach(r -> out.println("CloudFormation would refuse this deploy: " + r));
        changes.serviceTokenChanged().forEach(id -> out.println("The update of " + id + " would fail, and the stack "
                + "roll back: Modifying service token is not allowed."));
        if (!step.refusals().isEmpty() || !changes.serviceTokenChanged().isEmpty()) {
            out.println();
        }
        return !changes.isEmpty();
    }

    private static void resource(ChangeSet.ResourceChange r, PrintWriter out) {
        String impact = switch (r.action()) {
            case REMOVE -> " destroy";
            case ADD -> "";
            case MODIFY -> switch (r.replacement()) {
                case YES -> " replace";
                case MAY -> " may be replaced";
                case NO -> "";
            };
        };
        String path = normalized(r.path());
        out.println(tag(r.action()) + " " + r.type() + " " + (path == null ? "" : path + " ") + r.logicalId()
                + impact);
        List<ChangeSet.PropertyChange> properties = r.properties();
        for (int i = 0; i < properties.size(); i++) {
            ChangeSet.PropertyChange p = properties.get(i);
            boolean last = i == properties.size() - 1;
            String replacement = switch (p.replacement()) {
                case YES -> " (requires replacement)";
                case MAY -> " (may cause replacement)";
                case NO -> "";
            };
            String mark = p.before() != null && p.after() != null ? "[~]" : p.before() != null ? "[-]" : "[+]";
            out.println(" " + (last ? "└" : "├") + "─ " + mark + " " + p.name() + replacement);
            String indent = " " + (last ? " " : "│") + "   ";
            if (p.before() != null && p.after() != null) {
                out.println(indent + "├─ [-] " + shown(p.before()));
                out.println(indent + "└─ [+] " + shown(p.after()));
            } else {
                out.println(indent + "└─ " + shown(p.before() != null ? p.before() : p.after()));
            }
        }
    }

    private static String tag(ChangeSet.Action action) {
        return switch (action) {
            case ADD -> "[+]";
            case REMOVE -> "[-]";
            case MODIFY -> "[~]";
        };
    }

    /** A value as diff shows it: text as it is, anything else as JSON, phone numbers by their last four digits. */
    private static String shown(JsonNode value) {
        return shown(value.isTextual() ? value.asText() : value.toString());
    }

    private static String shown(String value) {
        return value == null ? "" : Masking.maskPhoneNumbersIn(value);
    }

    /**
     * A construct path as {@code cdk diff} shows it: without its first part (the stack, or the Stage), and without a
     * last {@code Resource} or {@code Default}.
     */
    static String normalized(String path) {
        if (path == null) {
            return null;
        }
        List<String> parts = List.of(path.replaceFirst("^/", "").split("/"));
        if (parts.size() > 1) {
            parts = parts.subList(1, parts.size());
            String last = parts.get(parts.size() - 1);
            if (parts.size() > 1 && (last.equals("Resource") || last.equals("Default"))) {
                parts = parts.subList(0, parts.size() - 1);
            }
        }
        return String.join("/", parts);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("proxy-session-diff");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory to synthesize the example app in", e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind harms nothing
        }
    }
}
