package io.github.proxysessions.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One instance's Lambda Runtime API (version 2018-06-01), on {@code 127.0.0.1} and a free port. Each instance has
 * its own, as each Lambda execution environment has its own: the port tells which instance is asking.
 *
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next}: waits (no timeout) for an event; answers 200 with the event
 *       as the body and the {@code Lambda-Runtime-Aws-Request-Id}, {@code Lambda-Runtime-Deadline-Ms},
 *       {@code Lambda-Runtime-Invoked-Function-Arn} and {@code Lambda-Runtime-Trace-Id} headers. 500 when the
 *       instance is being ended (the API's "non-recoverable state, runtime should exit promptly").</li>
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/response} and {@code .../error}: 202; 400
 *       {@code InvalidRequestID} when {@code id} is not the instance's invocation in progress.</li>
 *   <li>{@code POST /2018-06-01/runtime/init/error}: 202.</li>
 * </ul>
 * Anything else is 404, or 405 for a known path and another method. Error bodies are
 * {@code {"errorMessage":..., "errorType":...}}, as the API's OpenAPI description has them.
 */
final class RuntimeApiServer implements AutoCloseable {

    /** What the server asks of the instance it serves. */
    interface Runtime {

        /** The next event for this instance; completes exceptionally when the instance is being ended. */
        CompletableFuture<Event> next();

        /** The runtime's response to an invocation. */
        Answer response(String requestId, byte[] body);

        /** The runtime's report that an invocation failed. */
        Answer error(String requestId, String errorTypeHeader, byte[] body);

        /** The runtime's report that it could not initialise (it exits next). */
        Answer initError(String errorTypeHeader, byte[] body);
    }

    /** An event as handed to the runtime. */
    record Event(String requestId, byte[] body, long deadlineEpochMs, String functionArn, String traceId) {
    }

    /** How a report was taken. */
    enum Answer {
        ACCEPTED,
        UNKNOWN_REQUEST
    }

    private static final String BASE = "/2018-06-01/runtime/";
    private static final Pattern INVOCATION = Pattern.compile(
            BASE + "invocation/([^/]+)/(response|error)");
    private static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Runtime runtime;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private RuntimeApiServer(HttpServer server, Runtime runtime) {
        this.server = server;
        this.runtime = runtime;
    }

    /**
     * Starts a server; {@code executor} runs its requests, one thread per request ({@code next} holds its thread
     * until an event comes).
     */
    static RuntimeApiServer start(Runtime runtime, Executor executor) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        RuntimeApiServer api = new RuntimeApiServer(server, runtime);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}: {@code 127.0.0.1:PORT}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher invocation = INVOCATION.matcher(path);
            if (path.equals(BASE + "invocation/next")) {
                if (requireMethod(exchange, "GET")) {
                    next(exchange);
                }
            } else if (invocation.matches()) {
                if (requireMethod(exchange, "POST")) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    String requestId = invocation.group(1);
                    Answer answer = invocation.group(2).equals("response")
                            ? runtime.response(requestId, body)
                            : runtime.error(requestId, exchange.getRequestHeaders().getFirst(ERROR_TYPE_HEADER), body);
                    answer(exchange, answer);
                }
            } else if (path.equals(BASE + "init/error")) {
                if (requireMethod(exchange, "POST")) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    answer(exchange, runtime.initError(exchange.getRequestHeaders().getFirst(ERROR_TYPE_HEADER),
                            body));
                }
            } else {
                send(exchange, 404, error("No Runtime API resource at " + path, "InvalidPath"));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Event event;
        try {
            event = runtime.next().get();
        } catch (ExecutionException | InterruptedException instanceEnding) {
            if (instanceEnding instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 500, error("The execution environment is shutting down", "Runtime.ExitError"));
            return;
        }
        // Content-Type: application/json is send()'s default.
        var headers = exchange.getResponseHeaders();
        headers.set("Lambda-Runtime-Aws-Request-Id", event.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(event.deadlineEpochMs()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", event.functionArn());
        headers.set("Lambda-Runtime-Trace-Id", event.traceId());
        send(exchange, 200, event.body());
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        switch (answer) {
            case ACCEPTED -> send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
            case UNKNOWN_REQUEST -> send(exchange, 400, error("Invalid request ID", "InvalidRequestID"));
        }
    }

    private static boolean requireMethod(HttpExchange exchange, String method) throws IOException {
        if (exchange.getRequestMethod().equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", method);
        send(exchange, 405, error(exchange.getRequestMethod() + " is not allowed here", "MethodNotAllowed"));
        return false;
    }

    private static byte[] error(String message, String type) {
        ObjectNode error = JSON.createObjectNode().put("errorMessage", message).put("errorType", type);
        return error.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        // -1: no body at all; 0 would mean a chunked one.
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops serving at once; a {@code next} still waiting must have been released by its future first. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            server.stop(0);
        }
    }
}
