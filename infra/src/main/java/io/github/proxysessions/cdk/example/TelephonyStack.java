package io.github.proxysessions.cdk.example;

import io.github.proxysessions.cdk.VoiceConnectorProxy;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;
import software.constructs.Construct;

/**
 * The telephony of {@link ProxySessionsStage}: a voice connector of its own and its proxy configuration, which the
 * sessions of another stack use. On AWS the connector has no phone numbers until they are ordered and associated with
 * it, outside CloudFormation.
 */
public class TelephonyStack extends Stack {

    private final VoiceConnectorProxy proxy;

    /** @param connectorName the voice connector's name */
    public TelephonyStack(Construct scope, String id, String connectorName) {
        super(scope, id, StackProps.builder()
                .description("Example, multi-stack: a voice connector and its proxy configuration "
                        + "(io.github.proxysessions)")
                .build());
        CfnVoiceConnector connector = CfnVoiceConnector.Builder.create(this, "VoiceConnector")
                .name(connectorName)
                .requireEncryption(true)
                .build();
        this.proxy = VoiceConnectorProxy.Builder.create(this, "Proxy")
                .voiceConnector(connector)
                .defaultSessionExpiry(Duration.hours(1))
                .phoneNumberPoolCountries(List.of("US"))
                .build();
        CfnOutput.Builder.create(this, "VoiceConnectorId").value(proxy.getVoiceConnectorId())
                .description("The voice connector the sessions of the stage are on").build();
    }

    /** The connector's proxy configuration, for the sessions of other stacks. */
    public VoiceConnectorProxy proxy() {
        return proxy;
    }
}
