package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * Checks what can be checked before anything is deployed: dependencies and parameters.
     *
     * @throws TemplateException naming what this runner cannot play
     */
    void check() {
        dependencyOrder();
        parameterDefaults();
    }
}
