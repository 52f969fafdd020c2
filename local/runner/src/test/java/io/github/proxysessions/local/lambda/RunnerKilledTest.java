package io.github.proxysessions.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner is killed with SIGKILL, so it cannot clean up: its instances must end anyway. The runner runs in a
 * JVM of its own ({@link RunnerProcess}) with one instance busy in a handler that never returns and one idle.
 */
class RunnerKilledTest {

    @TempDir
    Path work;

    private final LoopbackReceiver signals = new LoopbackReceiver();
    private Process runner;
    private List<ProcessHandle> instances = List.of();

    @Test
    void noInstanceOutlivesAKilledRunner() throws Exception {
        startRunner(true);

        runner.destroyForcibly();   // SIGKILL
        runner.onExit().get(10, TimeUnit.SECONDS);

        for (ProcessHandle instance : instances) {
            instance.onExit().get(20, TimeUnit.SECONDS);
        }
        assertThat(instances).noneMatch(ProcessHandle::isAlive);
    }

    /**
     * Why instances carry {@link ParentWatchAgent}: without it, the runtime interface client exits when its
     * {@code next} call fails (the idle instance), but an instance busy in a handler keeps running as long as the
     * handler does, and here, with a non-daemon thread left behind, for ever.
     */
    @Test
    void withoutTheWatchTheRuntimeEndsOnlyAnIdleInstance() throws Exception {
        String blockedPid = startRunner(false);

        runner.destroyForcibly();
        runner.onExit().get(10, TimeUnit.SECONDS);

        ProcessHandle busy = instances.stream().filter(p -> Long.toString(p.pid()).equals(blockedPid)).findFirst()
                .orElseThrow();
        ProcessHandle idle = instances.stream().filter(p -> p != busy).findFirst().orElseThrow();
        idle.onExit().get(20, TimeUnit.SECONDS);
        // Bounded: the busy instance has no reason to end, so a few seconds show that it does not.
        assertThat(busy.onExit()).failsWithin(3, TimeUnit.SECONDS).withThrowableOfType(TimeoutException.class);
        assertThat(busy.isAlive()).isTrue();
    }

    /** Starts the runner and returns the busy instance's pid once both instances are up. */
    private String startRunner(boolean watchRunner) throws Exception {
        String signal = signals.newUrl();
        Path functions = TestFunctions.jar(work);
        runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + RuntimeBundle.CACHE_PROPERTY + "=" + System.getProperty(RuntimeBundle.CACHE_PROPERTY),
                RunnerProcess.class.getName(), work.resolve("run").toString(), functions.toString(), signal,
                Boolean.toString(watchRunner))
                .redirectError(work.resolve("runner-stderr.log").toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8));
        String ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(90, TimeUnit.SECONDS);
        assertThat(ready).as("the runner's first line; its stderr is in " + work.resolve("runner-stderr.log"))
                .isEqualTo("READY");
        String blockedPid = signals.body(signal).get(60, TimeUnit.SECONDS);
        instances = runner.descendants().toList();
        assertThat(instances).hasSize(2).anyMatch(p -> Long.toString(p.pid()).equals(blockedPid));
        return blockedPid;
    }

    @AfterEach
    void cleanUp() {
        if (runner != null) {
            runner.destroyForcibly();
        }
        instances.forEach(ProcessHandle::destroyForcibly);
        signals.close();
    }
}
