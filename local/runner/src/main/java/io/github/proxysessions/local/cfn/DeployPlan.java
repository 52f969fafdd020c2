package io.github.proxysessions.local.cfn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What deploying some stacks would do, worked out before anything is done: a {@link ChangeSet} per stack, in the order
 * the stacks deploy in, each seeing the exports the stacks before it would publish; and what CloudFormation would
 * refuse of each. Reads the records; calls nothing, writes nothing, takes no lock: {@code diff} and the checks before
 * a deploy both use it.
 */
public final class DeployPlan {

    /** A stack's change set, and what CloudFormation would refuse of its deploy, in its words. */
    public record Step(ChangeSet changes, List<String> refusals) {
    }

    private final List<Step> steps;

    private DeployPlan(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** Each stack's step, in deploy order. */
    public List<Step> steps() {
        return steps;
    }

    /** The first refusal, naming its stack, if CloudFormation would refuse any stack's deploy. */
    public Optional<Refusal> refusal() {
        return steps.stream().filter(s -> !s.refusals().isEmpty()).findFirst()
                .map(s -> new Refusal(s.changes().stackName(), s.refusals().get(0)));
    }

    /**
     * Works out the plan.
     *
     * @param stacks      the stacks to deploy (their records are read from {@code store})
     * @param localTypes  the types with a local meaning
     * @param customRules the replacement rules of the custom resource types the layer above knows
     * @throws TemplateException      on a cycle between the stacks
     * @throws DamagedRecordException when a stack's record cannot be read
     */
    public static DeployPlan of(List<CloudAssembly.Stack> stacks, StateStore store, StackDeployment.Options options,
                                Map<String, LocalResourceType> localTypes, Map<String, ReplacementRule> customRules) {
        Map<String, CloudAssembly.Stack> byName = new LinkedHashMap<>();
        stacks.forEach(s -> byName.put(s.name(), s));
        Exports exports = Exports.of(store.scan().stream().filter(s -> s instanceof StateStore.Readable)
                .map(s -> ((StateStore.Readable) s).record()).toList());
        Unknowns unknowns = new Unknowns();
        List<Step> steps = new ArrayList<>();
        for (String name : graphOf(stacks, options).order()) {
            ChangeSet plan = ChangeSet.of(byName.get(name), store.load(name), exports, options, localTypes,
                    customRules, unknowns);
            List<String> refused = new ArrayList<>(plan.problems());
            refused.addAll(exports.refusals(name, plan.exports(), plan::willDiffer));
            steps.add(new Step(plan, refused));
            exports = exports.with(name, plan.exports(), plan.imports());
        }
        return new DeployPlan(steps);
    }

    /**
     * The stacks and what each needs first: the stacks its manifest names, and those among them whose exports it
     * imports (as far as the names are known before anything is deployed).
     */
    public static StackGraph graphOf(List<CloudAssembly.Stack> stacks, StackDeployment.Options options) {
        Map<String, String> exporters = new LinkedHashMap<>();
        Map<String, Set<String>> imports = new LinkedHashMap<>();
        for (CloudAssembly.Stack s : stacks) {
            Intrinsics early = new StackContext(s.name(), "", options.region(), options.account())
                    .intrinsics(s.template(), Intrinsics.Resources.none(), name -> name);
            s.template().exportNames(early).forEach(name -> exporters.put(name, s.name()));
            imports.put(s.name(), s.template().importNames(early));
        }
        List<StackGraph.Node> nodes = new ArrayList<>();
        for (CloudAssembly.Stack s : stacks) {
            Set<String> needs = new LinkedHashSet<>(s.dependencies());
            imports.get(s.name()).stream().map(exporters::get).filter(Objects::nonNull)
                    .filter(p -> !p.equals(s.name())).forEach(needs::add);
            nodes.add(new StackGraph.Node(s.name(), s.displayName(), needs));
        }
        return StackGraph.of(nodes);
    }
}
