package io.github.proxysessions.cdk;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.interfaces.chime.IVoiceConnectorRef;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;

/** Properties of a {@link VoiceConnectorProxy}. Immutable; build with {@link #builder()}. */
public final class VoiceConnectorProxyProps {

    private final IVoiceConnectorRef voiceConnector;
    private final String voiceConnectorId;
    private final Duration defaultSessionExpiry;
    private final List<String> phoneNumberPoolCountries;
    private final String fallBackPhoneNumber;
    private final Boolean disabled;
    private final Boolean takeOver;
    private final RemovalPolicy removalPolicy;

    private VoiceConnectorProxyProps(Builder b) {
        this.voiceConnector = b.voiceConnector;
        this.voiceConnectorId = b.voiceConnectorId;
        this.defaultSessionExpiry = b.defaultSessionExpiry;
        this.phoneNumberPoolCountries = b.phoneNumberPoolCountries == null ? null
                : List.copyOf(b.phoneNumberPoolCountries);
        this.fallBackPhoneNumber = b.fallBackPhoneNumber;
        this.disabled = b.disabled;
        this.takeOver = b.takeOver;
        this.removalPolicy = b.removalPolicy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The voice connector to configure, such as a {@link CfnVoiceConnector} declared in the stack. The configuration
     * takes the connector's id from it, and the provider's role names its ARN. Give exactly one of
     * {@code voiceConnector} and {@link #getVoiceConnectorId()}. Changing it replaces the configuration.
     *
     * @return the connector, or null for the default
     * @default none: {@code voiceConnectorId} names it
     */
    public IVoiceConnectorRef getVoiceConnector() {
        return voiceConnector;
    }

    /**
     * The id of the voice connector to configure (not its ARN: the part after {@code vc/}). May be a token. For a
     * connector declared in the stack, give {@link #getVoiceConnector()} instead. Changing it replaces the
     * configuration.
     *
     * @return the id, or null for the default
     * @default none: {@code voiceConnector} names the connector
     */
    public String getVoiceConnectorId() {
        return voiceConnectorId;
    }

    /**
     * How long sessions last when they do not say: whole minutes from 1 minute to 12 hours.
     *
     * @return the default expiry (required)
     */
    public Duration getDefaultSessionExpiry() {
        return defaultSessionExpiry;
    }

    /**
     * The countries proxy numbers come from: 1 to 100 ISO 3166 alpha-2 codes, such as {@code "US"}.
     *
     * @return the countries (required)
     */
    public List<String> getPhoneNumberPoolCountries() {
        return phoneNumberPoolCountries;
    }

    /**
     * Where calls to a proxy number go once its session has expired: an E.164 number.
     *
     * @return the number, or null for the default
     * @default none
     */
    public String getFallBackPhoneNumber() {
        return fallBackPhoneNumber;
    }

    /**
     * True stops new sessions from being created on the connector.
     *
     * @return whether proxy sessions are disabled, or null for the default
     * @default false
     */
    public Boolean getDisabled() {
        return disabled;
    }

    /**
     * Whether the stack may take over a configuration the connector already has. Without it, deploying onto a
     * configured connector fails and changes nothing, so that the stack never deletes a configuration it did not
     * create. With it, the stack manages (and on deletion removes) the existing configuration.
     *
     * @return whether to take over, or null for the default
     * @default false
     */
    public Boolean getTakeOver() {
        return takeOver;
    }

    /**
     * What happens to the configuration when it leaves the stack or the stack is deleted.
     *
     * @return the policy, or null for the default
     * @default {@link RemovalPolicy#DESTROY}
     */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    /** Builds {@link VoiceConnectorProxyProps}. */
    public static final class Builder {
        private IVoiceConnectorRef voiceConnector;
        private String voiceConnectorId;
        private Duration defaultSessionExpiry;
        private List<String> phoneNumberPoolCountries;
        private String fallBackPhoneNumber;
        private Boolean disabled;
        private Boolean takeOver;
        private RemovalPolicy removalPolicy;

        private Builder() {
        }

        /** @see VoiceConnectorProxyProps#getVoiceConnector() */
        public Builder voiceConnector(IVoiceConnectorRef voiceConnector) {
            this.voiceConnector = voiceConnector;
            return this;
        }

        /** @see VoiceConnectorProxyProps#getVoiceConnectorId() */
        public Builder voiceConnectorId(String voiceConnectorId) {
            this.voiceConnectorId = voiceConnectorId;
            return this;
        }

        /** @see VoiceConnectorProxyProps#getDefaultSessionExpiry() */
        public Builder defaultSessionExpiry(Duration defaultSessionExpiry) {
            this.defaultSessionExpiry = defaultSessionExpiry;
            return this;
        }

        /** @see VoiceConnectorProxyProps#getPhoneNumberPoolCountries() */
        public Builder phoneNumberPoolCountries(List<String> phoneNumberPoolCountries) {
            this.phoneNumberPoolCountries = phoneNumberPoolCountries;
            return this;
        }

        /** @see VoiceConnectorProxyProps#getFallBackPhoneNumber() */
        public Builder fallBackPhoneNumber(String fallBackPhoneNumber) {
            this.fallBackPhoneNumber = fallBackPhoneNumber;
            return this;
        }

        /** @see VoiceConnectorProxyProps#getDisabled() */
        public Builder disabled(Boolean disabled) {
            this.disabled = disabled;
            return this;
        }

        /** @see VoiceConnectorProxyProps#getTakeOver() */
        public Builder takeOver(Boolean takeOver) {
            this.takeOver = takeOver;
            return this;
        }

        /** @see VoiceConnectorProxyProps#getRemovalPolicy() */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            this.removalPolicy = removalPolicy;
            return this;
        }

        public VoiceConnectorProxyProps build() {
            return new VoiceConnectorProxyProps(this);
        }
    }
}
