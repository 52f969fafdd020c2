package io.github.proxysessions.local.lambda;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One instance: its JVM, its Runtime API server, its log, and where it stands. The fields below the constructor are
 * {@link InstancePool}'s to read and write, under its lock.
 */
final class Instance {

    final String id;
    final Path logFile;
    final String logStreamName;
    final PlatformLog platformLog;
    final long startNanos = System.nanoTime();
    // Written once, before the process can call the Runtime API; read by the API's threads.
    private volatile RuntimeApiServer server;
    private volatile Process process;
    private volatile InstanceInfo info;
    /** Completes once the pool has tried to start the JVM, whether it started or not. */
    final CompletableFuture<Void> launched = new CompletableFuture<>();

    /** It has asked for its first event: the runtime and the function's class are loaded. */
    boolean initialized;
    /** Killed, or found dead: it takes no more work. */
    boolean ending;
    /** Work handed to it that it has not asked for yet: its first event, or one given while it was answering. */
    PendingInvocation assigned;
    /** The event it is running. */
    PendingInvocation inFlight;
    /** Its {@code next} request, waiting for work. */
    CompletableFuture<RuntimeApiServer.Event> waiter;
    ScheduledFuture<?> initTimer;
    /** Reported in its first invocation's REPORT, then cleared. */
    Double initDurationMs;
    /** Its part in class data sharing: set before its JVM starts. */
    volatile ClassDataArchive.Role sharing = ClassDataArchive.Role.NONE;
    /** What the runtime reported to {@code /runtime/init/error}, if anything. */
    ErrorDocument initError;

    Instance(String id, Path logFile, String logStreamName, PlatformLog platformLog) {
        this.id = id;
        this.logFile = logFile;
        this.logStreamName = logStreamName;
        this.platformLog = platformLog;
    }

    void started(RuntimeApiServer server, Process process) {
        this.server = server;
        this.process = process;
        this.info = new InstanceInfo(id, process.pid(), logFile, logStreamName);
    }

    InstanceInfo info() {
        return info;
    }

    Process process() {
        return process;
    }

    /** Takes new work: alive, initialised, and neither running nor holding an event. */
    boolean isAvailable() {
        return !ending && initialized && inFlight == null && assigned == null;
    }

    /** Ends the instance as Lambda ends an execution environment: at once, with whatever it started. */
    void kill() {
        ending = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    void closeServer() {
        server.close();
    }
}
