package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the resources a piece of template refers to through Ref, Fn::GetAtt and Fn::Sub. */
final class References {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    private References() {
    }

    /**
     * Adds to {@code out} the names {@code Ref} and {@code Fn::GetAtt} give in {@code node} that are not in the
     * template: {@code Ref} of neither a resource, a parameter nor a pseudo parameter ({@code AWS::...}),
     * {@code Fn::GetAtt} of no resource.
     */
    static void unresolved(JsonNode node, Set<String> resourceIds, Set<String> parameters, Set<String> out) {
        if (node == null) {
            return;
        }
        if (node.isObject() && node.size() == 1 && node.has("Ref") && node.get("Ref").isTextual()) {
            String name = node.get("Ref").asText();
            if (!resourceIds.contains(name) && !parameters.contains(name) && !name.startsWith("AWS::")) {
                out.add(name);
            }
            return;
        }
        if (node.isObject() && node.size() == 1 && node.has("Fn::GetAtt")) {
            JsonNode target = node.get("Fn::GetAtt");
            String id = target.isArray() ? target.path(0).asText() : target.asText().split("\\.", 2)[0];
            if (!resourceIds.contains(id)) {
                out.add(id);
            }
            return;
        }
        node.forEach(child -> unresolved(child, resourceIds, parameters, out));
    }

    static void collect(JsonNode node, Set<String> resourceIds, Set<String> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Ref") && resourceIds.contains(node.get("Ref").asText())) {
                out.add(node.get("Ref").asText());
            } else if (node.size() == 1 && node.has("Fn::GetAtt")) {
                JsonNode target = node.get("Fn::GetAtt");
                String id = target.isArray() ? target.get(0).asText() : target.asText().split("\\.", 2)[0];
                if (resourceIds.contains(id)) {
                    out.add(id);
                }
            } else if (node.size() == 1 && node.has("Fn::Sub")) {
                JsonNode sub = node.get("Fn::Sub");
                String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
                Matcher m = SUB_VARIABLE.matcher(text);
                while (m.find()) {
                    String id = m.group(1).split("\\.", 2)[0];
                    if (resourceIds.contains(id)) {
                        out.add(id);
                    }
                }
                if (sub.isArray() && sub.size() > 1) {
                    collect(sub.get(1), resourceIds, out);
                }
                return;
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                collect(e.getValue(), resourceIds, out);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, resourceIds, out));
        }
    }
}
