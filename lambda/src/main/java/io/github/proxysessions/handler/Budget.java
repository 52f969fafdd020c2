package io.github.proxysessions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;

/**
 * The time of one invocation, read once from Lambda's context: API calls may use it up to a reserve kept for
 * answering CloudFormation, and the answer may use it up to a moment kept for Lambda to finish. So the answer always
 * goes out before Lambda stops the function.
 */
final class Budget {

    /**
     * Kept back from the API calls for sending the response (an HTTPS PUT to S3) after the last call gives up: one
     * attempt of the response client.
     */
    static final Duration RESPONSE_RESERVE = ResponseClient.ATTEMPT_TIME;
    /** Left for Lambda to finish the invocation after the last attempt to send the response. */
    static final Duration FINISH_TIME = Duration.ofMillis(500);
    /** Below this, an API call is not worth starting. */
    static final Duration MINIMUM_CALL_TIME = Duration.ofMillis(250);

    /** When Lambda stops the function (System.nanoTime). */
    private final long endNanos;
    /** The whole time the invocation had for API calls, named when it runs out. */
    private final Duration forCalls;

    private Budget(long remainingMillis) {
        this.endNanos = System.nanoTime() + Duration.ofMillis(remainingMillis).toNanos();
        Duration calls = Duration.ofMillis(remainingMillis).minus(RESPONSE_RESERVE);
        this.forCalls = calls.isNegative() ? Duration.ZERO : calls;
    }

    /** The budget of the invocation running in {@code context}. */
    static Budget of(Context context) {
        return new Budget(context.getRemainingTimeInMillis());
    }

    /** What is left for API calls. */
    Duration forCalls() {
        return until(endNanos - RESPONSE_RESERVE.toNanos());
    }

    /** What is left for sending the response. */
    Duration forResponse() {
        return until(endNanos - FINISH_TIME.toNanos());
    }

    /**
     * The time the next API call may take, retries included, leaving {@code keepBack} for what must follow it.
     *
     * @throws OutOfTime when too little is left to start it
     */
    Duration forCall(String operation, Duration keepBack) {
        Duration left = forCalls().minus(keepBack);
        if (left.compareTo(MINIMUM_CALL_TIME) < 0) {
            throw new OutOfTime(operation, forCalls);
        }
        return left;
    }

    private static Duration until(long nanos) {
        long left = nanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** Thrown when the invocation's time ran out before an API call could start. */
    static final class OutOfTime extends RuntimeException {
        private final String operation;

        OutOfTime(String operation, Duration budget) {
            super("no time left to call " + operation + " within the function's " + budget.toMillis() + " ms budget",
                    null, false, false);
            this.operation = operation;
        }

        String operation() {
            return operation;
        }
    }
}
