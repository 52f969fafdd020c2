package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * CloudFormation's end of a custom resource's response, on loopback: a stand-in for the pre-signed S3 URL. It takes
 * the provider's PUT and checks it as CloudFormation does. A body over 4096 bytes, a FAILED without a Reason, an empty
 * PhysicalResourceId, ids that do not match the request, or a Delete answered with another physical id make the
 * response a failure that says which rule it broke. The first response to a request is the one that counts;
 * later ones (duplicate deliveries) are kept for comparison.
 */
final class ResponseServer implements AutoCloseable {

    static final int MAX_BYTES = 4096;
    private static final int MAX_PHYSICAL_ID_BYTES = 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the request said, to check the response against. */
    record Expectation(String requestType, String stackId, String requestId, String logicalId, String physicalId) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cfn-response");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Expectation> expected = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Outcome>> first = new ConcurrentHashMap<>();
    private final String secret = UUID.randomUUID().toString().replace("-", "");

    ResponseServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the local ResponseURL server", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Registers a request and returns its ResponseURL, which has a pre-signed URL's query string: it is a secret,
     * never printed or logged.
     */
    String register(Expectation expectation) {
        expected.put(expectation.requestId(), expectation);
        first.computeIfAbsent(expectation.requestId(), k -> new CompletableFuture<>());
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cloudformation-response/"
                + expectation.requestId() + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=" + secret;
    }

    /** Completes with the first response to the request. */
    CompletableFuture<Outcome> response(String requestId) {
        return first.computeIfAbsent(requestId, k -> new CompletableFuture<>());
    }

    void forget(String requestId) {
        expected.remove(requestId);
        first.remove(requestId);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String requestId = path.substring(path.lastIndexOf('/') + 1);
            Expectation expectation = expected.get(requestId);
            if (!exchange.getRequestMethod().equals("PUT") || expectation == null || query == null
                    || !query.contains(secret)) {
                // As S3 answers a request that does not match a pre-signed URL.
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Outcome response = check(expectation, body);
            first.computeIfAbsent(requestId, k -> new CompletableFuture<>()).complete(response);
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** The response as CloudFormation takes it: SUCCESS, or FAILED with a Reason (the runner's own, if a rule broke). */
    static Outcome check(Expectation e, byte[] body) {
        if (body.length > MAX_BYTES) {
            return broken(e, "Response object is too long: " + body.length + " bytes, CloudFormation takes at most "
                    + MAX_BYTES);
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (IOException ex) {
            return broken(e, "Response is not valid JSON: " + ex.getMessage());
        }
        if (json == null || !json.isObject()) {
            return broken(e, "Response is not a JSON object");
        }
        String status = json.path("Status").asText("");
        if (!status.equals("SUCCESS") && !status.equals("FAILED")) {
            return broken(e, "Response Status must be SUCCESS or FAILED, was '" + status + "'");
        }
        String physicalId = json.path("PhysicalResourceId").asText("");
        if (physicalId.isEmpty()) {
            return broken(e, "Response has no PhysicalResourceId");
        }
        if (physicalId.getBytes(StandardCharsets.UTF_8).length > MAX_PHYSICAL_ID_BYTES) {
            return broken(e, "Response PhysicalResourceId is over 1 KB");
        }
        for (String[] id : new String[][] {{"StackId", e.stackId()}, {"RequestId", e.requestId()},
                {"LogicalResourceId", e.logicalId()}}) {
            if (!json.path(id[0]).asText("").equals(id[1])) {
                return broken(e, "Response " + id[0] + " does not match the request's");
            }
        }
        String reason = json.path("Reason").isNull() ? null : json.path("Reason").asText(null);
        if (status.equals("FAILED") && (reason == null || reason.isBlank())) {
            return broken(e, "Response is FAILED without a Reason");
        }
        if (e.requestType().equals("Delete") && !physicalId.equals(e.physicalId())) {
            return broken(e, "Response to a Delete changed the PhysicalResourceId");
        }
        Map<String, String> data = new LinkedHashMap<>();
        JsonNode d = json.path("Data");
        if (d.isObject()) {
            d.properties().forEach(f -> data.put(f.getKey(), f.getValue().asText()));
        } else if (!d.isMissingNode() && !d.isNull()) {
            return broken(e, "Response Data must be an object");
        }
        return new Outcome(status.equals("SUCCESS"), reason, physicalId, data);
    }

    private static Outcome broken(Expectation e, String rule) {
        return Outcome.failed(rule, e.physicalId());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
