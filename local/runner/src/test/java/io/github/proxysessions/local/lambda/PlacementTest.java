package io.github.proxysessions.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's accounting while JVMs start outside its lock: a burst of invocations from many threads at once never
 * starts more instances than the concurrency limit, and every invocation runs.
 */
class PlacementTest {

    @TempDir
    Path work;

    @Test
    void aBurstFromManyThreadsStartsNoMoreInstancesThanTheLimitAndRunsEveryInvocation() throws Exception {
        int limit = 2;
        int burst = 8;
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"),
                TestFunctions.probe(TestFunctions.jar(work)).build(), limit)) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<CompletableFuture<Invocation.Result>>> submitted = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                submitted.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return lambda.invoke(TestFunctions.event("inspect"));
                }, runnable -> new Thread(runnable).start()));
            }
            go.countDown();
            Set<Long> pids = new HashSet<>();
            int counted = 0;
            for (CompletableFuture<CompletableFuture<Invocation.Result>> s : submitted) {
                Invocation.Result result = s.get(60, TimeUnit.SECONDS).get(120, TimeUnit.SECONDS);
                assertThat(lambda.instances().size()).isLessThanOrEqualTo(limit);
                pids.add(SchedulingTest.inspect(result).path("pid").asLong());
                counted += SchedulingTest.inspect(result).path("count").asInt() > 0 ? 1 : 0;
            }
            assertThat(counted).isEqualTo(burst);
            assertThat(pids).hasSizeBetween(1, limit);
            assertThat(lambda.logDirectory()).isDirectoryContaining(p -> p.toString().endsWith(".log"));
            try (var logs = java.nio.file.Files.list(lambda.logDirectory())) {
                assertThat(logs.count()).as("instances started").isLessThanOrEqualTo(limit);
            }
        }
    }
}
