package io.github.proxysessions.local.cfn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The CloudFormation the runner plays, and the CDK CLI's part of a deploy: stacks in dependency order, independent
 * ones at once, a failure stopping every stack not started yet, each stack's result printed as {@code cdk deploy}
 * prints it. One ResponseURL server and one set of functions for the whole run, one {@link StackDeployment} per stack
 * operation. It knows no resource type itself: the layer above gives it the types
 * with a local meaning, and follows the records through {@link StateStore#beforeSave}.
 */
public final class LocalCloudFormation implements AutoCloseable {

    private final StateStore store;
    private final EventPrinter printer;
    private final StackDeployment.Options options;
    private final Map<String, LocalResourceType> localTypes;
    private final Map<String, ReplacementRule> customRules;
    private final ResponseServer responses = new ResponseServer();
    private final CustomResources custom;

    /**
     * @param localTypes  the types with a local meaning, by CloudFormation type name; every other type that is not a
     *                    custom resource is recorded only
     * @param customRules how the providers of the custom resource types the layer above knows decide on replacement,
     *                    for predicting it before a deploy
     */
    public LocalCloudFormation(StateStore store, Functions functions, EventPrinter printer, boolean duplicateDelivery,
                               StackDeployment.Options options, Map<String, LocalResourceType> localTypes,
                               Map<String, ReplacementRule> customRules) {
        this.store = store;
        this.printer = printer;
        this.options = options;
        this.localTypes = Map.copyOf(localTypes);
        this.customRules = Map.copyOf(customRules);
        this.custom = new CustomResources(responses, functions, duplicateDelivery);
    }

    /**
     * Checks, before anything is changed, that the stack's record can be read and that its template can be played.
     *
     * @throws DamagedRecordException naming the record's file
     * @throws Refusal                what CloudFormation refuses of the template, in its words
     * @throws TemplateException      naming what the runner cannot play
     */
    public void check(CloudAssembly.Stack stack) {
        store.load(stack.name());
        List<String> refused = stack.template().refusals();
        if (!refused.isEmpty()) {
            throw new Refusal(stack.name(), refused.get(0));
        }
        stack.template().check();
    }

    /**
     * Checks, before anything is changed, what CloudFormation checks before it changes anything, stack by stack in the
     * order they would deploy in, each seeing the exports the stacks before it would publish: that the stacks can be
     * deployed in an order (no cycle between them), that every import names an export, and that no export would be
     * published twice, or deleted or changed while another stack imports it.
     *
     * @throws TemplateException naming a cycle between the stacks
     * @throws Refusal           in CloudFormation's words, naming the stack
     */
    public void check(List<CloudAssembly.Stack> stacks) {
        DeployPlan.of(stacks, store, options, localTypes, customRules).refusal().ifPresent(r -> {
            throw r;
        });
    }

    /**
     * The stacks and what each needs first: the stacks its manifest names, and those among them whose exports it
     * imports.
     */
    public StackGraph graphOf(List<CloudAssembly.Stack> stacks) {
        return DeployPlan.graphOf(stacks, options);
    }

    /**
     * Deploys these stacks (checked first), each once the stacks among them that it depends on are deployed,
     * independent ones at once. A stack that fails stops every stack not started yet, as {@code cdk deploy} does;
     * those under way finish. Prints each stack's result as {@code cdk deploy} does: its display name, and its outputs
     * named after the stack's artifact id.
     *
     * @return true when every stack was deployed
     */
    public boolean deploy(List<CloudAssembly.Stack> stacks) {
        Map<String, CloudAssembly.Stack> byName = new LinkedHashMap<>();
        stacks.forEach(s -> byName.put(s.name(), s));
        StackGraph graph = graphOf(stacks);
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        byName.keySet().forEach(name -> dependencies.put(name, graph.dependencies(name)));
        return inOrder(dependencies, false, name -> {
            CloudAssembly.Stack stack = byName.get(name);
            StackDeployment.Result result = deploy(stack);
            List<String> lines = new ArrayList<>();
            lines.add("");
            if (!result.success()) {
                lines.add(" ❌  " + stack.name() + " failed: " + result.failedResource() + ": " + result.reason());
                printer.lines(lines);
                throw new StackFailed();
            }
            lines.add(" ✅  " + stack.displayName() + (result.noChanges() ? " (no changes)" : ""));
            if (!result.outputs().isEmpty()) {
                lines.add("");
                lines.add("Outputs:");
                result.outputs().forEach((k, v) -> lines.add(stack.id() + "." + k + " = " + v));
            }
            lines.add("");
            printer.lines(lines);
        });
    }

    StackDeployment.Result deploy(CloudAssembly.Stack stack) {
        return new StackDeployment(store, stack.name(), custom, printer, options, localTypes,
                stack.assetsByObjectKey()).deploy(stack, recordedExports());
    }

    /**
     * The recorded stacks and what each needs: the stacks its last deploy's manifest named, and those whose exports it
     * imports.
     */
    public static StackGraph graphOf(Collection<StackRecord> records) {
        Exports exports = Exports.of(records);
        return StackGraph.of(records.stream().map(r -> {
            Set<String> needs = new LinkedHashSet<>(r.dependencies());
            needs.addAll(exports.producersFor(r.stackName()));
            return new StackGraph.Node(r.stackName(), r.displayName(), needs);
        }).toList());
    }

    /**
     * Checks, before anything is changed, that CloudFormation would delete these recorded stacks: that no stack outside
     * them imports one of their exports.
     *
     * @throws Refusal in CloudFormation's words, naming the stack
     */
    public void checkDestroy(Collection<StackRecord> records, List<String> stackNames) {
        Exports exports = Exports.of(records);
        for (String name : stackNames) {
            List<String> refused = exports.refusalsToDelete(name, stackNames);
            if (!refused.isEmpty()) {
                throw new Refusal(name, refused.get(0));
            }
        }
    }

    /**
     * Destroys these recorded stacks, each once the stacks among them that depend on it are destroyed; a stack whose
     * destroy fails stops every stack not started yet. Prints each stack's result as {@code cdk destroy} does.
     *
     * @param graph the recorded stacks, for their dependencies
     * @return true when every stack was destroyed
     */
    public boolean destroy(List<String> stackNames, StackGraph graph) {
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        stackNames.forEach(name -> dependencies.put(name, graph.dependencies(name)));
        return inOrder(dependencies, true, name -> {
            StackDeployment.Result result = new StackDeployment(store, name, custom, printer, options, localTypes,
                    Map.of()).destroy(recordedExports());
            String shown = graph.node(name) == null ? name : graph.node(name).displayName();
            printer.lines(List.of("", result.success() ? " ✅  " + shown + ": destroyed"
                    : " ❌  " + shown + ": destroy failed: " + result.failedResource() + ": " + result.reason()));
            if (!result.success()) {
                throw new StackFailed();
            }
        });
    }

    /**
     * Runs {@code operation} on each stack once those it waits for have run (what it depends on, or with
     * {@code reverse} what depends on it). After a stack fails ({@link StackFailed}, or anything unexpected) nothing
     * new starts; what is under way finishes.
     *
     * @return true when every stack's operation ended well
     * @throws RuntimeException what an operation threw that was not a reported failure, once everything has ended
     */
    private boolean inOrder(Map<String, Set<String>> dependencies, boolean reverse, Consumer<String> operation) {
        AtomicBoolean ok = new AtomicBoolean(true);
        AtomicReference<RuntimeException> unexpected = new AtomicReference<>();
        Consumer<String> guarded = name -> {
            try {
                operation.accept(name);
            } catch (StackFailed e) {
                ok.set(false);
                throw e;
            } catch (RuntimeException e) {
                ok.set(false);
                unexpected.compareAndSet(null, e);
                throw new StackFailed();
            }
        };
        DependencyScheduler scheduler = new DependencyScheduler(options.concurrency());
        if (reverse) {
            scheduler.runInReverseOrder(dependencies, guarded);
        } else {
            scheduler.runInOrder(dependencies.keySet(), dependencies::get, guarded);
        }
        if (unexpected.get() != null) {
            throw unexpected.get();
        }
        return ok.get();
    }

    /** The exports and imports the readable records hold now. */
    private Exports recordedExports() {
        return Exports.of(store.scan().stream().filter(s -> s instanceof StateStore.Readable)
                .map(s -> ((StateStore.Readable) s).record()).toList());
    }

    /** A stack's operation failed, already reported: the stacks not started yet are not started. */
    private static final class StackFailed extends RuntimeException {
        StackFailed() {
            super("a stack failed", null, false, false);
        }
    }

    @Override
    public void close() {
        responses.close();
    }
}
