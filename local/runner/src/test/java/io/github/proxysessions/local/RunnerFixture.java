package io.github.proxysessions.local;

import io.github.proxysessions.cdk.Capability;
import io.github.proxysessions.cdk.NumberSelectionBehavior;
import io.github.proxysessions.cdk.ProxySession;
import io.github.proxysessions.cdk.Renewal;
import io.github.proxysessions.cdk.VoiceConnectorProxy;
import io.github.proxysessions.local.cfn.CloudAssembly;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * A state directory and the apps to deploy into it: CDK apps built with the real constructs and synthesized to a
 * cloud assembly, as {@code cdk synth} would write it.
 */
final class RunnerFixture {

    static final String DEMO = "demovoiceconnector0001";

    final Path dir;
    final Path stateDir;
    private int apps;

    RunnerFixture(Path dir) {
        this.dir = dir;
        this.stateDir = dir.resolve("state");
    }

    /**
     * A proxy session of a test stack.
     *
     * @param preferSticky       NumberSelectionBehavior PreferSticky
     * @param renewBeforeMinutes the renewal window, or 0 for no renewal
     */
    record Session(String id, String connector, List<String> participants, int expiryMinutes, RemovalPolicy policy,
                   boolean preferSticky, int renewBeforeMinutes) {
        static Session of(String id, String first, String second) {
            return new Session(id, DEMO, List.of(first, second), 60, RemovalPolicy.DESTROY, false, 0);
        }

        Session expiry(int minutes) {
            return new Session(id, connector, participants, minutes, policy, preferSticky, renewBeforeMinutes);
        }

        Session connector(String other) {
            return new Session(id, other, participants, expiryMinutes, policy, preferSticky, renewBeforeMinutes);
        }

        Session participants(String first, String second) {
            return new Session(id, connector, List.of(first, second), expiryMinutes, policy, preferSticky,
                    renewBeforeMinutes);
        }

        Session retained() {
            return new Session(id, connector, participants, expiryMinutes, RemovalPolicy.RETAIN, preferSticky,
                    renewBeforeMinutes);
        }

        Session sticky() {
            return new Session(id, connector, participants, expiryMinutes, policy, true, renewBeforeMinutes);
        }

        /** Renewed by a schedule when less than {@code minutes} are left (contract C8). */
        Session renewal(int minutes) {
            return new Session(id, connector, participants, expiryMinutes, policy, preferSticky, minutes);
        }

        /** The construct's builder with what every test stack's session has: participants, expiry, and these. */
        ProxySession.Builder builder(Stack stack, List<Capability> capabilities) {
            ProxySession.Builder builder = ProxySession.Builder.create(stack, id)
                    .participantPhoneNumbers(participants)
                    .capabilities(capabilities)
                    .expiry(Duration.minutes(expiryMinutes))
                    .removalPolicy(policy);
            if (preferSticky) {
                builder.numberSelectionBehavior(NumberSelectionBehavior.PREFER_STICKY);
            }
            if (renewBeforeMinutes > 0) {
                builder.renewal(Renewal.beforeExpiry(Duration.minutes(renewBeforeMinutes)));
            }
            return builder;
        }
    }

    /**
     * Synthesizes a stack {@code Sessions} with these sessions, and the demo connector's proxy configuration, which
     * the sessions on it depend on.
     */
    CloudAssembly app(Session... sessions) throws Exception {
        Path outdir = Files.createDirectories(dir.resolve("cdk.out." + (++apps)));
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        Stack stack = new Stack(app, "Sessions");
        VoiceConnectorProxy proxy = proxy(stack, DEMO);
        for (Session s : sessions) {
            ProxySession.Builder builder = s.builder(stack, List.of(Capability.VOICE, Capability.SMS));
            if (s.connector().equals(DEMO)) {
                builder.voiceConnectorProxy(proxy);
            } else {
                builder.voiceConnectorId(s.connector());
            }
            builder.build();
        }
        app.synth();
        return CloudAssembly.read(outdir);
    }

    /** The proxy configuration of a test stack: one hour, US numbers. */
    private static VoiceConnectorProxy proxy(Stack stack, String voiceConnectorId) {
        return VoiceConnectorProxy.Builder.create(stack, "Proxy")
                .voiceConnectorId(voiceConnectorId)
                .defaultSessionExpiry(Duration.hours(1))
                .phoneNumberPoolCountries(List.of("US"))
                .build();
    }

    /**
     * Synthesizes a stack {@code Sessions} that declares its own voice connector ({@code AWS::Chime::VoiceConnector},
     * logical id {@code Connector}) and puts a proxy configuration and these sessions on it, through the
     * connector's {@code VoiceConnectorId} attribute.
     */
    CloudAssembly appOnItsOwnConnector(String connectorName, Session... sessions) throws Exception {
        return appOnItsOwnConnector(Map.of("Name", connectorName, "RequireEncryption", true), sessions);
    }

    /** As {@link #appOnItsOwnConnector(String, Session...)}, the connector with these properties. */
    CloudAssembly appOnItsOwnConnector(Map<String, Object> connectorProperties, Session... sessions)
            throws Exception {
        Path outdir = Files.createDirectories(dir.resolve("cdk.out." + (++apps)));
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        Stack stack = new Stack(app, "Sessions");
        CfnResource connector = CfnResource.Builder.create(stack, "Connector").type("AWS::Chime::VoiceConnector")
                .properties(connectorProperties)
                .build();
        connector.overrideLogicalId("Connector");
        String connectorId = Token.asString(connector.getAtt("VoiceConnectorId"));
        VoiceConnectorProxy proxy = proxy(stack, connectorId);
        for (Session s : sessions) {
            s.builder(stack, List.of(Capability.VOICE)).voiceConnectorProxy(proxy).build();
        }
        app.synth();
        return CloudAssembly.read(outdir);
    }

    /** A runner on this state directory, its output kept. */
    Run open(LocalRunner.Faults faults, boolean duplicateDelivery) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LocalRunner runner = LocalRunner.open(new LocalRunner.Settings(stateDir, null, faults, duplicateDelivery,
                new PrintStream(out, true, StandardCharsets.UTF_8)));
        return new Run(runner, out);
    }

    Run open() {
        return open(LocalRunner.Faults.NONE, false);
    }

    /** One run of the runner (one process's worth): its runner and what it printed. */
    record Run(LocalRunner runner, ByteArrayOutputStream out) implements AutoCloseable {
        String output() {
            return out.toString(StandardCharsets.UTF_8);
        }

        /** Every session on a connector, as the service has them. */
        List<software.amazon.awssdk.services.chimesdkvoice.model.ProxySession> sessions(String connector) {
            List<software.amazon.awssdk.services.chimesdkvoice.model.ProxySession> all = new ArrayList<>();
            try (ChimeSdkVoiceClient client = runner.client()) {
                client.listProxySessionsPaginator(r -> r.voiceConnectorId(connector))
                        .forEach(p -> all.addAll(p.proxySessions()));
            }
            return all;
        }

        long writeCalls() {
            return runner.emulator().requestCount("CreateProxySession")
                    + runner.emulator().requestCount("UpdateProxySession")
                    + runner.emulator().requestCount("DeleteProxySession");
        }

        @Override
        public void close() {
            runner.close();
        }
    }
}
