package io.github.proxysessions.local;

import io.github.proxysessions.local.cfn.Functions;
import io.github.proxysessions.local.lambda.Function;
import io.github.proxysessions.local.lambda.Invocation;
import io.github.proxysessions.local.lambda.LocalLambda;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The stack's Lambda functions, each run by a {@link LocalLambda} that stays warm for the whole run. An invocation
 * that ends in an error is retried twice, as Lambda retries an asynchronous invocation; Lambda waits about one and
 * then two minutes, the local runner one and two seconds.
 */
final class LocalFunctions implements Functions {

    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));

    private final Path workDir;
    private final Map<String, String> runnerEnvironment;
    private final int maxConcurrency;
    private final Map<String, LocalLambda> running = new ConcurrentHashMap<>();

    /**
     * @param runnerEnvironment added to every function's environment, such as the endpoint of the service
     */
    LocalFunctions(Path workDir, Map<String, String> runnerEnvironment, int maxConcurrency) {
        this.workDir = workDir;
        this.runnerEnvironment = Map.copyOf(runnerEnvironment);
        this.maxConcurrency = maxConcurrency;
    }

    @Override
    public CompletableFuture<String> invoke(Spec function, String event) {
        LocalLambda lambda;
        try {
            lambda = lambda(function);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return attempt(lambda, event, 0);
    }

    @Override
    public CompletableFuture<Response> invokeRequestResponse(Spec function, String payload) {
        LocalLambda lambda;
        try {
            lambda = lambda(function);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return lambda.invoke(payload).thenApply(result -> {
            if (result instanceof Invocation.Success success) {
                return new Returned(success.payload());
            }
            if (result instanceof Invocation.FunctionError e) {
                return new Failed(e.errorType(), e.errorMessage());
            }
            if (result instanceof Invocation.TimedOut t) {
                return new Failed("Sandbox.Timedout", t.message());
            }
            return new Failed("Runtime.ExitError", describe(result));
        });
    }

    private CompletableFuture<String> attempt(LocalLambda lambda, String event, int retry) {
        return lambda.invoke(event).thenCompose(result -> {
            if (result instanceof Invocation.Success) {
                return CompletableFuture.completedFuture("");
            }
            String how = describe(result);
            if (retry >= RETRY_DELAYS.size()) {
                return CompletableFuture.completedFuture(how + " (after " + (retry + 1) + " attempts)");
            }
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(
                    RETRY_DELAYS.get(retry).toMillis(), TimeUnit.MILLISECONDS))
                    .thenCompose(v -> attempt(lambda, event, retry + 1));
        });
    }

    private static String describe(Invocation.Result result) {
        if (result instanceof Invocation.FunctionError e) {
            return "the function failed: " + e.errorType() + ": " + e.errorMessage();
        }
        if (result instanceof Invocation.TimedOut t) {
            return t.message();
        }
        if (result instanceof Invocation.InstanceCrashed c) {
            return c.message();
        }
        return String.valueOf(result);
    }

    private LocalLambda lambda(Spec spec) {
        // One set of instances per ARN and version, as Lambda keeps each version's execution environments apart.
        return running.computeIfAbsent(spec.arn() + "#" + spec.version() + "#" + spec.code(), key -> {
            if (!spec.runtime().startsWith("java")) {
                throw new IllegalStateException("function " + spec.name() + " runs on " + spec.runtime()
                        + "; the local runner runs Java functions only");
            }
            Map<String, String> environment = new LinkedHashMap<>(spec.environment());
            environment.putAll(runnerEnvironment);
            Function function = Function.builder()
                    .name(spec.name())
                    .code(spec.code())
                    .handler(spec.handler())
                    .memoryMb(spec.memoryMb())
                    .timeout(spec.timeout())
                    .environment(environment)
                    .logFormat(spec.logFormat().equalsIgnoreCase("JSON") ? "JSON" : "Text")
                    .accountId(LocalRunner.ACCOUNT)
                    .version(spec.version())
                    .qualifier(qualifier(spec.arn()))
                    .build();
            try {
                return LocalLambda.start(workDir, function, maxConcurrency);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start function " + spec.name(), e);
            }
        });
    }

    /** The qualifier of a function ARN ({@code arn:aws:lambda:R:A:function:NAME:QUALIFIER}), or null. */
    private static String qualifier(String arn) {
        String[] parts = arn.split(":");
        return parts.length == 8 ? parts[7] : null;
    }

    @Override
    public void close() {
        running.values().forEach(LocalLambda::close);
        running.clear();
    }
}
