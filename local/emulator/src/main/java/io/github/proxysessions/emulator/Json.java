package io.github.proxysessions.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Shared JSON plumbing. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The service writes {@code Iso8601Timestamp} members as strings with millisecond precision, such as
     * {@code "2020-04-15T16:10:10.288Z"} (the AWS CLI examples); {@link DateTimeFormatter#ISO_INSTANT} would drop
     * zero milliseconds, so the pattern is explicit.
     */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
