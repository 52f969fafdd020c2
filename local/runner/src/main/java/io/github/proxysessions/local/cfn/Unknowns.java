package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values a {@link ChangeSet} cannot know before the deploy, as placeholders that travel through intrinsics (a
 * {@code Fn::Join} of one is still one), through exports into the stacks that import them, and out as
 * {@code (known after deploy: <what>)}. A placeholder either will differ from what is recorded (the id or an attribute
 * of a resource the deploy makes) or may (an attribute of a resource it updates in place).
 */
final class Unknowns {

    private static final String OPEN = "\u0001";
    private static final String CLOSE = "\u0002";
    private static final Pattern TOKEN = Pattern.compile(OPEN + "([WM])(\\d+)" + CLOSE);

    private final List<String> what = new CopyOnWriteArrayList<>();

    /** A value of something the deploy makes, which will differ from any recorded one; {@code name} says what. */
    String made(String name) {
        return token('W', name);
    }

    /** A value of something the deploy updates in place, which may differ from the recorded one. */
    String updated(String name) {
        return token('M', name);
    }

    private String token(char kind, String name) {
        what.add(name);
        return OPEN + kind + (what.size() - 1) + CLOSE;
    }

    /** True when the text holds a value not known before the deploy. */
    boolean isUnknown(String text) {
        return text != null && text.contains(OPEN);
    }

    /** True when the text holds a value that will differ. */
    boolean certainlyDiffers(String text) {
        return text != null && text.contains(OPEN + "W");
    }

    /** True when the text holds values not known before, all of which may stay as they are. */
    boolean onlyMayDiffer(String text) {
        return isUnknown(text) && !text.contains(OPEN + "W");
    }

    /** The text for people: each placeholder as {@code (known after deploy: <what>)}. */
    String shown(String text) {
        if (!isUnknown(text)) {
            return text;
        }
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("(known after deploy: "
                    + what.get(Integer.parseInt(m.group(2))) + ")"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A JSON value for people: each placeholder in its strings shown. */
    JsonNode shown(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(shown(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.set(e.getKey(), shown(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> out.add(shown(e)));
            return out;
        }
        return node;
    }
}
