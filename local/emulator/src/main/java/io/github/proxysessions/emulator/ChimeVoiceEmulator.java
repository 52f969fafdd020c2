package io.github.proxysessions.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.proxysessions.emulator.Router.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * An emulator of the Amazon Chime SDK Voice proxy-session API on loopback, faithful enough that the AWS SDKs cannot
 * tell it from the service: the same paths, status codes, JSON members, timestamps and error headers, the constraints
 * of the service model, and the behaviour described in the README.
 *
 * <pre>{@code
 * try (ChimeVoiceEmulator emulator = ChimeVoiceEmulator.builder().build()) {
 *     ChimeSdkVoiceClient client = ChimeSdkVoiceClient.builder().endpointOverride(emulator.endpoint())...build();
 * }
 * }</pre>
 *
 * <p>The emulator accepts any SigV4 credentials (it checks that requests are signed for the {@code chime} service,
 * not the signature itself).
 */
public final class ChimeVoiceEmulator implements AutoCloseable {

    /** The voice connector that {@link #seedDemoVoiceConnector()} creates, and the example app uses by default. */
    public static final String DEMO_VOICE_CONNECTOR_ID = "demovoiceconnector0001";

    /** The emulator's own routes live under this path, apart from the service's: unsigned, uncounted, no faults. */
    static final String EMULATOR_ROUTES = "/_emulator/";
    static final String CLOCK_ROUTE = EMULATOR_ROUTES + "clock";
    /** The most that one request can move the clock: 100 years. */
    static final int MAX_ADVANCE_MINUTES = 100 * 365 * 24 * 60;

    /** Larger request bodies are refused with 413; no operation of the API comes near it. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** An oversized body is read and discarded up to this size so that the client gets its 413. */
    private static final long MAX_DRAIN_BYTES = 64L << 20;

    static {
        // Without TCP_NODELAY, small responses wait for delayed ACKs: tens of milliseconds per request.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Router router;
    private final VoiceService service;
    private final Operations operations;
    private final Faults faults = new Faults();
    private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;

    private ChimeVoiceEmulator(Builder builder) throws IOException {
        ServiceModel model = ServiceModel.load();
        this.router = new Router(model);
        this.service = new VoiceService(builder.clock, builder.stateFile);
        this.operations = new Operations(model, service);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chime-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port),
                    1024);
        } catch (IOException e) {
            service.close();
            executor.shutdownNow();
            throw e;
        }
        server.createContext("/", this::handle);
        server.createContext(EMULATOR_ROUTES, this::handleEmulatorRoute);
        server.setExecutor(executor);
        server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of an emulator; {@link #build()} starts it. */
    public static final class Builder {
        private int port;
        private Path stateFile;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The loopback port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Keeps the state in this file (and a journal beside it), so that it survives restarts. Default: memory. */
        public Builder stateFile(Path stateFile) {
            this.stateFile = stateFile;
            return this;
        }

        /** The clock that timestamps and expiry follow. Default: the system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Starts the emulator; it accepts connections when this returns. */
        public ChimeVoiceEmulator build() {
            try {
                return new ChimeVoiceEmulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the emulator on port " + port, e);
            }
        }
    }

    /** The base URI to give an SDK as its endpoint, such as {@code http://127.0.0.1:38421}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /** The faults injected into requests; changes take effect at once. */
    public Faults faults() {
        return faults;
    }

    /**
     * Creates the demo voice connector {@value #DEMO_VOICE_CONNECTOR_ID} with the default phone-number inventory,
     * unless it exists already. Returns its id.
     */
    public String seedDemoVoiceConnector() {
        try {
            service.getVoiceConnector(DEMO_VOICE_CONNECTOR_ID);
        } catch (ApiException notFound) {
            try {
                service.createVoiceConnector(DEMO_VOICE_CONNECTOR_ID, new Inputs.CreateVoiceConnector(
                        "Demo voice connector", null, true, null, null, null));
            } catch (ApiException createdMeanwhile) {
                // another thread seeded it first
            }
        }
        return DEMO_VOICE_CONNECTOR_ID;
    }

    /** Replaces the phone numbers that a connector's proxy numbers are drawn from. */
    public void setPhoneNumberInventory(String voiceConnectorId, List<String> e164Numbers) {
        service.setInventory(voiceConnectorId, List.copyOf(e164Numbers));
    }

    /** Marks a session as carrying a call or message, so that its status reads {@code InProgress} until it expires. */
    public void markInProgress(String voiceConnectorId, String proxySessionId) {
        service.markInProgress(voiceConnectorId, proxySessionId);
    }

    /** The ids of every proxy session on a connector, whatever their status, in creation order. */
    public List<String> proxySessionIds(String voiceConnectorId) {
        return service.sessions(voiceConnectorId).stream().map(Records.SessionRec::id).toList();
    }

    /** The ids of every voice connector, in creation order. */
    public List<String> voiceConnectorIds() {
        return service.connectorIds();
    }

    /**
     * Moves the emulator's clock ahead: timestamps and session expiry follow at once, as if that much time had passed.
     * With a state file the offset is durable. The same as {@code POST /_emulator/clock}; returns the new time.
     */
    public Instant advanceClock(Duration duration) {
        service.advanceClock(duration);
        return Instant.ofEpochMilli(service.now());
    }

    /** How far {@link #advanceClock} and {@code POST /_emulator/clock} have moved the clock in total. */
    public Duration clockOffset() {
        return service.clockOffset();
    }

    /** How many requests each operation has received (including those answered with an injected fault). */
    public Map<String, Long> requestCounts() {
        Map<String, Long> counts = new TreeMap<>();
        requestCounts.forEach((op, n) -> counts.put(op, n.sum()));
        return counts;
    }

    public long requestCount(String operation) {
        LongAdder n = requestCounts.get(operation);
        return n == null ? 0 : n.sum();
    }

    public void resetRequestCounts() {
        requestCounts.clear();
    }

    /** Stops serving and closes the state file. In-flight requests are given a second to finish. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        try {
            service.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the emulator state", e);
        }
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) {
        String rawPath = exchange.getRequestURI().getRawPath();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId());
        try {
            byte[] body = readBody(exchange);
            authenticate(exchange.getRequestHeaders());
            Map<String, String> query = Router.parseQuery(exchange.getRequestURI().getRawQuery());
            Route route = router.match(exchange.getRequestMethod(), rawPath, query);
            String operation = route.operation().name();
            requestCounts.computeIfAbsent(operation, k -> new LongAdder()).increment();
            faults.beforeRequest();
            Object result = operations.invoke(route, query, body);
            if (faults.loseResponse(operation)) {
                throw ApiException.serviceFailure();
            }
            send(exchange, route.operation().successCode(), Json.WIRE, result);
        } catch (ApiException e) {
            if (e.status() == 405) {
                exchange.getResponseHeaders().set("Allow", router.allowedMethods(rawPath));
            }
            sendError(exchange, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(exchange, ApiException.serviceUnavailable());
        } catch (IOException e) {
            // the client went away before reading its response
        } catch (RuntimeException e) {
            internalError(exchange, e);
        } finally {
            exchange.close();
        }
    }

    /** {@code GET /_emulator/clock} and {@code POST /_emulator/clock}; see docs/EMULATOR.md. */
    private void handleEmulatorRoute(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId());
        try {
            byte[] body = readBody(exchange);
            if (!rawPath.equals(CLOCK_ROUTE)) {
                throw new ApiException(404, "UnknownOperationException", "NotFound", "No emulator route matches "
                        + method + " " + rawPath + "; the emulator's own routes are GET and POST " + CLOCK_ROUTE);
            }
            switch (method) {
                case "GET" -> { }
                case "POST" -> service.advanceClock(Duration.ofMinutes(advanceMinutes(body)));
                default -> {
                    exchange.getResponseHeaders().set("Allow", "GET, POST");
                    throw new ApiException(405, "MethodNotAllowedException", "BadRequest",
                            method + " is not allowed on " + rawPath + "; allowed: GET, POST");
                }
            }
            send(exchange, 200, Json.MAPPER, clockState());
        } catch (ApiException e) {
            sendError(exchange, e);
        } catch (IOException e) {
            // the client went away before reading its response
        } catch (RuntimeException e) {
            internalError(exchange, e);
        } finally {
            exchange.close();
        }
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
            rule = "Value null at 'advanceMinutes' failed to satisfy constraint: Member must not be null";
        } else if (!n.isIntegralNumber()) {
            rule = "Value '" + n + "' at 'advanceMinutes' failed to satisfy constraint: Member must be a whole number";
        } else if (!n.canConvertToInt() || n.intValue() < 0 || n.intValue() > MAX_ADVANCE_MINUTES) {
            rule = "Value '" + n + "' at 'advanceMinutes' failed to satisfy constraint: Member must have value "
                    + "between 0 and " + MAX_ADVANCE_MINUTES + " (the clock only moves forward)";
        } else {
            return n.intValue();
        }
        throw ApiException.badRequest(InputValidator.summary(List.of(rule)));
    }

    private ObjectNode clockState() {
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

    private static byte[] readBody(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total <= MAX_BODY_BYTES) {
                    out.write(buffer, 0, n);
                } else if (total > MAX_DRAIN_BYTES) {
                    // Not worth reading further: answer and drop the connection.
                    exchange.getResponseHeaders().set("Connection", "close");
                    break;
                }
            }
            if (total > MAX_BODY_BYTES) {
                throw new ApiException(413, "RequestEntityTooLargeException", "BadRequest",
                        "Request body of " + (declared != null ? declared : "more than " + total)
                                + " bytes exceeds the limit of " + MAX_BODY_BYTES + " bytes");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ApiException(400, "BadRequestException", "BadRequest",
                    "Could not read the request body: " + e.getMessage());
        }
    }

    /**
     * Refuses unsigned requests as AWS does. The signature is not verified (any credentials will do), but it must be a
     * SigV4 signature scoped to the {@code chime} service.
     */
    private static void authenticate(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.forbidden("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (!authorization.startsWith("AWS4-HMAC-SHA256 ") || !authorization.contains("Credential=")
                || !authorization.contains("SignedHeaders=") || !authorization.contains("Signature=")) {
            throw ApiException.forbidden("IncompleteSignatureException",
                    "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters "
                            + "of an AWS4-HMAC-SHA256 signature");
        }
        if (headers.getFirst("X-Amz-Date") == null && headers.getFirst("Date") == null) {
            throw ApiException.forbidden("IncompleteSignatureException",
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header");
        }
        String credential = authorization.substring(authorization.indexOf("Credential=") + "Credential=".length());
        String[] scope = credential.split("[,\\s]")[0].split("/");
        if (scope.length != 5 || !scope[3].equals("chime") || !scope[4].equals("aws4_request")) {
            throw ApiException.forbidden("InvalidSignatureException",
                    "Credential should be scoped to correct service: 'chime'.");
        }
    }

    /** Sends {@code body} as JSON, or nothing when it is null. */
    private static void send(HttpExchange exchange, int status, ObjectMapper mapper, Object body)
            throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A bug in the emulator: reported on stderr and answered 500, as the service answers its own failures. */
    private static void internalError(HttpExchange exchange, RuntimeException e) {
        System.err.println("emulator: internal error on " + exchange.getRequestMethod() + " "
                + exchange.getRequestURI().getRawPath() + ": " + e);
        e.printStackTrace(System.err);
        sendError(exchange, new ApiException(500, "ServiceFailureException", "ServiceFailure",
                "Internal error in the emulator: " + e));
    }

    private static void sendError(HttpExchange exchange, ApiException e) {
        try {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", e.errorType());
            send(exchange, e.status(), Json.WIRE, new ErrorBody(e.code(), e.getMessage()));
        } catch (IOException io) {
            // the client went away; nothing left to tell it
        }
    }

    /** The body of every error, as the service sends it. */
    private record ErrorBody(String code, String message) {
    }

    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
