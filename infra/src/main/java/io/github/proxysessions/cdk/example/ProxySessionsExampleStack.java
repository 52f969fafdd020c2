package io.github.proxysessions.cdk.example;

import io.github.proxysessions.cdk.Capability;
import io.github.proxysessions.cdk.GeoMatch;
import io.github.proxysessions.cdk.NumberSelectionBehavior;
import io.github.proxysessions.cdk.ProxySession;
import io.github.proxysessions.cdk.VoiceConnectorProxy;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;
import software.constructs.Construct;

/**
 * The example stack: a voice connector of its own, its proxy configuration, two proxy sessions on it, and the
 * connector's id and the sessions' ids and proxy numbers as outputs.
 *
 * <p>With the CDK context value {@code voiceConnectorId}, everything goes on that existing connector instead, and the
 * stack declares none. With {@code takeOverProxyConfiguration=true}, the stack manages (and on deletion removes) a
 * configuration that connector already has.
 */
public class ProxySessionsExampleStack extends Stack {

    /** The name of the connector the stack declares when no {@code voiceConnectorId} is given. */
    public static final String VOICE_CONNECTOR_NAME = "proxy-sessions-example";

    public ProxySessionsExampleStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        Object existing = getNode().tryGetContext("voiceConnectorId");
        boolean takeOver = "true".equals(String.valueOf(getNode().tryGetContext("takeOverProxyConfiguration")));

        // The connector's proxy configuration, which sessions need: created before them, deleted after them.
        VoiceConnectorProxy.Builder proxyBuilder = VoiceConnectorProxy.Builder.create(this, "Proxy")
                .defaultSessionExpiry(Duration.hours(1))
                .phoneNumberPoolCountries(List.of("US"))
                .takeOver(takeOver ? Boolean.TRUE : null);
        if (existing == null) {
            // On AWS, a new connector has no phone numbers: they are ordered and associated outside CloudFormation.
            CfnVoiceConnector connector = CfnVoiceConnector.Builder.create(this, "VoiceConnector")
                    .name(VOICE_CONNECTOR_NAME)
                    .requireEncryption(true)
                    .build();
            proxyBuilder.voiceConnector(connector);
        } else {
            proxyBuilder.voiceConnectorId(existing.toString());
        }
        VoiceConnectorProxy proxy = proxyBuilder.build();

        // Participants outside the emulator's inventory of proxy numbers, as real customers' numbers would be.
        ProxySession support = ProxySession.Builder.create(this, "SupportLine")
                .voiceConnectorProxy(proxy)
                .participantPhoneNumbers(List.of("+12065550150", "+14155550151"))
                .capabilities(List.of(Capability.VOICE, Capability.SMS))
                .expiry(Duration.hours(2))
                .name("Support line")
                .numberSelectionBehavior(NumberSelectionBehavior.PREFER_STICKY)
                .geoMatch(GeoMatch.areaCode("US", "206"))
                .build();
        ProxySession delivery = ProxySession.Builder.create(this, "Delivery")
                .voiceConnectorProxy(proxy)
                .participantPhoneNumbers(List.of("+13125550152", "+16175550153"))
                .capabilities(List.of(Capability.SMS))
                .expiry(Duration.minutes(30))
                .name("Delivery")
                .geoMatch(GeoMatch.country())
                .build();

        output("VoiceConnectorId", proxy.getVoiceConnectorId(), "The voice connector the sessions are on");
        output("SupportLineSessionId", support.getProxySessionId(), "Support line: proxy session id");
        output("SupportLineProxyNumber", support.getFirstParticipantProxyPhoneNumber(),
                "Support line: the number both participants call or text");
        output("DeliverySessionId", delivery.getProxySessionId(), "Delivery: proxy session id");
        output("DeliveryProxyNumber", delivery.getFirstParticipantProxyPhoneNumber(),
                "Delivery: the number both participants text");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
