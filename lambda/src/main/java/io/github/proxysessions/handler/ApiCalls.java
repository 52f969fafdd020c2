package io.github.proxysessions.handler;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records the API calls an invocation makes, attempt by attempt, for its log line and for failure reasons that say
 * what the service last answered. An SDK interceptor: the SDK reports every attempt, retries included.
 *
 * <p>Each call carries the recording of its invocation as an execution attribute ({@link #RECORDING}, put there by
 * {@link ChimeApi}), so the one client of the container serves any invocation without per-thread state.
 */
final class ApiCalls implements ExecutionInterceptor {

    /** The recording a call's attempts are added to. */
    static final ExecutionAttribute<Recording> RECORDING = new ExecutionAttribute<>("ProxySessionsApiCalls");

    /** What one invocation called. */
    static final class Recording {
        private final List<Call> calls = new ArrayList<>();
        private String lastAnswer;

        private static final class Call {
            final String operation;
            int attempts;

            Call(String operation) {
                this.operation = operation;
            }
        }

        /** Each call in order, with its attempts when the SDK retried: {@code [ListProxySessions, CreateProxySession x3]}. */
        List<String> summary() {
            List<String> out = new ArrayList<>();
            for (Call call : calls) {
                out.add(call.attempts > 1 ? call.operation + " x" + call.attempts : call.operation);
            }
            return out;
        }

        /** The attempts of the last call. */
        int lastAttempts() {
            return calls.isEmpty() ? 0 : calls.get(calls.size() - 1).attempts;
        }

        /** The last HTTP answer of the service, such as {@code 429 ThrottledClientException}, or null. */
        String lastAnswer() {
            return lastAnswer;
        }

        private void started(String operation) {
            calls.add(new Call(operation));
        }

        private void attempted(int status, String errorType) {
            if (!calls.isEmpty()) {
                calls.get(calls.size() - 1).attempts++;
            }
            lastAnswer = status + (errorType == null ? "" : " " + errorType);
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Recording recording = attributes.getAttribute(RECORDING);
        if (recording != null) {
            recording.started(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Recording recording = attributes.getAttribute(RECORDING);
        if (recording != null) {
            String errorType = context.httpResponse().firstMatchingHeader("x-amzn-ErrorType")
                    .map(t -> t.contains(":") ? t.substring(0, t.indexOf(':')) : t).orElse(null);
            recording.attempted(context.httpResponse().statusCode(),
                    context.httpResponse().isSuccessful() ? null : errorType);
        }
    }
}
