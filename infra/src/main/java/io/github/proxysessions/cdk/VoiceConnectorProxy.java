package io.github.proxysessions.cdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Resource;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.interfaces.chime.IVoiceConnectorRef;
import software.constructs.Construct;
import software.constructs.DependencyGroup;
import software.constructs.IDependable;

/**
 * A voice connector's proxy configuration ({@code PutVoiceConnectorProxy}), as a CloudFormation custom resource
 * ({@code Custom::VoiceConnectorProxy}). No proxy session can be created on a connector without one: every session of
 * the stack on the same connector (given by {@link ProxySession.Builder#voiceConnectorProxy}, or by the same
 * reference, the same literal id or the same id token) is created after it and deleted before it, whichever of them
 * is declared first.
 *
 * <pre>{@code
 * VoiceConnectorProxy proxy = VoiceConnectorProxy.Builder.create(this, "Proxy")
 *     .voiceConnector(connector)                 // a CfnVoiceConnector, or .voiceConnectorId("abcdef...")
 *     .defaultSessionExpiry(Duration.hours(1))
 *     .phoneNumberPoolCountries(List.of("US"))
 *     .build();
 * }</pre>
 *
 * <p>Deploying onto a connector that already has a configuration fails unless {@code takeOver} is true: a stack never
 * deletes a configuration it did not create. A stack can configure a connector once. A configuration that another
 * stack or app declares is imported with {@link #fromVoiceConnectorId}.
 *
 * <p>As aws-cdk-lib's constructs, it is a {@link Resource} whose default child is the custom resource's
 * {@link CfnResource}, so {@link #applyRemovalPolicy} acts on it.
 */
public class VoiceConnectorProxy extends Resource implements IVoiceConnectorProxy {

    /** The CloudFormation resource type. */
    public static final String RESOURCE_TYPE = "Custom::VoiceConnectorProxy";

    private final CustomResource resource;
    private final Connector connector;

    public VoiceConnectorProxy(Construct scope, String id, VoiceConnectorProxyProps props) {
        // Checked before joining the construct tree, so that an invalid configuration leaves no trace in it.
        super(scope, validated(scope, id, props));
        this.connector = Connector.of(props.getVoiceConnectorId(), props.getVoiceConnector());
        ProxySessionProvider provider = ProxySessionProvider.of(this);
        provider.addConfiguration(this);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("VoiceConnectorId", connector.id());
        properties.put("DefaultSessionExpiryMinutes", props.getDefaultSessionExpiry().toMinutes());
        properties.put("PhoneNumberPoolCountries", props.getPhoneNumberPoolCountries());
        if (props.getFallBackPhoneNumber() != null) {
            properties.put("FallBackPhoneNumber", props.getFallBackPhoneNumber());
        }
        if (props.getDisabled() != null) {
            properties.put("Disabled", props.getDisabled());
        }
        if (props.getTakeOver() != null) {
            properties.put("TakeOver", props.getTakeOver());
        }
        this.resource = provider.newResource(this, RESOURCE_TYPE, properties, props.getRemovalPolicy());
        getNode().setDefaultChild(resource.getNode().getDefaultChild());
        VoiceConnectorProxyValidator.warn(this, props);
    }

    /**
     * A configuration that is declared elsewhere (another stack, another app, by hand), for the sessions on its
     * connector: {@code ProxySession.Builder.voiceConnectorProxy(imported)} gives a session the connector, and the
     * provider's role the proxy-session actions on it. It orders nothing (this app does not create or delete the
     * configuration) and grants no configuration action. Creates nothing in the template, not even the provider.
     *
     * <pre>{@code
     * IVoiceConnectorProxy shared = VoiceConnectorProxy.fromVoiceConnectorId(this, "Shared", "abcdefghij0123456789ab");
     * ProxySession.Builder.create(this, "Support").voiceConnectorProxy(shared)...build();
     * }</pre>
     *
     * @param voiceConnectorId the configured connector's id (not its ARN: the part after {@code vc/}); a literal is
     *                         checked now, a token (such as {@code Fn.importValue(...)}) at deploy time
     * @throws IllegalArgumentException when the id is null, or a literal that is not a voice connector id
     */
    public static IVoiceConnectorProxy fromVoiceConnectorId(Construct scope, String id, String voiceConnectorId) {
        return new Imported(scope, id, voiceConnectorId);
    }

    /** A configuration declared elsewhere: its connector's id, and nothing to depend on. */
    private static final class Imported extends Resource implements IVoiceConnectorProxy {
        private final String voiceConnectorId;

        Imported(Construct scope, String id, String voiceConnectorId) {
            super(scope, validatedImport(scope, id, voiceConnectorId));
            this.voiceConnectorId = voiceConnectorId;
        }

        @Override
        public String getVoiceConnectorId() {
            return voiceConnectorId;
        }

        @Override
        public IDependable getProxyConfigured() {
            return new DependencyGroup();
        }
    }

    /** Validates an import's id first, so that an invalid one leaves no trace in the construct tree. */
    private static String validatedImport(Construct scope, String id, String voiceConnectorId) {
        Problems problems = new Problems("VoiceConnectorProxy", scope, id);
        if (voiceConnectorId == null) {
            problems.add("voiceConnectorId is required");
        } else {
            problems.checkConnector(voiceConnectorId, null);
        }
        problems.throwIfAny();
        return id;
    }

    /**
     * The configured connector's id: as given, or taken from {@code voiceConnector} (then a token). A literal or a
     * token.
     */
    @Override
    public String getVoiceConnectorId() {
        return connector.id();
    }

    /** This configuration: a session that depends on it is created after it and deleted before it. */
    @Override
    public IDependable getProxyConfigured() {
        return this;
    }

    /** The configured connector, for the sessions on it. */
    Connector connector() {
        return connector;
    }

    /**
     * The default session length in minutes, as the service reports it. A number token: where a string is needed,
     * use {@code Token.asString(proxy.getDefaultSessionExpiryMinutes())}.
     */
    public Number getDefaultSessionExpiryMinutes() {
        return Token.asNumber(resource.getAtt("DefaultSessionExpiryMinutes"));
    }

    /** The countries proxy numbers come from, comma-separated, as the service reports them. */
    public String getPhoneNumberCountries() {
        return resource.getAttString("PhoneNumberCountries");
    }

    /** The underlying custom resource, for what this class does not expose. */
    public CustomResource getResource() {
        return resource;
    }

    /** Validates first, so that an invalid configuration leaves no trace in the construct tree. */
    private static String validated(Construct scope, String id, VoiceConnectorProxyProps p) {
        VoiceConnectorProxyValidator.validate(scope, id, p);
        return id;
    }

    /** Builds a {@link VoiceConnectorProxy}: {@code VoiceConnectorProxy.Builder.create(this, "Id")....build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final VoiceConnectorProxyProps.Builder props = VoiceConnectorProxyProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see VoiceConnectorProxyProps#getVoiceConnector() */
        public Builder voiceConnector(IVoiceConnectorRef voiceConnector) {
            props.voiceConnector(voiceConnector);
            return this;
        }

        /** @see VoiceConnectorProxyProps#getVoiceConnectorId() */
        public Builder voiceConnectorId(String voiceConnectorId) {
            props.voiceConnectorId(voiceConnectorId);
            return this;
        }

        /** @see VoiceConnectorProxyProps#getDefaultSessionExpiry() */
        public Builder defaultSessionExpiry(Duration defaultSessionExpiry) {
            props.defaultSessionExpiry(defaultSessionExpiry);
            return this;
        }

        /** @see VoiceConnectorProxyProps#getPhoneNumberPoolCountries() */
        public Builder phoneNumberPoolCountries(List<String> phoneNumberPoolCountries) {
            props.phoneNumberPoolCountries(phoneNumberPoolCountries);
            return this;
        }

        /** @see VoiceConnectorProxyProps#getFallBackPhoneNumber() */
        public Builder fallBackPhoneNumber(String fallBackPhoneNumber) {
            props.fallBackPhoneNumber(fallBackPhoneNumber);
            return this;
        }

        /** @see VoiceConnectorProxyProps#getDisabled() */
        public Builder disabled(Boolean disabled) {
            props.disabled(disabled);
            return this;
        }

        /** @see VoiceConnectorProxyProps#getTakeOver() */
        public Builder takeOver(Boolean takeOver) {
            props.takeOver(takeOver);
            return this;
        }

        /** @see VoiceConnectorProxyProps#getRemovalPolicy() */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            props.removalPolicy(removalPolicy);
            return this;
        }

        public VoiceConnectorProxy build() {
            return new VoiceConnectorProxy(scope, id, props.build());
        }
    }
}
