package io.github.proxysessions.emulator.junit;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.Faults;
import java.lang.reflect.Executable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The Chime SDK Voice proxy-session emulator ({@link ChimeVoiceEmulator}) for JUnit 5 tests.
 *
 * <pre>{@code
 * class MyServiceTest {
 *     @RegisterExtension
 *     static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.create();
 *
 *     @Test
 *     void createsASession(ChimeSdkVoiceClient chime, ChimeVoiceEmulator running) { ... }
 * }
 * }</pre>
 *
 * <p><b>Scope.</b> Registered in a static field, one emulator serves every test of the class: it starts before the
 * class's {@code @BeforeAll} methods and stops after its {@code @AfterAll} methods. Registered in an instance field,
 * each test gets an emulator of its own, started before its {@code @BeforeEach} methods and stopped after its
 * {@code @AfterEach} methods (with {@code @TestInstance(PER_CLASS)}, one instance serves the class: one emulator for
 * the class). Each emulator listens on a free port of 127.0.0.1 and keeps its state in memory unless
 * {@link Builder#stateFile} says otherwise, so test classes that run in parallel share nothing.
 *
 * <p><b>Parameters.</b> Test methods and lifecycle methods may declare a {@link ChimeVoiceEmulator} parameter (the
 * running emulator) and, when the AWS SDK's {@code chimesdkvoice} module is on the test class path, a
 * {@code software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient} parameter: a client pointed at the
 * emulator, with dummy static credentials, the region of {@link Builder#region} and the SDK's default HTTP client, one
 * per emulator, closed when it stops. The SDK is optional: this extension never loads it unless such a parameter is
 * declared. A static field's emulator also serves {@code @BeforeAll} and {@code @AfterAll} methods and the test
 * class's constructor; an instance field's does not (JUnit registers it once the test instance exists), and JUnit
 * answers such a parameter with its own {@code ParameterResolutionException}. Register one of these extensions per
 * test class; two would both offer the same parameters.
 *
 * <p><b>Code that reads the SDK's endpoint settings.</b> Code under test that builds its own client finds the
 * emulator through {@link #endpoint()} given to {@code endpointOverride}, or, without a change to it, through the
 * SDK's system property {@value #ENDPOINT_PROPERTY}, which {@link Builder#endpointSystemProperty()} sets for the
 * emulator's scope (see there: system properties are the whole JVM's).
 */
public final class ChimeVoiceEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /**
     * The system property from which the AWS SDK for Java 2.x takes the Chime SDK Voice endpoint when a client is
     * built without {@code endpointOverride} (the environment variable {@code AWS_ENDPOINT_URL_CHIME_SDK_VOICE} comes
     * after it).
     */
    public static final String ENDPOINT_PROPERTY = "aws.endpointUrlChimeSdkVoice";

    /** Named, never referenced: the SDK is optional, and a class that names it in its code would need it to load. */
    static final String SDK_CLIENT = "software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient";

    private static final String PARALLEL_ENABLED = "junit.jupiter.execution.parallel.enabled";

    private final Builder settings;
    private final Object lock = new Object();
    /** The emulator of the current scope, or null between scopes; guarded by {@link #lock}. */
    private Running running;

    private ChimeVoiceEmulatorExtension(Builder settings) {
        this.settings = settings;
    }

    /** An extension with the defaults: the system clock, state in memory, no faults, no seed data. */
    public static ChimeVoiceEmulatorExtension create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of the emulators that an extension starts; each is applied to every emulator it starts. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Path stateFile;
        private final List<Consumer<? super ChimeVoiceEmulator>> seeds = new ArrayList<>();
        private final List<Consumer<? super Faults>> faults = new ArrayList<>();
        private String region = "us-east-1";
        private boolean endpointProperty;

        private Builder() {
        }

        /**
         * The clock that timestamps and session expiry follow, such as an {@code io.github.proxysessions.emulator
         * .ManualClock} that the test moves. Default: the system clock. {@link ChimeVoiceEmulator#advanceClock}
         * moves any emulator's clock ahead whatever its base.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Keeps the state in this file and its journal ({@link ChimeVoiceEmulator.Builder#stateFile}), so that each
         * emulator of this extension starts with what the one before left: with an instance field, each test sees
         * the earlier tests' state. Only one emulator may use a file at a time, so give parallel classes different
         * files. Default: in memory, empty for every emulator.
         */
        public Builder stateFile(Path stateFile) {
            this.stateFile = stateFile;
            return this;
        }

        /**
         * Sets up the emulator's faults ({@link ChimeVoiceEmulator#faults()}) each time one starts, such as
         * {@code f -> f.failNext(2, 503)}; the test can change them as it runs. May be given more than once.
         */
        public Builder faults(Consumer<? super Faults> faults) {
            this.faults.add(Objects.requireNonNull(faults, "faults"));
            return this;
        }

        /**
         * Seed data, written into each emulator once it runs and before any test or lifecycle method sees it, such as
         * {@code ChimeVoiceEmulator::seedDemoVoiceConnector}, or a connector and its inventory. May be given more than
         * once; they run in order. An exception from one fails the tests of its scope.
         */
        public Builder seed(Consumer<? super ChimeVoiceEmulator> seed) {
            this.seeds.add(Objects.requireNonNull(seed, "seed"));
            return this;
        }

        /** The region of the {@code ChimeSdkVoiceClient} parameters. Default: {@code us-east-1}. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * Sets the system property {@value ChimeVoiceEmulatorExtension#ENDPOINT_PROPERTY} to the emulator's endpoint
         * while it runs, and puts back the value it had (or none) when it stops, so that code under test that builds
         * a client without {@code endpointOverride} reaches the emulator. Default: off.
         *
         * <p>System properties are the whole JVM's: while one class's emulator holds the property, a class running at
         * the same time would read it. When JUnit runs tests in parallel ({@code junit.jupiter.execution.parallel
         * .enabled=true}), a test class with this option must therefore declare
         * {@code @ResourceLock(Resources.SYSTEM_PROPERTIES)}, which JUnit gives to one class at a time (and to none
         * that reads system properties under {@code @ResourceLock(value = Resources.SYSTEM_PROPERTIES, mode = READ)});
         * the extension refuses to start without it. Code that builds its client once, in a static field, keeps the
         * first endpoint it saw: give such code the endpoint explicitly instead.
         */
        public Builder endpointSystemProperty() {
            this.endpointProperty = true;
            return this;
        }

        public ChimeVoiceEmulatorExtension build() {
            Builder copy = new Builder();
            copy.clock = clock;
            copy.stateFile = stateFile;
            copy.seeds.addAll(seeds);
            copy.faults.addAll(faults);
            copy.region = region;
            copy.endpointProperty = endpointProperty;
            return new ChimeVoiceEmulatorExtension(copy);
        }
    }

    /**
     * The running emulator.
     *
     * @throws IllegalStateException outside the extension's scope (before its class or test starts, or after it ends)
     */
    public ChimeVoiceEmulator get() {
        synchronized (lock) {
            if (running == null) {
                throw new IllegalStateException("no Chime SDK Voice emulator is running: a ChimeVoiceEmulatorExtension "
                        + "runs one while its test class (a static field) or its test (an instance field) runs");
            }
            return running.emulator;
        }
    }

    /**
     * The running emulator's base URI, such as {@code http://127.0.0.1:38421}, for {@code endpointOverride} or
     * {@code AWS_ENDPOINT_URL_CHIME_SDK_VOICE} in a process the test starts.
     *
     * @throws IllegalStateException outside the extension's scope
     */
    public URI endpoint() {
        return get().endpoint();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop(context);
    }

    /**
     * Starts an emulator for this context unless one runs already: a static field's runs from its class's
     * {@code beforeAll} (and serves its tests and {@code @Nested} classes); an instance field's from each test's
     * {@code beforeEach}.
     */
    private void start(ExtensionContext context) {
        synchronized (lock) {
            if (running != null) {
                return;
            }
            if (settings.endpointProperty) {
                requireSystemPropertiesLock(context);
            }
            ChimeVoiceEmulator emulator = ChimeVoiceEmulator.builder().clock(settings.clock)
                    .stateFile(settings.stateFile).build();
            Running started = new Running(context.getUniqueId(), emulator);
            try {
                settings.seeds.forEach(seed -> seed.accept(emulator));
                settings.faults.forEach(f -> f.accept(emulator.faults()));
                if (settings.endpointProperty) {
                    started.setEndpointProperty();
                }
            } catch (RuntimeException | Error e) {
                started.close();
                throw e;
            }
            running = started;
        }
    }

    /** Stops the emulator when {@code context} is the one that started it. */
    private void stop(ExtensionContext context) {
        Running stopping;
        synchronized (lock) {
            if (running == null || !running.owner.equals(context.getUniqueId())) {
                return;
            }
            stopping = running;
            running = null;
        }
        stopping.close();
    }

    private static void requireSystemPropertiesLock(ExtensionContext context) {
        boolean parallel = context.getConfigurationParameter(PARALLEL_ENABLED).map(Boolean::parseBoolean)
                .orElse(false);
        if (!parallel) {
            return;
        }
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            for (ResourceLock declared : type.getAnnotationsByType(ResourceLock.class)) {
                if (declared.value().equals(Resources.SYSTEM_PROPERTIES)
                        && declared.mode() == ResourceAccessMode.READ_WRITE) {
                    return;
                }
            }
        }
        throw new ExtensionConfigurationException(context.getRequiredTestClass().getName() + " sets the system "
                + "property " + ENDPOINT_PROPERTY + " (ChimeVoiceEmulatorExtension.Builder.endpointSystemProperty()) "
                + "while JUnit runs tests in parallel: annotate it with @ResourceLock(Resources.SYSTEM_PROPERTIES), so "
                + "that no class runs meanwhile that reads or sets system properties, or give the code under test "
                + "emulator.endpoint() instead");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        // A parameter of the SDK's type proves that the SDK is on the class path: only then is it loaded here.
        return type == ChimeVoiceEmulator.class || type.getName().equals(SDK_CLIENT);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running current;
        synchronized (lock) {
            current = running;
        }
        if (current == null) {
            // JUnit asks only while the extension's scope runs; this would be a JUnit that asks at another time.
            Executable where = parameter.getDeclaringExecutable();
            throw new ParameterResolutionException("No Chime SDK Voice emulator runs for the parameter "
                    + parameter.getParameter().getName() + " of " + where.getDeclaringClass().getSimpleName() + "."
                    + where.getName() + ": a ChimeVoiceEmulatorExtension runs one while its test class (a static "
                    + "field) or its test (an instance field) runs");
        }
        if (parameter.getParameter().getType() == ChimeVoiceEmulator.class) {
            return current.emulator;
        }
        return current.client(settings.region);
    }

    /** An emulator, the context that started it, and what was set up for it. */
    private static final class Running implements AutoCloseable {
        final String owner;
        final ChimeVoiceEmulator emulator;
        private AutoCloseable client;
        private boolean propertySet;
        private String propertyBefore;

        Running(String owner, ChimeVoiceEmulator emulator) {
            this.owner = owner;
            this.emulator = emulator;
        }

        /** This emulator's SDK client, built on first use. */
        synchronized Object client(String region) {
            if (client == null) {
                client = SdkClients.create(emulator.endpoint(), region);
            }
            return client;
        }

        void setEndpointProperty() {
            propertyBefore = System.getProperty(ENDPOINT_PROPERTY);
            System.setProperty(ENDPOINT_PROPERTY, emulator.endpoint().toString());
            propertySet = true;
        }

        @Override
        public synchronized void close() {
            try {
                if (propertySet) {
                    if (propertyBefore == null) {
                        System.clearProperty(ENDPOINT_PROPERTY);
                    } else {
                        System.setProperty(ENDPOINT_PROPERTY, propertyBefore);
                    }
                }
                if (client != null) {
                    client.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the emulator's SDK client", e);
            } finally {
                emulator.close();
            }
        }
    }
}
