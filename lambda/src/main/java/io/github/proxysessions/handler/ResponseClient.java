package io.github.proxysessions.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Sends the response to CloudFormation's pre-signed ResponseURL. A lost response costs the user the resource's whole
 * ServiceTimeout, so an I/O error or a 5xx from S3 is retried while the invocation has time left; the PUT of the same
 * body to the same URL is idempotent. 4xx (an expired URL, say) is final.
 *
 * <p>Each attempt is bounded as a whole, not only each read: a server that trickles its answer a byte at a time within
 * the read timeout would otherwise hold the function past Lambda's deadline. An attempt still running at its bound is
 * aborted, which closes its connection.
 *
 * <p>One per container, around one HTTP client; {@link #within} gives the view that one invocation sends through,
 * bound to its {@link Budget}.
 */
final class ResponseClient {

    private static final int MAX_ATTEMPTS = 3;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** The longest one attempt can take, connecting, sending and reading the answer's head. */
    static final Duration ATTEMPT_TIME = CONNECT_TIMEOUT.plus(READ_TIMEOUT);
    /** Given to an attempt even when the budget is spent: the answer is worth a try. */
    private static final Duration LAST_CHANCE = Duration.ofMillis(200);
    /** Aborts attempts at their bound; a daemon, so that it never keeps a JVM alive. */
    private static final ScheduledExecutorService ABORTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "response-attempt-bound");
        thread.setDaemon(true);
        return thread;
    });

    private final SdkHttpClient http;

    ResponseClient(SdkHttpClient http) {
        this.http = http;
    }

    /** The HTTP client responses are sent with: url-connection, with the timeouts above. */
    static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(READ_TIMEOUT)
                .build();
    }

    /** The client one invocation sends its response through: it tries again only while the budget allows. */
    SdkHttpClient within(Budget budget) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() throws IOException {
                        return send(request, budget);
                    }

                    @Override
                    public void abort() {
                        // each attempt is synchronous and bounded by the client's timeouts
                    }
                };
            }

            @Override
            public String clientName() {
                return "ResponseClient";
            }

            @Override
            public void close() {
                // the container's client outlives the invocation
            }
        };
    }

    private HttpExecuteResponse send(HttpExecuteRequest request, Budget budget) throws IOException {
        IOException failure = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            rewind(request);
            try {
                HttpExecuteResponse response = attempt(request, budget);
                if (response.httpResponse().statusCode() < 500 || !timeForAnother(attempt, budget)) {
                    return response;
                }
                response.responseBody().ifPresent(ResponseClient::closeQuietly);
            } catch (IOException e) {
                failure = e;
                if (!timeForAnother(attempt, budget)) {
                    throw e;
                }
            }
        }
        throw failure != null ? failure : new IOException("no response from the ResponseURL");
    }

    /** One attempt, aborted if it is still running at {@link #ATTEMPT_TIME} or the end of the budget. */
    private HttpExecuteResponse attempt(HttpExecuteRequest request, Budget budget) throws IOException {
        Duration left = budget.forResponse();
        Duration bound = left.compareTo(ATTEMPT_TIME) > 0 ? ATTEMPT_TIME
                : left.compareTo(LAST_CHANCE) < 0 ? LAST_CHANCE : left;
        ExecutableHttpRequest call = http.prepareRequest(request);
        ScheduledFuture<?> abort = ABORTS.schedule(call::abort, bound.toNanos(), TimeUnit.NANOSECONDS);
        try {
            HttpExecuteResponse response = call.call();
            if (abort.isDone()) {
                throw new IOException("the ResponseURL did not answer within " + bound.toMillis() + " ms");
            }
            return response;
        } catch (IOException | UncheckedIOException e) {
            // The url-connection client reports some I/O failures unchecked.
            IOException failure = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
            if (abort.isDone()) {
                throw new IOException("the ResponseURL did not answer within " + bound.toMillis() + " ms", failure);
            }
            throw failure;
        } finally {
            abort.cancel(false);
        }
    }

    /** Another attempt only if it can run its full time before the budget ends. */
    private static boolean timeForAnother(int attempt, Budget budget) {
        return attempt < MAX_ATTEMPTS && budget.forResponse().compareTo(ATTEMPT_TIME) > 0;
    }

    /** The body is an in-memory stream that can be reset; sending it again must send all of it. */
    private static void rewind(HttpExecuteRequest request) throws IOException {
        if (request.contentStreamProvider().isPresent()) {
            InputStream body = request.contentStreamProvider().get().newStream();
            if (body.markSupported()) {
                body.reset();
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
