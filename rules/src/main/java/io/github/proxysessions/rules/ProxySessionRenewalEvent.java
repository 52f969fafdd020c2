package io.github.proxysessions.rules;

/**
 * The event a renewal schedule sends the provider's function (contract C8), as the constructs write it and the
 * handler reads it:
 *
 * <pre>{@code
 * {"ProxySessionRenewal": {"StackId": "...", "LogicalResourceId": "...", "PhysicalResourceId": "<P0>",
 *                          "ResourceProperties": {...}}}
 * }</pre>
 *
 * and how often the schedule sends it.
 */
public final class ProxySessionRenewalEvent {

    /** The member of the function's input that marks it as a renewal, and holds the event. */
    public static final String MEMBER = "ProxySessionRenewal";

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
