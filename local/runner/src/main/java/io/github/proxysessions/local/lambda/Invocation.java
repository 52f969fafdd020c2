package io.github.proxysessions.local.lambda;

import java.time.Duration;
import java.util.Locale;

/** What an invocation can end with; see {@link LocalLambda#invoke(String)}. */
public final class Invocation {

    private Invocation() {
    }

    /**
     * How an invocation ended: {@link Success}, {@link FunctionError}, {@link TimedOut} or {@link InstanceCrashed}.
     * Every result names the request id Lambda gave the invocation (the function sees it as
     * {@code context.getAwsRequestId()}) and the instance that ran it, whose log file tells the rest.
     */
    public sealed interface Result permits Success, FunctionError, TimedOut, InstanceCrashed {

        /** The invocation's request id (a random UUID). */
        String requestId();

        /** The instance that ran the invocation, or was started for it. */
        InstanceInfo instance();
    }

    /**
     * The function returned normally.
     *
     * @param payload the response as the runtime posted it (for a handler returning an object, its JSON)
     */
    public record Success(String requestId, InstanceInfo instance, String payload) implements Result {
    }

    /**
     * The function failed: its handler threw, or the runtime reported an initialisation error (the handler class
     * could not be loaded or its constructor threw). Lambda's {@code FunctionError: Unhandled}.
     *
     * @param errorType    the error's type, such as {@code java.lang.IllegalStateException}
     * @param errorMessage its message; never null, possibly empty
     * @param payload      the error document exactly as the runtime posted it (what Lambda returns as the payload)
     */
    public record FunctionError(String requestId, InstanceInfo instance, String errorType, String errorMessage,
                                String payload) implements Result {
    }

    /**
     * The function ran past its timeout (or did not finish initialising in time), and its instance was killed, as
     * Lambda kills the execution environment.
     *
     * @param timeout the function's timeout
     */
    public record TimedOut(String requestId, InstanceInfo instance, Duration timeout) implements Result {

        /** Lambda's wording: {@code Task timed out after 5.00 seconds}. */
        public String message() {
            return String.format(Locale.ROOT, "Task timed out after %.2f seconds", timeout.toMillis() / 1000.0);
        }
    }

    /**
     * The instance's process ended while it was running (or initialising for) the invocation, without reporting an
     * error: killed, {@code System.exit}, or a JVM crash.
     *
     * @param exitCode the process's exit code; 128 + n when signal n ended it (137 for SIGKILL)
     */
    public record InstanceCrashed(String requestId, InstanceInfo instance, int exitCode) implements Result {

        /** Lambda's wording: {@code Runtime exited with error: exit status 1}, or {@code signal: killed}. */
        public String message() {
            return "Runtime exited with error: " + (exitCode == 137 ? "signal: killed"
                    : exitCode > 128 ? "signal " + (exitCode - 128) : "exit status " + exitCode);
        }
    }
}
