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
 *
 * <p>One per container, around one HTTP client; {@link #within} gives the view that one invocation sends through,
 * bound to its {@link Budget}.
 */
final class ResponseClient {

    private static final int MAX_ATTEMPTS = 3;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** The longest one attempt can take: the client's connect and read timeouts. */
    static final Duration ATTEMPT_TIME = CONNECT_TIMEOUT.plus(READ_TIMEOUT);

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
                HttpExecuteResponse response = http.prepareRequest(request).call();
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
