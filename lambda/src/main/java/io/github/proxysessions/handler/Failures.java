package io.github.proxysessions.handler;

import io.github.proxysessions.rules.Masking;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The one place that turns a failure into the Reason CloudFormation shows: which property broke which rule, or which
 * API call failed and what the service said, or that the service did not answer in time. Phone numbers are masked.
 */
final class Failures {

    private Failures() {
    }

    static String reason(Throwable failure, ApiCalls.Recording calls) {
        return Masking.maskPhoneNumbersIn(describe(failure, calls));
    }

    private static String describe(Throwable failure, ApiCalls.Recording calls) {
        if (failure instanceof InvalidPropertiesException invalid) {
            return "Invalid properties (nothing was sent to Chime SDK Voice): " + invalid.getMessage();
        }
        if (failure instanceof RefusedException refused) {
            return refused.getMessage();
        }
        if (failure instanceof ChimeApi.CallFailed call) {
            if (call.timedOut()) {
                return "Chime SDK Voice did not respond in time: " + call.operation() + " did not succeed within the "
                        + seconds(call.allowed().toMillis()) + " the function had left"
                        + lastAnswer(calls) + ". Raise the function's timeout, or retry when the service is less busy.";
            }
            if (call.getCause() instanceof AwsServiceException service && service.awsErrorDetails() != null) {
                return call.operation() + " failed: " + service.awsErrorDetails().errorCode() + " (HTTP "
                        + service.statusCode() + "): " + service.awsErrorDetails().errorMessage();
            }
            return call.operation() + " could not reach Chime SDK Voice: " + call.getCause().getMessage();
        }
        if (failure instanceof Budget.OutOfTime outOfTime) {
            return "Chime SDK Voice did not respond in time: the function's time ran out before "
                    + outOfTime.operation() + lastAnswer(calls) + ". Raise the function's timeout.";
        }
        return "Internal error in the proxy-session provider: " + failure + " (see the function's log)";
    }

    private static String lastAnswer(ApiCalls.Recording calls) {
        return calls.lastAnswer() == null ? "" : " (" + calls.lastAttempts() + " attempts; last answer "
                + calls.lastAnswer() + ")";
    }

    private static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }
}
