package io.github.proxysessions.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The emulator's own route, {@code GET} and {@code POST /_emulator/clock} (docs/EMULATOR.md, The clock): apart from
 * the service's routes, unsigned, uncounted, never faulted.
 */
final class ClockRoute {

    /** The emulator's own routes live under this path, apart from the service's. */
    static final String PREFIX = "/_emulator/";
    static final String PATH = PREFIX + "clock";
    /** The most that one request can move the clock: 100 years. */
    static final int MAX_ADVANCE_MINUTES = 100 * 365 * 24 * 60;

    private final VoiceService service;

    ClockRoute(VoiceService service) {
        this.service = service;
    }

    /** The clock's state after the request: {@code {"now": ..., "offsetMinutes": ...}}. */
    ObjectNode handle(Endpoint.Request request) {
        if (!request.rawPath().equals(PATH)) {
            throw ApiException.unknownOperation("No emulator route matches " + request.method() + " "
                    + request.rawPath() + "; the emulator's own routes are GET and POST " + PATH);
        }
        switch (request.method()) {
            case "GET" -> { }
            case "POST" -> service.advanceClock(Duration.ofMinutes(advanceMinutes(request.body())));
            default -> throw ApiException.methodNotAllowed(request.method(), request.rawPath(), "GET, POST");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("now", Json.timestamp(Instant.ofEpochMilli(service.now())));
        long offset = service.clockOffset().toMillis();
        if (offset % 60_000 == 0) {
            out.put("offsetMinutes", offset / 60_000);
        } else {
            out.put("offsetMinutes", offset / 60_000.0);
        }
        return out;
    }

    /** The body of {@code POST /_emulator/clock}: {@code {"advanceMinutes": N}} with N a whole number, 0 or more. */
    private static int advanceMinutes(byte[] body) {
        JsonNode parsed = Json.readBody(body);
        if (parsed.isMissingNode() || !parsed.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object such as {\"advanceMinutes\": 60}");
        }
        JsonNode n = parsed.get("advanceMinutes");
        String rule;
        if (n == null || n.isNull()) {
            rule = InputValidator.nullViolation("advanceMinutes");
        } else if (!n.isIntegralNumber()) {
            rule = InputValidator.violation("advanceMinutes", n.toString(), "Member must be a whole number");
        } else if (!n.canConvertToInt() || n.intValue() < 0 || n.intValue() > MAX_ADVANCE_MINUTES) {
            rule = InputValidator.violation("advanceMinutes", n.toString(), "Member must have value between 0 and "
                    + MAX_ADVANCE_MINUTES + " (the clock only moves forward)");
        } else {
            return n.intValue();
        }
        throw InputValidator.rejection(List.of(rule));
    }
}
