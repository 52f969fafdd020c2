package io.github.proxysessions.handler;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Runs something right after one of the handler's calls has been answered, once: a test plays a race in a fixed
 * order with it (another delivery, or an in-flight renewal, acting between two of the handler's calls), where
 * threads released together would only sometimes interleave that way.
 */
final class CallHooks implements ExecutionInterceptor {

    private final Map<String, Queue<Runnable>> after = new ConcurrentHashMap<>();

    /** Runs {@code hook} after the handler's next call of {@code operation}, such as {@code "ListProxySessions"}. */
    void afterNext(String operation, Runnable hook) {
        after.computeIfAbsent(operation, k -> new ConcurrentLinkedQueue<>()).add(hook);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Queue<Runnable> hooks = after.get(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        Runnable hook = hooks == null ? null : hooks.poll();
        if (hook != null) {
            hook.run();
        }
    }
}
