package io.github.proxysessions.local.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * LocalLambda.Function fn = LocalLambda.Function.builder()
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

    /** A function's configuration: what {@code CreateFunction} would be given. Immutable. */
    public static final class Function {

        private final String name;
        private final Path code;
        private final String handler;
        private final int memoryMb;
        private final Duration timeout;
        private final Map<String, String> environment;
        private final String logFormat;
        private final String accountId;
        private final String version;
        private final String qualifier;

        private Function(Builder builder) {
            this.name = builder.name;
            this.code = builder.code;
            this.handler = builder.handler;
            this.memoryMb = builder.memoryMb;
            this.timeout = builder.timeout;
            this.environment = Map.copyOf(builder.environment);
            this.logFormat = builder.logFormat;
            this.accountId = builder.accountId;
            this.version = builder.version;
            this.qualifier = builder.qualifier;
        }

        public static Builder builder() {
            return new Builder();
        }

        public String name() {
            return name;
        }

        /** The deployment package (.zip or .jar) or a directory laid out as one. */
        public Path code() {
            return code;
        }

        public String handler() {
            return handler;
        }

        public int memoryMb() {
            return memoryMb;
        }

        public Duration timeout() {
            return timeout;
        }

        /** The function's own variables, and those the runner adds (region, credentials). */
        public Map<String, String> environment() {
            return environment;
        }

        /** {@code JSON} or {@code Text}. */
        public String logFormat() {
            return logFormat;
        }

        public String accountId() {
            return accountId;
        }

        /**
         * Which of the function's versions this configuration is: {@code $LATEST}, or the number of a published
         * version, whose code and configuration are frozen. Instances see it in {@code AWS_LAMBDA_FUNCTION_VERSION} and
         * their log stream names.
         */
        public String version() {
            return version;
        }

        /**
         * The qualifier of the ARN the function is invoked by (an alias name such as {@code live}, or a version
         * number), or null for the unqualified ARN: instances see that ARN as the invoked function ARN.
         */
        public String qualifier() {
            return qualifier;
        }

        /** {@code /aws/lambda/<name>}. */
        public String logGroupName() {
            return "/aws/lambda/" + name;
        }

        /**
         * Builds a {@link Function}. {@link #name}, {@link #code} and {@link #handler} are required; the rest have
         * Lambda's defaults. Each setter rejects a value Lambda's API would reject, with
         * {@link IllegalArgumentException} (or {@link NullPointerException} for null).
         */
        public static final class Builder {

            private String name;
            private Path code;
            private String handler;
            private int memoryMb = 128;
            private Duration timeout = Duration.ofSeconds(3);
            private final Map<String, String> environment = new LinkedHashMap<>();
            private String logFormat = "Text";
            private String accountId = "000000000000";
            private String version = "$LATEST";
            private String qualifier;

            private Builder() {
            }

            /** 1 to 64 letters, digits, hyphens and underscores. */
            public Builder name(String name) {
                Objects.requireNonNull(name, "name");
                if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
                    throw new IllegalArgumentException("Function name '" + name + "' is invalid: Lambda requires "
                            + "1 to 64 letters, digits, hyphens and underscores");
                }
                this.name = name;
                return this;
            }

            /** The function's asset: a .zip or .jar file (what {@code cdk deploy} uploads), or a directory. */
            public Builder code(Path code) {
                this.code = Objects.requireNonNull(code, "code");
                return this;
            }

            /** {@code package.Class::method}, or {@code package.Class} for a {@code RequestHandler}. */
            public Builder handler(String handler) {
                Objects.requireNonNull(handler, "handler");
                if (handler.isBlank() || handler.length() > 128 || handler.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("Handler '" + handler + "' is invalid: Lambda requires at "
                            + "most 128 characters and no spaces, such as com.example.Handler::handleRequest");
                }
                this.handler = handler;
                return this;
            }

            /** 128 to 10240 MB; default 128. */
            public Builder memoryMb(int memoryMb) {
                if (memoryMb < 128 || memoryMb > 10240) {
                    throw new IllegalArgumentException("Memory size must be from 128 to 10240 MB; got " + memoryMb);
                }
                this.memoryMb = memoryMb;
                return this;
            }

            /** Whole seconds, from 1 s to 900 s (15 minutes); default 3 s. */
            public Builder timeout(Duration timeout) {
                Objects.requireNonNull(timeout, "timeout");
                if (timeout.toMillis() % 1000 != 0 || timeout.getSeconds() < 1 || timeout.getSeconds() > 900) {
                    throw new IllegalArgumentException("Timeout must be whole seconds from 1 to 900; got "
                            + timeout);
                }
                this.timeout = timeout;
                return this;
            }

            /**
             * Replaces the environment variables: the function's own, plus what the runner adds. Variables Lambda
             * sets itself ({@code _HANDLER}, {@code AWS_LAMBDA_*}, {@code LAMBDA_TASK_ROOT}, ...) are refused, except
             * {@code AWS_REGION}, {@code AWS_DEFAULT_REGION} and the credentials, which the runner may pass (Lambda
             * derives them from the region and the execution role). Without them: {@code us-east-1} and placeholder
             * credentials.
             */
            public Builder environment(Map<String, String> environment) {
                Objects.requireNonNull(environment, "environment");
                FunctionEnvironment.validate(environment);
                this.environment.clear();
                this.environment.putAll(environment);
                return this;
            }

            /** {@code JSON} or {@code Text} (any case); default {@code Text}. */
            public Builder logFormat(String logFormat) {
                Objects.requireNonNull(logFormat, "logFormat");
                this.logFormat = switch (logFormat.toUpperCase(Locale.ROOT)) {
                    case "JSON" -> "JSON";
                    case "TEXT" -> "Text";
                    default -> throw new IllegalArgumentException("Log format must be JSON or Text; got "
                            + logFormat);
                };
                return this;
            }

            /** The account in the function's ARN; default {@code 000000000000}. */
            public Builder accountId(String accountId) {
                Objects.requireNonNull(accountId, "accountId");
                if (!accountId.matches("\\d{12}")) {
                    throw new IllegalArgumentException("Account id must be 12 digits; got " + accountId);
                }
                this.accountId = accountId;
                return this;
            }

            /** {@code $LATEST} (the default) or a published version's number. */
            public Builder version(String version) {
                Objects.requireNonNull(version, "version");
                if (!version.equals("$LATEST") && !version.matches("[1-9][0-9]{0,9}")) {
                    throw new IllegalArgumentException("Version must be $LATEST or a version number; got "
                            + version);
                }
                this.version = version;
                return this;
            }

            /**
             * The qualifier of the ARN the function is invoked by: an alias name (1 to 128 letters, digits, hyphens
             * and underscores, not only digits), a version number or {@code $LATEST}; null (the default) for the
             * unqualified ARN.
             */
            public Builder qualifier(String qualifier) {
                if (qualifier != null && !qualifier.matches("\\$LATEST|[a-zA-Z0-9_-]{1,128}")) {
                    throw new IllegalArgumentException("Qualifier '" + qualifier + "' is invalid: Lambda requires "
                            + "an alias name, a version number or $LATEST");
                }
                this.qualifier = qualifier;
                return this;
            }

            /** @throws IllegalStateException when the name, code or handler is missing */
            public Function build() {
                if (name == null || code == null || handler == null) {
                    throw new IllegalStateException("A function needs a name, code and a handler; missing: "
                            + ((name == null ? "name " : "") + (code == null ? "code " : "")
                            + (handler == null ? "handler" : "")).trim());
                }
                return new Function(this);
            }
        }
    }
}
