package io.github.proxysessions.handler;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Sends the response to CloudFormation's pre-signed ResponseURL. A lost response costs the user the resource's whole
 * ServiceTimeout, so an I/O error or a 5xx from S3 is retried while the invocation has time left; the PUT of the same
 * body to the same URL is idempotent. 4xx (an expired URL, say) is final.
 */
final class ResponseClient implements SdkHttpClient {

    private static final int MAX_ATTEMPTS = 3;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** The longest one attempt can take: the client's connect and read timeouts. */
    static final Duration ATTEMPT_TIME = CONNECT_TIMEOUT.plus(READ_TIMEOUT);
    /** Left for Lambda to finish the invocation after the last attempt. */
    private static final Duration FINISH_TIME = Duration.ofMillis(500);
    /** Until when the current thread's invocation may keep trying (System.nanoTime), set by the handler. */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private final SdkHttpClient delegate;

    ResponseClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    static ResponseClient create() {
        return new ResponseClient(UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(READ_TIMEOUT)
                .build());
    }

    static void deadline(long remainingMillis) {
        DEADLINE.set(System.nanoTime() + Duration.ofMillis(remainingMillis).minus(FINISH_TIME).toNanos());
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                IOException failure = null;
                for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                    rewind(request);
                    try {
                        HttpExecuteResponse response = delegate.prepareRequest(request).call();
                        if (response.httpResponse().statusCode() < 500 || !timeForAnother(attempt)) {
                            return response;
                        }
                        response.responseBody().ifPresent(ResponseClient::closeQuietly);
                    } catch (IOException e) {
                        failure = e;
                        if (!timeForAnother(attempt)) {
                            throw e;
                        }
                    }
                }
                throw failure != null ? failure : new IOException("no response from the ResponseURL");
            }

            @Override
            public void abort() {
                // each attempt is synchronous and bounded by the client's timeouts
            }
        };
    }

    private static boolean timeForAnother(int attempt) {
        Long deadline = DEADLINE.get();
        // Another attempt only if it can run its full time before the deadline.
        return attempt < MAX_ATTEMPTS && (deadline == null || deadline - System.nanoTime() > ATTEMPT_TIME.toNanos());
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

    @Override
    public String clientName() {
        return "ResponseClient";
    }

    @Override
    public void close() {
        delegate.close();
    }
}
