package io.github.proxysessions.rules;

/**
 * The event a renewal schedule sends the provider's function (contract C8), as the constructs write it and the
 * handler reads it:
 *
 * <pre>{@code
 * {"ProxySessionRenewal": {"StackId": "...", "LogicalResourceId": "...", "PhysicalResourceId": "<P0>",
 *                          "ResourceProperties": {...}, "ScheduledTime": "<aws.scheduler.scheduled-time>"}}
 * }</pre>
 *
 * and how often the schedule sends it. EventBridge Scheduler puts the time a run was scheduled for in place of
 * {@value #SCHEDULED_TIME_ATTRIBUTE} (as {@code 2026-11-23T10:00:00Z}); the local runner's {@code renew} puts the
 * current time there. The handler ignores a run scheduled longer than one interval ago: it may arrive after the
 * stack deleted the session.
 */
public final class ProxySessionRenewalEvent {

    /** The member of the function's input that marks it as a renewal, and holds the event. */
    public static final String MEMBER = "ProxySessionRenewal";

    /** The member of the event that holds the time the run was scheduled for. */
    public static final String SCHEDULED_TIME = "ScheduledTime";
    /**
     * EventBridge Scheduler's context attribute for the time a run was scheduled for, which it substitutes in a
     * target's Input at each run. Read as "now" when it arrives unsubstituted (an invocation by hand).
     */
    public static final String SCHEDULED_TIME_ATTRIBUTE = "<aws.scheduler.scheduled-time>";

    private ProxySessionRenewalEvent() {
    }

    /**
     * How often the schedule of a session runs, in minutes: every half window, at least every minute, so that a late
     * or failed run still leaves another inside the window.
     *
     * @param windowMinutes the session's {@code RenewBeforeExpiryMinutes}
     */
    public static long intervalMinutes(long windowMinutes) {
        return Math.max(1, windowMinutes / 2);
    }
}
