package io.github.proxysessions.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.proxysessions.emulator.Router.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The service as HTTP sees it, whatever server carries it: a request in, an answer out. Checks the signature, routes
 * by the model, counts, injects faults, runs the operation, and answers every error in the service's shape
 * ({@link AwsErrors}). The emulator's own routes under {@value ClockRoute#PREFIX} go to {@link ClockRoute}.
 */
final class Endpoint {

    /** HTTP's date format (RFC 7231, IMF-fixdate), which {@code Date} headers use. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /**
     * A request as the front end read it.
     *
     * @param rawPath  the path as sent, percent-encoded
     * @param rawQuery the query as sent, or null
     * @param header   a header's first value by name (any case), or null
     * @param body     the body, empty when there is none
     */
    record Request(String method, String rawPath, String rawQuery, Function<String, String> header, byte[] body) {
    }

    /**
     * The answer to send.
     *
     * @param body the body, or null for none
     */
    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    private final VoiceService service;
    private final Router router;
    private final Operations operations;
    private final ClockRoute clockRoute;
    private final Faults faults;
    private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();

    Endpoint(ServiceModel model, VoiceService service, Faults faults) {
        this.service = service;
        this.router = new Router(model);
        this.operations = new Operations(model, service);
        this.clockRoute = new ClockRoute(service);
        this.faults = faults;
    }

    /**
     * Answers a request. Every answer carries a {@code Date} header from the emulator's clock, as the service's carry
     * its own time: a client that moves the clock (the {@value ClockRoute#PREFIX} route) sees the moved time there.
     */
    Response handle(Request request) {
        Response response = answer(request);
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("Date", HTTP_DATE.format(Instant.ofEpochMilli(service.now())));
        return new Response(response.status(), headers, response.body());
    }

    private Response answer(Request request) {
        String requestId = AwsErrors.requestId();
        try {
            if (!request.rawPath().startsWith("/")) {
                throw ApiException.badRequest("The request target must be a path, such as /voice-connectors; was '"
                        + request.rawPath() + "'");
            }
            if (request.rawPath().startsWith(ClockRoute.PREFIX)) {
                return json(clockRoute.handle(request), 200, Json.MAPPER, requestId);
            }
            return serve(request, requestId);
        } catch (ApiException e) {
            return AwsErrors.response(e, requestId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AwsErrors.response(ApiException.serviceUnavailable(), requestId);
        } catch (RuntimeException e) {
            return AwsErrors.internalError(request.method() + " " + request.rawPath(), e, requestId);
        }
    }

    private Response serve(Request request, String requestId) throws InterruptedException {
        SignatureCheck.check(request.header());
        Map<String, String> query = Router.parseQuery(request.rawQuery());
        Route route = router.match(request.method(), request.rawPath(), query);
        String operation = route.operation().name();
        requestCounts.computeIfAbsent(operation, k -> new LongAdder()).increment();
        faults.beforeRequest();
        Object result = operations.invoke(route, query, request.body());
        if (faults.loseResponse(operation)) {
            throw ApiException.serviceFailure();
        }
        return json(result, route.operation().successCode(), Json.WIRE, requestId);
    }

    private static Response json(Object body, int status, ObjectMapper mapper,
                                 String requestId) {
        if (body == null) {
            return new Response(status, Map.of(AwsErrors.REQUEST_ID, requestId), null);
        }
        try {
            return new Response(status, Map.of(AwsErrors.REQUEST_ID, requestId, "Content-Type", AwsErrors.JSON),
                    mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many requests each operation has received (including those answered with an injected fault). */
    Map<String, Long> requestCounts() {
        Map<String, Long> counts = new TreeMap<>();
        requestCounts.forEach((op, n) -> counts.put(op, n.sum()));
        return counts;
    }

    long requestCount(String operation) {
        LongAdder n = requestCounts.get(operation);
        return n == null ? 0 : n.sum();
    }

    void resetRequestCounts() {
        requestCounts.clear();
    }
}
