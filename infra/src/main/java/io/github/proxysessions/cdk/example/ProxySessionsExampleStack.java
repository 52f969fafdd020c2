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
import software.constructs.Construct;

/**
 * The example stack: the proxy configuration of the voice connector named by the CDK context value
 * {@code voiceConnectorId}, two proxy sessions on it, and their ids and proxy numbers as outputs.
 */
public class ProxySessionsExampleStack extends Stack {

    /** The emulator's demo connector, so that the example deploys locally with no context at all. */
    public static final String DEFAULT_VOICE_CONNECTOR_ID = "demovoiceconnector0001";

    public ProxySessionsExampleStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        Object context = getNode().tryGetContext("voiceConnectorId");
        String voiceConnectorId = context == null ? DEFAULT_VOICE_CONNECTOR_ID : context.toString();

        // Set to manage (and delete with the stack) a configuration the connector already has.
        boolean takeOver = "true".equals(String.valueOf(getNode().tryGetContext("takeOverProxyConfiguration")));

        // The connector's proxy configuration, which sessions need: created before them, deleted after them.
        VoiceConnectorProxy proxy = VoiceConnectorProxy.Builder.create(this, "Proxy")
                .voiceConnectorId(voiceConnectorId)
                .defaultSessionExpiry(Duration.hours(1))
                .phoneNumberPoolCountries(List.of("US"))
                .takeOver(takeOver ? Boolean.TRUE : null)
                .build();

        ProxySession support = ProxySession.Builder.create(this, "SupportLine")
                .voiceConnectorProxy(proxy)
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101"))
                .capabilities(List.of(Capability.VOICE, Capability.SMS))
                .expiry(Duration.hours(2))
                .name("Support line")
                .numberSelectionBehavior(NumberSelectionBehavior.PREFER_STICKY)
                .geoMatch(GeoMatch.areaCode("US", "206"))
                .build();
        ProxySession delivery = ProxySession.Builder.create(this, "Delivery")
                .voiceConnectorProxy(proxy)
                .participantPhoneNumbers(List.of("+13125550102", "+16175550103"))
                .capabilities(List.of(Capability.SMS))
                .expiry(Duration.minutes(30))
                .name("Delivery")
                .geoMatch(GeoMatch.country())
                .build();

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
