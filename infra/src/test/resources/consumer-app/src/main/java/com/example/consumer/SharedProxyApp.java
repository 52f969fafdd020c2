package com.example.consumer;

import io.github.proxysessions.cdk.Capability;
import io.github.proxysessions.cdk.IVoiceConnectorProxy;
import io.github.proxysessions.cdk.ProxySession;
import io.github.proxysessions.cdk.Renewal;
import io.github.proxysessions.cdk.VoiceConnectorProxy;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;

/**
 * A user's second app: one stack owns a voice connector and its proxy configuration and exports the connector's id;
 * another declares sessions against that configuration, imported by the exported id, as a team that does not own the
 * configuration would.
 */
public final class SharedProxyApp {

    /** The export that names the shared connector. */
    static final String CONNECTOR_EXPORT = "SharedProxyVoiceConnectorId";

    private SharedProxyApp() {
    }

    public static void main(String[] args) {
        App app = new App();

        Stack owner = new Stack(app, "SharedProxyOwner");
        CfnVoiceConnector connector = CfnVoiceConnector.Builder.create(owner, "Connector")
                .name("shared-connector")
                .requireEncryption(true)
                .build();
        VoiceConnectorProxy.Builder.create(owner, "Proxy")
                .voiceConnector(connector)
                .defaultSessionExpiry(Duration.hours(1))
                .phoneNumberPoolCountries(List.of("US"))
                .build();
        CfnOutput.Builder.create(owner, "VoiceConnectorId").value(connector.getAttrVoiceConnectorId())
                .exportName(CONNECTOR_EXPORT).build();

        Stack sessions = new Stack(app, "SharedProxySessions");
        IVoiceConnectorProxy shared = VoiceConnectorProxy.fromVoiceConnectorId(sessions, "Shared",
                Fn.importValue(CONNECTOR_EXPORT));
        ProxySession support = ProxySession.Builder.create(sessions, "Support")
                .voiceConnectorProxy(shared)
                .participantPhoneNumbers(List.of("+12065550170", "+14155550171"))
                .capabilities(List.of(Capability.VOICE))
                .build();
        ProxySession standing = ProxySession.Builder.create(sessions, "Standing")
                .voiceConnectorProxy(shared)
                .participantPhoneNumbers(List.of("+13125550172", "+16175550173"))
                .capabilities(List.of(Capability.SMS))
                .expiry(Duration.hours(12))
                .renewal(Renewal.beforeExpiry(Duration.minutes(30)))
                .build();
        // The import names the export, not the owner's resources: the order is the app's to state.
        sessions.addDependency(owner);
        CfnOutput.Builder.create(sessions, "SupportSessionId").value(support.getProxySessionId()).build();
        CfnOutput.Builder.create(sessions, "StandingSessionId").value(standing.getProxySessionId()).build();
        app.synth();
    }
}
