package io.github.proxysessions.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.proxysessions.rules.Masking;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One structured JSON line per event, on standard output (which Lambda sends to the function's log group). It never
 * holds the whole event, the ResponseURL, credentials or a full phone number: only the fields put here, with every
 * text in them masked, nested ones included.
 */
final class EventLog {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    EventLog(String level, String message) {
        fields.put("timestamp", Instant.now().toString());
        fields.put("level", level);
        fields.put("message", Masking.maskPhoneNumbersIn(message));
    }

    EventLog level(String level) {
        fields.put("level", level);
        return this;
    }

    EventLog message(String message) {
        fields.put("message", Masking.maskPhoneNumbersIn(message));
        return this;
    }

    EventLog with(String key, Object value) {
        if (value != null) {
            fields.put(key, masked(value));
        }
        return this;
    }

    /** The value with every string in it masked, in nested maps and lists too. */
    private static Object masked(Object value) {
        if (value instanceof String s) {
            return Masking.maskPhoneNumbersIn(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, v == null ? null : masked(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> v == null ? null : masked(v)).toList();
        }
        return value;
    }

    void writeTo(PrintStream out) {
        try {
            out.println(CloudFormationEvent.MAPPER.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            out.println("{\"level\":\"ERROR\",\"message\":\"could not serialise a log line\"}");
        }
    }
}
