package io.github.proxysessions.handler;

import io.github.proxysessions.rules.Masking;
import io.github.proxysessions.rules.ProxySessionRules;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a resource's properties as CloudFormation sends them (every scalar a string, such as {@code "30"}; JSON
 * integers and booleans are accepted too) into typed values, collecting every violation, named by property, instead of
 * stopping at the first. Raw maps stop here.
 */
final class PropertyReader {

    /** Passed along by CloudFormation itself, never by the user. */
    private static final Set<String> CLOUDFORMATION_PROPERTIES = Set.of("ServiceToken", "ServiceTimeout");
    /** How CloudFormation writes a template's number: ASCII digits, an optional '-', no leading zero. */
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("^-?(0|[1-9][0-9]*)$");

    private final Map<String, Object> raw;
    private final List<String> violations;
    /** Put in front of property names in messages: empty at the top, {@code "GeoMatchParams."} inside it. */
    private final String prefix;

    PropertyReader(Map<String, Object> raw, Set<String> supported) {
        this(raw, new ArrayList<>(), "");
        Set<String> unknown = new TreeSet<>(this.raw.keySet());
        unknown.removeAll(supported);
        unknown.removeAll(CLOUDFORMATION_PROPERTIES);
        for (String name : unknown) {
            violations.add("Property '" + name + "' is not supported; supported properties are "
                    + new TreeSet<>(supported));
        }
    }

    private PropertyReader(Map<String, Object> raw, List<String> violations, String prefix) {
        this.raw = raw == null ? Map.of() : raw;
        this.violations = violations;
        this.prefix = prefix;
    }

    String string(String name, boolean required) {
        Object value = present(name, required);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        violate(name, "must be a string; got " + describe(value));
        return null;
    }

    /** A required voice connector id, checked with the shared rule (which refuses an ARN, saying what to give). */
    String voiceConnectorId(String name) {
        String id = string(name, true);
        if (id != null) {
            check(name, ProxySessionRules.voiceConnectorId(id));
        }
        return id;
    }

    /** An optional string, where an empty one counts as absent: null when absent or empty. */
    String optionalString(String name) {
        String value = string(name, false);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * A whole number as CloudFormation sends one, its decimal string ({@code "30"}), or a JSON integer ({@code 30}).
     * Nothing else: not {@code "1e2"}, {@code "+30"}, {@code " 30 "}, {@code "030"}, digits of other scripts, nor a
     * JSON number with a fraction or an exponent.
     */
    Integer integer(String name, boolean required) {
        Object value = present(name, required);
        if (value == null) {
            return null;
        }
        BigInteger number = value instanceof Integer || value instanceof Long || value instanceof BigInteger
                ? new BigInteger(value.toString())
                : value instanceof String s && DECIMAL_INTEGER.matcher(s).matches() ? new BigInteger(s) : null;
        if (number == null) {
            violate(name, "must be a whole number; got " + describe(value)
                    + " (write it in decimal digits, as in '30')");
            return null;
        }
        if (number.bitLength() >= Integer.SIZE) {
            violate(name, "is out of range; got " + describe(value));
            return null;
        }
        return number.intValue();
    }

    /** A boolean, sent as {@code "true"}/{@code "false"} or as a JSON boolean. */
    Boolean bool(String name) {
        Object value = present(name, false);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        violate(name, "must be true or false; got " + describe(value));
        return null;
    }

    /** A list of strings; whole numbers (a phone number written without quotes) are taken as their digits. */
    List<String> strings(String name, boolean required) {
        Object value = present(name, required);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            violate(name, "must be a list; got " + describe(value));
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item instanceof String s) {
                out.add(s);
            } else if (item instanceof Integer || item instanceof Long) {
                out.add(item.toString());
            } else {
                violate(name, "item " + (i + 1) + " must be a string; got " + describe(item));
                return null;
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * A nested object with only the given keys, read by a reader that reports into this one's violations, naming
     * properties {@code Name.Key}. Null when the property is absent, or not an object (which is reported).
     */
    PropertyReader nested(String name, Set<String> keys) {
        Object value = present(name, false);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            violate(name, "must be an object with " + new TreeSet<>(keys) + "; got " + describe(value));
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        for (String key : new TreeSet<>(object.keySet())) {
            if (!keys.contains(key)) {
                violate(name + "." + key, "is not supported; " + name + " takes " + new TreeSet<>(keys));
            }
        }
        return new PropertyReader(object, violations, prefix + name + ".");
    }

    /** True when the property is there and not empty, whatever its value: read without any rule. */
    boolean isGiven(String name) {
        Object value = raw.get(name);
        return value != null && !"".equals(value);
    }

    /** Records a broken rule of the shared rules for a property. */
    void check(String name, Optional<String> brokenRule) {
        brokenRule.ifPresent(rule -> violate(name, rule));
    }

    /** @throws InvalidPropertiesException naming every violation, if there is any */
    void requireValid() {
        if (!violations.isEmpty()) {
            throw new InvalidPropertiesException(violations);
        }
    }

    private Object present(String name, boolean required) {
        Object value = raw.get(name);
        if (value == null && required) {
            violate(name, "is required");
        }
        return value;
    }

    private void violate(String name, String rule) {
        violations.add("Property '" + prefix + name + "' " + rule);
    }

    private static String describe(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "'" + Masking.abbreviate(String.valueOf(value)) + "'";
    }
}
