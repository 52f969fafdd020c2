package io.github.proxysessions.handler;

import java.util.LinkedHashMap;
import java.util.Map;

/** Facts for an event's log line, such as {@code change=replacement}, in the order they were noted. */
class Notes {

    private final Map<String, Object> notes = new LinkedHashMap<>();

    void note(String key, Object value) {
        notes.put(key, value);
    }

    /** The notes, or null when there are none (the log line then has no notes field). */
    Map<String, Object> orNull() {
        return notes.isEmpty() ? null : notes;
    }
}
