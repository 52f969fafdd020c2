package io.github.proxysessions.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How invocations fail: a handler that throws, a timeout, a crashed instance, a function that cannot start. */
class FailureTest {

    @TempDir
    Path work;

    @Test
    void aHandlerThatThrowsIsAFunctionErrorWithItsTypeAndMessage() throws Exception {
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"),
                TestFunctions.probe(TestFunctions.jar(work)).build(), 1)) {
            Invocation.Result result = lambda.invoke("{\"action\":\"throw\",\"message\":\"out of coffee\"}")
                    .get(60, TimeUnit.SECONDS);

            assertThat(result).isInstanceOfSatisfying(Invocation.FunctionError.class, error -> {
                assertThat(error.errorType()).isEqualTo("java.lang.IllegalStateException");
                assertThat(error.errorMessage()).isEqualTo("out of coffee");
                assertThat(error.payload()).contains("\"stackTrace\"");
            });
            // The instance survives a handler's exception, as on Lambda.
            Invocation.Result next = lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS);
            assertThat(SchedulingTest.inspect(next).path("pid").asLong()).isEqualTo(result.instance().pid());
        }
    }

    @Test
    void anInvocationPastItsTimeoutKillsTheInstanceAndTimesOut() throws Exception {
        Function function = TestFunctions.probe(TestFunctions.jar(work))
                .timeout(Duration.ofSeconds(2)).build();
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"), function, 1)) {
            long started = System.nanoTime();
            Invocation.Result result = lambda.invoke("{\"action\":\"block\"}").get(60, TimeUnit.SECONDS);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(result).isInstanceOfSatisfying(Invocation.TimedOut.class, timedOut ->
                    assertThat(timedOut.message()).isEqualTo("Task timed out after 2.00 seconds"));
            assertThat(elapsedMs).isGreaterThanOrEqualTo(2_000);
            ProcessHandle killed = ProcessHandle.of(result.instance().pid()).orElse(null);
            if (killed != null) {
                killed.onExit().get(10, TimeUnit.SECONDS);
            }
            assertThat(result.instance().logFile()).content()
                    .contains(result.requestId() + " Task timed out after 2.00 seconds", "Status: timeout");

            // The next invocation gets a new instance.
            Invocation.Result next = lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS);
            assertThat(SchedulingTest.inspect(next).path("pid").asLong()).isNotEqualTo(result.instance().pid());
        }
    }

    @Test
    void anInstanceKilledMidInvocationIsReportedAsCrashedAndReplaced() throws Exception {
        try (LoopbackReceiver signals = new LoopbackReceiver();
             LocalLambda lambda = LocalLambda.start(work.resolve("run"),
                     TestFunctions.probe(TestFunctions.jar(work)).build(), 1)) {
            String signal = signals.newUrl();
            CompletableFuture<Invocation.Result> running =
                    lambda.invoke("{\"action\":\"block\",\"signal\":\"" + signal + "\"}");
            long pid = Long.parseLong(signals.body(signal).get(60, TimeUnit.SECONDS));

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            Invocation.Result result = running.get(60, TimeUnit.SECONDS);
            assertThat(result).isInstanceOfSatisfying(Invocation.InstanceCrashed.class, crash -> {
                assertThat(crash.exitCode()).isEqualTo(137);
                assertThat(crash.message()).isEqualTo("Runtime exited with error: signal: killed");
                assertThat(crash.instance().pid()).isEqualTo(pid);
            });
            Invocation.Result next = lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS);
            assertThat(SchedulingTest.inspect(next).path("pid").asLong()).isNotEqualTo(pid);
        }
    }

    @Test
    void aHandlerThatExitsTheJvmIsReportedAsCrashed() throws Exception {
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"),
                TestFunctions.probe(TestFunctions.jar(work)).build(), 1)) {
            Invocation.Result result = lambda.invoke("{\"action\":\"exit\",\"code\":\"3\"}").get(60, TimeUnit.SECONDS);

            assertThat(result).isInstanceOfSatisfying(Invocation.InstanceCrashed.class, crash ->
                    assertThat(crash.message()).isEqualTo("Runtime exited with error: exit status 3"));
        }
    }

    @Test
    void aFunctionThatCannotInitialiseFailsTheInvocationWithTheInitError() throws Exception {
        Function function = TestFunctions.probe(TestFunctions.jar(work))
                .handler(TestFunctions.BROKEN_INIT).build();
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"), function, 1)) {
            Invocation.Result first = lambda.invoke("{}").get(60, TimeUnit.SECONDS);
            Invocation.Result second = lambda.invoke("{}").get(60, TimeUnit.SECONDS);

            for (Invocation.Result result : new Invocation.Result[] {first, second}) {
                assertThat(result).isInstanceOfSatisfying(Invocation.FunctionError.class, error -> {
                    assertThat(error.errorType()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(error.errorMessage()).contains("no configuration for this function");
                });
            }
            // Each attempt is a fresh cold start, as on Lambda.
            assertThat(second.instance().pid()).isNotEqualTo(first.instance().pid());
        }
    }

    @Test
    void closingFailsWhatIsStillRunningAndEndsTheInstances() throws Exception {
        LocalLambda lambda = LocalLambda.start(work.resolve("run"),
                TestFunctions.probe(TestFunctions.jar(work)).build(), 1);
        CompletableFuture<Invocation.Result> running = lambda.invoke("{\"action\":\"block\"}");
        CompletableFuture<Invocation.Result> queued = lambda.invoke(TestFunctions.event("inspect"));
        java.util.List<InstanceInfo> instances = lambda.instances();

        lambda.close();

        assertThat(running).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .havingRootCause().isInstanceOf(IllegalStateException.class)
                .withMessageContaining("closed before the invocation finished");
        assertThat(queued).failsWithin(10, TimeUnit.SECONDS);
        assertThat(instances).hasSize(1).allSatisfy(i ->
                assertThat(ProcessHandle.of(i.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lambda.invoke("{}"))
                .isInstanceOf(IllegalStateException.class);
    }
}
