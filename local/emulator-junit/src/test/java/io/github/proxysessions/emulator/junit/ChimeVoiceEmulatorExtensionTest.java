package io.github.proxysessions.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension as a user's test classes meet it ({@link Examples}, run here through the JUnit Platform): when each
 * emulator starts and stops, what the parameters are, the builder's options, parallel classes, and the endpoint
 * system property.
 */
class ChimeVoiceEmulatorExtensionTest {

    @BeforeEach
    void forget() {
        Examples.SEEN.clear();
    }

    private static TestExecutionSummary run(Map<String, String> configuration, Class<?>... classes) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(Stream.of(classes).map(c -> selectClass(c)).toList())
                .configurationParameters(configuration).build(), listener);
        return listener.getSummary();
    }

    private static TestExecutionSummary run(Class<?>... classes) {
        return run(Map.of(), classes);
    }

    private static void assertAllPassed(TestExecutionSummary summary, long tests) {
        assertThat(summary.getFailures()).as("failures").extracting(f -> f.getException().toString()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(tests);
    }

    private static String failures(TestExecutionSummary summary) {
        return summary.getFailures().stream().map(f -> String.valueOf(f.getException()))
                .collect(Collectors.joining("\n"));
    }

    /** The endpoints seen, without where. */
    private static List<String> endpoints(Class<?> example) {
        return Examples.seen(example).stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList();
    }

    private static boolean listening(String endpoint) {
        URI uri = URI.create(endpoint);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStaticFieldRunsOneEmulatorForTheClassItsLifecycleMethodsAndNestedClassesAndStopsItAfter() {
        assertAllPassed(run(Examples.ClassScope.class), 3);

        assertThat(Examples.seen(Examples.ClassScope.class)).extracting(s -> s.substring(0, s.indexOf(' ')))
                .startsWith("beforeAll").endsWith("afterAll").contains("constructor", "first", "second", "nested");
        assertThat(endpoints(Examples.ClassScope.class)).as("one emulator throughout").hasSizeGreaterThan(5)
                .containsOnly(endpoints(Examples.ClassScope.class).get(0));
        assertThat(listening(endpoints(Examples.ClassScope.class).get(0))).as("stopped after the class").isFalse();
    }

    @Test
    void anInstanceFieldRunsAnEmptyEmulatorForEachTestAndStopsItAfter() {
        assertAllPassed(run(Examples.TestScope.class), 2);

        Map<String, List<String>> byEndpoint = Examples.seen(Examples.TestScope.class).stream().collect(
                Collectors.groupingBy(s -> s.substring(s.indexOf(' ') + 1),
                        Collectors.mapping(s -> s.substring(0, s.indexOf(' ')), Collectors.toList())));
        assertThat(byEndpoint).as("one emulator per test, from before to after it").hasSize(2)
                .allSatisfy((endpoint, where) -> assertThat(where)
                        .containsExactly("beforeEach", "test", "afterEach"));
        assertThat(byEndpoint.keySet()).allSatisfy(endpoint -> assertThat(listening(endpoint)).isFalse());
    }

    @Test
    void anInstanceFieldOfAPerClassInstanceRunsOneEmulatorForTheClass() {
        assertAllPassed(run(Examples.PerClassInstance.class), 2);

        List<String> endpoints = endpoints(Examples.PerClassInstance.class);
        assertThat(endpoints).hasSize(2).containsOnly(endpoints.get(0));
        assertThat(endpoints(Examples.PerClassInstance.class)).allSatisfy(e -> assertThat(listening(e)).isFalse());
    }

    /** JUnit registers an instance field's extension once it has an instance: after @BeforeAll, as documented. */
    @Test
    void anInstanceFieldCannotServeBeforeAll() {
        TestExecutionSummary summary = run(Examples.InstanceFieldInBeforeAll.class);

        assertThat(failures(summary)).contains("ParameterResolutionException",
                ChimeVoiceEmulator.class.getName(), "beforeAll");
        assertThat(Examples.seen(Examples.InstanceFieldInBeforeAll.class)).isEmpty();
    }

    @Test
    void theBuildersClockSeedFaultsAndStateFileApplyToTheEmulator(@TempDir Path dir) {
        Examples.stateFile = dir.resolve("state.json");

        assertAllPassed(run(Examples.WithOptions.class), 1);

        try (ChimeVoiceEmulator after = ChimeVoiceEmulator.builder().readOnlyStateFile(Examples.stateFile).build()) {
            assertThat(after.proxySessionIds(ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID)).as("kept in the state file")
                    .hasSize(1);
        }
    }

    @Test
    void parallelClassesEachHaveAnEmulatorOfTheirOwn() {
        Map<String, String> parallel = new HashMap<>(Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"));

        // Each class waits for the other inside its test: they pass only if they ran at the same time.
        assertAllPassed(run(parallel, Examples.ParallelA.class, Examples.ParallelB.class), 2);

        assertThat(endpoints(Examples.ParallelA.class)).singleElement()
                .isNotEqualTo(endpoints(Examples.ParallelB.class).get(0));
    }

    @Test
    void theEndpointPropertyReachesCodeThatReadsTheSdksSettingsAndIsPutBackAfter() {
        String before = System.getProperty(ChimeVoiceEmulatorExtension.ENDPOINT_PROPERTY);
        assertThat(before).isNull();

        assertAllPassed(run(Examples.WithEndpointProperty.class), 1);
        assertThat(System.getProperty(ChimeVoiceEmulatorExtension.ENDPOINT_PROPERTY)).isNull();

        System.setProperty(ChimeVoiceEmulatorExtension.ENDPOINT_PROPERTY, "http://127.0.0.1:9");
        try {
            assertAllPassed(run(Examples.WithEndpointProperty.class), 1);
            assertThat(System.getProperty(ChimeVoiceEmulatorExtension.ENDPOINT_PROPERTY))
                    .isEqualTo("http://127.0.0.1:9");
        } finally {
            System.clearProperty(ChimeVoiceEmulatorExtension.ENDPOINT_PROPERTY);
        }
    }

    @Test
    void theEndpointPropertyWithoutTheResourceLockIsRefusedWhenTestsRunInParallel() {
        Map<String, String> parallel = Map.of("junit.jupiter.execution.parallel.enabled", "true");

        assertAllPassed(run(Examples.WithEndpointPropertyUnlocked.class), 1);
        assertThat(failures(run(parallel, Examples.WithEndpointPropertyUnlocked.class)))
                .contains("@ResourceLock(Resources.SYSTEM_PROPERTIES)", Examples.WithEndpointPropertyUnlocked.class
                        .getName());
        assertAllPassed(run(parallel, Examples.WithEndpointProperty.class), 1);
        assertThat(System.getProperty(ChimeVoiceEmulatorExtension.ENDPOINT_PROPERTY)).isNull();
    }

    @Test
    void outsideItsScopeTheExtensionSaysNoEmulatorRuns() {
        ChimeVoiceEmulatorExtension extension = ChimeVoiceEmulatorExtension.create();

        assertThatThrownBy(extension::get).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Chime SDK Voice emulator is running");
        assertThatThrownBy(extension::endpoint).isInstanceOf(IllegalStateException.class);
    }
}
