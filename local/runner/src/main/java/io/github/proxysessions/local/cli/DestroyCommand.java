package io.github.proxysessions.local.cli;

import io.github.proxysessions.emulator.FaultOptions;
import io.github.proxysessions.local.LocalRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code destroy [STACKS...]}: deletes the recorded stacks' resources, in reverse dependency order. */
@Command(name = "destroy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deletes every resource the runner recorded, in reverse dependency order, as CloudFormation "
                + "deletes a stack (DeletionPolicy Retain keeps a resource); a stack before the stacks it depends on.",
            "Given STACKS, it destroys those and the stacks that depend on them (first), as cdk destroy does; with "
                    + "--exclusively only those."})
public final class DestroyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private final RunnerOptions.Stacks stacks = new RunnerOptions.Stacks();

    @Option(names = {"-e", "--exclusively"},
            description = "Destroy only the stacks the patterns match, not the stacks that depend on them.")
    private boolean exclusively;

    @Mixin
    private final RunnerOptions.Target target = new RunnerOptions.Target();

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
        try (LocalRunner runner = RunnerOptions.open(settings, spec)) {
            return runner.destroy(stacks.patterns, exclusively) ? 0 : 1;
        }
    }
}
