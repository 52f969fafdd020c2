package io.github.proxysessions.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Shared JSON plumbing. */
final class Json {

    /** The emulator's own files (journal, snapshot): members as the records name them. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The service's wire format: members in upper camel case as the model names them ({@code ProxySessionId}),
     * absent members left out rather than {@code null}, and members the model does not define ignored.
     */
    static final ObjectMapper WIRE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

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

    /**
     * A request body as JSON: one JSON value, with nothing but white space after it; a missing node when it is empty.
     *
     * @throws ApiException 400 when it is not JSON, or goes on after its value ({@code {...} garbage}, {@code {}{}})
     */
    static JsonNode readBody(byte[] body) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            JsonNode parsed = MAPPER.readTree(parser);
            if (parsed == null) {
                return MissingNode.getInstance();
            }
            long end = parser.currentLocation().getByteOffset();
            boolean more;
            try {
                more = parser.nextToken() != null;
            } catch (JsonProcessingException junk) {
                more = true;
            }
            if (more) {
                // Taking the first value and ignoring the rest would apply a request its sender may not have meant.
                throw ApiException.badRequest("Request body is not valid JSON: it goes on after the JSON value "
                        + "that ends at byte " + end + "; a body is one JSON object");
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("Request body is not valid JSON: " + e.getMessage());
        }
    }
}
