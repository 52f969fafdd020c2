package io.github.proxysessions.local.lambda;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback HTTP server that takes any request and answers 200; a test awaits the body sent to each URL. Stands
 * in for CloudFormation's pre-signed ResponseURL, and lets test functions tell a test that they are running.
 */
final class LoopbackReceiver implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, CompletableFuture<String>> received = new ConcurrentHashMap<>();

    LoopbackReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                future(exchange.getRequestURI().getPath()).complete(body);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    /** A fresh URL, with a query string like a pre-signed URL's. */
    String newUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + UUID.randomUUID()
                + "?X-Amz-Signature=0bad5ecret";
    }

    /** The first body sent to {@code url}. */
    CompletableFuture<String> body(String url) {
        return future(java.net.URI.create(url).getPath());
    }

    private CompletableFuture<String> future(String path) {
        return received.computeIfAbsent(path, p -> new CompletableFuture<>());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
