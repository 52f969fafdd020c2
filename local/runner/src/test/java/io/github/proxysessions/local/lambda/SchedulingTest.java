package io.github.proxysessions.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm instances, concurrency and queueing, as Lambda places invocations on execution environments. */
class SchedulingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aSecondInvocationReusesTheWarmInstance() throws Exception {
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"),
                TestFunctions.probe(TestFunctions.jar(work)).build(), 4)) {
            JsonNode first = inspect(lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS));
            JsonNode second = inspect(lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS));

            assertThat(second.path("pid").asLong()).isEqualTo(first.path("pid").asLong());
            assertThat(first.path("count").asInt()).isEqualTo(1);
            assertThat(second.path("count").asInt()).isEqualTo(2);   // same JVM: its static state survived
            assertThat(lambda.instances()).hasSize(1);
        }
    }

    @Test
    void concurrentInvocationsRunInSeparateInstances() throws Exception {
        try (LoopbackReceiver signals = new LoopbackReceiver();
             LocalLambda lambda = LocalLambda.start(work.resolve("run"),
                     TestFunctions.probe(TestFunctions.jar(work)).build(), 2)) {
            String first = signals.newUrl();
            String second = signals.newUrl();
            lambda.invoke(block(first));
            lambda.invoke(block(second));

            // Both handlers are running at the same time, each in its own JVM.
            long firstPid = Long.parseLong(signals.body(first).get(60, TimeUnit.SECONDS));
            long secondPid = Long.parseLong(signals.body(second).get(60, TimeUnit.SECONDS));
            assertThat(firstPid).isNotEqualTo(secondPid);
            assertThat(lambda.instances()).extracting(InstanceInfo::pid).containsExactlyInAnyOrder(firstPid, secondPid);
        }
    }

    @Test
    void beyondTheConcurrencyLimitInvocationsWaitForAnInstance() throws Exception {
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"),
                TestFunctions.probe(TestFunctions.jar(work)).build(), 1)) {
            CompletableFuture<Invocation.Result> first = lambda.invoke(TestFunctions.event("inspect"));
            CompletableFuture<Invocation.Result> second = lambda.invoke(TestFunctions.event("inspect"));
            CompletableFuture<Invocation.Result> third = lambda.invoke(TestFunctions.event("inspect"));

            JsonNode a = inspect(first.get(60, TimeUnit.SECONDS));
            JsonNode b = inspect(second.get(60, TimeUnit.SECONDS));
            JsonNode c = inspect(third.get(60, TimeUnit.SECONDS));
            assertThat(b.path("pid").asLong()).isEqualTo(a.path("pid").asLong());
            assertThat(c.path("pid").asLong()).isEqualTo(a.path("pid").asLong());
            assertThat(new int[] {a.path("count").asInt(), b.path("count").asInt(), c.path("count").asInt()})
                    .containsExactly(1, 2, 3);
        }
    }

    @Test
    void theInstanceLogHasWhatLambdaWouldSendToTheLogStream() throws Exception {
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"),
                TestFunctions.probe(TestFunctions.jar(work)).build(), 1)) {
            Invocation.Result first = lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS);
            Invocation.Result second = lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS);

            Path log = first.instance().logFile();
            assertThat(log).startsWith(lambda.logDirectory());
            assertThat(log).content().contains(
                    "START RequestId: " + first.requestId() + " Version: $LATEST",
                    "probe: inspected",
                    "END RequestId: " + first.requestId(),
                    "REPORT RequestId: " + first.requestId() + "\tDuration: ",
                    "START RequestId: " + second.requestId())
                    .containsOnlyOnce("Init Duration: ")    // the cold start's first REPORT only
                    .doesNotContain("\"action\"");            // never the event
        }
    }

    private static String block(String signal) {
        return "{\"action\":\"block\",\"signal\":\"" + signal + "\"}";
    }

    static JsonNode inspect(Invocation.Result result) throws IOException {
        assertThat(result).isInstanceOf(Invocation.Success.class);
        return JSON.readTree(((Invocation.Success) result).payload());
    }
}
