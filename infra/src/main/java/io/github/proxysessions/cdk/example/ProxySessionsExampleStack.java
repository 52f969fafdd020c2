package io.github.proxysessions.cdk.example;

import io.github.proxysessions.cdk.Capability;
import io.github.proxysessions.cdk.GeoMatch;
import io.github.proxysessions.cdk.NumberSelectionBehavior;
import io.github.proxysessions.cdk.ProxySession;
import io.github.proxysessions.cdk.Renewal;
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
 * configuration that connector already has. With {@code renewBeforeExpiryMinutes=N}, both sessions are renewed N
 * minutes before their expiry ({@link Renewal}): N is a whole number from 1 to 29, shorter than the shorter session.
 */
public class ProxySessionsExampleStack extends Stack {

    /** The name of the connector the stack declares when no {@code voiceConnectorId} is given. */
    public static final String VOICE_CONNECTOR_NAME = "proxy-sessions-example";

    /** The context key that gives both sessions a renewal window, in minutes. */
    public static final String RENEW_BEFORE_EXPIRY_MINUTES = "renewBeforeExpiryMinutes";

    /** The Delivery session's length, the shorter of the two: a renewal window must be shorter. */
    private static final int DELIVERY_EXPIRY_MINUTES = 30;

    public ProxySessionsExampleStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        Object existing = getNode().tryGetContext("voiceConnectorId");
        boolean takeOver = "true".equals(String.valueOf(getNode().tryGetContext("takeOverProxyConfiguration")));
        Renewal renewal = renewal(getNode().tryGetContext(RENEW_BEFORE_EXPIRY_MINUTES));

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
                .renewal(renewal)
                .build();
        ProxySession delivery = ProxySession.Builder.create(this, "Delivery")
                .voiceConnectorProxy(proxy)
                .participantPhoneNumbers(List.of("+13125550152", "+16175550153"))
                .capabilities(List.of(Capability.SMS))
                .expiry(Duration.minutes(DELIVERY_EXPIRY_MINUTES))
                .name("Delivery")
                .geoMatch(GeoMatch.country())
                .renewal(renewal)
                .build();

        output("VoiceConnectorId", proxy.getVoiceConnectorId(), "The voice connector the sessions are on");
        output("SupportLineSessionId", support.getProxySessionId(), "Support line: proxy session id");
        output("SupportLineProxyNumber", support.getFirstParticipantProxyPhoneNumber(),
                "Support line: the number both participants call or text");
        output("DeliverySessionId", delivery.getProxySessionId(), "Delivery: proxy session id");
        output("DeliveryProxyNumber", delivery.getFirstParticipantProxyPhoneNumber(),
                "Delivery: the number both participants text");
    }

    /** The renewal the context asks for, or none. */
    private static Renewal renewal(Object minutes) {
        if (minutes == null) {
            return null;
        }
        String given = minutes.toString();
        int window = given.matches("[1-9][0-9]?") ? Integer.parseInt(given) : 0;
        if (window < 1 || window >= DELIVERY_EXPIRY_MINUTES) {
            throw new IllegalArgumentException("context " + RENEW_BEFORE_EXPIRY_MINUTES + " must be a whole number "
                    + "of minutes from 1 to " + (DELIVERY_EXPIRY_MINUTES - 1) + " (shorter than the Delivery "
                    + "session's " + DELIVERY_EXPIRY_MINUTES + "-minute expiry); got '" + given + "'");
        }
        return Renewal.beforeExpiry(Duration.minutes(window));
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
