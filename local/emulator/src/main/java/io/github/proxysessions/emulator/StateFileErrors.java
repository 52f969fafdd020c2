package io.github.proxysessions.emulator;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What is wrong in a snapshot or a journal record that Jackson could not read, said in the file's terms: the field (as
 * a path such as {@code connectors[0].sessions[2].expiryMinutes}), what it must be, and what it was; never Jackson's
 * own wording, which names Java types and its own internals ("Cannot deserialize value of type `long`...").
 */
final class StateFileErrors {

    /** How Jackson says that a record's member is missing: the one message with no type of its own. */
    private static final Pattern MISSING = Pattern.compile("Missing required creator property '([^']+)'");

    private StateFileErrors() {
    }

    /** What is wrong, such as {@code connectors[0].connector.created must be a whole number, was "yesterday"}. */
    static String describe(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            // The text is not JSON: the parser's words are about the text, with where it stopped.
            return "it is not valid JSON: " + firstLine(e.getOriginalMessage()) + at(e.getLocation());
        }
        String field = path(mapping);
        if (e instanceof InvalidTypeIdException typeId) {
            String known = journalKinds().stream().collect(Collectors.joining(", "));
            return typeId.getTypeId() == null || typeId.getTypeId().isEmpty()
                    ? in(field) + "it has no op naming the kind of change (one of " + known + ")"
                    : in(field) + "its op '" + typeId.getTypeId() + "' is not a kind of change this emulator knows ("
                            + known + ")";
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> knownIds = unknown.getKnownPropertyIds();
            return in(parent(mapping)) + "it has a field '" + unknown.getPropertyName() + "' that the emulator does not "
                    + "write" + (knownIds == null || knownIds.isEmpty() ? ""
                    : " (its fields are " + new TreeSet<>(knownIds.stream().map(String::valueOf).toList()) + ")");
        }
        if (e instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
            // The records check their own members (Records, Snapshot): their messages are already the file's terms.
            return in(field) + firstLine(invalid.getCause().getMessage());
        }
        if (e instanceof InvalidNullException) {
            return field + " must not be null";
        }
        if (e instanceof InvalidFormatException format) {
            return field + " must be " + kind(format.getTargetType()) + ", was " + shown(format.getValue());
        }
        if (e instanceof MismatchedInputException mismatch) {
            Matcher missing = MISSING.matcher(String.valueOf(mismatch.getOriginalMessage()));
            if (missing.find()) {
                return in(parent(mapping)) + "the field '" + missing.group(1) + "' is missing";
            }
            if (mismatch.getTargetType() != null) {
                return (field.isEmpty() ? "the whole file" : field) + " must be " + kind(mismatch.getTargetType())
                        + at(mismatch.getLocation());
            }
        }
        return in(field) + firstLine(e.getOriginalMessage());
    }

    /** The field a mapping error is about, as a path from the top of the document; empty at the top. */
    private static String path(JsonMappingException e) {
        return path(e.getPath());
    }

    /** The object that holds the field a mapping error is about. */
    private static String parent(JsonMappingException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        return path(refs.isEmpty() ? refs : refs.subList(0, refs.size() - 1));
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String in(String path) {
        return path.isEmpty() ? "" : "in " + path + ", ";
    }

    /** What a value of a Java type looks like in the file. */
    private static String kind(Class<?> type) {
        if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of names and values";
        }
        return "an object";
    }

    private static String shown(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        return Objects.requireNonNullElse(message, "").lines().findFirst().orElse("").strip();
    }

    /** The kinds of change a journal record may be, by the name its {@code op} gives. */
    private static List<String> journalKinds() {
        return Stream.of(JournalRecord.class.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name)
                .toList();
    }
}
