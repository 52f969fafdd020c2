package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What deploying a template to a recorded stack would do, worked out before anything is done, as a CloudFormation
 * change set tells it: each resource added, modified (with the properties that change, and whether that replaces
 * it) or removed, each output, and the exports. Nothing is called and nothing is written.
 *
 * <p>Values are resolved against what is recorded. A value that depends on a resource the deploy makes (a new one, or
 * a replacement) will differ from what is recorded and cannot be known before; one that depends on an attribute of a
 * resource the deploy updates in place may stay or change. Both are kept as {@link Unknowns} placeholders, shown as
 * {@code (known after deploy: <what>)}. Replacement comes from the type: a type with a local meaning replaces on a
 * change of a create-only property, a custom resource as its provider's {@link ReplacementRule} says, a type with no
 * local meaning is never said to be replaced.
 */
public final class ChangeSet {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What happens to a resource or an output. */
    public enum Action {
        /** Created. */
        ADD,
        /** Changed. */
        MODIFY,
        /** Deleted. */
        REMOVE
    }

    /** Whether a change replaces the resource. */
    public enum Replacement {
        /** In place. */
        NO,
        /** It does if a value not known before the deploy turns out to differ. */
        MAY,
        /** A new physical resource is made, the old one deleted. */
        YES
    }

    /**
     * One property that changes.
     *
     * @param before      what is recorded, or null when it was not declared
     * @param after       what the deploy would send, placeholders shown; null when it is no longer declared
     * @param replacement whether its change replaces the resource
     */
    public record PropertyChange(String name, JsonNode before, JsonNode after, Replacement replacement) {
    }

    /**
     * One resource that changes.
     *
     * @param path        its construct path, as {@code cdk diff} names resources, or null when unknown
     * @param replacement for {@link Action#MODIFY}, whether the change replaces it
     * @param properties  for {@link Action#MODIFY}, the properties that change, in name order
     */
    public record ResourceChange(String logicalId, String type, String path, Action action,
                                 Replacement replacement, List<PropertyChange> properties) {
    }

    /** One output that changes; values are null where there is none, placeholders shown. */
    public record OutputChange(String name, Action action, String before, String after) {
    }

    private final String stackName;
    private final String displayName;
    private final List<ResourceChange> resources;
    private final List<OutputChange> outputs;
    private final Map<String, String> exports;
    private final Set<String> imports;
    private final List<String> problems;
    private final Set<String> serviceTokenChanged;
    private final Unknowns unknowns;

    private ChangeSet(Builder b) {
        this.stackName = b.stackName;
        this.displayName = b.displayName;
        this.resources = List.copyOf(b.resources);
        this.outputs = List.copyOf(b.outputs);
        this.exports = Map.copyOf(b.exports);
        this.imports = Set.copyOf(b.imports);
        this.problems = List.copyOf(b.problems);
        this.serviceTokenChanged = Set.copyOf(b.serviceTokenChanged);
        this.unknowns = b.unknowns;
    }

    public String stackName() {
        return stackName;
    }

    /** The stack's hierarchical id, as {@code cdk diff} heads its changes ({@code Stack Prod/Sessions}). */
    public String displayName() {
        return displayName;
    }

    /** The resources that change, in the template's dependency order, then those removed. */
    public List<ResourceChange> resources() {
        return resources;
    }

    public List<OutputChange> outputs() {
        return outputs;
    }

    /** True when the deploy would change nothing. */
    public boolean isEmpty() {
        return resources.isEmpty() && outputs.isEmpty();
    }

    /**
     * What CloudFormation would refuse or fail on, in its words: a resource whose type changes (refused before
     * anything is changed), a custom resource whose ServiceToken changes (fails at its update, then rolls back), a
     * value that cannot be resolved ({@code No export named X found.}).
     */
    public List<String> problems() {
        return problems;
    }

    /** The logical ids of custom resources whose ServiceToken the template changes. */
    public Set<String> serviceTokenChanged() {
        return serviceTokenChanged;
    }

    /** The exports after the deploy, name to value, with placeholders for values not known before it. */
    Map<String, String> exports() {
        return exports;
    }

    /** The export names the template imports. */
    Set<String> imports() {
        return imports;
    }

    /** True when a predicted value will differ from {@code recorded}: it depends on a resource the deploy makes. */
    boolean willDiffer(String recorded, String predicted) {
        return unknowns.certainlyDiffers(predicted) || !unknowns.isUnknown(predicted) && !Objects.equals(recorded,
                predicted);
    }

    // ------------------------------------------------------------------------------------------------ making one

    /**
     * Works out what deploying {@code stack} would do.
     *
     * @param record       the stack's record, or null when it was never deployed
     * @param exports      the exports as they will be when this stack deploys (earlier stacks' predicted ones laid
     *                     over the recorded ones)
     * @param localTypes   the types with a local meaning
     * @param customRules  the replacement rules of the custom resource types the layer above knows
     * @param unknowns     the placeholders of values not known before the deploy, shared by the stacks of one run
     */
    static ChangeSet of(CloudAssembly.Stack stack, StackRecord record, Exports exports, StackDeployment.Options options,
                        Map<String, LocalResourceType> localTypes, Map<String, ReplacementRule> customRules,
                        Unknowns unknowns) {
        Builder b = new Builder(stack.name(), stack.displayName(), unknowns);
        Template template = stack.template();
        String stackId = record != null ? record.stackId() : unknowns.made("AWS::StackId");
        StackContext context = new StackContext(stack.name(), stackId, options.region(), options.account());
        Map<String, State> states = new HashMap<>();
        Intrinsics intrinsics = context.intrinsics(template, predicted(record, states, localTypes, unknowns),
                name -> exports.find(name).map(Exports.Export::value).orElseGet(() -> {
                    String problem = "No export named " + name + " found.";
                    if (!b.problems.contains(problem)) {
                        b.problems.add(problem);
                    }
                    return unknowns.made("Fn::ImportValue " + name);
                }));
        Intrinsics early = context.intrinsics(template, Intrinsics.Resources.none(), name -> unknowns.updated(name));
        b.imports.addAll(template.importNames(early));

        Set<String> active = new LinkedHashSet<>();
        for (String id : template.dependencyOrder()) {
            Template.Resource r = template.resources().get(id);
            if (r.condition() != null && !intrinsics.condition(r.condition())) {
                continue;
            }
            active.add(id);
            ResourceRecord old = record == null ? null : record.resource(id);
            JsonNode properties = comparable(r.type(), intrinsics.resolve(r.properties()), localTypes);
            if (old == null) {
                states.put(id, State.NEW);
                b.resources.add(new ResourceChange(id, r.type(), r.path(), Action.ADD, Replacement.NO, List.of()));
            } else if (!old.type().equals(r.type())) {
                b.typeChanged.add(id);
                states.put(id, State.NEW);
                b.resources.add(new ResourceChange(id, r.type(), r.path(), Action.MODIFY, Replacement.YES,
                        List.of(new PropertyChange("Type", TextNode.valueOf(old.type()), TextNode.valueOf(r.type()),
                                Replacement.YES))));
            } else {
                b.modification(r, old, properties, localTypes, customRules, states);
            }
        }
        if (!b.typeChanged.isEmpty()) {
            b.problems.add(0, "Update of resource type is not permitted. The new template modifies resource type of "
                    + "the following resources: " + new ArrayList<>(new TreeSet<>(b.typeChanged)));
        }
        if (record != null) {
            for (ResourceRecord gone : record.resources()) {
                if (!active.contains(gone.logicalId())) {
                    b.resources.add(new ResourceChange(gone.logicalId(), gone.type(), null, Action.REMOVE,
                            Replacement.NO, List.of()));
                }
            }
        }
        StackContext.Outputs after = StackContext.outputs(template, intrinsics);
        Map<String, String> before = record == null ? Map.of() : record.outputs();
        after.values().forEach((name, value) -> {
            if (!before.containsKey(name)) {
                b.outputs.add(new OutputChange(name, Action.ADD, null, unknowns.shown(value)));
            } else if (!before.get(name).equals(value)) {
                b.outputs.add(new OutputChange(name, Action.MODIFY, before.get(name), unknowns.shown(value)));
            }
        });
        before.forEach((name, value) -> {
            if (!after.values().containsKey(name)) {
                b.outputs.add(new OutputChange(name, Action.REMOVE, value, null));
            }
        });
        b.exports.putAll(after.exports());
        return new ChangeSet(b);
    }

    /** What a resource becomes, as far as the values that refer to it go. */
    private enum State {
        /** Unchanged: everything recorded stays. */
        SAME,
        /** Updated in place: its physical id stays, and the attributes its type keeps; the others may change. */
        UPDATED,
        /** Made by the deploy (new, or a replacement): its id and attributes will differ. */
        NEW
    }

    private static final class Builder {
        final String stackName;
        final String displayName;
        final Unknowns unknowns;
        final List<ResourceChange> resources = new ArrayList<>();
        final List<OutputChange> outputs = new ArrayList<>();
        final Map<String, String> exports = new LinkedHashMap<>();
        final Set<String> imports = new LinkedHashSet<>();
        final List<String> problems = new ArrayList<>();
        final Set<String> typeChanged = new LinkedHashSet<>();
        final Set<String> serviceTokenChanged = new LinkedHashSet<>();

        Builder(String stackName, String displayName, Unknowns unknowns) {
            this.stackName = stackName;
            this.displayName = displayName;
            this.unknowns = unknowns;
        }

        /** A resource of the template that is recorded with its type: unchanged, or modified. */
        void modification(Template.Resource r, ResourceRecord old, JsonNode properties,
                          Map<String, LocalResourceType> localTypes, Map<String, ReplacementRule> customRules,
                          Map<String, State> states) {
            List<String> replacing = replacing(r.type(), old, properties, localTypes, customRules);
            List<PropertyChange> changes = new ArrayList<>();
            Set<String> names = new TreeSet<>();
            old.properties().fieldNames().forEachRemaining(names::add);
            properties.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode was = old.properties().get(name);
                JsonNode now = properties.get(name);
                if (!Objects.equals(was, now)) {
                    changes.add(new PropertyChange(name, was, now == null ? null : unknowns.shown(now),
                            !replacing.contains(name) ? Replacement.NO
                                    : now != null && unknowns.onlyMayDiffer(now.toString()) ? Replacement.MAY
                                            : Replacement.YES));
                }
            }
            policy(changes, "DeletionPolicy", old.deletionPolicy(), r.deletionPolicy());
            policy(changes, "UpdateReplacePolicy", old.updateReplacePolicy(), r.updateReplacePolicy());
            if (changes.isEmpty()) {
                states.put(r.logicalId(), State.SAME);
                return;
            }
            Replacement replacement = changes.stream().map(PropertyChange::replacement)
                    .reduce(Replacement.NO, (a, c) -> a.ordinal() >= c.ordinal() ? a : c);
            states.put(r.logicalId(), replacement == Replacement.YES ? State.NEW : State.UPDATED);
            if (ResourceKinds.isCustom(r.type()) && !Objects.equals(old.properties().get("ServiceToken"),
                    properties.get("ServiceToken"))) {
                serviceTokenChanged.add(r.logicalId());
            }
            resources.add(new ResourceChange(r.logicalId(), r.type(), r.path(), Action.MODIFY, replacement, changes));
        }

        private static void policy(List<PropertyChange> changes, String name, String was, String now) {
            if (!was.equals(now)) {
                changes.add(new PropertyChange(name, TextNode.valueOf(was), TextNode.valueOf(now), Replacement.NO));
            }
        }

        /** The properties whose change replaces the resource, as its type decides it. */
        private static List<String> replacing(String type, ResourceRecord old, JsonNode properties,
                                              Map<String, LocalResourceType> localTypes,
                                              Map<String, ReplacementRule> customRules) {
            if (ResourceKinds.isCustom(type)) {
                ReplacementRule rule = customRules.get(type);
                return rule == null ? List.of() : rule.replacingChanges(old.physicalId(), asMap(old.properties()),
                        asMap(properties));
            }
            LocalResourceType local = localTypes.get(type);
            if (local == null) {
                return List.of();
            }
            return local.createOnlyProperties().stream()
                    .filter(p -> !Objects.equals(old.properties().get(p), properties.get(p))).toList();
        }
    }

    /** The resolved properties as the deploy would compare them with the record. */
    private static JsonNode comparable(String type, JsonNode resolved, Map<String, LocalResourceType> localTypes) {
        if (ResourceKinds.isCustom(type)) {
            return Intrinsics.stringifyScalars(resolved);
        }
        LocalResourceType local = localTypes.get(type);
        return local == null ? resolved : local.normalize(resolved);
    }

    private static Map<String, Object> asMap(JsonNode properties) {
        return MAPPER.convertValue(properties, new TypeReference<Map<String, Object>>() {
        });
    }

    /** What {@code Ref} and {@code Fn::GetAtt} give before the deploy: what is recorded, or placeholders. */
    private static Intrinsics.Resources predicted(StackRecord record, Map<String, State> states,
                                                  Map<String, LocalResourceType> localTypes, Unknowns unknowns) {
        return new Intrinsics.Resources() {
            @Override
            public String physicalId(String logicalId) {
                State state = states.getOrDefault(logicalId, State.NEW);
                ResourceRecord r = record == null ? null : record.resource(logicalId);
                return state == State.NEW || r == null ? unknowns.made("Ref " + logicalId) : r.physicalId();
            }

            @Override
            public String attribute(String logicalId, String attribute) {
                State state = states.getOrDefault(logicalId, State.NEW);
                ResourceRecord r = record == null ? null : record.resource(logicalId);
                String what = logicalId + "." + attribute;
                if (state == State.NEW || r == null) {
                    return unknowns.made(what);
                }
                String recorded = r.data().get(attribute);
                if (recorded == null && r.skipped()) {
                    recorded = r.physicalId() + "/" + attribute;
                }
                if (state == State.SAME || r.skipped() && !attribute.equals(NoLocalMeaning.CODE_PATH)) {
                    return recorded != null ? recorded : unknowns.updated(what);
                }
                LocalResourceType local = localTypes.get(r.type());
                boolean kept = local != null && local.attributesKeptInPlace().contains(attribute);
                return kept && recorded != null ? recorded : unknowns.updated(what);
            }

            @Override
            public boolean isUnknown(String value) {
                return unknowns.isUnknown(value);
            }
        };
    }
}
