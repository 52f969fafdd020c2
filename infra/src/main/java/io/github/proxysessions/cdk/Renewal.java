package io.github.proxysessions.cdk;

import java.util.Objects;
import software.amazon.awscdk.Duration;

/**
 * Keeps a {@link ProxySession} open beyond the service's 12 hours: an EventBridge Scheduler schedule invokes the
 * stack's provider, which replaces the session with a successor of the same declared properties when it is closed,
 * missing, or within the window before its expiry, and removes the predecessor.
 *
 * <pre>{@code
 * ProxySession.Builder.create(this, "Standing")
 *     ...
 *     .expiry(Duration.hours(12))
 *     .renewal(Renewal.beforeExpiry(Duration.minutes(30)))
 *     .build();
 * }</pre>
 *
 * <p>The schedule runs every half window (at least every minute), so a late or failed run still leaves another within
 * the window. See the construct library's documentation for what renewal costs and its limits.
 */
public final class Renewal {

    private final Duration beforeExpiry;

    private Renewal(Duration beforeExpiry) {
        this.beforeExpiry = beforeExpiry;
    }

    /**
     * Renews the session when it has less than {@code window} left, or has closed.
     *
     * @param window whole minutes from 1 minute to 11 hours 59 minutes, shorter than the session's expiry; a literal
     *               duration, as the schedule's rate is computed from it
     */
    public static Renewal beforeExpiry(Duration window) {
        return new Renewal(Objects.requireNonNull(window, "window"));
    }

    /** The renewal window: how long before its expiry a session is replaced. */
    public Duration getBeforeExpiry() {
        return beforeExpiry;
    }

    /** EventBridge Scheduler's rate expression for an interval: {@code rate(1 minute)}, {@code rate(15 minutes)}. */
    static String rateExpression(long intervalMinutes) {
        return "rate(" + intervalMinutes + (intervalMinutes == 1 ? " minute)" : " minutes)");
    }
}
