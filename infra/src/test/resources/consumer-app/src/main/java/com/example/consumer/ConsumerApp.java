package com.example.consumer;

import io.github.proxysessions.cdk.Capability;
import io.github.proxysessions.cdk.ProxySession;
import io.github.proxysessions.cdk.Renewal;
import io.github.proxysessions.cdk.VoiceConnectorProxy;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;

/** A user's app: its own voice connector, the connector's proxy configuration, and two sessions on it. */
public final class ConsumerApp {

    private ConsumerApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Stack stack = new Stack(app, "Consumer");
        CfnVoiceConnector connector = CfnVoiceConnector.Builder.create(stack, "Connector")
                .name("consumer-connector")
                .requireEncryption(true)
                .build();
        VoiceConnectorProxy proxy = VoiceConnectorProxy.Builder.create(stack, "Proxy")
                .voiceConnector(connector)
                .defaultSessionExpiry(Duration.hours(1))
                .phoneNumberPoolCountries(List.of("US"))
                .build();
        ProxySession.Builder.create(stack, "Support")
                .voiceConnectorProxy(proxy)
                .participantPhoneNumbers(List.of("+12065550160", "+14155550161"))
                .capabilities(List.of(Capability.VOICE))
                .build();
        // On the same connector as the configuration, so created after it and deleted before it, with no more code.
        ProxySession.Builder.create(stack, "Standing")
                .voiceConnector(connector)
                .participantPhoneNumbers(List.of("+13125550162", "+16175550163"))
                .capabilities(List.of(Capability.SMS))
                .expiry(Duration.hours(12))
                .renewal(Renewal.beforeExpiry(Duration.minutes(30)))
                .build();
        CfnOutput.Builder.create(stack, "VoiceConnectorId").value(connector.getAttrVoiceConnectorId()).build();
        app.synth();
    }
}
