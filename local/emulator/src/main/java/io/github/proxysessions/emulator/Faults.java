package io.github.proxysessions.emulator;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Faults the emulator injects, for tests and benchmarks. All settings can change while the emulator runs.
 *
 * <ul>
 *   <li>a token-bucket throttle: {@code rps} tokens per second up to {@code burst}; a request that finds the bucket
 *       empty is answered 429 {@code ThrottledClientException};</li>
 *   <li>a failure rate: that fraction of requests is answered 500 {@code ServiceFailureException} or 503
 *       {@code ServiceUnavailableException}, half each, before anything changes;</li>
 *   <li>added latency before each request is served;</li>
 *   <li>scripted faults for deterministic tests: the next N requests fail with a given status, or the next N calls of
 *       one operation take effect but their response is lost (answered 500), as when a connection breaks after the
 *       service acted.</li>
 * </ul>
 */
public final class Faults {

    private final Object bucketLock = new Object();
    private volatile double ratePerSecond;
    private volatile int burst;
    private double tokens;
    private long lastRefillNanos;

    private volatile double failRate;
    private volatile long latencyMillis;

    private final AtomicInteger scriptedErrors = new AtomicInteger();
    private volatile int scriptedStatus;
    private final Map<String, AtomicInteger> lostResponses = new ConcurrentHashMap<>();
    private final LongAdder throttled = new LongAdder();

    Faults() {
    }

    /**
     * Throttles requests with a token bucket.
     *
     * @param requestsPerSecond sustained rate; 0 or less turns throttling off
     * @param burst             bucket size, at least 1
     */
    public Faults throttle(double requestsPerSecond, int burst) {
        if (requestsPerSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("throttle burst must be at least 1, was " + burst);
        }
        synchronized (bucketLock) {
            this.ratePerSecond = Math.max(0, requestsPerSecond);
            this.burst = burst;
            this.tokens = burst;
            this.lastRefillNanos = System.nanoTime();
        }
        return this;
    }

    /** Answers this fraction (0 to 1) of requests with 500 or 503. */
    public Faults failRate(double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fail rate must be between 0 and 1, was " + fraction);
        }
        this.failRate = fraction;
        return this;
    }

    /** Adds this latency before every request is served. */
    public Faults latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        this.latencyMillis = latency.toMillis();
        return this;
    }

    /** The next {@code count} requests are answered with {@code status}: 429, 500 or 503. */
    public Faults failNext(int count, int status) {
        if (status != 429 && status != 500 && status != 503) {
            throw new IllegalArgumentException("scripted status must be 429, 500 or 503, was " + status);
        }
        this.scriptedStatus = status;
        this.scriptedErrors.set(count);
        return this;
    }

    /**
     * The next {@code count} calls of {@code operation} (for example {@code "CreateProxySession"}) take effect, but
     * their caller receives a 500 instead of the result.
     */
    public Faults loseResponses(String operation, int count) {
        lostResponses.computeIfAbsent(operation, k -> new AtomicInteger()).set(count);
        return this;
    }

    /** How many requests the token-bucket throttle has refused so far. */
    public long throttledCount() {
        return throttled.sum();
    }

    /** The throttle's rate in requests per second; 0 when it is off. */
    double throttleRate() {
        return ratePerSecond;
    }

    /** The throttle's bucket size. */
    int throttleBurst() {
        return burst;
    }

    double failRateSetting() {
        return failRate;
    }

    Duration latencySetting() {
        return Duration.ofMillis(latencyMillis);
    }

    /** Turns every fault off. */
    public Faults clear() {
        throttle(0, 1);
        failRate = 0;
        latencyMillis = 0;
        scriptedErrors.set(0);
        lostResponses.clear();
        return this;
    }

    /** Applied before a request is served: may delay it, or answer it with an injected error. */
    void beforeRequest() throws InterruptedException {
        long latency = latencyMillis;
        if (latency > 0) {
            // Simulated service time: this is the fault being injected, not a wait for something.
            Thread.sleep(latency);
        }
        if (scriptedErrors.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw switch (scriptedStatus) {
                case 429 -> ApiException.throttled();
                case 503 -> ApiException.serviceUnavailable();
                default -> ApiException.serviceFailure();
            };
        }
        if (!takeToken()) {
            throttled.increment();
            throw ApiException.throttled();
        }
        double rate = failRate;
        if (rate > 0) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (random.nextDouble() < rate) {
                throw random.nextBoolean() ? ApiException.serviceFailure() : ApiException.serviceUnavailable();
            }
        }
    }

    /** True when this call of {@code operation}, which has taken effect, must be answered 500 instead. */
    boolean loseResponse(String operation) {
        AtomicInteger remaining = lostResponses.get(operation);
        return remaining != null && remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private boolean takeToken() {
        if (ratePerSecond <= 0) {
            return true;
        }
        synchronized (bucketLock) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - lastRefillNanos) / 1e9 * ratePerSecond);
            lastRefillNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
