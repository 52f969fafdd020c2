package io.github.proxysessions.handler;

import java.time.Duration;

/**
 * The time an invocation may spend calling the service: what Lambda has left, minus a reserve for answering
 * CloudFormation, so that the answer always goes out before Lambda stops the function.
 */
final class Deadline {

    /**
     * Kept back for sending the response (an HTTPS PUT to S3) after the last API call gives up: one attempt of the
     * response client, 3 s.
     */
    static final Duration RESPONSE_RESERVE = ResponseClient.ATTEMPT_TIME;
    /** Below this, an API call is not worth starting. */
    static final Duration MINIMUM_CALL_TIME = Duration.ofMillis(250);

    private final long deadlineNanos;
    /** The whole time the invocation had for API calls, named when it runs out. */
    private final Duration budget;

    private Deadline(Duration budget) {
        this.budget = budget.isNegative() ? Duration.ZERO : budget;
        this.deadlineNanos = System.nanoTime() + this.budget.toNanos();
    }

    /** The deadline for an invocation with {@code remainingMillis} left before Lambda's timeout. */
    static Deadline fromRemaining(long remainingMillis) {
        return new Deadline(Duration.ofMillis(remainingMillis).minus(RESPONSE_RESERVE));
    }

    Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /**
     * The time the next API call may take, retries included, leaving {@code keepBack} for what must follow it.
     *
     * @throws OutOfTime when too little is left to start it
     */
    Duration forCall(String operation, Duration keepBack) {
        Duration left = remaining().minus(keepBack);
        if (left.compareTo(MINIMUM_CALL_TIME) < 0) {
            throw new OutOfTime(operation, budget);
        }
        return left;
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
