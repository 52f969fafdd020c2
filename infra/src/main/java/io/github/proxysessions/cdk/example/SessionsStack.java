package io.github.proxysessions.cdk.example;

import io.github.proxysessions.cdk.Capability;
import io.github.proxysessions.cdk.GeoMatch;
import io.github.proxysessions.cdk.ProxySession;
import io.github.proxysessions.cdk.VoiceConnectorProxy;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The sessions of {@link ProxySessionsStage}: two proxy sessions on the proxy configuration of another stack. Their
 * connector id is that stack's export, imported; they are created after the configuration and deleted before it.
 */
public class SessionsStack extends Stack {

    /** @param proxy the proxy configuration the sessions are on, another stack's */
    public SessionsStack(Construct scope, String id, VoiceConnectorProxy proxy) {
        super(scope, id, StackProps.builder()
                .description("Example, multi-stack: two proxy sessions on another stack's voice connector "
                        + "(io.github.proxysessions)")
                .build());
        // Participants outside the emulator's inventory of proxy numbers, as real customers' numbers would be.
        ProxySession returns = ProxySession.Builder.create(this, "Returns")
                .voiceConnectorProxy(proxy)
                .participantPhoneNumbers(List.of("+12065550160", "+14155550161"))
                .capabilities(List.of(Capability.VOICE, Capability.SMS))
                .expiry(Duration.hours(4))
                .name("Returns")
                .geoMatch(GeoMatch.country())
                .build();
        ProxySession courier = ProxySession.Builder.create(this, "Courier")
                .voiceConnectorProxy(proxy)
                .participantPhoneNumbers(List.of("+13125550162", "+16175550163"))
                .capabilities(List.of(Capability.SMS))
                .expiry(Duration.minutes(45))
                .name("Courier")
                .build();
        output("ReturnsSessionId", returns.getProxySessionId(), "Returns: proxy session id");
        output("ReturnsProxyNumber", returns.getFirstParticipantProxyPhoneNumber(),
                "Returns: the number both participants call or text");
        output("CourierSessionId", courier.getProxySessionId(), "Courier: proxy session id");
        output("CourierProxyNumber", courier.getFirstParticipantProxyPhoneNumber(),
                "Courier: the number both participants text");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
