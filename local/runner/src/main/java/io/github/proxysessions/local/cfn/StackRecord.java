package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the runner knows of a deployed stack: its resources as CloudFormation would record them, the custom-resource
 * requests under way (so that a run killed in the middle can finish them), the resources that left the stack but are
 * not deleted yet, its status and its outputs.
 *
 * <p>Every change goes through a method that says what happened, and is saved atomically through {@link StateStore}
 * before the method returns, under the record's own lock: a run killed at any moment leaves the record before or
 * after a change, never in the middle, and a change whose save fails is undone. Fields this version does not know (written by another version of the runner)
 * are kept as they are.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
@JsonPropertyOrder({"stackName", "stackId", "displayName", "dependencies", "status", "resources", "outputs", "exports",
    "imports", "pending", "leftovers"})
public final class StackRecord {

    private String stackName;
    private String stackId;
    /** The stack's hierarchical id ({@code Prod/Sessions}); null in a record an earlier version wrote. */
    private String displayName;
    /** The stacks it depends on, as its cloud assembly's manifest last said: destroy takes them after it. */
    private List<String> dependencies = new ArrayList<>();
    private String status;
    private Map<String, ResourceRecord> resources = new LinkedHashMap<>();
    private Map<String, String> outputs = new LinkedHashMap<>();
    /** What the stack exports (its outputs' {@code Export} names), name to value, as CloudFormation lists them. */
    private Map<String, String> exports = new LinkedHashMap<>();
    /**
     * The export names the stack imports ({@code Fn::ImportValue}): recorded before a deploy that imports them
     * changes anything, so that no other stack deletes or changes them meanwhile.
     */
    private List<String> imports = new ArrayList<>();
    private List<PendingOperation> pending = new ArrayList<>();
    /**
     * Resources that left the stack (replaced, or removed from the template) but whose delete has not succeeded yet:
     * every later deploy and destroy tries again, so that nothing is left behind.
     */
    private List<ResourceRecord> leftovers = new ArrayList<>();

    private final transient Map<String, JsonNode> carried = new LinkedHashMap<>();
    private transient StateStore store;
    private final transient Object lock = new Object();

    private StackRecord() {
        // for Jackson
    }

    /** A stack not deployed yet; saved on its first change. */
    static StackRecord start(StateStore store, String stackName, String stackId) {
        StackRecord r = new StackRecord();
        r.stackName = stackName;
        r.stackId = stackId;
        r.store = store;
        return r;
    }

    /** Attaches a record read from {@code store}, after checking that it holds what a record must. */
    StackRecord attach(StateStore store, String expectedName) {
        if (stackName == null || !stackName.equals(expectedName)) {
            throw new IllegalStateException("its stackName is " + (stackName == null ? "missing" : "'" + stackName
                    + "'") + ", expected '" + expectedName + "'");
        }
        if (stackId == null || stackId.isEmpty()) {
            throw new IllegalStateException("it has no stackId");
        }
        if (dependencies == null) {
            dependencies = new ArrayList<>();
        }
        if (exports == null) {
            exports = new LinkedHashMap<>();
        }
        if (imports == null) {
            imports = new ArrayList<>();
        }
        if (resources == null || outputs == null || pending == null || leftovers == null) {
            throw new IllegalStateException("resources, outputs, pending or leftovers is null");
        }
        Stream.concat(Stream.concat(resources.values().stream(), leftovers.stream()),
                pending.stream().map(PendingOperation::target)).forEach(r -> {
                    if (r == null || r.logicalId() == null || r.type() == null) {
                        throw new IllegalStateException("a resource has no logicalId or type");
                    }
                });
        resources.forEach((id, r) -> {
            if (!id.equals(r.logicalId()) || r.physicalId() == null) {
                throw new IllegalStateException("resource " + id + " has another logicalId or no physicalId");
            }
        });
        this.store = store;
        return this;
    }

    // ------------------------------------------------------------------------------------------------ queries

    public String stackName() {
        return stackName;
    }

    public String stackId() {
        return stackId;
    }

    /** The stack's hierarchical id, as {@code cdk list} prints it; its name when no deploy recorded one. */
    public String displayName() {
        synchronized (lock) {
            return displayName != null ? displayName : stackName;
        }
    }

    /** The stacks it depends on, as the last deploy's cloud assembly said. */
    public List<String> dependencies() {
        synchronized (lock) {
            return List.copyOf(dependencies);
        }
    }

    /** The stack as the graph of stacks holds it, from what its last deploy recorded. */
    public StackGraph.Node node() {
        return new StackGraph.Node(stackName, displayName(), dependencies());
    }

    /** The status of the last operation, such as {@code CREATE_COMPLETE}; null before the first ends. */
    public String status() {
        synchronized (lock) {
            return status;
        }
    }

    /** The resource with this logical id, or null. */
    public ResourceRecord resource(String logicalId) {
        synchronized (lock) {
            return resources.get(logicalId);
        }
    }

    /** The stack's resources, in the order they were first recorded. */
    public List<ResourceRecord> resources() {
        synchronized (lock) {
            return List.copyOf(resources.values());
        }
    }

    /** What left the stack but is not deleted yet. */
    public List<ResourceRecord> leftovers() {
        synchronized (lock) {
            return List.copyOf(leftovers);
        }
    }

    /** The custom-resource requests sent and not answered yet. */
    public List<PendingOperation> pending() {
        synchronized (lock) {
            return List.copyOf(pending);
        }
    }

    /** What the stack exports, name to value. */
    public Map<String, String> exports() {
        synchronized (lock) {
            return new LinkedHashMap<>(exports);
        }
    }

    /** The export names the stack imports. */
    public List<String> imports() {
        synchronized (lock) {
            return List.copyOf(imports);
        }
    }

    public Map<String, String> outputs() {
        synchronized (lock) {
            return new LinkedHashMap<>(outputs);
        }
    }

    /** True when the stack still holds something: resources, leftovers, or requests under way. */
    public boolean holdsAnything() {
        synchronized (lock) {
            return !resources.isEmpty() || !leftovers.isEmpty() || !pending.isEmpty();
        }
    }

    /** A field of the file this version does not use itself (one written by an earlier version, say). */
    public Optional<JsonNode> carried(String field) {
        synchronized (lock) {
            return Optional.ofNullable(carried.get(field));
        }
    }

    /** Resources and leftovers, to look one up by something other than its logical id. */
    Stream<ResourceRecord> resourcesAndLeftovers() {
        synchronized (lock) {
            List<ResourceRecord> all = new ArrayList<>(resources.values());
            all.addAll(leftovers);
            return all.stream();
        }
    }

    // ------------------------------------------------------------------------------------------------ changes

    /**
     * Records a resource after a successful Create or Update. What it displaces under another physical id (a
     * replacement, or a change of type) becomes a leftover, deleted in the cleanup phase or by rollback's undoing.
     */
    void record(ResourceRecord now) {
        change(() -> put(now));
    }

    /** Records what the cloud assembly says of the stack: its display name and the stacks it depends on. */
    void describe(String newDisplayName, List<String> newDependencies) {
        synchronized (lock) {
            if (newDisplayName.equals(displayName) && newDependencies.equals(dependencies)) {
                return;
            }
            change(() -> {
                displayName = newDisplayName;
                dependencies = new ArrayList<>(newDependencies);
            });
        }
    }

    /** Moves every resource not among {@code kept} to the leftovers: they left the template. */
    void retireAllBut(Set<String> kept) {
        change(() -> {
            for (String id : new ArrayList<>(resources.keySet())) {
                if (!kept.contains(id)) {
                    leftovers.add(resources.remove(id));
                }
            }
        });
    }

    /**
     * Undoes a replacement, in one save: {@code before} is the stack's resource again, and {@code replacement} a
     * leftover, which the rollback then deletes as any leftover (and every later deploy and destroy, until its delete
     * succeeds). A run killed at any moment leaves either the replacement as the stack's resource, or the old one
     * with the replacement to delete: never the old one among the leftovers with nothing in its place.
     */
    void undoReplacement(ResourceRecord before, ResourceRecord replacement) {
        change(() -> {
            removeRecorded(replacement);
            leftovers.add(replacement);
            leftovers.removeIf(before::sameResource);
            resources.put(before.logicalId(), before);
        });
    }

    /** Forgets a resource, as a resource or a leftover: it is deleted, or retained. */
    void forget(ResourceRecord r) {
        change(() -> removeRecorded(r));
    }

    /**
     * Records a custom-resource request before it is sent. When what the layer above keeps cannot follow (see
     * {@link StateStore#beforeSave}), the request is not recorded, and must not be sent.
     */
    void addPending(PendingOperation op) {
        change(() -> pending.add(op), true);
    }

    /**
     * Records what the answer to a request changed and clears the request from pending, in one save: a run killed
     * at any moment finds the request either still pending, to redeliver, or its outcome recorded.
     *
     * <ul>
     *   <li>A Create or Update that succeeded records its target with the answered id (see {@link #record}).</li>
     *   <li>A failed Create that answered an id becomes a leftover: CloudFormation's rollback deletes even that.</li>
     *   <li>A Delete that succeeded forgets the resource.</li>
     * </ul>
     */
    void recordAnswer(PendingOperation op, Outcome answer) {
        change(() -> {
            pending.removeIf(p -> p.requestId().equals(op.requestId()));
            ResourceRecord target = op.target();
            if (op.requestType().equals("Delete")) {
                if (answer.success()) {
                    removeRecorded(target);
                }
            } else if (answer.success()) {
                put(target.answered(answer.physicalId(), answer.data()));
            } else if (op.requestType().equals("Create") && answer.physicalId() != null) {
                leftovers.add(target.answered(answer.physicalId(), Map.of()));
            }
        });
    }

    /** Records these resources and sets the status, in one save: a run killed meanwhile keeps all of them or none. */
    void recordAll(List<ResourceRecord> now, String newStatus) {
        change(() -> {
            now.forEach(this::put);
            status = newStatus;
        });
    }

    void setStatus(String newStatus) {
        change(() -> status = newStatus);
    }

    /** Records the outputs and exports of a deploy that succeeded, or of a destroy (none), in one save. */
    void setOutputs(Map<String, String> newOutputs, Map<String, String> newExports) {
        change(() -> {
            outputs = new LinkedHashMap<>(newOutputs);
            exports = new LinkedHashMap<>(newExports);
        });
    }

    /** Records the export names the stack imports, when they are not what is recorded. */
    void setImports(Collection<String> names) {
        synchronized (lock) {
            List<String> now = names.stream().distinct().sorted().toList();
            if (!now.equals(imports)) {
                change(() -> imports = new ArrayList<>(now));
            }
        }
    }

    private void put(ResourceRecord now) {
        ResourceRecord displaced = resources.put(now.logicalId(), now);
        if (displaced != null && !displaced.sameResource(now)) {
            leftovers.add(displaced);
        }
    }

    private void removeRecorded(ResourceRecord r) {
        ResourceRecord current = resources.get(r.logicalId());
        if (r.sameResource(current)) {
            resources.remove(r.logicalId());
        }
        leftovers.removeIf(r::sameResource);
    }

    /** Makes a change that records what happened, and saves it. */
    private void change(Runnable change) {
        change(change, false);
    }

    /**
     * Makes a change and saves it; a save that fails before the record is written undoes the change, so that the
     * record is as it was, as on disk.
     *
     * @param intent true for a change about to cause something (see {@link StateStore#save})
     */
    private void change(Runnable change, boolean intent) {
        synchronized (lock) {
            Snapshot before = new Snapshot(displayName, new ArrayList<>(dependencies), status,
                    new LinkedHashMap<>(resources), new LinkedHashMap<>(outputs), new LinkedHashMap<>(exports),
                    new ArrayList<>(imports), new ArrayList<>(pending), new ArrayList<>(leftovers));
            change.run();
            RuntimeException afterWrite;
            try {
                afterWrite = store.save(this, intent);
            } catch (RuntimeException | Error e) {
                displayName = before.displayName();
                dependencies = before.dependencies();
                status = before.status();
                resources = before.resources();
                outputs = before.outputs();
                exports = before.exports();
                imports = before.imports();
                pending = before.pending();
                leftovers = before.leftovers();
                throw e;
            }
            if (afterWrite != null) {
                throw afterWrite;
            }
        }
    }

    /** What a change may change, as it was before. */
    private record Snapshot(String displayName, List<String> dependencies, String status,
                            Map<String, ResourceRecord> resources, Map<String, String> outputs,
                            Map<String, String> exports, List<String> imports,
                            List<PendingOperation> pending, List<ResourceRecord> leftovers) {
    }

    // ------------------------------------------------------------------------------------------------ JSON

    @JsonAnySetter
    private void carry(String field, JsonNode value) {
        carried.put(field, value);
    }

    @JsonAnyGetter
    private Map<String, JsonNode> carriedFields() {
        return carried;
    }
}
