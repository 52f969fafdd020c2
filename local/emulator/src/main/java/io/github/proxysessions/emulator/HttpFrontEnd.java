package io.github.proxysessions.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server on loopback: reads each request (refusing bodies over {@value #MAX_BODY_BYTES} bytes with 413),
 * hands it to the {@link Endpoint}, and writes the answer.
 */
final class HttpFrontEnd implements AutoCloseable {

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

    private final Endpoint endpoint;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;

    HttpFrontEnd(int port, Endpoint endpoint) throws IOException {
        this.endpoint = endpoint;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chime-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        } catch (IOException e) {
            executor.shutdownNow();
            throw e;
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The base URI, such as {@code http://127.0.0.1:38421}. */
    URI uri() {
        return uri;
    }

    private void handle(HttpExchange exchange) {
        try {
            Endpoint.Response response;
            try {
                byte[] body = readBody(exchange);
                URI requestUri = exchange.getRequestURI();
                response = endpoint.handle(new Endpoint.Request(exchange.getRequestMethod(), requestUri.getRawPath(),
                        requestUri.getRawQuery(), exchange.getRequestHeaders()::getFirst, body));
            } catch (ApiException e) {
                response = AwsErrors.response(e, AwsErrors.requestId());
            }
            response.headers().forEach(exchange.getResponseHeaders()::set);
            if (response.body() == null) {
                exchange.sendResponseHeaders(response.status(), -1);
            } else {
                exchange.sendResponseHeaders(response.status(), response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (IOException e) {
            // the client went away before reading its response
        } finally {
            exchange.close();
        }
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
                throw new ApiException(413, "RequestEntityTooLargeException",
                        "Request body of " + (declared != null ? declared : "more than " + total)
                                + " bytes exceeds the limit of " + MAX_BODY_BYTES + " bytes");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("Could not read the request body: " + e.getMessage());
        }
    }

    /** Stops serving; in-flight requests are given a second to finish. */
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
    }
}
