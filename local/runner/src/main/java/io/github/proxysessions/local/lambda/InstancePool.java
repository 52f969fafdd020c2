package io.github.proxysessions.local.lambda;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Places invocations on instances as Lambda places them on execution environments: an available instance takes an
 * invocation; without one, a new instance is started for it, up to the concurrency limit; beyond that, invocations
 * wait in order. An instance stays up between invocations, runs one at a time, and is killed when an invocation
 * outlives the timeout. Every state change happens under one lock; a JVM is started outside it, in a place taken
 * under it.
 */
final class InstancePool {

    /**
     * Lambda gives an instance 10 s to initialise and, when that is not enough, initialises again inside the
     * invocation, under the function's timeout; so a cold start may take up to both together.
     */
    private static final Duration INIT_ALLOWANCE = Duration.ofSeconds(10);
    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final Function function;
    private final int maxConcurrency;
    private final InstanceLauncher launcher;
    private final Path logDirectory;
    private final String functionArn;
    private final ScheduledExecutorService timers;
    private final ExecutorService requests;

    private final Object lock = new Object();
    private final List<Instance> instances = new ArrayList<>();
    private final Deque<PendingInvocation> queue = new ArrayDeque<>();
    private boolean closed;

    InstancePool(Function function, int maxConcurrency, InstanceLauncher launcher, Path logDirectory,
                 String functionArn, ScheduledExecutorService timers, ExecutorService requests) {
        this.function = function;
        this.maxConcurrency = maxConcurrency;
        this.launcher = launcher;
        this.logDirectory = logDirectory;
        this.functionArn = functionArn;
        this.timers = timers;
        this.requests = requests;
    }

    /** Places an invocation; its future completes with the result. */
    PendingInvocation invoke(PendingInvocation invocation) {
        Instance reserved = null;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("This LocalLambda is closed");
            }
            Instance available = null;
            for (Instance instance : instances) {
                if (instance.isAvailable() && (available == null || instance.waiter != null)) {
                    available = instance;   // prefer one that is already waiting in next
                }
            }
            if (available != null) {
                assign(available, invocation);
            } else if (instances.size() < maxConcurrency) {
                reserved = reserve(invocation);
            } else {
                queue.addLast(invocation);
            }
        }
        if (reserved != null) {
            launch(reserved);
        }
        return invocation;
    }

    /** The live instances. */
    List<InstanceInfo> instances() {
        synchronized (lock) {
            return instances.stream().filter(i -> !i.ending && i.info() != null).map(Instance::info).toList();
        }
    }

    /**
     * Takes a place for a new instance whose first invocation is {@code first}: it counts against the concurrency
     * limit from now on, although its JVM is not started yet ({@link #launch}, outside the lock). Under the lock.
     */
    private Instance reserve(PendingInvocation first) {
        String id = HexFormat.of().formatHex(randomBytes(16));
        String stream = LocalDate.now(ZoneOffset.UTC).format(STREAM_DATE) + "/[" + function.version() + "]" + id;
        Path logFile = logDirectory.resolve(id + ".log");
        Instance instance = new Instance(id, logFile, stream,
                new PlatformLog(logFile, function.logFormat(), function.memoryMb(), function.version()));
        instance.assigned = first;
        instances.add(instance);
        return instance;
    }

    /**
     * Starts the JVM of an instance {@link #reserve} placed, outside the lock: a JVM takes tens of milliseconds to
     * fork, and other invocations, the Runtime API and {@link #instances()} go on meanwhile. An instance that cannot
     * be started gives its place back (to the invocations waiting for one) and fails its first invocation.
     */
    private void launch(Instance instance) {
        RuntimeApiServer server = null;
        Exception failure = null;
        try {
            server = RuntimeApiServer.start(new InstanceRuntime(instance), requests);
            // Before the lock is taken again: the runtime may call the API (and answer) as soon as it runs.
            instance.sharing = launcher.sharing();
            instance.started(server, launcher.launch(server.address(), instance.logFile, instance.logStreamName,
                    instance.sharing));
        } catch (IOException | RuntimeException e) {
            failure = e;
            instance.sharing.ended();
        }
        List<Instance> replacements = List.of();
        synchronized (lock) {
            if (failure != null) {
                instance.ending = true;
                instances.remove(instance);
                PendingInvocation first = instance.assigned;
                instance.assigned = null;
                if (first != null) {
                    first.result.completeExceptionally(new IOException("Could not start an instance of "
                            + function.name() + ": " + failure.getMessage(), failure));
                }
                replacements = refill();
            } else if (closed) {
                instance.kill();
            } else if (!instance.initialized) {
                instance.initTimer = timers.schedule(() -> initTimedOut(instance),
                        INIT_ALLOWANCE.plus(function.timeout()).toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        instance.launched.complete(null);
        if (failure != null) {
            if (server != null) {
                server.close();
            }
        } else {
            // Always on another thread: exited() may start instances.
            instance.process().onExit().thenAcceptAsync(process -> exited(instance, process.exitValue()), requests);
        }
        replacements.forEach(this::launch);
    }

    /** Places for the invocations waiting, as far as the concurrency limit allows. Under the lock. */
    private List<Instance> refill() {
        List<Instance> reserved = new ArrayList<>();
        while (!closed && !queue.isEmpty() && instances.size() < maxConcurrency) {
            reserved.add(reserve(queue.pollFirst()));
        }
        return reserved;
    }

    private void assign(Instance instance, PendingInvocation invocation) {
        if (instance.waiter != null) {
            CompletableFuture<RuntimeApiServer.Event> waiter = instance.waiter;
            instance.waiter = null;
            waiter.complete(deliver(instance, invocation));
        } else {
            instance.assigned = invocation;   // taken by its next call to next()
        }
    }

    /** Hands an event to an instance: from now on the timeout runs. */
    private RuntimeApiServer.Event deliver(Instance instance, PendingInvocation invocation) {
        instance.assigned = null;
        instance.inFlight = invocation;
        invocation.deliveredNanos = System.nanoTime();
        long timeoutMs = function.timeout().toMillis();
        long deadline = System.currentTimeMillis() + timeoutMs;
        invocation.timeout = timers.schedule(() -> timedOut(instance, invocation), timeoutMs, TimeUnit.MILLISECONDS);
        instance.platformLog.start(invocation.requestId);
        return new RuntimeApiServer.Event(invocation.requestId, invocation.event, deadline, functionArn, traceId());
    }

    private CompletableFuture<RuntimeApiServer.Event> next(Instance instance) {
        synchronized (lock) {
            if (closed || instance.ending) {
                return CompletableFuture.failedFuture(new IllegalStateException("instance ending"));
            }
            if (!instance.initialized) {
                instance.initialized = true;
                if (instance.initTimer != null) {
                    instance.initTimer.cancel(false);
                }
                instance.initDurationMs = (System.nanoTime() - instance.startNanos) / 1_000_000.0;
            }
            if (instance.inFlight != null) {
                // A runtime that asks for more before answering breaks the protocol; Lambda would reset it too.
                return CompletableFuture.failedFuture(new IllegalStateException("next before an answer"));
            }
            PendingInvocation work = instance.assigned != null ? instance.assigned : queue.pollFirst();
            if (work != null) {
                return CompletableFuture.completedFuture(deliver(instance, work));
            }
            instance.waiter = new CompletableFuture<>();
            return instance.waiter;
        }
    }

    private RuntimeApiServer.Answer answered(Instance instance, String requestId, Invocation.Result result,
                                             PlatformLog.Status status) {
        synchronized (lock) {
            PendingInvocation invocation = instance.inFlight;
            if (invocation == null || !invocation.requestId.equals(requestId)) {
                return RuntimeApiServer.Answer.UNKNOWN_REQUEST;
            }
            finish(instance, invocation, result, status);
            return RuntimeApiServer.Answer.ACCEPTED;
        }
    }

    private void timedOut(Instance instance, PendingInvocation invocation) {
        synchronized (lock) {
            if (instance.inFlight != invocation) {
                return;   // answered just in time
            }
            Invocation.TimedOut result = new Invocation.TimedOut(invocation.requestId, instance.info(),
                    function.timeout());
            instance.platformLog.timedOut(result);
            finish(instance, invocation, result, PlatformLog.Status.TIMEOUT);
            instance.kill();
        }
    }

    private void initTimedOut(Instance instance) {
        synchronized (lock) {
            if (instance.initialized || instance.ending) {
                return;
            }
            PendingInvocation first = instance.assigned;
            instance.assigned = null;
            if (first != null) {
                first.result.complete(new Invocation.TimedOut(first.requestId, instance.info(), function.timeout()));
            }
            instance.kill();
        }
    }

    private void exited(Instance instance, int exitCode) {
        List<Instance> replacements;
        synchronized (lock) {
            instance.ending = true;
            instances.remove(instance);
            if (instance.waiter != null) {
                instance.waiter.completeExceptionally(new IllegalStateException("instance ended"));
                instance.waiter = null;
            }
            PendingInvocation running = instance.inFlight;
            if (running != null) {
                Invocation.InstanceCrashed crash = new Invocation.InstanceCrashed(running.requestId, instance.info(),
                        exitCode);
                instance.platformLog.crashed(crash);
                finish(instance, running, crash, PlatformLog.Status.ERROR);
            }
            PendingInvocation waiting = instance.assigned;
            if (waiting != null) {
                instance.assigned = null;
                if (instance.initialized) {
                    // Given to it as it answered its last event; it never saw this one.
                    queue.addFirst(waiting);
                } else {
                    // The cold start for this invocation failed: the invocation fails with it, as on Lambda.
                    ErrorDocument error = instance.initError;
                    waiting.result.complete(error != null
                            ? error.toFunctionError(waiting.requestId, instance.info())
                            : new Invocation.InstanceCrashed(waiting.requestId, instance.info(), exitCode));
                }
            }
            if (instance.initTimer != null) {
                instance.initTimer.cancel(false);
            }
            replacements = refill();
        }
        instance.closeServer();
        replacements.forEach(this::launch);
        instance.sharing.ended();
    }

    /**
     * Ends the invocation in flight on {@code instance} with {@code result}: the instance is free of it, its timeout
     * stops, END and REPORT are logged, then its future completes. Under the lock.
     */
    private void finish(Instance instance, PendingInvocation invocation, Invocation.Result result,
                        PlatformLog.Status status) {
        instance.inFlight = null;
        invocation.timeout.cancel(false);
        report(instance, invocation, status);
        invocation.result.complete(result);
    }

    private void report(Instance instance, PendingInvocation invocation, PlatformLog.Status status) {
        Double init = instance.initDurationMs;
        instance.initDurationMs = null;
        instance.platformLog.end(invocation.requestId, status, invocation.elapsedMs(), init,
                PlatformLog.peakMemoryMb(instance.info().pid()));
    }

    /**
     * Ends every instance and fails every invocation not finished yet (its future completes exceptionally with an
     * {@link IllegalStateException}). Waits up to {@code wait} for the instances' processes to end.
     */
    void close(Duration wait) {
        List<Instance> ending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            IllegalStateException closing = new IllegalStateException(
                    "LocalLambda was closed before the invocation finished");
            queue.forEach(invocation -> invocation.result.completeExceptionally(closing));
            queue.clear();
            ending = List.copyOf(instances);
            for (Instance instance : ending) {
                for (PendingInvocation invocation : new PendingInvocation[] {instance.assigned, instance.inFlight}) {
                    if (invocation != null) {
                        invocation.result.completeExceptionally(closing);
                    }
                }
                if (instance.waiter != null) {
                    instance.waiter.completeExceptionally(closing);
                }
                if (instance.process() != null) {
                    instance.kill();
                }   // else launch() kills it once started
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (Instance instance : ending) {
            try {
                instance.launched.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (instance.process() != null) {
                    instance.process().onExit().get(Math.max(0, deadline - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                // SIGKILL was sent; nothing more can be done.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                if (instance.process() != null) {
                    instance.closeServer();
                    if (!instance.process().isAlive()) {
                        // Here rather than in exited(), whose thread close() does not wait for.
                        instance.sharing.ended();
                    }
                }
            }
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** An X-Ray trace header of the documented shape, not sampled. */
    private static String traceId() {
        HexFormat hex = HexFormat.of();
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.formatHex(randomBytes(12))
                + ";Parent=" + hex.formatHex(randomBytes(8)) + ";Sampled=0";
    }

    /** The Runtime API of one instance, answered by the pool. */
    private final class InstanceRuntime implements RuntimeApiServer.Runtime {

        private final Instance instance;

        InstanceRuntime(Instance instance) {
            this.instance = instance;
        }

        @Override
        public CompletableFuture<RuntimeApiServer.Event> next() {
            return InstancePool.this.next(instance);
        }

        @Override
        public RuntimeApiServer.Answer response(String requestId, byte[] body) {
            return answered(instance, requestId, new Invocation.Success(requestId, instance.info(),
                    new String(body, java.nio.charset.StandardCharsets.UTF_8)), PlatformLog.Status.SUCCESS);
        }

        @Override
        public RuntimeApiServer.Answer error(String requestId, String errorTypeHeader, byte[] body) {
            ErrorDocument error = ErrorDocument.parse(errorTypeHeader, body);
            return answered(instance, requestId, error.toFunctionError(requestId, instance.info()),
                    PlatformLog.Status.ERROR);
        }

        @Override
        public RuntimeApiServer.Answer initError(String errorTypeHeader, byte[] body) {
            synchronized (lock) {
                instance.initError = ErrorDocument.parse(errorTypeHeader, body);
            }
            return RuntimeApiServer.Answer.ACCEPTED;
        }
    }
}
