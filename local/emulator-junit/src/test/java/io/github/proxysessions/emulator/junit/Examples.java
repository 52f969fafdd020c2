package io.github.proxysessions.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.ManualClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * Test classes as a user writes them, which {@link ChimeVoiceEmulatorExtensionTest} runs through the JUnit Platform
 * (nested, so that the build's own test run does not pick them up). Each records what it saw, by the class's name,
 * for the test that ran it to check.
 */
final class Examples {

    /** What each example saw: the endpoints of the emulators it was given, in order, with where it saw them. */
    static final Map<String, Queue<String>> SEEN = new ConcurrentHashMap<>();

    private Examples() {
    }

    static void saw(Class<?> example, String where, URI endpoint) {
        SEEN.computeIfAbsent(example.getSimpleName(), k -> new ConcurrentLinkedQueue<>()).add(where + " " + endpoint);
    }

    static List<String> seen(Class<?> example) {
        return List.copyOf(SEEN.getOrDefault(example.getSimpleName(), new ConcurrentLinkedQueue<>()));
    }

    static String connector(ChimeSdkVoiceClient chime, String name) {
        return chime.createVoiceConnector(r -> r.name(name).requireEncryption(true)).voiceConnector()
                .voiceConnectorId();
    }

    /** A static field: one emulator for the class, its tests in order, state carried from one to the next. */
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ClassScope {
        @RegisterExtension
        static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.create();

        ClassScope(ChimeVoiceEmulator running) {
            saw(ClassScope.class, "constructor", running.endpoint());
        }

        @BeforeAll
        static void beforeAll(ChimeVoiceEmulator running) {
            saw(ClassScope.class, "beforeAll", running.endpoint());
        }

        @BeforeEach
        void beforeEach(ChimeVoiceEmulator running) {
            saw(ClassScope.class, "beforeEach", running.endpoint());
        }

        @Test
        @Order(1)
        void first(ChimeSdkVoiceClient chime, ChimeVoiceEmulator running) {
            String id = connector(chime, "first");
            assertThat(running.voiceConnectorIds()).containsExactly(id);
            saw(ClassScope.class, "first", emulator.endpoint());
        }

        @Test
        @Order(2)
        void second(ChimeSdkVoiceClient chime) {
            assertThat(chime.listVoiceConnectors(r -> { }).voiceConnectors()).as("what the first test made")
                    .hasSize(1);
            saw(ClassScope.class, "second", emulator.get().endpoint());
        }

        @Nested
        class Inner {
            @Test
            void seesTheSameEmulator(ChimeVoiceEmulator running) {
                saw(ClassScope.class, "nested", running.endpoint());
            }
        }

        @AfterAll
        static void afterAll(ChimeVoiceEmulator running) {
            saw(ClassScope.class, "afterAll", running.endpoint());
        }
    }

    /** An instance field: an emulator of its own for each test, empty each time. */
    static class TestScope {
        @RegisterExtension
        ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.create();

        @BeforeEach
        void beforeEach(ChimeVoiceEmulator running) {
            saw(TestScope.class, "beforeEach", running.endpoint());
        }

        @Test
        void one(ChimeSdkVoiceClient chime) {
            assertThat(chime.listVoiceConnectors(r -> { }).voiceConnectors()).isEmpty();
            connector(chime, "one");
            saw(TestScope.class, "test", emulator.endpoint());
        }

        @Test
        void two(ChimeSdkVoiceClient chime) {
            assertThat(chime.listVoiceConnectors(r -> { }).voiceConnectors()).isEmpty();
            connector(chime, "two");
            saw(TestScope.class, "test", emulator.endpoint());
        }

        @AfterEach
        void afterEach(ChimeVoiceEmulator running) {
            saw(TestScope.class, "afterEach", running.endpoint());
        }
    }

    /** An instance field with one test instance for the class: one emulator for the class. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassInstance {
        @RegisterExtension
        ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.create();

        @Test
        void one(ChimeVoiceEmulator running) {
            saw(PerClassInstance.class, "test", running.endpoint());
        }

        @Test
        void two(ChimeVoiceEmulator running) {
            saw(PerClassInstance.class, "test", running.endpoint());
        }
    }

    /** An instance field cannot serve @BeforeAll: its emulator starts with each test. */
    static class InstanceFieldInBeforeAll {
        @RegisterExtension
        ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.create();

        @BeforeAll
        static void beforeAll(ChimeVoiceEmulator running) {
            saw(InstanceFieldInBeforeAll.class, "beforeAll", running.endpoint());
        }

        @Test
        void test() {
        }
    }

    static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-12-01T09:00:00Z"));
    static Path stateFile;

    /** The builder's options: a clock the test moves, seed data, a fault, a state file. */
    static class WithOptions {
        @RegisterExtension
        static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.builder()
                .clock(CLOCK)
                .stateFile(stateFile)
                .seed(ChimeVoiceEmulator::seedDemoVoiceConnector)
                .seed(running -> running.setPhoneNumberInventory(ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID,
                        List.of("+12065550100", "+12065550101")))
                .faults(f -> f.failNext(1, 503))
                .build();

        @Test
        void sessionsFollowTheClockAndTheSeedIsThere(ChimeSdkVoiceClient chime, ChimeVoiceEmulator running) {
            String vc = ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID;
            // The SDK's own retry rides out the one 503 the faults scripted.
            chime.putVoiceConnectorProxy(r -> r.voiceConnectorId(vc).defaultSessionExpiryMinutes(60)
                    .phoneNumberPoolCountries("US"));
            assertThat(running.requestCount("PutVoiceConnectorProxy")).as("the fault, then the retry").isEqualTo(2);
            ProxySession session = chime.createProxySession(r -> r.voiceConnectorId(vc)
                    .participantPhoneNumbers("+14155550150", "+14155550151").capabilitiesWithStrings("Voice"))
                    .proxySession();
            assertThat(session.participants().get(0).proxyPhoneNumber()).isIn("+12065550100", "+12065550101");

            CLOCK.advance(Duration.ofMinutes(61));

            assertThat(chime.getProxySession(r -> r.voiceConnectorId(vc).proxySessionId(session.proxySessionId()))
                    .proxySession().statusAsString()).isEqualTo("Closed");
            saw(WithOptions.class, "test", running.endpoint());
        }
    }

    /** Met by both parallel classes before either goes on: only classes that run at the same time get past it. */
    static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);

    static void parallel(Class<?> example, ChimeSdkVoiceClient chime, ChimeVoiceEmulator running) throws Exception {
        BOTH_RUNNING.await(30, TimeUnit.SECONDS);
        String mine = connector(chime, example.getSimpleName());
        BOTH_RUNNING.await(30, TimeUnit.SECONDS);
        assertThat(running.voiceConnectorIds()).as("only its own connector, while the other class made one too")
                .containsExactly(mine);
        saw(example, "test", running.endpoint());
    }

    static class ParallelA {
        @RegisterExtension
        static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.create();

        @Test
        void makesItsOwnConnector(ChimeSdkVoiceClient chime, ChimeVoiceEmulator running) throws Exception {
            parallel(ParallelA.class, chime, running);
        }
    }

    static class ParallelB {
        @RegisterExtension
        static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.create();

        @Test
        void makesItsOwnConnector(ChimeSdkVoiceClient chime, ChimeVoiceEmulator running) throws Exception {
            parallel(ParallelB.class, chime, running);
        }
    }

    /** Code under test that builds its client as production code does, from the SDK's endpoint settings. */
    static ChimeSdkVoiceClient clientFromTheSdksSettings() {
        return ChimeSdkVoiceClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
    }

    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    static class WithEndpointProperty {
        @RegisterExtension
        static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.builder().endpointSystemProperty()
                .build();

        @Test
        void codeThatReadsTheSdksSettingsReachesTheEmulator(ChimeVoiceEmulator running) {
            try (ChimeSdkVoiceClient client = clientFromTheSdksSettings()) {
                String id = connector(client, "from the property");
                assertThat(running.voiceConnectorIds()).containsExactly(id);
            }
            saw(WithEndpointProperty.class, "test", running.endpoint());
        }
    }

    /** The same without the lock: refused when tests run in parallel. */
    static class WithEndpointPropertyUnlocked {
        @RegisterExtension
        static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.builder().endpointSystemProperty()
                .build();

        @Test
        void test(ChimeVoiceEmulator running) {
            saw(WithEndpointPropertyUnlocked.class, "test", running.endpoint());
        }
    }
}
