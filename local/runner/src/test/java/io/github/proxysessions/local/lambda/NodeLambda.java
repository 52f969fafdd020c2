package io.github.proxysessions.local.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One instance of a Node.js function, started as the AWS Lambda {@code nodejs} managed runtime starts one, for the
 * cold-start benchmark to set beside {@link LocalLambda}'s Java instances: a {@code node} process with the runtime
 * bootstrap's flags and environment (the heap sized from the function's memory, {@code NODE_PATH} reaching the
 * runtime's own {@code node_modules}, where Lambda keeps the AWS SDK for JavaScript v3), running the official runtime
 * interface client ({@code aws-lambda-ric}, the runtime's own loop, with its native Runtime API client) against a
 * Runtime API of its own ({@link RuntimeApiServer}). Lambda's START, END and REPORT lines ({@link PlatformLog}, Text
 * format) go to the instance's log with its output, measured as {@link LocalLambda} measures them: the init
 * duration from the process's start to its first {@code next}, the duration from handing it the event to its
 * response, the peak resident memory.
 *
 * <p>One invocation at a time; no timeout (the caller waits with its own). The runtime directory holds
 * {@code node_modules/aws-lambda-ric} and the SDK packages; {@value #BOOTSTRAP} is written into it.
 */
final class NodeLambda implements AutoCloseable {

    /** The runtime's entry point, as Lambda's {@code /var/runtime/index.mjs}: the client's loop on the handler. */
    static final String BOOTSTRAP = "index.mjs";

    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    /**
     * A function's configuration.
     *
     * @param taskRoot    the function's code, unpacked ({@code /var/task})
     * @param handler     {@code file.export}, such as {@code index.handler}
     * @param environment the function's own variables
     */
    record Function(String name, Path taskRoot, String handler, int memoryMb, Map<String, String> environment) {
    }

    private final Function function;
    private final Path logFile;
    private final PlatformLog platformLog;
    private final RuntimeApiServer server;
    private final ExecutorService requests = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "node-runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final long startNanos;
    private final Process process;

    private final Object lock = new Object();
    private Double initDurationMs;
    private boolean initialized;
    private Pending queued;
    private Pending inFlight;
    private CompletableFuture<RuntimeApiServer.Event> waiter;
    private ErrorDocument initError;

    private static final class Pending {
        final String requestId = UUID.randomUUID().toString();
        final byte[] event;
        final CompletableFuture<String> result = new CompletableFuture<>();
        long deliveredNanos;

        Pending(String event) {
            this.event = event.getBytes(StandardCharsets.UTF_8);
        }
    }

    private NodeLambda(Function function, Path runtimeDir, Path logFile) throws IOException {
        this.function = function;
        this.logFile = logFile;
        this.platformLog = new PlatformLog(logFile, "Text", function.memoryMb(), "$LATEST");
        this.server = RuntimeApiServer.start(new Api(), requests);
        String stream = LocalDate.now(ZoneOffset.UTC).format(STREAM_DATE) + "/[$LATEST]"
                + HexFormat.of().formatHex(randomBytes(16));
        ProcessBuilder builder = new ProcessBuilder(command(function, runtimeDir))
                .directory(function.taskRoot().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(function, runtimeDir, server.address(), stream));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        this.startNanos = System.nanoTime();
        try {
            this.process = builder.start();
        } catch (IOException e) {
            server.close();
            requests.shutdownNow();
            throw e;
        }
        process.onExit().thenRun(this::exited);
    }

    /**
     * Starts an instance at once, as Lambda starts one for a first event.
     *
     * @param runtimeDir where {@code node_modules} holds {@code aws-lambda-ric} and the SDK
     * @param logFile    receives the instance's output and the platform lines
     * @throws IOException when {@code node} cannot be started or the runtime is missing
     */
    static NodeLambda start(Function function, Path runtimeDir, Path logFile) throws IOException {
        Path ric = runtimeDir.resolve("node_modules/aws-lambda-ric/dist/index.mjs");
        if (!Files.isRegularFile(ric)) {
            throw new IOException(ric + " is missing: install aws-lambda-ric into " + runtimeDir + " (bench/"
                    + "cold-start.sh does)");
        }
        Files.writeString(runtimeDir.resolve(BOOTSTRAP), """
                // Written by NodeLambda: the Lambda nodejs runtime's entry point, the runtime interface client's loop.
                import { run } from "./node_modules/aws-lambda-ric/dist/index.mjs";
                await run(process.env.LAMBDA_TASK_ROOT, process.env._HANDLER);
                """);
        Files.createDirectories(logFile.getParent());
        return new NodeLambda(function, runtimeDir, logFile);
    }

    /** The flags of the runtime's bootstrap: new space a tenth of the memory, half of it per semi-space. */
    static List<String> command(Function function, Path runtimeDir) {
        int newSpace = function.memoryMb() / 10;
        return List.of("node", "--expose-gc", "--max-http-header-size", "81920",
                "--max-semi-space-size=" + newSpace / 2, "--max-old-space-size=" + (function.memoryMb() - newSpace),
                runtimeDir.resolve(BOOTSTRAP).toString());
    }

    private static Map<String, String> environment(Function function, Path runtimeDir, String runtimeApi,
                                                   String stream) {
        Map<String, String> env = new LinkedHashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path != null ? path : "/usr/local/bin:/usr/bin/:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("NODE_PATH", runtimeDir.resolve("node_modules") + ":" + runtimeDir + ":" + function.taskRoot());
        env.put("LAMBDA_TASK_ROOT", function.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        env.put("_HANDLER", function.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs" + nodeMajorVersion() + ".x");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", stream);
        env.put("AWS_LAMBDA_LOG_FORMAT", "Text");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_REGION", FunctionEnvironment.DEFAULT_REGION);
        env.put("AWS_DEFAULT_REGION", FunctionEnvironment.DEFAULT_REGION);
        env.put("AWS_ACCESS_KEY_ID", "ASIALOCALLAMBDA00000");
        env.put("AWS_SECRET_ACCESS_KEY", "local-lambda-placeholder-secret-access-key");
        env.put("AWS_SESSION_TOKEN", "local-lambda-placeholder-session-token");
        env.putAll(function.environment());
        return env;
    }

    /** The major version of the {@code node} on the PATH, such as {@code 20}. */
    static String nodeMajorVersion() {
        String version = nodeVersion();
        return version.replaceFirst("^v?(\\d+).*", "$1");
    }

    /** {@code node --version}, such as {@code v20.20.2}. */
    static String nodeVersion() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            node.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("node is not on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Hands the instance an event (it waits until the instance asks for it).
     *
     * @return the response payload; completes exceptionally with {@link IllegalStateException} when the function
     *         failed, could not initialise, or its process ended
     */
    CompletableFuture<String> invoke(String eventJson) {
        Pending invocation = new Pending(eventJson);
        synchronized (lock) {
            if (queued != null || inFlight != null) {
                throw new IllegalStateException("one invocation at a time");
            }
            if (waiter != null) {
                CompletableFuture<RuntimeApiServer.Event> next = waiter;
                waiter = null;
                next.complete(deliver(invocation));
            } else {
                queued = invocation;
            }
        }
        return invocation.result;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    /** How long ago the process was started. */
    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private RuntimeApiServer.Event deliver(Pending invocation) {
        inFlight = invocation;
        invocation.deliveredNanos = System.nanoTime();
        platformLog.start(invocation.requestId);
        String arn = "arn:aws:lambda:" + FunctionEnvironment.DEFAULT_REGION + ":000000000000:function:"
                + function.name();
        HexFormat hex = HexFormat.of();
        String trace = "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + hex.formatHex(randomBytes(12)) + ";Parent=" + hex.formatHex(randomBytes(8)) + ";Sampled=0";
        return new RuntimeApiServer.Event(invocation.requestId, invocation.event,
                System.currentTimeMillis() + Duration.ofMinutes(2).toMillis(), arn, trace);
    }

    private RuntimeApiServer.Answer finish(String requestId, PlatformLog.Status status, byte[] body,
                                           String errorType) {
        synchronized (lock) {
            Pending invocation = inFlight;
            if (invocation == null || !invocation.requestId.equals(requestId)) {
                return RuntimeApiServer.Answer.UNKNOWN_REQUEST;
            }
            inFlight = null;
            double elapsedMs = (System.nanoTime() - invocation.deliveredNanos) / 1_000_000.0;
            Double init = initDurationMs;
            initDurationMs = null;
            platformLog.end(requestId, status, elapsedMs, init, PlatformLog.peakMemoryMb(process.pid()));
            String text = new String(body, StandardCharsets.UTF_8);
            if (status == PlatformLog.Status.SUCCESS) {
                invocation.result.complete(text);
            } else {
                invocation.result.completeExceptionally(new IllegalStateException(errorType + ": " + text));
            }
            return RuntimeApiServer.Answer.ACCEPTED;
        }
    }

    private void exited() {
        synchronized (lock) {
            String why = "the Node.js instance ended (exit " + process.exitValue() + ")"
                    + (initError != null ? ": " + initError.errorType() + ": " + initError.errorMessage() : "")
                    + "; see " + logFile;
            for (Pending pending : new Pending[] {queued, inFlight}) {
                if (pending != null) {
                    pending.result.completeExceptionally(new IllegalStateException(why));
                }
            }
            queued = null;
            inFlight = null;
            if (waiter != null) {
                waiter.completeExceptionally(new IllegalStateException(why));
                waiter = null;
            }
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // it is gone either way
        }
        server.close();
        requests.shutdownNow();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** The instance's Runtime API, answered from this object's state. */
    private final class Api implements RuntimeApiServer.Runtime {

        @Override
        public CompletableFuture<RuntimeApiServer.Event> next() {
            synchronized (lock) {
                if (!initialized) {
                    initialized = true;
                    initDurationMs = (System.nanoTime() - startNanos) / 1_000_000.0;
                }
                if (inFlight != null) {
                    return CompletableFuture.failedFuture(new IllegalStateException("next before an answer"));
                }
                if (queued != null) {
                    Pending work = queued;
                    queued = null;
                    return CompletableFuture.completedFuture(deliver(work));
                }
                waiter = new CompletableFuture<>();
                return waiter;
            }
        }

        @Override
        public RuntimeApiServer.Answer response(String requestId, byte[] body) {
            return finish(requestId, PlatformLog.Status.SUCCESS, body, null);
        }

        @Override
        public RuntimeApiServer.Answer error(String requestId, String errorTypeHeader, byte[] body) {
            return finish(requestId, PlatformLog.Status.ERROR, body, errorTypeHeader);
        }

        @Override
        public RuntimeApiServer.Answer initError(String errorTypeHeader, byte[] body) {
            synchronized (lock) {
                initError = ErrorDocument.parse(errorTypeHeader, body);
            }
            return RuntimeApiServer.Answer.ACCEPTED;
        }
    }
}
