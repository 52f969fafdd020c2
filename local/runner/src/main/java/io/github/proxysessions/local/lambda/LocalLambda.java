package io.github.proxysessions.local.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a Java Lambda function on this machine as the AWS Lambda {@code java21} managed runtime runs it: each instance
 * is a JVM started with that runtime's flags, running the official runtime interface client
 * ({@code com.amazonaws:aws-lambda-java-runtime-interface-client}) against a Lambda Runtime API that this class
 * serves on {@code 127.0.0.1}. Instances stay warm between invocations, run one invocation at a time, and are
 * started on demand up to the concurrency limit; an invocation that outlives the timeout has its instance killed.
 * Instances never outlive this object, nor the process that created it (see {@link ParentWatchAgent}).
 *
 * <pre>{@code
 * Function fn = Function.builder()
 *         .name("ProxySessionProvider")
 *         .code(Path.of("lambda/target/proxy-session-handler.jar"))
 *         .handler("io.github.proxysessions.handler.ProxySessionHandler::handleRequest")
 *         .memoryMb(1024).timeout(Duration.ofMinutes(5))
 *         .environment(Map.of("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", endpoint))
 *         .build();
 * try (LocalLambda lambda = LocalLambda.start(workDir, fn, 10)) {
 *     Invocation.Result result = lambda.invoke(eventJson).join();
 * }
 * }</pre>
 *
 * <p>Linux only (x86_64 or aarch64): the runtime interface client's native part exists for nothing else. Where this
 * differs from Lambda, and why, is in {@code local/runner/LOCAL-LAMBDA.md}. This class never logs an event, a
 * response or an error; the instances' own output goes to their log files.
 */
public final class LocalLambda implements AutoCloseable {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Function function;
    private final Path logDirectory;
    private final String functionArn;
    private final ScheduledExecutorService timers;
    private final ExecutorService requests;
    private final InstancePool pool;
    private final InstanceLauncher launcher;

    private LocalLambda(Function function, Path logDirectory, InstanceLauncher launcher, int maxConcurrency) {
        this.function = function;
        this.logDirectory = logDirectory;
        this.functionArn = "arn:aws:lambda:" + FunctionEnvironment.region(function.environment()) + ":"
                + function.accountId() + ":function:" + function.name()
                + (function.qualifier() == null ? "" : ":" + function.qualifier());
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timers = scheduler;
        this.requests = Executors.newCachedThreadPool(daemonThreads("runtime-api"));
        this.launcher = launcher;
        this.pool = new InstancePool(function, maxConcurrency, launcher, logDirectory, functionArn, timers, requests);
    }

    /**
     * Prepares the function (unpacks its code into {@code workDir/code/}, extracts the Lambda runtime into the
     * cache) and returns a LocalLambda with no instance yet: the first invocation starts one, as on Lambda.
     *
     * @param workDir        where the code is unpacked and the instances' logs are written ({@code logs/});
     *                       created when missing
     * @param function       the function
     * @param maxConcurrency how many instances may run at once (Lambda's reserved concurrency), at least 1
     * @throws IOException                   when the code cannot be unpacked or the runtime extracted
     * @throws IllegalArgumentException      when {@code maxConcurrency} is below 1 or the code is not a directory,
     *                                       .zip or .jar
     * @throws UnsupportedOperationException on a platform the runtime interface client does not support
     */
    public static LocalLambda start(Path workDir, Function function, int maxConcurrency) throws IOException {
        return start(workDir, function, maxConcurrency, true);
    }

    /** As {@link #start(Path, Function, int)}; {@code watchRunner} false only for tests of the runtime's own ways. */
    static LocalLambda start(Path workDir, Function function, int maxConcurrency, boolean watchRunner)
            throws IOException {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(function, "function");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1; got " + maxConcurrency);
        }
        Path work = Files.createDirectories(workDir).toAbsolutePath().normalize();
        Path taskRoot = TaskRoot.prepare(function.code(), work);
        RuntimeBundle runtime = RuntimeBundle.extract();
        Path logs = Files.createDirectories(work.resolve("logs"));
        return new LocalLambda(function, logs, new InstanceLauncher(function, taskRoot, runtime, watchRunner),
                maxConcurrency);
    }

    /**
     * Invokes the function asynchronously, as an {@code Event} invocation: the event is queued or handed to an
     * instance, and the future completes when the invocation ends. One attempt only: Lambda's retries of failed
     * asynchronous invocations are the caller's to make. Cancelling the future does not stop the invocation.
     *
     * @param eventJson the event, as the function receives it
     * @return the result; the future completes exceptionally only when no instance could be started
     *         ({@link IOException}) or this LocalLambda was closed first ({@link IllegalStateException})
     * @throws IllegalStateException when this LocalLambda is closed
     */
    public CompletableFuture<Invocation.Result> invoke(String eventJson) {
        Objects.requireNonNull(eventJson, "eventJson");
        PendingInvocation invocation = new PendingInvocation(UUID.randomUUID().toString(),
                eventJson.getBytes(StandardCharsets.UTF_8));
        // Callers' continuations run on the common pool, never inside the pool's lock.
        return pool.invoke(invocation).result.thenApplyAsync(result -> result);
    }

    /** The instances alive now (starting, busy or idle), in no particular order. */
    public List<InstanceInfo> instances() {
        return pool.instances();
    }

    /** Where the instances' log files are: {@code <workDir>/logs}. */
    public Path logDirectory() {
        return logDirectory;
    }

    /**
     * The ARN the function is invoked by, as the instances see it:
     * {@code arn:aws:lambda:<region>:<account>:function:<name>}, followed by {@code :<qualifier>} when it is invoked
     * through an alias or a version.
     */
    public String functionArn() {
        return functionArn;
    }

    /**
     * The class data archive the instances of this function share (see {@link ClassDataArchive}), whether written
     * yet or not; null when class data sharing is off.
     */
    Path classDataArchive() {
        return launcher.archiveFile();
    }

    public Function function() {
        return function;
    }

    /**
     * Kills every instance, fails invocations still waiting or running, and stops the Runtime APIs. Waits (up to
     * 10 s) for the instances' processes to end. Idempotent.
     */
    @Override
    public void close() {
        pool.close(CLOSE_WAIT);
        timers.shutdownNow();
        requests.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String role) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "local-lambda-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
