package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** A CloudFormation template, as CDK synthesizes it: resources, outputs, parameters, conditions, mappings. */
final class Template {

    /**
     * One resource of the template.
     *
     * @param path its construct path ({@code aws:cdk:path} metadata, as {@code cdk diff} shows it), or null
     */
    record Resource(String logicalId, String type, JsonNode properties, Set<String> dependsOn, String condition,
                    String deletionPolicy, String updateReplacePolicy, String path) {

        /** Every resource this one needs first: DependsOn, and every Ref, GetAtt and Sub reference. */
        Set<String> dependencies(Set<String> resourceIds) {
            Set<String> out = new LinkedHashSet<>(dependsOn);
            References.collect(properties, resourceIds, out);
            out.remove(logicalId);
            return out;
        }
    }

    private final ObjectNode root;
    private final Map<String, Resource> resources = new LinkedHashMap<>();

    Template(ObjectNode root) {
        this.root = root;
        for (Map.Entry<String, JsonNode> e : root.path("Resources").properties()) {
            JsonNode r = e.getValue();
            Set<String> dependsOn = new LinkedHashSet<>();
            JsonNode d = r.get("DependsOn");
            if (d != null && d.isArray()) {
                d.forEach(x -> dependsOn.add(x.asText()));
            } else if (d != null) {
                dependsOn.add(d.asText());
            }
            resources.put(e.getKey(), new Resource(e.getKey(), r.path("Type").asText(),
                    r.has("Properties") ? r.get("Properties") : root.objectNode(), dependsOn,
                    r.has("Condition") ? r.get("Condition").asText() : null,
                    r.path("DeletionPolicy").asText("Delete"), r.path("UpdateReplacePolicy").asText("Delete"),
                    r.path("Metadata").path("aws:cdk:path").asText(null)));
        }
    }

    Map<String, Resource> resources() {
        return resources;
    }

    JsonNode outputs() {
        return root.path("Outputs");
    }

    JsonNode parameters() {
        return root.path("Parameters");
    }

    JsonNode conditions() {
        return root.path("Conditions");
    }

    JsonNode mappings() {
        return root.path("Mappings");
    }

    /**
     * The resources in an order where each comes after its dependencies.
     *
     * @throws TemplateException on a dependency cycle or a reference to a resource that does not exist
     */
    List<String> dependencyOrder() {
        Set<String> ids = resources.keySet();
        for (Resource r : resources.values()) {
            for (String dependency : r.dependsOn()) {
                if (!ids.contains(dependency)) {
                    throw new TemplateException("resource " + r.logicalId() + " depends on " + dependency
                            + ", which is not in the template");
                }
            }
        }
        return DependencyScheduler.order(ids, id -> resources.get(id).dependencies(ids));
    }

    /**
     * The export names the template imports ({@code Fn::ImportValue}), as far as they can be known before anything is
     * deployed: literal names, and names built from parameters and pseudo parameters.
     *
     * @param early intrinsics that resolve no resource
     */
    Set<String> importNames(Intrinsics early) {
        Set<String> names = new LinkedHashSet<>();
        collectImports(root.path("Resources"), early, names);
        collectImports(root.path("Outputs"), early, names);
        return names;
    }

    private static void collectImports(JsonNode node, Intrinsics early, Set<String> out) {
        if (node.isObject() && node.size() == 1 && node.has("Fn::ImportValue")) {
            try {
                out.add(early.resolve(node.get("Fn::ImportValue")).asText());
            } catch (TemplateException unknownYet) {
                // a name built from a resource: known only once the resource is
            }
            return;
        }
        node.forEach(child -> collectImports(child, early, out));
    }

    /**
     * The export names the template's outputs declare, as far as they can be known before anything is deployed.
     *
     * @param early intrinsics that resolve no resource
     */
    Set<String> exportNames(Intrinsics early) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode output : root.path("Outputs")) {
            if (output.has("Export")) {
                try {
                    names.add(early.resolve(output.path("Export").path("Name")).asText());
                } catch (TemplateException unknownYet) {
                    // a name built from a resource
                }
            }
        }
        return names;
    }

    /**
     * The parameters' values: their defaults, since the runner takes no parameter values.
     *
     * @throws TemplateException naming a parameter without a default
     */
    Map<String, String> parameterDefaults() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : parameters().properties()) {
            JsonNode def = e.getValue().get("Default");
            if (def == null) {
                throw new TemplateException("parameter " + e.getKey() + " has no default; the local runner takes no "
                        + "parameter values");
            }
            values.put(e.getKey(), def.asText());
        }
        return values;
    }

    /**
     * Checks what the runner needs of a template before anything is deployed: a default for every parameter (what
     * CloudFormation refuses is {@link #refusals()}).
     *
     * @throws TemplateException naming what this runner cannot play
     */
    void check() {
        parameterDefaults();
    }

    /** CloudFormation's quotas on a template, and its words when one is passed. */
    private static final int MAX_RESOURCES = 500;
    private static final int MAX_OUTPUTS = 200;
    private static final int MAX_PARAMETERS = 200;
    private static final int MAX_MAPPINGS = 200;
    private static final int MAX_LOGICAL_ID = 255;
    private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9]+");

    /**
     * What CloudFormation refuses of the template itself, in its words, before it changes anything: the quotas (500
     * resources, 200 outputs, 200 parameters, 200 mappings), logical ids (alphanumeric, at most 255 characters), a
     * reference or DependsOn to a resource that is not in the template, and a dependency cycle.
     */
    List<String> refusals() {
        List<String> out = new ArrayList<>();
        quota(out, "Number of resources, %d, is greater than maximum allowed, %d", resources.size(), MAX_RESOURCES);
        // CloudFormation words these two differently from resources (as its users have quoted it, at the old 60).
        quota(out, "Outputs count %d is greater than max allowed %d", outputs().size(), MAX_OUTPUTS);
        quota(out, "Parameter count %d is greater than max allowed %d", parameters().size(), MAX_PARAMETERS);
        // Its wording for mappings is not known here: the resources' form.
        quota(out, "Number of mappings, %d, is greater than maximum allowed, %d", mappings().size(), MAX_MAPPINGS);
        for (String id : resources.keySet()) {
            if (!ALPHANUMERIC.matcher(id).matches()) {
                out.add("Template format error: Resource name " + id + " is non alphanumeric.");
            } else if (id.length() > MAX_LOGICAL_ID) {
                out.add("Template format error: Resource name " + id + " is longer than " + MAX_LOGICAL_ID
                        + " characters.");
            }
        }
        Set<String> unresolved = new TreeSet<>();
        for (Resource r : resources.values()) {
            r.dependsOn().stream().filter(d -> !resources.containsKey(d)).forEach(unresolved::add);
            References.unresolved(r.properties(), resources.keySet(), parameterNames(), unresolved);
        }
        References.unresolved(outputs(), resources.keySet(), parameterNames(), unresolved);
        if (!unresolved.isEmpty()) {
            out.add("Template format error: Unresolved resource dependencies " + new ArrayList<>(unresolved)
                    + " in the Resources block of the template");
            return out;
        }
        try {
            dependencyOrder();
        } catch (DependencyScheduler.Cycle cycle) {
            out.add("Circular dependency between resources: " + cycle.members());
        }
        return out;
    }

    private static void quota(List<String> out, String message, int count, int max) {
        if (count > max) {
            out.add("Template format error: " + String.format(message, count, max));
        }
    }

    private Set<String> parameterNames() {
        Set<String> names = new LinkedHashSet<>();
        parameters().fieldNames().forEachRemaining(names::add);
        return names;
    }
}
