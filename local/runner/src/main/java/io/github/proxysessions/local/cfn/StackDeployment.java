package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Plays CloudFormation for one stack: brings the recorded state to the template, or tears it down.
 *
 * <ul>
 *   <li>Resources are processed in dependency order ({@link DependencyScheduler}), independent ones concurrently.</li>
 *   <li>What an operation does depends on the type's {@link ResourceKind}: a custom resource gets CloudFormation's
 *       events, a type with a local meaning is acted on, a type with none is recorded (SKIPPED).</li>
 *   <li>A replacement's old resource, and resources removed from the template, are deleted in a cleanup phase once
 *       everything else succeeded, in reverse dependency order; {@code DeletionPolicy}/{@code UpdateReplacePolicy}
 *       {@code Retain} keep them.</li>
 *   <li>A failure rolls the deployment back: what it created is deleted, what it updated is updated back to its old
 *       properties, and a replacement's new resource is deleted.</li>
 * </ul>
 */
public final class StackDeployment {

    static final String STACK_TYPE = "AWS::CloudFormation::Stack";

    /** Where the stack is deployed and how. */
    public record Options(String region, String account, int concurrency) {
    }

    /**
     * How an operation on the stack ended.
     *
     * @param noChanges true for a deploy that changed nothing: the stack was as its template declares it
     */
    public record Result(boolean success, String failedResource, String reason, Map<String, String> outputs,
                         boolean noChanges) {
    }

    private final StackRecord record;
    private final StackContext context;
    private final ResourceKinds kinds;
    private final CustomResourceOutbox outbox;
    private final EventPrinter printer;
    private final DependencyScheduler scheduler;
    /** The events of the operation under way. */
    private EventPrinter.Progress events;

    StackDeployment(StateStore store, String stackName, CustomResources custom, EventPrinter printer,
                    Options options, Map<String, LocalResourceType> localTypes,
                    Map<String, Path> assets) {
        StackRecord loaded = store.load(stackName);
        this.record = loaded != null ? loaded : StackRecord.start(store, stackName,
                StackContext.newStackId(options.region(), options.account(), stackName));
        this.context = new StackContext(stackName, record.stackId(), options.region(), options.account());
        this.printer = printer;
        this.scheduler = new DependencyScheduler(options.concurrency());
        this.outbox = new CustomResourceOutbox(record, custom, printer);
        Map<String, LocalMeaning> local = new HashMap<>();
        localTypes.forEach((type, meaning) -> local.put(type, new LocalMeaning(meaning, record, context)));
        this.kinds = new ResourceKinds(new CustomResourceKind(outbox), local,
                new NoLocalMeaning(record, context, store.lambdaWorkDir().resolve("code"), assets));
    }

    // ------------------------------------------------------------------------------------------------ deploy

    /** A change this deployment made, to undo on rollback. */
    private sealed interface Change {
    }

    private record Created(ResourceRecord now) implements Change {
    }

    private record Updated(ResourceRecord before, ResourceRecord now) implements Change {
    }

    private record Replaced(ResourceRecord before, ResourceRecord now) implements Change {
    }

    /** Only its DeletionPolicy, UpdateReplacePolicy or dependencies changed: recorded, nothing called. */
    private record Restated(ResourceRecord before, ResourceRecord now) implements Change {
    }

    /** A resource operation failed; already reported. */
    private static final class ResourceFailed extends RuntimeException {
        ResourceFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Brings the stack to its template, and records what its cloud assembly says of it.
     *
     * @param exports the region's exports as recorded when the stack's deploy starts: what {@code Fn::ImportValue}
     *                reads, and what the stack's own exports are checked against
     */
    public Result deploy(CloudAssembly.Stack stack, Exports exports) {
        Template template = stack.template();
        boolean resumed = !record.pending().isEmpty();
        outbox.recover();
        record.describe(stack.displayName(), stack.dependencies());
        boolean creating = record.resources().isEmpty();
        boolean leftoversBefore = !record.leftovers().isEmpty();
        Map<String, String> outputsBefore = record.outputs();
        Intrinsics intrinsics = context.intrinsics(template, references(), Intrinsics.ImportValues.of(exports));
        List<String> importsBefore = record.imports();
        Set<String> importing = template.importNames(context.intrinsics(template, Intrinsics.Resources.none(),
                Intrinsics.ImportValues.of(exports)));
        // Before anything changes: from now on no other stack may delete or change what this one imports.
        Set<String> importsDuring = new TreeSet<>(importsBefore);
        importsDuring.addAll(importing);
        record.setImports(importsDuring);
        Map<String, Template.Resource> active = active(template, intrinsics);
        Map<String, Set<String>> dependencies = new HashMap<>();
        active.forEach((id, r) -> dependencies.put(id, r.dependencies(active.keySet())));
        events = printer.begin(record.stackName(), active.size());
        events.event(creating ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS", STACK_TYPE, record.stackName(), "");
        List<Change> changes = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String[]> failure = new AtomicReference<>();

        scheduler.runInOrder(active.keySet(), dependencies::get, id -> {
            try {
                deployResource(active.get(id), dependencies.get(id), intrinsics, changes);
            } catch (ResourceFailed e) {
                failure.compareAndSet(null, new String[] {id, e.getMessage()});
                throw e;
            } catch (RuntimeException e) {
                String reason = Outcome.reason(e);
                events.event(record.resource(id) != null ? "UPDATE_FAILED" : "CREATE_FAILED",
                        active.get(id).type(), id, reason);
                failure.compareAndSet(null, new String[] {id, reason});
                throw new ResourceFailed(reason);
            }
        });

        StackContext.Outputs outputs = null;
        if (failure.get() == null) {
            try {
                outputs = StackContext.outputs(template, intrinsics);
                // As CloudFormation checks them once the values are known.
                List<String> refused = exports.refusals(record.stackName(), outputs.exports(),
                        (was, now) -> !Objects.equals(was, now));
                if (!refused.isEmpty()) {
                    failure.set(new String[] {record.stackName(), refused.get(0)});
                }
            } catch (RuntimeException e) {
                failure.set(new String[] {record.stackName(), Outcome.reason(e)});
            }
        }

        if (failure.get() != null) {
            boolean ofTheStack = failure.get()[0].equals(record.stackName());
            events.event(creating ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS", STACK_TYPE,
                    record.stackName(), ofTheStack ? failure.get()[1]
                            : "The following resource(s) failed: [" + failure.get()[0] + "]");
            boolean rolledBack = rollBack(changes);
            record.setImports(importsBefore);
            finish(creating ? (rolledBack ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED")
                    : (rolledBack ? "UPDATE_ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_FAILED"), "");
            return new Result(false, failure.get()[0], failure.get()[1], Map.of(), false);
        }

        if (!creating) {
            events.event("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", STACK_TYPE, record.stackName(), "");
        }
        boolean retiring = record.resources().stream().anyMatch(r -> !active.containsKey(r.logicalId()));
        record.retireAllBut(active.keySet());
        boolean clean = cleanUpLeftovers();
        record.setOutputs(outputs.values(), outputs.exports());
        record.setImports(importing);
        boolean noChanges = !creating && !resumed && changes.isEmpty() && !retiring && !leftoversBefore
                && outputs.values().equals(outputsBefore) && importing.equals(new TreeSet<>(importsBefore));
        if (noChanges) {
            // As CloudFormation: a change set with no changes is not executed, and the stack's status stays.
            events.event("UPDATE_COMPLETE", STACK_TYPE, record.stackName(), "(no changes)");
            events.end();
        } else {
            finish(creating ? "CREATE_COMPLETE" : "UPDATE_COMPLETE", clean ? "" : "(some resources could not be "
                    + "deleted; the next deploy or destroy tries again)");
        }
        return new Result(true, null, null, outputs.values(), noChanges);
    }

    /** The resources whose condition holds. */
    private static Map<String, Template.Resource> active(Template template, Intrinsics intrinsics) {
        Map<String, Template.Resource> active = new LinkedHashMap<>();
        for (String id : template.dependencyOrder()) {
            Template.Resource r = template.resources().get(id);
            if (r.condition() == null || intrinsics.condition(r.condition())) {
                active.put(id, r);
            }
        }
        return active;
    }

    private void deployResource(Template.Resource resource, Set<String> waitsFor, Intrinsics intrinsics,
                                List<Change> changes) {
        String id = resource.logicalId();
        String type = resource.type();
        ResourceRecord old = record.resource(id);
        ResourceKind kind = kinds.of(type);
        JsonNode properties = kind.prepare(id, intrinsics.resolve(resource.properties()));
        if (old != null && !old.type().equals(type)) {
            // Refused before any change by the checks of the template (LocalCloudFormation.check), as CloudFormation
            // refuses it: never created under the new type.
            throw new IllegalStateException("Update of resource type is not permitted. The new template modifies "
                    + "resource type of the following resources: [" + id + "]");
        }
        ResourceRecord target = ResourceRecord.of(resource, properties, new ArrayList<>(waitsFor));
        if (old != null && properties.equals(old.properties())) {
            if (!old.sameResourceAttributes(target)) {
                // As CloudFormation: a new policy or DependsOn changes what later deletes do, not the resource.
                ResourceRecord now = old.withResourceAttributesOf(target);
                record.record(now);
                changes.add(new Restated(old, now));
                events.event("UPDATE_COMPLETE", type, id, "(only its DeletionPolicy, UpdateReplacePolicy or "
                        + "dependencies changed: recorded, nothing called)");
            }
            return;
        }

        if (!kind.acts()) {
            Outcome done = old == null ? kind.create(target) : kind.update(old, target);
            ResourceRecord now = target.recordedOnly(done.physicalId(), done.data());
            changes.add(old == null ? new Created(now) : new Updated(old, now));
            events.event("SKIPPED", type, id, old == null ? "(no local meaning: recorded, not created)"
                    : "(no local meaning: new properties recorded)");
            return;
        }

        if (old == null) {
            events.event("CREATE_IN_PROGRESS", type, id, "");
            Outcome created = kind.create(target);
            if (!created.success()) {
                if (created.physicalId() != null) {
                    // CloudFormation's rollback deletes what a failed Create answered, even a made-up id.
                    changes.add(new Created(target.answered(created.physicalId(), Map.of())));
                }
                events.event("CREATE_FAILED", type, id, created.reason());
                throw new ResourceFailed(created.reason());
            }
            ResourceRecord now = target.answered(created.physicalId(), created.data());
            changes.add(new Created(now));
            events.event("CREATE_COMPLETE", type, id, "");
            return;
        }

        boolean replacing = kind.replaces(old, properties);
        events.event("UPDATE_IN_PROGRESS", type, id, replacing ? "(requires replacement: creating the new resource "
                + "first)" : "");
        Outcome updated;
        try {
            updated = replacing ? kind.create(target) : kind.update(old, target);
        } catch (ResourceKind.Refused refused) {
            // Nothing was sent: there is nothing for the rollback to update back.
            events.event("UPDATE_FAILED", type, id, refused.getMessage());
            String was = old.properties().path("ServiceToken").asText("");
            String now = properties.path("ServiceToken").asText("");
            if (!was.isEmpty() && now.startsWith(was + ":")) {
                printer.line(record.stackName() + " | note: the ServiceToken of " + id + " now names the function's "
                        + "alias or version '" + now.substring(was.length() + 1) + "' instead of the function itself, "
                        + "which CloudFormation refuses for a resource that exists: see \"Upgrading a stack deployed with an "
                        + "earlier version\" in README.md");
            }
            throw new ResourceFailed(refused.getMessage());
        }
        if (!updated.success()) {
            if (!replacing) {
                // As CloudFormation: the rollback updates the failed resource back to its old properties too, which
                // undoes what the update did before it failed (a connector renamed before its tags were refused).
                changes.add(new Updated(old, target.answered(old.physicalId(), old.data())));
            }
            events.event("UPDATE_FAILED", type, id, updated.reason());
            throw new ResourceFailed(updated.reason());
        }
        ResourceRecord now = target.answered(updated.physicalId(), updated.data());
        if (!Objects.equals(updated.physicalId(), old.physicalId())) {
            changes.add(new Replaced(old, now));
            events.event("UPDATE_COMPLETE", type, id, "(replaced: the old resource is deleted in the cleanup phase)");
        } else {
            changes.add(new Updated(old, now));
            events.event("UPDATE_COMPLETE", type, id, "");
        }
    }

    private boolean rollBack(List<Change> changes) {
        List<Change> undo;
        synchronized (changes) {
            undo = new ArrayList<>(changes);
        }
        Collections.reverse(undo);
        boolean ok = true;
        for (Change change : undo) {
            try {
                if (change instanceof Created c) {
                    ok &= deleteResource(c.now());
                } else if (change instanceof Replaced rep) {
                    // The old resource back first, in the same save that makes the new one a leftover: then the
                    // new one is deleted as any leftover, so that a run killed in between loses neither.
                    record.undoReplacement(rep.before(), rep.now());
                    ok &= deleteResource(rep.now());
                } else if (change instanceof Updated u) {
                    ok &= updateBack(u);
                } else if (change instanceof Restated r) {
                    record.record(r.before());
                }
            } catch (RuntimeException e) {
                events.event("ROLLBACK_FAILED", STACK_TYPE, record.stackName(), e.getMessage());
                ok = false;
            }
        }
        return ok;
    }

    private boolean updateBack(Updated u) {
        ResourceKind kind = kinds.of(u.now().type());
        if (!kind.acts()) {
            // Nothing was done to it going forward, so nothing is undone: its old record, physical id and attributes
            // (a version's ARN) included, is put back as it was.
            record.record(u.before());
            return true;
        }
        events.event("UPDATE_IN_PROGRESS", u.now().type(), u.now().logicalId(), "(rollback to the old properties)");
        Outcome back = kind.update(u.now(), u.before());
        if (!back.success()) {
            events.event("UPDATE_FAILED", u.now().type(), u.now().logicalId(), back.reason());
            return false;
        }
        events.event("UPDATE_COMPLETE", u.now().type(), u.now().logicalId(), "");
        return true;
    }

    // ------------------------------------------------------------------------------------------------ destroy

    /**
     * Deletes every recorded resource, dependents before what they depend on; refused, with nothing deleted, while
     * another stack imports one of the stack's exports.
     *
     * @param exports the region's exports as recorded when the stack's destroy starts
     */
    public Result destroy(Exports exports) {
        List<String> refused = exports.refusalsToDelete(record.stackName(), List.of());
        if (!refused.isEmpty()) {
            events = printer.begin(record.stackName(), 0);
            events.event("DELETE_IN_PROGRESS", STACK_TYPE, record.stackName(), "");
            finish("DELETE_FAILED", refused.get(0));
            return new Result(false, record.stackName(), refused.get(0), Map.of(), false);
        }
        outbox.recover();
        List<ResourceRecord> resources = record.resources();
        events = printer.begin(record.stackName(), resources.size() + record.leftovers().size());
        events.event("DELETE_IN_PROGRESS", STACK_TYPE, record.stackName(), "");
        boolean clean = cleanUpLeftovers();
        String failed = deleteAll(resources,
                r -> r.deletionPolicy().equals("Retain") ? "(DeletionPolicy Retain: kept)" : null);
        boolean ok = failed == null && clean;
        if (ok) {
            record.setOutputs(Map.of(), Map.of());
            record.setImports(List.of());
        }
        finish(ok ? "DELETE_COMPLETE" : "DELETE_FAILED", "");
        return new Result(ok, failed, failed != null ? "see the DELETE_FAILED event"
                : clean ? null : "some resources could not be deleted", Map.of(), false);
    }

    /** Deletes what left the stack: replaced resources, and resources removed from the template. */
    private boolean cleanUpLeftovers() {
        return deleteAll(record.leftovers(), r -> r.updateReplacePolicy().equals("Retain")
                || r.deletionPolicy().equals("Retain") ? "(Retain: kept)" : null) == null;
    }

    /**
     * Deletes these resources, each once every resource among them that depends on it is gone. A retained one (for
     * which {@code retention} gives the note to print) is forgotten only.
     *
     * @return the logical id of the first resource whose delete failed, or null
     */
    private String deleteAll(List<ResourceRecord> records, Function<ResourceRecord, String> retention) {
        // Keyed by logical and physical id: a replaced resource and its replacement share a logical id.
        Map<String, ResourceRecord> byKey = new LinkedHashMap<>();
        records.forEach(r -> byKey.put(r.logicalId() + "#" + r.physicalId(), r));
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        byKey.forEach((key, r) -> {
            Set<String> needs = new LinkedHashSet<>();
            r.dependencies().forEach(d -> byKey.keySet().stream().filter(k -> k.startsWith(d + "#"))
                    .forEach(needs::add));
            dependencies.put(key, needs);
        });
        AtomicReference<String> failed = new AtomicReference<>();
        scheduler.runInReverseOrder(dependencies, key -> {
            ResourceRecord r = byKey.get(key);
            String kept = retention.apply(r);
            if (kept != null) {
                record.forget(r);
                events.event("DELETE_SKIPPED", r.type(), r.logicalId(), kept);
            } else if (!deleteResource(r)) {
                failed.compareAndSet(null, r.logicalId());
                throw new ResourceFailed("delete failed");
            }
        });
        return failed.get();
    }

    /**
     * Deletes one resource; a successful delete forgets it.
     *
     * @return false when the delete failed (the record is kept, to try again)
     */
    private boolean deleteResource(ResourceRecord r) {
        ResourceKind kind = kinds.of(r.type());
        if (!kind.acts()) {
            kind.delete(r);
            events.event("SKIPPED", r.type(), r.logicalId(), "(no local meaning: forgotten)");
            return true;
        }
        events.event("DELETE_IN_PROGRESS", r.type(), r.logicalId(), "");
        Outcome deleted;
        try {
            deleted = kind.delete(r);
        } catch (RuntimeException e) {
            // Whatever kept the delete from running fails it, named: a destroy must never report a stack gone
            // while the resource (and what depends on it) is still there.
            deleted = Outcome.failed(Outcome.reason(e), r.physicalId());
        }
        if (!deleted.success()) {
            events.event("DELETE_FAILED", r.type(), r.logicalId(), deleted.reason());
            return false;
        }
        events.event("DELETE_COMPLETE", r.type(), r.logicalId(), "");
        return true;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** What {@code Ref} and {@code Fn::GetAtt} read: the recorded resources. */
    private Intrinsics.Resources references() {
        return new Intrinsics.Resources() {
            @Override
            public String physicalId(String logicalId) {
                ResourceRecord r = record.resource(logicalId);
                return r == null ? null : r.physicalId();
            }

            @Override
            public String attribute(String logicalId, String attribute) {
                ResourceRecord r = record.resource(logicalId);
                if (r == null) {
                    throw new Intrinsics.ResolveException("Fn::GetAtt " + logicalId + "." + attribute
                            + ": the resource does not exist yet");
                }
                String value = r.data().get(attribute);
                return value != null ? value : kinds.of(r.type()).attributeNotRecorded(r, attribute);
            }
        };
    }

    private void finish(String status, String detail) {
        record.setStatus(status);
        events.event(status, STACK_TYPE, record.stackName(), detail);
        events.end();
    }
}
