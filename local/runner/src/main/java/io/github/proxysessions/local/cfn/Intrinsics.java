package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions CDK emits for stacks like these: {@code Ref} (resources, parameters and pseudo
 * parameters), {@code Fn::GetAtt}, {@code Fn::Join}, {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Split},
 * {@code Fn::If}, {@code Fn::FindInMap}, {@code Fn::Base64}, {@code Fn::GetAZs}, {@code Fn::ImportValue} (another
 * stack's export), and conditions. Anything else is an error that names it.
 */
final class Intrinsics {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    /** What {@code Ref: AWS::NoValue} resolves to: the property is removed. */
    private static final JsonNode NO_VALUE = JSON.missingNode();

    /** What resources have become, as far as the deployment has got. */
    interface Resources {
        /** The physical id, or null when the resource has none yet. */
        String physicalId(String logicalId);

        /** An attribute ({@code Fn::GetAtt}); throws {@link ResolveException} naming what is missing. */
        String attribute(String logicalId, String attribute);

        /**
         * True when {@code value} holds a placeholder for what is not known yet (a prediction before a deploy): a
         * list split from it, and any element of that list, is then as unknown as it, whatever its length would be.
         */
        default boolean isUnknown(String value) {
            return false;
        }

        /** No resource yet: for what must be known before any is, such as the names of imports and exports. */
        static Resources none() {
            return new Resources() {
                @Override
                public String physicalId(String logicalId) {
                    throw new ResolveException("Ref " + logicalId + " is known once the resource is");
                }

                @Override
                public String attribute(String logicalId, String attribute) {
                    throw new ResolveException("Fn::GetAtt " + logicalId + "." + attribute + " is known once the "
                            + "resource is");
                }
            };
        }
    }

    /** The exports {@code Fn::ImportValue} reads. */
    @FunctionalInterface
    interface ImportValues {
        /**
         * The value of an export.
         *
         * @throws ResolveException in CloudFormation's words when no stack exports the name
         */
        String value(String exportName);

        /** The exports of the region, as recorded. */
        static ImportValues of(Exports exports) {
            return name -> exports.find(name).map(Exports.Export::value)
                    .orElseThrow(() -> new ResolveException("No export named " + name + " found."));
        }
    }

    /** A template value that cannot be resolved. */
    static final class ResolveException extends TemplateException {
        ResolveException(String message) {
            super(message);
        }
    }

    private final Template template;
    private final Map<String, String> parameters;
    private final Map<String, JsonNode> pseudo;
    private final Resources resources;
    private final ImportValues imports;

    Intrinsics(Template template, Map<String, String> parameters, Map<String, JsonNode> pseudo, Resources resources,
               ImportValues imports) {
        this.template = template;
        this.parameters = parameters;
        this.pseudo = pseudo;
        this.resources = resources;
        this.imports = imports;
    }

    /** Resolves every intrinsic in {@code node}; properties that resolve to {@code AWS::NoValue} are left out. */
    JsonNode resolve(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject() && node.size() == 1) {
            String key = node.fieldNames().next();
            if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition")) {
                return function(key, node.get(key));
            }
        }
        if (node.isObject()) {
            ObjectNode out = JSON.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                JsonNode value = resolve(e.getValue());
                if (!value.isMissingNode()) {
                    out.set(e.getKey(), value);
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.arrayNode();
            for (JsonNode element : node) {
                JsonNode value = resolve(element);
                if (!value.isMissingNode()) {
                    out.add(value);
                }
            }
            return out;
        }
        return node;
    }

    private JsonNode function(String name, JsonNode arg) {
        switch (name) {
            case "Ref":
                return ref(arg.asText());
            case "Fn::GetAtt": {
                String id;
                String attribute;
                if (arg.isArray()) {
                    id = arg.get(0).asText();
                    attribute = resolve(arg.get(1)).asText();
                } else {
                    String[] parts = arg.asText().split("\\.", 2);
                    id = parts[0];
                    attribute = parts.length > 1 ? parts[1] : "";
                }
                requireResource(id, "Fn::GetAtt");
                return TextNode.valueOf(resources.attribute(id, attribute));
            }
            case "Fn::Join": {
                String delimiter = arg.get(0).asText();
                List<String> parts = new ArrayList<>();
                JsonNode joined = resolve(arg.get(1));
                if (joined.isTextual() && resources.isUnknown(joined.asText())) {
                    return joined;
                }
                for (JsonNode part : list(joined, "Fn::Join")) {
                    parts.add(scalar(part, "Fn::Join"));
                }
                return TextNode.valueOf(String.join(delimiter, parts));
            }
            case "Fn::Sub":
                return TextNode.valueOf(sub(arg));
            case "Fn::Select": {
                int index = Integer.parseInt(scalar(resolve(arg.get(0)), "Fn::Select"));
                JsonNode from = resolve(arg.get(1));
                if (from.isTextual() && resources.isUnknown(from.asText())) {
                    return from;
                }
                JsonNode list = list(from, "Fn::Select");
                if (index < 0 || index >= list.size()) {
                    throw new ResolveException("Fn::Select index " + index + " is out of bounds of a list of "
                            + list.size());
                }
                return list.get(index);
            }
            case "Fn::Split": {
                String delimiter = arg.get(0).asText();
                String source = scalar(resolve(arg.get(1)), "Fn::Split");
                if (resources.isUnknown(source)) {
                    // Its parts are not known, nor how many there are: the placeholder stands for the list.
                    return TextNode.valueOf(source);
                }
                ArrayNode out = JSON.arrayNode();
                for (String part : source.split(Pattern.quote(delimiter), -1)) {
                    out.add(part);
                }
                return out;
            }
            case "Fn::If":
                return resolve(condition(arg.get(0).asText()) ? arg.get(1) : arg.get(2));
            case "Fn::FindInMap": {
                String map = scalar(resolve(arg.get(0)), "Fn::FindInMap");
                String top = scalar(resolve(arg.get(1)), "Fn::FindInMap");
                String second = scalar(resolve(arg.get(2)), "Fn::FindInMap");
                JsonNode value = template.mappings().path(map).path(top).path(second);
                if (value.isMissingNode()) {
                    throw new ResolveException("Fn::FindInMap: mapping " + map + " has no " + top + "." + second);
                }
                return value;
            }
            case "Fn::Base64":
                return TextNode.valueOf(Base64.getEncoder().encodeToString(
                        scalar(resolve(arg), "Fn::Base64").getBytes(StandardCharsets.UTF_8)));
            case "Fn::GetAZs": {
                String region = pseudo.get("AWS::Region").asText();
                ArrayNode out = JSON.arrayNode();
                for (String zone : List.of("a", "b", "c")) {
                    out.add(region + zone);
                }
                return out;
            }
            case "Fn::ImportValue":
                return TextNode.valueOf(imports.value(scalar(resolve(arg), "Fn::ImportValue")));
            case "Condition":
                return JSON.booleanNode(condition(arg.asText()));
            case "Fn::Equals":
            case "Fn::And":
            case "Fn::Or":
            case "Fn::Not":
                return JSON.booleanNode(evaluate(JSON.objectNode().set(name, arg)));
            default:
                throw new ResolveException(name + " is not supported by the local runner");
        }
    }

    private JsonNode ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (pseudo.containsKey(name)) {
            return pseudo.get(name);
        }
        if (parameters.containsKey(name)) {
            return TextNode.valueOf(parameters.get(name));
        }
        requireResource(name, "Ref");
        String id = resources.physicalId(name);
        if (id == null) {
            throw new ResolveException("Ref " + name + ": the resource has no physical id yet");
        }
        return TextNode.valueOf(id);
    }

    private void requireResource(String id, String function) {
        if (!template.resources().containsKey(id)) {
            throw new ResolveException(function + " refers to " + id + ", which is neither a resource nor a parameter "
                    + "of the template");
        }
    }

    private String sub(JsonNode arg) {
        String text = arg.isArray() ? arg.get(0).asText() : arg.asText();
        JsonNode variables = arg.isArray() && arg.size() > 1 ? arg.get(1) : JSON.objectNode();
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String variable = m.group(1);
            String value;
            if (variable.startsWith("!")) {
                value = "${" + variable.substring(1) + "}";
            } else if (variables.has(variable)) {
                value = scalar(resolve(variables.get(variable)), "Fn::Sub");
            } else if (variable.contains(".") && template.resources().containsKey(variable.split("\\.", 2)[0])) {
                String[] parts = variable.split("\\.", 2);
                value = resources.attribute(parts[0], parts[1]);
            } else {
                value = scalar(ref(variable), "Fn::Sub");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Evaluates a named condition of the template. */
    boolean condition(String name) {
        JsonNode definition = template.conditions().get(name);
        if (definition == null) {
            throw new ResolveException("condition " + name + " is not defined in the template");
        }
        return evaluate(definition);
    }

    private boolean evaluate(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isObject() && node.has("Condition")) {
            return condition(node.get("Condition").asText());
        }
        if (node.isObject() && node.has("Fn::Equals")) {
            JsonNode args = node.get("Fn::Equals");
            return resolve(args.get(0)).asText().equals(resolve(args.get(1)).asText());
        }
        if (node.isObject() && node.has("Fn::Not")) {
            return !evaluate(node.get("Fn::Not").get(0));
        }
        if (node.isObject() && node.has("Fn::And")) {
            for (JsonNode c : node.get("Fn::And")) {
                if (!evaluate(c)) {
                    return false;
                }
            }
            return true;
        }
        if (node.isObject() && node.has("Fn::Or")) {
            for (JsonNode c : node.get("Fn::Or")) {
                if (evaluate(c)) {
                    return true;
                }
            }
            return false;
        }
        throw new ResolveException("unsupported condition " + node);
    }

    private static JsonNode list(JsonNode node, String function) {
        if (!node.isArray()) {
            throw new ResolveException(function + " needs a list, got " + node);
        }
        return node;
    }

    private static String scalar(JsonNode node, String function) {
        if (node.isContainerNode() || node.isMissingNode()) {
            throw new ResolveException(function + " needs a scalar, got " + node);
        }
        return node.asText();
    }

    /**
     * The properties as CloudFormation sends them to a custom resource: every scalar a string ({@code 30} becomes
     * {@code "30"}, {@code true} becomes {@code "true"}), lists and objects kept.
     */
    static JsonNode stringifyScalars(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.objectNode();
            node.properties().forEach(e -> out.set(e.getKey(), stringifyScalars(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.arrayNode();
            node.forEach(e -> out.add(stringifyScalars(e)));
            return out;
        }
        if (node.isNull()) {
            return node;
        }
        return TextNode.valueOf(node.asText());
    }
}
