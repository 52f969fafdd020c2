package io.github.proxysessions.cdk;

import io.github.proxysessions.rules.ProxySessionRules;
import java.util.Optional;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.interfaces.chime.IVoiceConnectorRef;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;
import software.constructs.IConstruct;

/**
 * The voice connector a session or a configuration is on, as its id (the custom resource's {@code VoiceConnectorId})
 * and, when it came from a reference, its ARN (what the provider's role names). Either may be a token.
 */
final class Connector {

    private final String id;
    private final String arn;

    private Connector(String id, String arn) {
        this.id = id;
        this.arn = arn;
    }

    /** A connector named by its id, a literal or a token. */
    static Connector ofId(String voiceConnectorId) {
        return new Connector(voiceConnectorId, null);
    }

    /** The connector given as a reference, or else by its id: what a construct's props name. */
    static Connector of(String voiceConnectorId, IVoiceConnectorRef ref) {
        return ref != null ? of(ref) : ofId(voiceConnectorId);
    }

    /**
     * A connector from a reference: a {@link CfnVoiceConnector}'s {@code VoiceConnectorId} attribute; for any other
     * reference, the part of its ARN after {@code vc/}, split with {@code Fn::Split} when the ARN is a token.
     */
    static Connector of(IVoiceConnectorRef ref) {
        String arn = ref.getVoiceConnectorRef().getVoiceConnectorArn();
        if (ref instanceof CfnVoiceConnector cfn) {
            return new Connector(cfn.getAttrVoiceConnectorId(), arn);
        }
        if (!Token.isUnresolved(arn)) {
            return new Connector(ProxySessionRules.voiceConnectorIdInArn(arn).orElse(null), arn);
        }
        return new Connector(Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).getResourceName(), arn);
    }

    /**
     * What is wrong with a reference's literal ARN, or empty when it is a token or names a connector whose id follows
     * the rules.
     */
    static Optional<String> problemOf(IVoiceConnectorRef ref) {
        String arn = ref.getVoiceConnectorRef().getVoiceConnectorArn();
        if (arn == null) {
            return Optional.of("has no ARN");
        }
        if (Token.isUnresolved(arn)) {
            return Optional.empty();
        }
        Optional<String> id = ProxySessionRules.voiceConnectorIdInArn(arn);
        if (id.isEmpty()) {
            return Optional.of("must be a voice connector, whose ARN is "
                    + "arn:<partition>:chime:<region>:<account>:vc/<id>; got '" + arn + "'");
        }
        return ProxySessionRules.voiceConnectorId(id.get()).map(rule -> "ARN's id " + rule);
    }

    /**
     * True when both name the same connector as far as synthesis can tell: the same id (the same literal, or the same
     * token, such as a {@code CfnVoiceConnector}'s id attribute), or the same reference's ARN.
     */
    boolean sameAs(Connector other) {
        return (id != null && id.equals(other.id)) || (arn != null && arn.equals(other.arn));
    }

    /** The id, for the custom resource's {@code VoiceConnectorId}. */
    String id() {
        return id;
    }

    /**
     * The ARN the provider's role names: the reference's, or one built from the id in the partition, region and
     * account of {@code scope}'s stack.
     */
    String arn(IConstruct scope) {
        if (arn != null) {
            return arn;
        }
        return Stack.of(scope).formatArn(ArnComponents.builder()
                .service("chime")
                .resource("vc")
                .resourceName(id)
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    /**
     * What identifies the connector within a synthesis, to name it once in the role's session statement: the id when
     * it is literal, otherwise the reference's ARN token, otherwise the id token.
     */
    String key() {
        if (!Token.isUnresolved(id)) {
            return id;
        }
        return arn != null ? arn : id;
    }
}
