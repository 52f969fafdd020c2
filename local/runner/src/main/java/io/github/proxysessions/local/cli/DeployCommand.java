package io.github.proxysessions.local.cli;

import io.github.proxysessions.emulator.FaultOptions;
import io.github.proxysessions.local.LocalRunner;
import io.github.proxysessions.local.UserError;
import io.github.proxysessions.local.cfn.CloudAssembly;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deploy}: brings the recorded state to a cloud assembly's templates, playing CloudFormation. */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deploys a CDK app's stacks against the embedded emulator (or --endpoint), playing "
                + "CloudFormation: custom resources get CloudFormation's events, their provider runs as Lambda runs "
                + "Java, and updates, replacements, rollbacks and cleanup happen as CloudFormation does them.",
            "Without --app, it synthesizes the bundled example app in-process.",
            "Given STACKS, it deploys those and the stacks they depend on (first), as cdk deploy does; with "
                    + "--exclusively only those."})
public final class DeployCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--app", paramLabel = "DIR",
            description = "A cloud assembly (the cdk.out directory cdk synth writes). Default: the bundled example app.")
    private Path app;

    @Mixin
    private final RunnerOptions.Stacks stacks = new RunnerOptions.Stacks();

    @Option(names = {"-e", "--exclusively"},
            description = "Deploy only the stacks the patterns match, not the stacks they depend on.")
    private boolean exclusively;

    @Mixin
    private final RunnerOptions.Target target = new RunnerOptions.Target();

    @Option(names = "--context", paramLabel = "KEY=VALUE",
            description = "A context value for the bundled example app, such as voiceConnectorId=... (repeatable).")
    private Map<String, String> context = new LinkedHashMap<>();

    @Mixin
    private final RunnerOptions.Delivery delivery = new RunnerOptions.Delivery();

    /** The embedded emulator's fault flags, as the emulator command declares them. */
    @Mixin
    private final FaultOptions faults = new FaultOptions();

    @Override
    public Integer call() {
        LocalRunner.Settings settings = new LocalRunner.Settings(target.stateDir, target.endpoint,
                RunnerOptions.checked(faults, spec, target.endpoint),
                delivery.duplicateDelivery(spec), System.out);
        // The state directory's lock first: the synth writes into it too.
        try (LocalRunner runner = RunnerOptions.open(settings, spec)) {
            CloudAssembly assembly;
            if (app != null) {
                if (!context.isEmpty()) {
                    spec.commandLine().getErr().println("note: --context applies to the bundled example app; " + app
                            + " is already synthesized");
                }
                assembly = read(app);
            } else {
                System.out.println("Synthesizing the bundled example app...");
                assembly = ExampleSynth.synthesize(target.stateDir.resolve("cdk.out"), context, System.err);
            }
            return runner.deploy(assembly, stacks.patterns, exclusively) ? 0 : 1;
        }
    }

    static CloudAssembly read(Path app) {
        try {
            return CloudAssembly.read(app);
        } catch (IllegalArgumentException e) {
            throw new UserError("--app " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UserError("--app " + app + " is not a readable cloud assembly: "
                    + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""), e);
        }
    }
}
