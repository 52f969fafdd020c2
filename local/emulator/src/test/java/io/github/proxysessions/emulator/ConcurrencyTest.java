package io.github.proxysessions.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkvoice.model.Capability;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/** Many clients at once: nothing lost, nothing duplicated, no 500. */
class ConcurrencyTest {

    private static final int THREADS = 8;

    private final EmulatorFixture f = new EmulatorFixture();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void close() {
        pool.shutdownNow();
        f.close();
    }

    @Test
    void eightThreadsCreatingAndDeleting2000SessionsLeaveExactlyTheExpectedSet() throws Exception {
        String vc = f.connectorWithProxy();
        int perThread = 2000 / THREADS;
        Set<String> expected = ConcurrentHashMap.newKeySet();
        List<Throwable> errors = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                List<String> numbers = EmulatorFixture.numbers(perThread * 2, thread * perThread * 2);
                for (int i = 0; i < perThread; i++) {
                    ProxySession s = f.session(vc, numbers.get(2 * i), numbers.get(2 * i + 1));
                    expected.add(s.proxySessionId());
                    // Delete every third session again, while the other threads keep creating.
                    if (i % 3 == 2) {
                        f.client.deleteProxySession(r -> r.voiceConnectorId(vc)
                                .proxySessionId(s.proxySessionId()));
                        expected.remove(s.proxySessionId());
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> future : futures) {
            try {
                future.get(5, TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException e) {
                errors.add(e.getCause());
            }
        }

        assertThat(errors).isEmpty();
        List<String> listed = new ArrayList<>();
        f.client.listProxySessionsPaginator(r -> r.voiceConnectorId(vc))
                .forEach(page -> page.proxySessions().forEach(s -> listed.add(s.proxySessionId())));
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(listed).hasSize(THREADS * (perThread - perThread / 3));
        assertThat(f.emulator.requestCount("CreateProxySession")).isEqualTo(2000);
    }

    @Test
    void aProxyNumberIsNeverGivenTwiceToOneParticipantUnderContention() throws Exception {
        String vc = f.connectorWithProxy();
        int usNumbers = 40;  // the default inventory's US numbers
        Set<String> proxyNumbers = ConcurrentHashMap.newKeySet();
        Set<String> refusals = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 10; i++) {
                    String partner = String.format("+1702555%02d%02d", thread, i);
                    try {
                        ProxySession s = f.client.createProxySession(r -> r.voiceConnectorId(vc)
                                .participantPhoneNumbers(EmulatorFixture.ALICE, partner)
                                .capabilities(Capability.VOICE)).proxySession();
                        assertThat(proxyNumbers.add(s.participants().get(0).proxyPhoneNumber()))
                                .as("proxy number given twice to the same participant").isTrue();
                    } catch (BadRequestException e) {
                        refusals.add(partner);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> future : futures) {
            future.get(2, TimeUnit.MINUTES);
        }

        assertThat(proxyNumbers).hasSize(usNumbers);
        assertThat(refusals).hasSize(THREADS * 10 - usNumbers);
        assertThat(new HashSet<>(f.emulator.proxySessionIds(vc))).hasSize(usNumbers);
    }
}
