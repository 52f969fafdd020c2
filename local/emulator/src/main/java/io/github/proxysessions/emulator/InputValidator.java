package io.github.proxysessions.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.proxysessions.emulator.ServiceModel.MemberDef;
import io.github.proxysessions.emulator.ServiceModel.ShapeDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a request's input against the constraints of its shape in the service model: required members, types,
 * lengths, ranges, patterns and enums, at any depth. Messages follow the service's own wording ("Value at 'X' failed
 * to satisfy constraint: Member must ...") and name the member; values of sensitive shapes (phone numbers, names) are
 * never echoed.
 */
final class InputValidator {

    private static final int MAX_ECHOED_VALUE = 64;

    private final ServiceModel model;

    InputValidator(ServiceModel model) {
        this.model = model;
    }

    /** Returns the violations, empty when the input is valid. */
    List<String> validate(String shapeName, JsonNode input) {
        List<String> violations = new ArrayList<>();
        check(model.shape(shapeName), input, "", violations);
        return violations;
    }

    /** Throws BadRequestException listing every violation, as the service does; nothing when there is none. */
    static void require(List<String> violations) {
        if (!violations.isEmpty()) {
            throw rejection(violations);
        }
    }

    /** The BadRequestException that lists these violations, as the service does. */
    static ApiException rejection(List<String> violations) {
        return ApiException.badRequest(summary(violations));
    }

    static String summary(List<String> violations) {
        return violations.size() + " validation error" + (violations.size() == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations);
    }

    private void check(ShapeDef shape, JsonNode value, String path, List<String> out) {
        switch (shape.type()) {
            case "structure" -> checkStructure(shape, value, path, out);
            case "list" -> checkList(shape, value, path, out);
            case "string" -> checkString(shape, value, path, out);
            case "integer", "long" -> checkInteger(shape, value, path, out);
            case "boolean" -> {
                if (!value.isBoolean()) {
                    out.add(violation(shape, value, path, "Member must be a boolean"));
                }
            }
            default -> throw new IllegalStateException("input shape type not supported: " + shape.type());
        }
    }

    private void checkStructure(ShapeDef shape, JsonNode value, String path, List<String> out) {
        if (!value.isObject()) {
            out.add(violation(shape, value, path, "Member must be a structure"));
            return;
        }
        for (Map.Entry<String, MemberDef> e : shape.members().entrySet()) {
            String name = e.getKey();
            JsonNode member = value.get(name);
            String memberPath = path.isEmpty() ? name : path + "." + name;
            if (member == null || member.isNull()) {
                if (shape.required().contains(name)) {
                    out.add(nullViolation(memberPath));
                }
                continue;
            }
            check(model.shape(e.getValue().shape()), member, memberPath, out);
        }
        // Members the model does not define are ignored, as the service ignores them.
    }

    private void checkList(ShapeDef shape, JsonNode value, String path, List<String> out) {
        if (!value.isArray()) {
            out.add(violation(shape, value, path, "Member must be a list"));
            return;
        }
        lengthRule(shape, value.size(), value, path, out);
        ShapeDef member = model.shape(shape.listMember());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            String elementPath = path + "." + (i + 1);
            if (element.isNull()) {
                out.add(nullViolation(elementPath));
            } else {
                check(member, element, elementPath, out);
            }
        }
    }

    private void checkString(ShapeDef shape, JsonNode value, String path, List<String> out) {
        if (!value.isTextual()) {
            out.add(violation(shape, value, path, "Member must be a string"));
            return;
        }
        String text = value.asText();
        lengthRule(shape, text.codePointCount(0, text.length()), value, path, out);
        if (shape.pattern() != null && !shape.pattern().matcher(text).find()) {
            out.add(violation(shape, value, path,
                    "Member must satisfy regular expression pattern: " + shape.patternSource()));
        }
        if (shape.enumValues() != null && !shape.enumValues().contains(text)) {
            out.add(violation(shape, value, path, "Member must satisfy enum value set: " + shape.enumValues()));
        }
    }

    private void checkInteger(ShapeDef shape, JsonNode value, String path, List<String> out) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            out.add(violation(shape, value, path, "Member must be an integer"));
            return;
        }
        int n = value.intValue();
        if (shape.min() != null && n < shape.min()) {
            out.add(violation(shape, value, path, "Member must have value greater than or equal to " + shape.min()));
        }
        if (shape.max() != null && n > shape.max()) {
            out.add(violation(shape, value, path, "Member must have value less than or equal to " + shape.max()));
        }
    }

    private static void lengthRule(ShapeDef shape, int length, JsonNode value, String path, List<String> out) {
        if (shape.min() != null && length < shape.min()) {
            out.add(violation(shape, value, path, "Member must have length greater than or equal to " + shape.min()));
        }
        if (shape.max() != null && length > shape.max()) {
            out.add(violation(shape, value, path, "Member must have length less than or equal to " + shape.max()));
        }
    }

    private static String violation(ShapeDef shape, JsonNode value, String path, String rule) {
        String shown = shape.sensitive() || value.isContainerNode() ? null
                : value.isTextual() ? value.asText() : value.toString();
        return violation(path, shown, rule);
    }

    /** A required member, or a list element, that is missing or null, in the service's wording. */
    static String nullViolation(String path) {
        return "Value null at '" + path + "' failed to satisfy constraint: Member must not be null";
    }

    /**
     * One violation in the service's wording.
     *
     * @param shown the value to echo, or null for none: never the value of a sensitive member (phone numbers, names)
     */
    static String violation(String path, String shown, String rule) {
        String echo = "";
        if (shown != null) {
            echo = " '" + (shown.length() > MAX_ECHOED_VALUE ? shown.substring(0, MAX_ECHOED_VALUE) + "..." : shown)
                    + "'";
        }
        return "Value" + echo + " at '" + path + "' failed to satisfy constraint: " + rule;
    }
}
