package io.github.proxysessions.local.lambda;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A Java agent, loaded into every instance JVM with {@code -javaagent:...=<runner pid>}, that halts the instance
 * when the runner that started it is gone, however it went (even {@code kill -9}).
 *
 * <p>Why: the runtime interface client exits by itself only when a Runtime API call fails, that is when it is idle
 * in {@code next} or when it posts a result. An instance that is busy in a long handler keeps running until the
 * handler returns, and one whose handler left a non-daemon thread behind never exits. Lambda has no such problem
 * (it freezes and discards the whole execution environment); a laptop would collect orphan JVMs.
 *
 * <p>Two signals, either suffices: the instance's stdin is a pipe whose only writer is the runner, so reading it
 * returns end-of-file as soon as the runner dies (immediate); and {@link ProcessHandle#onExit()} on the runner
 * (polled by the JDK every few seconds, a fallback). This class is self-contained: it is copied alone into the agent
 * jar and must use nothing but the JDK.
 */
public final class ParentWatchAgent {

    private ParentWatchAgent() {
    }

    /**
     * The agent's entry point.
     *
     * @param runnerPid the process id of the runner, which must be this JVM's parent
     */
    public static void premain(String runnerPid) {
        long pid = Long.parseLong(runnerPid.trim());
        Optional<ProcessHandle> runner = ProcessHandle.of(pid);
        // When the runner died before this JVM got here, the instance has been re-parented already.
        boolean parentIsRunner = ProcessHandle.current().parent().map(p -> p.pid() == pid).orElse(false);
        if (runner.isEmpty() || !parentIsRunner) {
            halt(pid);
        }
        runner.get().onExit().thenRun(() -> halt(pid));
        Thread stdinWatch = new Thread(() -> {
            try (InputStream in = new FileInputStream(FileDescriptor.in)) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // The runner never writes; anything read is ignored.
                }
            } catch (IOException e) {
                // A broken pipe means the same as end-of-file.
            }
            halt(pid);
        }, "local-lambda-runner-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();
    }

    private static void halt(long pid) {
        System.err.println("[local-lambda] the runner (pid " + pid + ") is gone; halting this instance");
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }
}
