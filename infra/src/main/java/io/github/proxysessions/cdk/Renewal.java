package io.github.proxysessions.cdk;

import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.IQueue;

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
 * the window. A run that fails is retried (see the construct library's documentation, "When a renewal fails");
 * {@link ProxySession#metricRenewalFailures()} counts failed runs, to alarm on. See the documentation too for what
 * renewal costs and its limits.
 */
public final class Renewal {

    private final Duration beforeExpiry;
    private final IQueue deadLetterQueue;

    private Renewal(Duration beforeExpiry, IQueue deadLetterQueue) {
        this.beforeExpiry = beforeExpiry;
        this.deadLetterQueue = deadLetterQueue;
    }

    /**
     * Renews the session when it has less than {@code window} left, or has closed.
     *
     * @param window whole minutes from 1 minute to 11 hours 59 minutes, shorter than the session's expiry; a literal
     *               duration, as the schedule's rate is computed from it
     */
    public static Renewal beforeExpiry(Duration window) {
        return new Renewal(Objects.requireNonNull(window, "window"), null);
    }

    /**
     * This renewal, with a dead-letter queue for the runs its schedule could not deliver to the provider (Lambda
     * refused or throttled the invocation, the role may not invoke the alias, the alias is gone): EventBridge
     * Scheduler sends each such run there once its retry policy is spent, when the run is an interval old. A run that
     * reached the provider and failed is not sent there: Lambda retries it, and
     * {@link ProxySession#metricRenewalFailures()} counts it. The stack's scheduler role may send messages to the
     * queue, and use its KMS key when it has one.
     *
     * <pre>{@code
     * Renewal.beforeExpiry(Duration.minutes(30)).deadLetterQueue(renewalDlq)
     * }</pre>
     *
     * @param queue a standard (not FIFO) SQS queue, which EventBridge Scheduler requires
     * @return a renewal with the same window and this queue
     * @throws NullPointerException when {@code queue} is null
     */
    public Renewal deadLetterQueue(IQueue queue) {
        return new Renewal(beforeExpiry, Objects.requireNonNull(queue, "deadLetterQueue"));
    }

    /** The renewal window: how long before its expiry a session is replaced. */
    public Duration getBeforeExpiry() {
        return beforeExpiry;
    }

    /**
     * The queue for the runs the schedule could not deliver.
     *
     * @return the queue, or null
     * @default none: an undelivered run is dropped after its retries, and the next run does the same work
     */
    public IQueue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /** EventBridge Scheduler's rate expression for an interval: {@code rate(1 minute)}, {@code rate(15 minutes)}. */
    static String rateExpression(long intervalMinutes) {
        return "rate(" + intervalMinutes + (intervalMinutes == 1 ? " minute)" : " minutes)");
    }
}
