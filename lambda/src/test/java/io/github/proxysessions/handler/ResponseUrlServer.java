package io.github.proxysessions.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CloudFormation's side of a response, on loopback: a pre-signed-URL stand-in that takes the PUT and checks it as
 * CloudFormation would (at most 4096 bytes, an empty Content-Type, a Reason on FAILED, a PhysicalResourceId).
 */
final class ResponseUrlServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A response CloudFormation received. */
    record Received(String path, byte[] body, JsonNode json, String contentType, long receivedNanos) {
        String status() {
            return json.path("Status").asText();
        }

        String reason() {
            return json.path("Reason").asText(null);
        }

        String physicalResourceId() {
            return json.path("PhysicalResourceId").asText();
        }

        JsonNode data() {
            return json.path("Data");
        }
    }

    private final HttpServer server;
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 500;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    ResponseUrlServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            attempts.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                // As S3 answers a PUT to a pre-signed URL that it refuses: a short XML document with the code.
                int status = failStatus;
                String code = status == 503 ? "SlowDown" : status == 403 ? "AccessDenied"
                        : status == 500 ? "InternalError" : null;
                if (code == null) {
                    exchange.sendResponseHeaders(status, -1);
                } else {
                    byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                            + "</Code><Message>refused by the test</Message></Error>").getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, error.length);
                    exchange.getResponseBody().write(error);
                }
                exchange.close();
                return;
            }
            JsonNode json = MAPPER.readTree(body);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            synchronized (violations) {
                if (body.length > 4096) {
                    violations.add(path + ": response of " + body.length + " bytes exceeds 4096");
                }
                if (!exchange.getRequestMethod().equals("PUT")) {
                    violations.add(path + ": " + exchange.getRequestMethod() + " instead of PUT");
                }
                if (json.path("Status").asText().equals("FAILED") && json.path("Reason").asText("").isBlank()) {
                    violations.add(path + ": FAILED without a Reason");
                }
                if (json.path("PhysicalResourceId").asText("").isEmpty()) {
                    violations.add(path + ": no PhysicalResourceId");
                }
            }
            received.computeIfAbsent(path, k -> new ArrayList<>())
                    .add(new Received(path, body, json, contentType, System.nanoTime()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** A fresh ResponseURL, with the query string of a pre-signed URL (a secret that must never be logged). */
    String newUrl(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/responses/" + name
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDSECRETEXAMPLE&X-Amz-Signature=0bad5ecret";
    }

    /** The responses PUT to a URL from {@link #newUrl}. */
    List<Received> responses(String url) {
        String path = java.net.URI.create(url).getPath();
        return received.getOrDefault(path, List.of());
    }

    /** The next {@code count} PUTs are answered 500, as S3 sometimes does. */
    void failNext(int count) {
        failNext(count, 500);
    }

    /** The next {@code count} PUTs are answered {@code status}, with S3's error document (503: SlowDown). */
    void failNext(int count, int status) {
        failStatus = status;
        failNext.set(count);
    }

    /** Every PUT from now on is answered {@code status}. */
    void failAlways(int status) {
        failNext(Integer.MAX_VALUE, status);
    }

    /** The PUTs to a URL from {@link #newUrl}, the refused ones included. */
    int attempts(String url) {
        AtomicInteger count = attempts.get(java.net.URI.create(url).getPath());
        return count == null ? 0 : count.get();
    }

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
