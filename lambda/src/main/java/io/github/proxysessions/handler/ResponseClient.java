package io.github.proxysessions.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Sends the response to CloudFormation's pre-signed ResponseURL. A lost response costs the user the resource's whole
 * ServiceTimeout, so an attempt that fails for a reason that may pass (a 5xx such as S3's 503 SlowDown, a 429, a
 * refused or broken connection, no answer in time) is tried again after an exponential backoff with jitter, for as long
 * as the invocation's budget allows: the PUT of the same body to the same URL is idempotent. Any other 4xx (an expired
 * or tampered URL) is final. Every failed attempt is logged, and so is giving up; the URL never is (it is a secret).
 *
 * <p>Each attempt is bounded as a whole, not only each read: a server that trickles its answer a byte at a time within
 * the read timeout would otherwise hold the function past Lambda's deadline. An attempt still running at its bound is
 * aborted, which closes its connection.
 *
 * <p>One per container, around one HTTP client; {@link #within} gives the view that one invocation sends through,
 * bound to its {@link Budget}.
 */
final class ResponseClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** The longest one attempt can take, connecting, sending and reading the answer's head. */
    static final Duration ATTEMPT_TIME = CONNECT_TIMEOUT.plus(READ_TIMEOUT);
    /** Given to an attempt even when the budget is spent: the answer is worth a try. */
    private static final Duration LAST_CHANCE = Duration.ofMillis(200);
    /** The backoff before the second attempt; it doubles with each further attempt, up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Below this, after the backoff, another attempt is not worth starting. */
    static final Duration MINIMUM_ATTEMPT_TIME = Duration.ofMillis(500);
    /** How much of an error answer's body is read for its code (S3 answers a short XML document). */
    private static final int ERROR_BODY_BYTES = 1024;
    private static final Pattern S3_ERROR_CODE = Pattern.compile("<Code>([A-Za-z]{1,64})</Code>");
    /** Aborts attempts at their bound; a daemon, so that it never keeps a JVM alive. */
    private static final ScheduledExecutorService ABORTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "response-attempt-bound");
        thread.setDaemon(true);
        return thread;
    });

    private final SdkHttpClient http;
    /**
     * The backoffs' jitter, seeded from the operating system's entropy; a SnapStart restore builds a new client, so
     * that restored instances do not back off alike.
     */
    private final SplittableRandom jitter = new SplittableRandom(new SecureRandom().nextLong());

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

    /** The HTTP client this sends through, for closing it. */
    SdkHttpClient http() {
        return http;
    }

    /**
     * The client one invocation sends its response through: it tries again while the budget allows, and reports each
     * failed attempt on {@code log} as a WARN line naming the request, and the last one as an IOException.
     */
    SdkHttpClient within(Budget budget, PrintStream log, CloudFormationEvent event) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() throws IOException {
                        return send(request, budget, log, event);
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

    /** Why an attempt failed, without the URL; and whether another attempt may succeed. */
    private record Failure(String why, boolean retryable) {
    }

    private HttpExecuteResponse send(HttpExecuteRequest request, Budget budget, PrintStream log,
                                     CloudFormationEvent event) throws IOException {
        String url = request.httpRequest().getUri().toString();
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            rewind(request);
            Failure failure;
            try {
                HttpExecuteResponse response = attempt(request, budget);
                int status = response.httpResponse().statusCode();
                if (status < 400) {
                    return response;
                }
                failure = new Failure("HTTP " + status + errorCode(response), status >= 500 || status == 429);
            } catch (IOException e) {
                failure = new Failure(withoutUrl(e.getClass().getSimpleName() + ": " + e.getMessage(), url), true);
            }
            Duration backoff = backoff(attempt);
            boolean another = failure.retryable()
                    && budget.forResponse().minus(backoff).compareTo(MINIMUM_ATTEMPT_TIME) >= 0;
            EventLog line = new EventLog("WARN", another
                    ? "The ResponseURL did not take the response; trying again"
                    : "The ResponseURL did not take the response; giving up")
                    .with("requestId", event.requestId())
                    .with("logicalResourceId", event.logicalResourceId())
                    .with("attempt", attempt)
                    .with("failure", failure.why());
            if (another) {
                line.with("retryInMs", backoff.toMillis()).writeTo(log);
                sleep(backoff);
                continue;
            }
            String why = failure.retryable()
                    ? "the function's time for answering ran out (" + budget.forResponse().toMillis() + " ms left, "
                    + "the next attempt was due in " + backoff.toMillis() + " ms)"
                    : "a 4xx other than 429 is final: the URL expired or was refused";
            line.with("why", why).writeTo(log);
            throw new IOException("no answer accepted after " + attempt + " attempt" + (attempt == 1 ? "" : "s")
                    + " in " + (System.nanoTime() - start) / 1_000_000 + " ms, the last " + failure.why() + "; "
                    + why);
        }
    }

    /**
     * The wait before attempt {@code attempt + 1}: exponential from {@link #FIRST_BACKOFF}, capped at
     * {@link #MAX_BACKOFF}, its second half jittered so that instances that failed together retry apart.
     */
    Duration backoff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 20));
        long jittered;
        synchronized (this) {
            jittered = jitter.nextLong(ceiling / 2 + 1);
        }
        return Duration.ofMillis(ceiling / 2 + jittered);
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to send the response again", e);
        }
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

    /** S3's error code in an error answer's body ({@code SlowDown}, {@code AccessDenied}), read and closed. */
    private static String errorCode(HttpExecuteResponse response) {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream body = response.responseBody().get()) {
            Matcher code = S3_ERROR_CODE.matcher(new String(body.readNBytes(ERROR_BODY_BYTES),
                    StandardCharsets.UTF_8));
            return code.find() ? " " + code.group(1) : "";
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** The message with the URL, and its query string (the signature) wherever it appears, taken out. */
    static String withoutUrl(String message, String url) {
        String out = message.replace(url, "<ResponseURL>");
        int query = url.indexOf('?');
        if (query >= 0) {
            out = out.replace(url.substring(0, query), "<ResponseURL>").replace(url.substring(query + 1), "");
        }
        return out;
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
}
