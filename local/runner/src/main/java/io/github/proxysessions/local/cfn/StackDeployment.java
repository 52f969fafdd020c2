package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.proxysessions.local.cfn.StackRecord.PendingOperation;
import io.github.proxysessions.local.cfn.StackRecord.ResourceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Plays CloudFormation for one stack: brings the recorded state to the template, or tears it down.
 *
 * <ul>
 *   <li>Resources are processed in dependency order (Ref, Fn::GetAtt, Fn::Sub, DependsOn), independent ones
 *       concurrently, up to a bound.</li>
 *   <li>Custom resources get CloudFormation's events; an Update that answers a new physical id is a replacement, and
 *       the old resource is deleted in a cleanup phase once everything else succeeded. Resources removed from the
 *       template are deleted then too, in reverse dependency order; {@code DeletionPolicy}/{@code UpdateReplacePolicy}
 *       {@code Retain} keep them.</li>
 *   <li>A failure rolls the deployment back: what it created is deleted, what it updated is updated back to its old
 *       properties, and a replacement's new resource is deleted.</li>
 *   <li>Other resources (IAM, the Lambda function itself, log groups, ...) have no local meaning: they are recorded,
 *       with made-up physical ids and ARNs, and the output says so.</li>
 *   <li>Every request is recorded as pending before it is sent; a later run redelivers what a killed run left
 *       unanswered, with the same RequestId, so that the provider recognises it.</li>
 * </ul>
 */
public final class StackDeployment {

    static final String STACK_TYPE = "AWS::CloudFormation::Stack";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Duration DEFAULT_SERVICE_TIMEOUT = Duration.ofHours(1);

    /** Where the stack is deployed and how. */
    public record Options(String region, String account, int concurrency) {
    }

    /** How an operation on the stack ended. */
    public record Result(boolean success, String failedResource, String reason, Map<String, String> outputs) {
    }

    private final StateStore store;
    private final CustomResources custom;
    private final EventPrinter printer;
    private final Options options;
    private final StackRecord record;
    private final Object lock = new Object();

    public StackDeployment(StateStore store, String stackName, CustomResources custom, EventPrinter printer,
                           Options options) {
        this.store = store;
        this.custom = custom;
        this.printer = printer;
        this.options = options;
        StackRecord loaded = store.load(stackName);
        if (loaded == null) {
            loaded = new StackRecord();
            loaded.stackName = stackName;
            loaded.stackId = "arn:aws:cloudformation:" + options.region() + ":" + options.account() + ":stack/"
                    + stackName + "/" + UUID.randomUUID();
        }
        this.record = loaded;
    }

    private static boolean isCustom(String type) {
        return type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource");
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

    /** Brings the stack to the template. */
    public Result deploy(Template template, Map<String, Path> assets) {
        recover();
        boolean creating = record.resources.isEmpty();
        Intrinsics intrinsics = intrinsics(template);
        Map<String, Template.Resource> active = active(template, intrinsics);
        Map<String, Set<String>> dependencies = new HashMap<>();
        active.forEach((id, r) -> dependencies.put(id, r.dependencies(active.keySet())));
        printer.begin(record.stackName, active.size());
        printer.event(creating ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS", STACK_TYPE, record.stackName, "");
        List<Change> changes = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String[]> failure = new AtomicReference<>();

        runInOrder(active.keySet(), dependencies::get, id -> {
            try {
                deployResource(active.get(id), dependencies.get(id), intrinsics, assets, changes);
            } catch (DeployFailure e) {
                failure.compareAndSet(null, new String[] {id, e.getMessage()});
                throw e;
            } catch (RuntimeException e) {
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                printer.event(isCustom(active.get(id).type()) && record.resources.containsKey(id)
                        ? "UPDATE_FAILED" : "CREATE_FAILED", active.get(id).type(), id, reason);
                failure.compareAndSet(null, new String[] {id, reason});
                throw new DeployFailure(reason);
            }
        });

        if (failure.get() != null) {
            printer.event(creating ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS", STACK_TYPE,
                    record.stackName, "The following resource(s) failed: [" + failure.get()[0] + "]");
            boolean rolledBack = rollBack(changes);
            setStatus(creating ? (rolledBack ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED")
                    : (rolledBack ? "UPDATE_ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_FAILED"));
            printer.event(record.status, STACK_TYPE, record.stackName, "");
            return new Result(false, failure.get()[0], failure.get()[1], Map.of());
        }

        if (!creating) {
            printer.event("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", STACK_TYPE, record.stackName, "");
        }
        synchronized (lock) {
            for (String id : new ArrayList<>(record.resources.keySet())) {
                if (!active.containsKey(id)) {
                    record.leftovers.add(record.resources.remove(id));
                }
            }
            store.save(record);
        }
        boolean clean = cleanUpLeftovers();
        Map<String, String> outputs = outputs(template, intrinsics);
        synchronized (lock) {
            record.outputs = outputs;
        }
        setStatus(creating ? "CREATE_COMPLETE" : "UPDATE_COMPLETE");
        printer.event(record.status, STACK_TYPE, record.stackName, clean ? "" : "(some resources could not be "
                + "deleted; the next deploy or destroy tries again)");
        return new Result(true, null, null, outputs);
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
                                Map<String, Path> assets, List<Change> changes) {
        String id = resource.logicalId();
        ResourceRecord old;
        synchronized (lock) {
            old = record.resources.get(id);
        }
        JsonNode resolved = intrinsics.resolve(resource.properties());
        List<String> dependencies = new ArrayList<>(waitsFor);
        boolean typeChanged = old != null && !old.type.equals(resource.type());

        if (!isCustom(resource.type())) {
            if (old != null && !typeChanged && resolved.equals(old.properties)) {
                return;
            }
            ResourceRecord now = skipped(resource, resolved, dependencies, old == null || typeChanged ? null : old,
                    assets);
            synchronized (lock) {
                record.resources.put(id, now);
                if (typeChanged) {
                    record.leftovers.add(old);
                }
                store.save(record);
            }
            changes.add(old == null ? new Created(now) : typeChanged ? new Replaced(old, now) : new Updated(old, now));
            printer.event("SKIPPED", resource.type(), id, old == null ? "(no local meaning: recorded, not created)"
                    : "(no local meaning: new properties recorded)");
            return;
        }

        JsonNode properties = Intrinsics.stringifyScalars(resolved);
        ResourceRecord target = newRecord(resource, properties, dependencies);

        if (old == null || typeChanged) {
            printer.event("CREATE_IN_PROGRESS", resource.type(), id, "");
            ResponseServer.Response r = request("Create", target, null, null);
            if (!r.success()) {
                if (r.physicalResourceId() != null) {
                    // CloudFormation's rollback deletes what a failed Create answered, even a made-up id.
                    changes.add(new Created(target));
                }
                printer.event("CREATE_FAILED", resource.type(), id, r.reason());
                throw new DeployFailure(r.reason());
            }
            if (typeChanged) {
                changes.add(new Replaced(old, target));
            } else {
                changes.add(new Created(target));
            }
            printer.event("CREATE_COMPLETE", resource.type(), id, "");
            return;
        }
        if (properties.equals(old.properties)) {
            return;
        }
        printer.event("UPDATE_IN_PROGRESS", resource.type(), id, "");
        ResponseServer.Response r = request("Update", target, old.properties, old.physicalId);
        if (!r.success()) {
            printer.event("UPDATE_FAILED", resource.type(), id, r.reason());
            throw new DeployFailure(r.reason());
        }
        if (!target.physicalId.equals(old.physicalId)) {
            changes.add(new Replaced(old, target));
            printer.event("UPDATE_COMPLETE", resource.type(), id, "(replaced: the old resource is deleted in "
                    + "the cleanup phase)");
        } else {
            changes.add(new Updated(old, target));
            printer.event("UPDATE_COMPLETE", resource.type(), id, "");
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
                    boolean deleted = deleteResource(rep.now());
                    ok &= deleted;
                    synchronized (lock) {
                        if (!deleted) {
                            // Not forgotten: the next deploy or destroy deletes it.
                            record.leftovers.add(rep.now());
                        }
                        record.resources.put(rep.before().logicalId, rep.before());
                        record.leftovers.removeIf(l -> l.physicalId.equals(rep.before().physicalId));
                        store.save(record);
                    }
                } else if (change instanceof Updated u) {
                    ok &= updateBack(u);
                }
            } catch (RuntimeException e) {
                printer.event("ROLLBACK_FAILED", STACK_TYPE, record.stackName, e.getMessage());
                ok = false;
            }
        }
        return ok;
    }

    private boolean updateBack(Updated u) {
        if (u.before().skipped) {
            synchronized (lock) {
                record.resources.put(u.before().logicalId, u.before());
                store.save(record);
            }
            return true;
        }
        printer.event("UPDATE_IN_PROGRESS", u.now().type, u.now().logicalId, "(rollback to the old properties)");
        ResourceRecord back = copyOf(u.before());
        ResponseServer.Response r = request("Update", back, u.now().properties, u.now().physicalId);
        if (!r.success()) {
            printer.event("UPDATE_FAILED", u.now().type, u.now().logicalId, r.reason());
            return false;
        }
        printer.event("UPDATE_COMPLETE", u.now().type, u.now().logicalId, "");
        return true;
    }

    // ------------------------------------------------------------------------------------------------ destroy

    /** Deletes every recorded resource, dependents before what they depend on. */
    public Result destroy() {
        recover();
        List<ResourceRecord> resources;
        synchronized (lock) {
            resources = new ArrayList<>(record.resources.values());
        }
        printer.begin(record.stackName, resources.size() + record.leftovers.size());
        printer.event("DELETE_IN_PROGRESS", STACK_TYPE, record.stackName, "");
        boolean clean = cleanUpLeftovers();
        String failed = deleteAll(resources,
                r -> r.deletionPolicy.equals("Retain") ? "(DeletionPolicy Retain: kept)" : null);
        boolean ok = failed == null && clean;
        if (ok) {
            synchronized (lock) {
                record.outputs = new LinkedHashMap<>();
            }
        }
        setStatus(ok ? "DELETE_COMPLETE" : "DELETE_FAILED");
        printer.event(record.status, STACK_TYPE, record.stackName, "");
        return new Result(ok, failed, failed != null ? "see the DELETE_FAILED event"
                : clean ? null : "some resources could not be deleted", Map.of());
    }

    /** Deletes what left the stack: replaced resources, and resources removed from the template. */
    private boolean cleanUpLeftovers() {
        List<ResourceRecord> leftovers;
        synchronized (lock) {
            leftovers = new ArrayList<>(record.leftovers);
        }
        return deleteAll(leftovers, r -> r.updateReplacePolicy.equals("Retain") || r.deletionPolicy.equals("Retain")
                ? "(Retain: kept)" : null) == null;
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
        records.forEach(r -> byKey.put(r.logicalId + "#" + r.physicalId, r));
        Map<String, Set<String>> dependents = new HashMap<>();
        byKey.keySet().forEach(k -> dependents.put(k, new LinkedHashSet<>()));
        byKey.forEach((key, r) -> r.dependencies.forEach(dependency -> byKey.keySet().stream()
                .filter(k -> k.startsWith(dependency + "#")).forEach(k -> dependents.get(k).add(key))));
        AtomicReference<String> failed = new AtomicReference<>();
        runInOrder(byKey.keySet(), dependents::get, key -> {
            ResourceRecord r = byKey.get(key);
            String kept = retention.apply(r);
            if (kept != null) {
                forget(r);
                printer.event("DELETE_SKIPPED", r.type, r.logicalId, kept);
            } else if (!deleteResource(r)) {
                failed.compareAndSet(null, r.logicalId);
                throw new DeployFailure("delete failed");
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
        if (r.skipped) {
            forget(r);
            printer.event("SKIPPED", r.type, r.logicalId, "(no local meaning: forgotten)");
            return true;
        }
        printer.event("DELETE_IN_PROGRESS", r.type, r.logicalId, "");
        ResponseServer.Response response = request("Delete", r, null, r.physicalId);
        if (!response.success()) {
            printer.event("DELETE_FAILED", r.type, r.logicalId, response.reason());
            return false;
        }
        printer.event("DELETE_COMPLETE", r.type, r.logicalId, "");
        return true;
    }

    private void forget(ResourceRecord r) {
        synchronized (lock) {
            removeRecorded(r.logicalId, r.physicalId);
            store.save(record);
        }
    }

    /** Removes a resource from the record, as a resource or a leftover. Call under the lock. */
    private void removeRecorded(String logicalId, String physicalId) {
        ResourceRecord current = record.resources.get(logicalId);
        if (current != null && Objects.equals(current.physicalId, physicalId)) {
            record.resources.remove(logicalId);
        }
        record.leftovers.removeIf(l -> Objects.equals(l.physicalId, physicalId) && l.logicalId.equals(logicalId));
    }

    // ------------------------------------------------------------------------------------------------ requests

    /**
     * Sends a custom-resource request and waits for its response. It is recorded as pending first, and stays so
     * until the caller commits what it changed.
     */
    private ResponseServer.Response request(String type, ResourceRecord target, JsonNode oldProperties,
                                            String physicalId) {
        ObjectNode event = JSON.objectNode();
        event.put("RequestType", type);
        event.set("ServiceToken", target.properties.path("ServiceToken"));
        event.put("StackId", record.stackId);
        event.put("RequestId", UUID.randomUUID().toString());
        event.put("LogicalResourceId", target.logicalId);
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        event.put("ResourceType", target.type);
        event.set("ResourceProperties", target.properties);
        if (oldProperties != null) {
            event.set("OldResourceProperties", oldProperties);
        }
        PendingOperation op = new PendingOperation();
        op.requestId = event.get("RequestId").asText();
        op.requestType = type;
        op.logicalId = target.logicalId;
        op.event = event;
        op.target = target;
        synchronized (lock) {
            record.pending.add(op);
            String connector = target.properties.path("VoiceConnectorId").asText("");
            if (!connector.isEmpty()) {
                record.voiceConnectors.add(connector);
            }
            store.save(record);
        }
        ResponseServer.Response response = deliver(op);
        settle(op, response);
        return response;
    }

    private ResponseServer.Response deliver(PendingOperation op) {
        String token = op.event.path("ServiceToken").asText("");
        Functions.Spec function = function(token);
        // The event is not changed: CustomResources adds the ResponseURL to a copy of its own.
        return custom.send((ObjectNode) op.event, function, serviceTimeout(op.event.path("ResourceProperties")));
    }

    /**
     * Records what a request's answer changed and clears the request from pending, in one save: a run killed at any
     * moment finds the request either still pending, to redeliver, or its outcome recorded.
     *
     * <ul>
     *   <li>A Create or Update that succeeded records its target with the answered id; what it displaces under
     *       another id (a replacement) becomes a leftover, deleted in the cleanup phase or by rollback's undoing.</li>
     *   <li>A failed Create that answered an id becomes a leftover: CloudFormation's rollback deletes even that.</li>
     *   <li>A Delete that succeeded forgets the resource.</li>
     * </ul>
     */
    private void settle(PendingOperation op, ResponseServer.Response r) {
        synchronized (lock) {
            record.pending.removeIf(p -> p.requestId.equals(op.requestId));
            if (op.requestType.equals("Delete")) {
                if (r.success()) {
                    removeRecorded(op.logicalId, op.event.path("PhysicalResourceId").asText());
                }
            } else if (r.success()) {
                op.target.physicalId = r.physicalResourceId();
                op.target.data = r.data();
                ResourceRecord displaced = record.resources.put(op.logicalId, op.target);
                if (displaced != null && !displaced.physicalId.equals(op.target.physicalId)) {
                    record.leftovers.add(displaced);
                }
            } else if (op.requestType.equals("Create") && r.physicalResourceId() != null) {
                op.target.physicalId = r.physicalResourceId();
                record.leftovers.add(op.target);
            }
            store.save(record);
        }
    }

    /**
     * Redelivers the requests a killed run left unanswered, with their own RequestIds, and applies the answers, so
     * that what they created is recorded and nothing is created twice.
     */
    private void recover() {
        List<PendingOperation> pending;
        synchronized (lock) {
            pending = new ArrayList<>(record.pending);
        }
        for (PendingOperation op : pending) {
            printer.line(record.stackName + " | resuming " + op.requestType + " of " + op.logicalId
                    + " left unanswered by an earlier run (same RequestId)");
            ResponseServer.Response r = deliver(op);
            settle(op, r);
            printer.line(record.stackName + " | resumed " + op.requestType + " of " + op.logicalId + ": "
                    + (r.success() ? "SUCCESS" : "FAILED: " + r.reason()));
        }
    }

    // ------------------------------------------------------------------------------------------------ functions

    /** The function a ServiceToken names: a Lambda function of this stack. */
    private Functions.Spec function(String serviceToken) {
        ResourceRecord fn;
        synchronized (lock) {
            fn = Stream.concat(record.resources.values().stream(), record.leftovers.stream())
                    .filter(r -> r.type.equals("AWS::Lambda::Function") && serviceToken.equals(r.data.get("Arn")))
                    .findFirst().orElse(null);
        }
        if (fn == null) {
            throw new IllegalStateException("ServiceToken " + serviceToken + " is not a Lambda function of stack "
                    + record.stackName + ": the local runner invokes only functions its stacks define");
        }
        JsonNode p = fn.properties;
        Map<String, String> environment = new LinkedHashMap<>();
        p.path("Environment").path("Variables").fields()
                .forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
        String codePath = fn.data.get("CodePath");
        if (codePath == null) {
            throw new IllegalStateException("function " + fn.logicalId + " has no code asset the local runner can "
                    + "run (only S3 assets of the cloud assembly are supported)");
        }
        return new Functions.Spec(serviceToken, fn.physicalId, Path.of(codePath), p.path("Handler").asText(),
                p.path("Runtime").asText(), p.path("MemorySize").asInt(128),
                Duration.ofSeconds(p.path("Timeout").asInt(3)), environment,
                p.path("LoggingConfig").path("LogFormat").asText("Text"));
    }

    private static Duration serviceTimeout(JsonNode properties) {
        String value = properties.path("ServiceTimeout").asText("");
        return value.isEmpty() ? DEFAULT_SERVICE_TIMEOUT : Duration.ofSeconds(Long.parseLong(value));
    }

    /** The record of a resource with no local meaning, with made-up ids and ARNs, as CloudFormation would make. */
    private ResourceRecord skipped(Template.Resource resource, JsonNode properties, List<String> dependencies,
                                   ResourceRecord old, Map<String, Path> assets) {
        ResourceRecord r = newRecord(resource, properties, dependencies);
        r.skipped = true;
        r.physicalId = old != null ? old.physicalId : physicalName(resource, properties);
        String region = options.region();
        String account = options.account();
        String arn = switch (resource.type()) {
            case "AWS::Lambda::Function" -> "arn:aws:lambda:" + region + ":" + account + ":function:" + r.physicalId;
            case "AWS::IAM::Role" -> "arn:aws:iam::" + account + ":role/" + r.physicalId;
            case "AWS::Logs::LogGroup" -> "arn:aws:logs:" + region + ":" + account + ":log-group:" + r.physicalId
                    + ":*";
            default -> "arn:aws:" + resource.type().split("::")[1].toLowerCase(Locale.ROOT) + ":" + region + ":"
                    + account + ":" + resource.type().split("::")[2].toLowerCase(Locale.ROOT) + "/" + r.physicalId;
        };
        r.data.put("Arn", arn);
        if (resource.type().equals("AWS::Lambda::Function")) {
            String key = properties.path("Code").path("S3Key").asText("");
            Path source = assets.get(key);
            if (source != null) {
                r.data.put("CodePath", copyCode(key, source).toString());
            }
        }
        return r;
    }

    private String physicalName(Template.Resource resource, JsonNode properties) {
        for (String nameProperty : List.of("FunctionName", "RoleName", "LogGroupName", "PolicyName")) {
            if (properties.hasNonNull(nameProperty)) {
                return properties.get(nameProperty).asText();
            }
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            suffix.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        String base = record.stackName + "-" + resource.logicalId();
        return (base.length() > 50 ? base.substring(0, 50) : base) + "-" + suffix;
    }

    /** The function's code, copied into the state directory: the assembly may be a temporary directory. */
    private Path copyCode(String objectKey, Path source) {
        Path target = store.lambdaWorkDir().resolve("code").resolve(objectKey.replace('/', '_'));
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), "code", ".tmp");
                if (Files.isDirectory(source)) {
                    throw new IllegalStateException("directory assets are not supported for functions yet: " + source);
                }
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the function's code " + source, e);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Intrinsics intrinsics(Template template) {
        Map<String, JsonNode> pseudo = new HashMap<>();
        pseudo.put("AWS::Region", TextNode.valueOf(options.region()));
        pseudo.put("AWS::AccountId", TextNode.valueOf(options.account()));
        pseudo.put("AWS::Partition", TextNode.valueOf("aws"));
        pseudo.put("AWS::URLSuffix", TextNode.valueOf("amazonaws.com"));
        pseudo.put("AWS::StackName", TextNode.valueOf(record.stackName));
        pseudo.put("AWS::StackId", TextNode.valueOf(record.stackId));
        pseudo.put("AWS::NotificationARNs", JSON.arrayNode());
        Map<String, String> parameters = new HashMap<>();
        template.parameters().fields().forEachRemaining(e -> {
            JsonNode def = e.getValue().get("Default");
            if (def == null) {
                throw new Template.TemplateException("parameter " + e.getKey() + " has no default; the local runner "
                        + "takes no parameter values");
            }
            parameters.put(e.getKey(), def.asText());
        });
        return new Intrinsics(template, parameters, pseudo, new Intrinsics.Resources() {
            @Override
            public String physicalId(String logicalId) {
                synchronized (lock) {
                    ResourceRecord r = record.resources.get(logicalId);
                    return r == null ? null : r.physicalId;
                }
            }

            @Override
            public String attribute(String logicalId, String attribute) {
                synchronized (lock) {
                    ResourceRecord r = record.resources.get(logicalId);
                    if (r == null) {
                        throw new Intrinsics.ResolveException("Fn::GetAtt " + logicalId + "." + attribute
                                + ": the resource does not exist yet");
                    }
                    String value = r.data.get(attribute);
                    if (value != null) {
                        return value;
                    }
                    if (r.skipped) {
                        return r.physicalId + "/" + attribute;
                    }
                    throw new Intrinsics.ResolveException("CustomResource attribute error: the response of "
                            + logicalId + " has no attribute " + attribute + " (it has " + r.data.keySet() + ")");
                }
            }
        });
    }

    private Map<String, String> outputs(Template template, Intrinsics intrinsics) {
        Map<String, String> outputs = new LinkedHashMap<>();
        template.outputs().fields().forEachRemaining(e -> {
            JsonNode output = e.getValue();
            if (output.has("Condition") && !intrinsics.condition(output.get("Condition").asText())) {
                return;
            }
            outputs.put(e.getKey(), intrinsics.resolve(output.get("Value")).asText());
        });
        return outputs;
    }

    private void setStatus(String status) {
        synchronized (lock) {
            record.status = status;
            store.save(record);
        }
    }

    /** The record of a template resource, before it has an id. */
    private static ResourceRecord newRecord(Template.Resource resource, JsonNode properties,
                                            List<String> dependencies) {
        ResourceRecord r = new ResourceRecord();
        r.logicalId = resource.logicalId();
        r.type = resource.type();
        r.properties = properties;
        r.deletionPolicy = resource.deletionPolicy();
        r.updateReplacePolicy = resource.updateReplacePolicy();
        r.dependencies = dependencies;
        return r;
    }

    private static ResourceRecord copyOf(ResourceRecord r) {
        ResourceRecord c = new ResourceRecord();
        c.logicalId = r.logicalId;
        c.type = r.type;
        c.physicalId = r.physicalId;
        c.properties = r.properties;
        c.data = new LinkedHashMap<>(r.data);
        c.skipped = r.skipped;
        c.deletionPolicy = r.deletionPolicy;
        c.updateReplacePolicy = r.updateReplacePolicy;
        c.dependencies = new ArrayList<>(r.dependencies);
        return c;
    }

    /**
     * Runs {@code action} for every id once everything it waits for has run, up to {@code options.concurrency()} at
     * once. After a failure nothing new starts; what is running finishes.
     */
    private void runInOrder(Set<String> ids, Function<String, Set<String>> waitsFor, Consumer<String> action) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.concurrency()), r -> {
            Thread t = new Thread(r, "resource");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean failed = new AtomicBoolean();
        Map<String, CompletableFuture<Void>> futures = new HashMap<>();
        try {
            for (String id : Template.topological(ids, waitsFor)) {
                CompletableFuture<?>[] before = waitsFor.apply(id).stream().filter(futures::containsKey)
                        .map(futures::get).toArray(CompletableFuture[]::new);
                futures.put(id, CompletableFuture.allOf(before).thenRunAsync(() -> {
                    if (failed.get()) {
                        throw new DeployFailure("not started: the operation failed");
                    }
                    try {
                        action.accept(id);
                    } catch (RuntimeException e) {
                        failed.set(true);
                        throw e;
                    }
                }, pool));
            }
            // allOf completes once every one has; each failure was reported when it happened.
            CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                    .join();
        } finally {
            pool.shutdownNow();
        }
    }

    /** A resource operation failed; already reported. */
    private static final class DeployFailure extends RuntimeException {
        DeployFailure(String message) {
            super(message, null, false, false);
        }
    }
}
