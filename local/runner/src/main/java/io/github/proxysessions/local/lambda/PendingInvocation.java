package io.github.proxysessions.local.lambda;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** An invocation from {@link LocalLambda#invoke} until it has its result. Mutable fields: {@link InstancePool}'s. */
final class PendingInvocation {

    final String requestId;
    final byte[] event;
    final CompletableFuture<Invocation.Result> result = new CompletableFuture<>();
    long deliveredNanos;
    ScheduledFuture<?> timeout;

    PendingInvocation(String requestId, byte[] event) {
        this.requestId = requestId;
        this.event = event;
    }

    double elapsedMs() {
        return (System.nanoTime() - deliveredNanos) / 1_000_000.0;
    }
}
