package io.github.proxysessions.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ReservedThreadExecutor;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The HTTP server on loopback (Jetty): reads each request without holding a thread while the client is slow, hands
 * it to the {@link Endpoint}, and writes the answer. What the HTTP layer refuses itself (a malformed request line,
 * header or length, a request too large, a client too slow) is answered in the service's error shape as well
 * ({@link ProtocolErrors}), so that every answer has {@code x-amzn-ErrorType}, {@code x-amzn-RequestId} and a
 * {@code {"Code","Message"}} body.
 *
 * <p>Limits: request line and headers {@value #MAX_HEADER_BYTES} bytes together (414 or 431 beyond), body
 * {@value #MAX_BODY_BYTES} bytes (413), {@value #MAX_THREADS} threads in all, {@link Limits#maxConnections()} connections
 * (the next ones wait to be accepted); a connection that sends nothing for the read timeout is closed, and so is one
 * whose request is not in whole within the request timeout of its first byte ({@link LimitedConnector}); a request cut
 * short by either is answered 408.
 */
final class HttpFrontEnd implements AutoCloseable {

    /** Larger request bodies are refused with 413; no operation of the API comes near it. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** An oversized body is read and discarded up to this size so that the client gets its 413. */
    private static final long MAX_DRAIN_BYTES = 64L << 20;
    /** The request line and headers together; an SDK request needs about 1.5 KiB. */
    static final int MAX_HEADER_BYTES = 16 << 10;
    /** The most threads the server uses, whatever the number of connections. */
    static final int MAX_THREADS = 64;
    /** Its threads are named {@code chime-emulator-<n>}. */
    static final String THREAD_NAME = "chime-emulator";

    /**
     * The server's limits in time and connections.
     *
     * @param readTimeout        the longest a connection may send nothing, in a request or between requests
     * @param requestTimeout     the longest a request may take to arrive whole, from its first byte
     * @param maxConnections     the most connections open at once; the next ones wait in the accept queue
     * @param readTimeoutAtLimit the read timeout of the open connections while there are that many, so that idle ones
     *                           make room
     */
    record Limits(Duration readTimeout, Duration requestTimeout, int maxConnections, Duration readTimeoutAtLimit) {
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), Duration.ofSeconds(30), 1024,
                Duration.ofSeconds(2));

        Limits {
            if (readTimeout.isNegative() || readTimeout.isZero() || requestTimeout.isNegative()
                    || requestTimeout.isZero() || maxConnections < 1 || readTimeoutAtLimit.isNegative()
                    || readTimeoutAtLimit.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive and the connection limit at least 1");
            }
        }

        Limits withReadTimeout(Duration timeout) {
            return new Limits(timeout, requestTimeout, maxConnections, readTimeoutAtLimit);
        }

        Limits withRequestTimeout(Duration timeout) {
            return new Limits(readTimeout, timeout, maxConnections, readTimeoutAtLimit);
        }

        Limits withConnectionLimit(int max, Duration timeoutAtLimit) {
            return new Limits(readTimeout, requestTimeout, max, timeoutAtLimit);
        }
    }

    private final Endpoint endpoint;
    private final Server server;
    private final ServerConnector connector;
    private final URI uri;

    /**
     * Starts serving on {@code port} of 127.0.0.1 (0 for a free one).
     *
     * @throws IOException when the port cannot be bound
     */
    HttpFrontEnd(int port, Limits limits, Endpoint endpoint) throws IOException {
        this.endpoint = endpoint;
        // The pool (the acceptor and the selector among its threads) and the scheduler of timeouts make MAX_THREADS.
        QueuedThreadPool threads = new BoundedThreadPool(MAX_THREADS - 1);
        threads.setName(THREAD_NAME);
        threads.setDaemon(true);
        threads.setStopTimeout(1000);
        this.server = new Server(threads, new ScheduledExecutorScheduler(THREAD_NAME + "-scheduler", true), null);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setRequestHeaderSize(MAX_HEADER_BYTES);
        // Labels are percent-decoded by the Router, one segment at a time, as the service does: an encoded slash or
        // dot belongs to its label, and nothing is normalised away.
        config.setUriCompliance(UriCompliance.UNSAFE);
        this.connector = new LimitedConnector(server, limits, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(new ServiceHandler());
        server.setErrorHandler(new ProtocolErrors());
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly();
            throw e;
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("cannot start the emulator's HTTP server", e);
        }
        this.uri = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** The base URI, such as {@code http://127.0.0.1:38421}. */
    URI uri() {
        return uri;
    }

    /** How many connections are open now (for tests). */
    int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    /**
     * A pool that no work of Jetty's can get around. Jetty runs some work at once, on a thread of its own when the
     * pool has no thread ready (failing the requests of connections that closed, or that timed out): with a virtual
     * threads executor configured it uses that, and otherwise it starts a new thread ({@code jetty-immediate-executor})
     * for each, outside any pool and without bound (950 slow connections closing at once made 168 of them). This pool
     * offers itself as that executor, so that such work waits in its queue for one of its threads like any other.
     * That is safe because nothing the emulator runs on the pool waits for Jetty: bodies are read as they arrive, and
     * an operation waits only for the disk and the fault settings. Jetty keeps the reserved threads it would keep
     * without that executor (it would otherwise keep none), so that such work still runs at once when one is idle.
     */
    private static final class BoundedThreadPool extends QueuedThreadPool {
        private final Executor queue = this::execute;

        BoundedThreadPool(int maxThreads) {
            super(maxThreads, 4);
            setReservedThreads(ReservedThreadExecutor.reservedThreads(new QueuedThreadPool(maxThreads), -1));
        }

        @Override
        public Executor getVirtualThreadsExecutor() {
            return queue;
        }
    }

    /** Passes each request to the endpoint once its body is in, reading the body as it arrives. */
    private final class ServiceHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            long declared = request.getLength();
            if (declared > MAX_DRAIN_BYTES) {
                answerAndClose(request, response, callback, () -> tooLarge(declared));
                return true;
            }
            new BodyReader(request, response, callback).run();
            return true;
        }
    }

    /**
     * Reads a request body chunk by chunk; when no chunk is ready it asks to be run again once one is, so that a slow
     * client holds no thread. Keeps up to {@value #MAX_BODY_BYTES} bytes, discards the rest up to
     * {@value #MAX_DRAIN_BYTES}, then answers.
     */
    private final class BodyReader implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private long total;

        BodyReader(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    answerAndClose(request, response, callback, () -> ProtocolErrors.forFailure(chunk.getFailure()));
                    return;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int n = bytes.remaining();
                total += n;
                if (total <= MAX_BODY_BYTES) {
                    byte[] copy = new byte[n];
                    bytes.get(copy);
                    body.write(copy, 0, n);
                }
                boolean last = chunk.isLast();
                chunk.release();
                if (total > MAX_DRAIN_BYTES) {
                    answerAndClose(request, response, callback, () -> tooLarge(total));
                    return;
                }
                if (last) {
                    LimitedConnector.requestRead(request);
                    answer();
                    return;
                }
            }
        }

        private void answer() {
            if (total > MAX_BODY_BYTES) {
                tooLarge(total).send(response, callback);
                return;
            }
            String path = request.getHttpURI().getPath();
            Endpoint.Request call = new Endpoint.Request(request.getMethod(), path == null ? "" : path,
                    request.getHttpURI().getQuery(), request.getHeaders()::get, body.toByteArray());
            Answer.of(endpoint.handle(call)).send(response, callback);
        }
    }

    /**
     * Stops the request's clock, then answers on a connection that closes after the answer, since the rest of the
     * request is not read. The answer is made after the clock stops, as each caller made it before.
     */
    private static void answerAndClose(Request request, Response response, Callback callback,
            Supplier<Answer> answer) {
        LimitedConnector.requestRead(request);
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        answer.get().send(response, callback);
    }

    private static Answer tooLarge(long size) {
        return Answer.of(AwsErrors.response(new ApiException(413, "RequestEntityTooLargeException",
                "Request body of " + size + " bytes exceeds the limit of " + MAX_BODY_BYTES + " bytes"),
                AwsErrors.requestId()));
    }

    /** An {@link Endpoint.Response} on its way out through Jetty. */
    record Answer(Endpoint.Response response) {
        static Answer of(Endpoint.Response response) {
            return new Answer(response);
        }

        void send(Response out, Callback callback) {
            out.setStatus(response.status());
            for (Map.Entry<String, String> header : response.headers().entrySet()) {
                out.getHeaders().put(new HttpField(header.getKey(), header.getValue()));
            }
            if (response.body() == null) {
                callback.succeeded();
            } else {
                out.getHeaders().put(HttpHeader.CONTENT_LENGTH, response.body().length);
                out.write(true, ByteBuffer.wrap(response.body()), callback);
            }
        }
    }

    /**
     * What Jetty answers itself: a request it cannot parse, one over a limit, one cut short by the read timeout.
     * Answered in the service's error shape, with a status that says what was wrong.
     */
    static final class ProtocolErrors implements Request.Handler {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            LimitedConnector.requestRead(request);
            Object cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
            Answer answer;
            if (cause instanceof Throwable failure && isTimeout(failure)) {
                answer = forFailure(failure);
            } else {
                int status = response.getStatus();
                Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
                answer = forStatus(status, message == null ? null : message.toString());
            }
            answer.send(response, callback);
            return true;
        }

        static Answer forFailure(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof LimitedConnector.Exceeded late) {
                    return Answer.of(AwsErrors.response(new ApiException(408, "RequestTimeoutException",
                            late.getMessage()), AwsErrors.requestId()));
                }
            }
            if (isTimeout(failure)) {
                return forStatus(408, null);
            }
            return forStatus(400, failure.getMessage());
        }

        private static boolean isTimeout(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof TimeoutException) {
                    return true;
                }
            }
            return false;
        }

        /** The error for a status the HTTP layer chose, with its reason. */
        static Answer forStatus(int status, String reason) {
            // Jetty's reason, unless it is only the status's name ("Bad Request").
            String why = reason == null || reason.isBlank() || reason.equals(HttpStatus.getMessage(status)) ? ""
                    : ": " + reason;
            ApiException error = switch (status) {
                case 408 -> new ApiException(408, "RequestTimeoutException",
                        "The request was not received in full within the read timeout");
                case 413 -> new ApiException(413, "RequestEntityTooLargeException",
                        "The request body exceeds the limit of " + MAX_BODY_BYTES + " bytes");
                case 414 -> new ApiException(414, "RequestUriTooLongException", "The request line exceeds the "
                        + "limit of " + MAX_HEADER_BYTES + " bytes for the request line and headers together");
                case 431 -> new ApiException(431, "RequestHeaderFieldsTooLargeException", "The request's headers "
                        + "exceed the limit of " + MAX_HEADER_BYTES + " bytes for the request line and headers "
                        + "together, or are too many");
                case 426, 505 -> new ApiException(status, "HttpVersionNotSupportedException",
                        "Only HTTP/1.0 and HTTP/1.1 are served" + why);
                default -> status >= 500
                        ? new ApiException(500, "ServiceFailureException", "Internal error in the emulator" + why)
                        : new ApiException(status >= 400 ? status : 400, "BadRequestException",
                                "The request is not valid HTTP/1.1 (its request line, a header, its length or its "
                                        + "encoding)" + why);
            };
            return Answer.of(AwsErrors.response(error, AwsErrors.requestId()));
        }
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            // already failing; the first failure is the one to report
        }
    }

    /** Stops serving; in-flight requests are given a second to finish. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the emulator's HTTP server", e);
        }
    }
}
