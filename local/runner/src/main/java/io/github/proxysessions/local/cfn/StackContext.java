package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a stack is deployed, as its template sees it: the pseudo parameters ({@code AWS::Region},
 * {@code AWS::StackId}, ...), the parameters' defaults (the runner takes no parameter values), and the outputs.
 */
public record StackContext(String stackName, String stackId, String region, String account) {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /**
     * A new stack's id, as CloudFormation makes one:
     * {@code arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>}.
     */
    public static String newStackId(String region, String account, String stackName) {
        return "arn:aws:cloudformation:" + region + ":" + account + ":stack/" + stackName + "/" + UUID.randomUUID();
    }

    /** The first id of stack {@code stackName} (as {@link #newStackId} makes them) found in a text, if any. */
    public static Optional<String> findStackId(String text, String stackName) {
        Matcher m = Pattern.compile("arn:aws:cloudformation:[a-z0-9-]+:[0-9]{12}:stack/" + Pattern.quote(stackName)
                + "/" + UUID_PATTERN).matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    public String partition() {
        return "aws";
    }

    /**
     * The intrinsics of a template in this stack, resolving references through {@code resources} and imports through
     * {@code imports}.
     */
    Intrinsics intrinsics(Template template, Intrinsics.Resources resources, Intrinsics.ImportValues imports) {
        Map<String, JsonNode> pseudo = new HashMap<>();
        pseudo.put("AWS::Region", TextNode.valueOf(region));
        pseudo.put("AWS::AccountId", TextNode.valueOf(account));
        pseudo.put("AWS::Partition", TextNode.valueOf(partition()));
        pseudo.put("AWS::URLSuffix", TextNode.valueOf("amazonaws.com"));
        pseudo.put("AWS::StackName", TextNode.valueOf(stackName));
        pseudo.put("AWS::StackId", TextNode.valueOf(stackId));
        pseudo.put("AWS::NotificationARNs", JsonNodeFactory.instance.arrayNode());
        return new Intrinsics(template, template.parameterDefaults(), pseudo, resources, imports);
    }

    /** The template's outputs whose condition holds, resolved: their values, and their exports. */
    record Outputs(Map<String, String> values, Map<String, String> exports) {
    }

    /** The template's outputs whose condition holds, resolved. */
    static Outputs outputs(Template template, Intrinsics intrinsics) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> exports = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : template.outputs().properties()) {
            JsonNode output = e.getValue();
            if (output.has("Condition") && !intrinsics.condition(output.get("Condition").asText())) {
                continue;
            }
            String value = intrinsics.resolve(output.get("Value")).asText();
            values.put(e.getKey(), value);
            if (output.has("Export")) {
                exports.put(intrinsics.resolve(output.path("Export").path("Name")).asText(), value);
            }
        }
        return new Outputs(values, exports);
    }
}
