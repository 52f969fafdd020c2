package io.github.proxysessions.local.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Dependency order, cycle detection, the concurrency bound, and the reverse order of deletes. */
class DependencySchedulerTest {

    /** Each chain {@code A->B->C}: A waits for B, B for C. */
    private static Map<String, Set<String>> graph(String... chains) {
        Map<String, Set<String>> g = new LinkedHashMap<>();
        for (String chain : chains) {
            String[] parts = chain.split("->");
            g.computeIfAbsent(parts[0], k -> new LinkedHashSet<>());
            for (int i = 1; i < parts.length; i++) {
                g.get(parts[i - 1]).add(parts[i]);
                g.computeIfAbsent(parts[i], k -> new LinkedHashSet<>());
            }
        }
        return g;
    }

    @Test
    void eachComesAfterWhatItWaitsFor() {
        Map<String, Set<String>> g = graph("Session->Proxy->Function", "Session->Function", "Function->Role");

        List<String> order = DependencyScheduler.order(g.keySet(), g::get);

        assertThat(order).containsExactly("Role", "Function", "Proxy", "Session");
    }

    @Test
    void aCycleIsRefusedNamingOnlyTheResourcesInIt() {
        Map<String, Set<String>> g = graph("Start->A", "A->B", "B->C", "C->A");

        assertThatThrownBy(() -> DependencyScheduler.order(g.keySet(), g::get))
                .isInstanceOf(TemplateException.class)
                .hasMessage("circular dependency between resources: A -> B -> C -> A");
    }

    @Test
    void aCycleInATemplateIsRefusedBeforeAnythingRuns() throws Exception {
        Template template = new Template((ObjectNode) new ObjectMapper().readTree("""
                {"Resources": {
                  "A": {"Type": "Custom::X", "Properties": {"Other": {"Fn::GetAtt": ["B", "Arn"]}}},
                  "B": {"Type": "Custom::X", "DependsOn": "A"}
                }}"""));

        assertThatThrownBy(template::dependencyOrder).hasMessageContaining("circular dependency between resources: ")
                .hasMessageContaining("A -> B -> A");
    }

    @Test
    void dependsOnAResourceThatDoesNotExistIsRefused() throws Exception {
        Template template = new Template((ObjectNode) new ObjectMapper().readTree(
                "{\"Resources\": {\"A\": {\"Type\": \"Custom::X\", \"DependsOn\": [\"Ghost\"]}}}"));

        assertThatThrownBy(template::dependencyOrder)
                .hasMessage("resource A depends on Ghost, which is not in the template");
    }

    @Test
    void independentOperationsRunConcurrentlyUpToTheBoundAndDependentsWait() throws Exception {
        Map<String, Set<String>> g = graph("Last->A->Root", "Last->B", "Last->C", "A", "B", "C", "Root");
        DependencyScheduler scheduler = new DependencyScheduler(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> ended = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch twoStarted = new CountDownLatch(2);

        scheduler.runInOrder(g.keySet(), g::get, id -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            twoStarted.countDown();
            try {
                // Holds the first two until both run: they overlap, so the bound is reached.
                twoStarted.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.add(id);
            running.decrementAndGet();
        });

        assertThat(most.get()).isEqualTo(2);
        assertThat(ended).hasSize(5).endsWith("Last");
        assertThat(ended.indexOf("Root")).isLessThan(ended.indexOf("A"));
    }

    @Test
    void afterAFailureNothingNewStarts() {
        Map<String, Set<String>> g = graph("C->B->A");
        List<String> ran = Collections.synchronizedList(new ArrayList<>());

        new DependencyScheduler(4).runInOrder(g.keySet(), g::get, id -> {
            ran.add(id);
            if (id.equals("A")) {
                throw new IllegalStateException("A failed");
            }
        });

        assertThat(ran).containsExactly("A");
    }

    @Test
    void deletesRunDependentsFirst() {
        Map<String, Set<String>> g = graph("Session->Proxy->Function", "Session->Function");
        List<String> ran = Collections.synchronizedList(new ArrayList<>());

        new DependencyScheduler(4).runInReverseOrder(g, ran::add);

        assertThat(ran).containsExactly("Session", "Proxy", "Function");
        assertThat(DependencyScheduler.reverse(g)).containsEntry("Function", Set.of("Session", "Proxy"))
                .containsEntry("Session", Set.of());
    }
}
