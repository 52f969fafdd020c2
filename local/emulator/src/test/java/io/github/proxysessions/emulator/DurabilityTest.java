package io.github.proxysessions.emulator;

import static io.github.proxysessions.emulator.EmulatorFixture.ALICE;
import static io.github.proxysessions.emulator.EmulatorFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.Capability;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.NumberSelectionBehavior;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/** With a state file, what the emulator acknowledged survives restarts and crashes. */
class DurabilityTest {

    @TempDir
    Path dir;

    private Path state() {
        return dir.resolve("state.json");
    }

    private List<ProxySession> list(ChimeSdkVoiceClient client, String vc) {
        List<ProxySession> all = new ArrayList<>();
        client.listProxySessionsPaginator(r -> r.voiceConnectorId(vc)).forEach(p -> all.addAll(p.proxySessions()));
        return all;
    }

    @Test
    void restartKeepsEverySessionConfigurationAndStickiness() {
        String vc;
        List<ProxySession> before;
        String stickyNumber;
        try (EmulatorFixture f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state()))) {
            vc = f.connectorWithProxy();
            List<String> numbers = EmulatorFixture.numbers(100, 0);
            for (int i = 0; i < 50; i++) {
                f.session(vc, numbers.get(2 * i), numbers.get(2 * i + 1));
            }
            List<ProxySession> created = list(f.client, vc);
            for (int i = 0; i < 10; i++) {
                String id = created.get(i).proxySessionId();
                f.client.updateProxySession(r -> r.voiceConnectorId(vc).proxySessionId(id)
                        .capabilities(Capability.SMS).expiryMinutes(120));
            }
            for (int i = 40; i < 50; i++) {
                String id = created.get(i).proxySessionId();
                f.client.deleteProxySession(r -> r.voiceConnectorId(vc).proxySessionId(id));
            }
            ProxySession pair = f.session(vc, ALICE, BOB);
            stickyNumber = pair.participants().get(0).proxyPhoneNumber();
            f.client.deleteProxySession(r -> r.voiceConnectorId(vc).proxySessionId(pair.proxySessionId()));
            before = list(f.client, vc);
        }

        try (EmulatorFixture f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state()))) {
            assertThat(list(f.client, vc)).containsExactlyElementsOf(before);
            assertThat(before).hasSize(40);
            assertThat(f.client.getVoiceConnectorProxy(r -> r.voiceConnectorId(vc)).proxy()
                    .phoneNumberCountries()).containsExactly("US");
            ProxySession again = f.client.createProxySession(r -> r.voiceConnectorId(vc)
                    .participantPhoneNumbers(ALICE, BOB).capabilities(Capability.VOICE)
                    .numberSelectionBehavior(NumberSelectionBehavior.PREFER_STICKY)).proxySession();
            assertThat(again.participants().get(0).proxyPhoneNumber()).isEqualTo(stickyNumber);
        }
    }

    @Test
    void killDashNineUnderWriteLoadLosesNothingAcknowledged() throws Exception {
        Set<String> acknowledgedCreates = ConcurrentHashMap.newKeySet();
        // A delete cut off by the kill may or may not have taken effect: only acknowledged ones must have.
        Set<String> attemptedDeletes = ConcurrentHashMap.newKeySet();
        Set<String> acknowledgedDeletes = ConcurrentHashMap.newKeySet();
        AtomicLong participant = new AtomicLong();
        String vc = null;
        for (int round = 0; round < 3; round++) {
            Process emulator = startProcess();
            try (ChimeSdkVoiceClient client = EmulatorFixture.client(endpointOf(emulator))) {
                if (vc == null) {
                    vc = client.createVoiceConnector(r -> r.name("crash").requireEncryption(true)).voiceConnector()
                            .voiceConnectorId();
                    String id = vc;
                    client.putVoiceConnectorProxy(r -> r.voiceConnectorId(id).defaultSessionExpiryMinutes(720)
                            .phoneNumberPoolCountries("US"));
                }
                verify(client, vc, acknowledgedCreates, attemptedDeletes, acknowledgedDeletes);

                // Write from several threads; kill -9 once enough changes were acknowledged this round.
                String connector = vc;
                CountDownLatch enough = new CountDownLatch(300 + 100 * round);
                ExecutorService writers = Executors.newFixedThreadPool(4);
                for (int t = 0; t < 4; t++) {
                    writers.submit(() -> {
                        while (true) {
                            long n = participant.getAndAdd(2);
                            String id = client.createProxySession(r -> r.voiceConnectorId(connector)
                                    .participantPhoneNumbers(String.format("+1512%07d", n),
                                            String.format("+1512%07d", n + 1))
                                    .capabilities(Capability.VOICE)).proxySession().proxySessionId();
                            acknowledgedCreates.add(id);
                            enough.countDown();
                            if (n % 3 == 0) {
                                attemptedDeletes.add(id);
                                client.deleteProxySession(r -> r.voiceConnectorId(connector).proxySessionId(id));
                                acknowledgedDeletes.add(id);
                                enough.countDown();
                            }
                        }
                    });
                }
                assertThat(enough.await(2, TimeUnit.MINUTES)).isTrue();
                emulator.destroyForcibly();   // SIGKILL: no shutdown hook, no flush
                assertThat(emulator.waitFor(30, TimeUnit.SECONDS)).isTrue();
                writers.shutdownNow();
                assertThat(writers.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            } finally {
                emulator.destroyForcibly();
            }
        }
        Process emulator = startProcess();
        try (ChimeSdkVoiceClient client = EmulatorFixture.client(endpointOf(emulator))) {
            verify(client, vc, acknowledgedCreates, attemptedDeletes, acknowledgedDeletes);
            assertThat(acknowledgedCreates).hasSizeGreaterThan(600);
        } finally {
            emulator.destroyForcibly();
        }
    }

    /** Every acknowledged create is there unless a delete of it was sent; every acknowledged delete stuck. */
    private void verify(ChimeSdkVoiceClient client, String vc, Set<String> creates, Set<String> deleteAttempts,
                        Set<String> deletes) {
        Set<String> present = ConcurrentHashMap.newKeySet();
        list(client, vc).forEach(s -> present.add(s.proxySessionId()));
        for (String id : creates) {
            if (!deleteAttempts.contains(id)) {
                assertThat(present).as("acknowledged session " + id).contains(id);
            }
        }
        for (String id : deletes) {
            assertThat(present).as("acknowledged delete of " + id).doesNotContain(id);
            assertThatThrownBy(() -> client.getProxySession(r -> r.voiceConnectorId(vc).proxySessionId(id)))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    private Process startProcess() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                EmulatorCommand.class.getName(), "--state", state().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Reads the emulator's first line, which it prints once it accepts connections. */
    private static URI endpointOf(Process emulator) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(emulator.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("emulator output").startsWith("listening on http://127.0.0.1:");
        return URI.create(line.substring("listening on ".length()));
    }

    @Test
    void tornJournalTailIsCutOffAndEverythingBeforeItKept() throws IOException {
        String vc;
        String id;
        try (EmulatorFixture f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state()))) {
            vc = f.connectorWithProxy();
            id = f.session(vc, ALICE, BOB).proxySessionId();
        }
        Path journal = dir.resolve("state.json.journal");
        long intact = Files.size(journal);
        // A crash in the middle of writing a line: a prefix of a record, no newline.
        Files.writeString(journal, "1a2b3c4d {\"op\":\"session.delete\",\"connec", StandardOpenOption.APPEND);

        try (EmulatorFixture f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state()))) {
            assertThat(f.emulator.proxySessionIds(vc)).containsExactly(id);
            assertThat(f.emulator.stateRepairs()).singleElement().asString().contains("cut off the last 39 bytes");
            assertThat(Files.size(journal)).isLessThanOrEqualTo(intact);
            f.session(vc, "+17025550100", "+18085550100");
        }
        try (EmulatorFixture f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state()))) {
            assertThat(f.emulator.proxySessionIds(vc)).hasSize(2).contains(id);
        }
    }

    @Test
    void crashBetweenSnapshotAndJournalTruncationAppliesNothingTwice() throws IOException {
        String vc;
        try (EmulatorFixture f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state()))) {
            vc = f.connectorWithProxy();
            for (int i = 0; i < 3; i++) {
                f.session(vc, "+1702555010" + i, "+1808555010" + i);
            }
        }
        Path journal = dir.resolve("state.json.journal");
        byte[] beforeCompaction = Files.readAllBytes(journal);
        // Opening folds the journal into a new snapshot and truncates the journal.
        new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state())).close();
        assertThat(Files.size(journal)).isZero();
        // As if the process had died after renaming the snapshot but before truncating the journal.
        Files.write(journal, beforeCompaction);

        try (EmulatorFixture f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state()))) {
            assertThat(f.emulator.proxySessionIds(vc)).hasSize(3);
            assertThat(f.emulator.voiceConnectorIds()).containsExactly(vc);
        }
    }

    @Test
    void secondEmulatorOnTheSameStateIsRefused() {
        try (ChimeVoiceEmulator first = ChimeVoiceEmulator.builder().stateFile(state()).build()) {
            assertThatThrownBy(() -> ChimeVoiceEmulator.builder().stateFile(state()).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another emulator");
            assertThat(first.endpoint()).isNotNull();
        }
    }
}
