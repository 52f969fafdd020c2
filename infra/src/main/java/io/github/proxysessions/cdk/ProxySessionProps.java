package io.github.proxysessions.cdk;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.interfaces.chime.IVoiceConnectorRef;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;

/**
 * Properties of a {@link ProxySession}. Immutable; build with {@link #builder()}.
 *
 * <p>Literal values are checked when the construct is created, with the same rules the provider applies at deploy
 * time; values that are tokens (resolved only at deploy time) are checked by the provider then.
 */
public final class ProxySessionProps {

    private final IVoiceConnectorRef voiceConnector;
    private final String voiceConnectorId;
    private final IVoiceConnectorProxy voiceConnectorProxy;
    private final List<String> participantPhoneNumbers;
    private final List<Capability> capabilities;
    private final Duration expiry;
    private final String name;
    private final NumberSelectionBehavior numberSelectionBehavior;
    private final GeoMatch geoMatch;
    private final Renewal renewal;
    private final RemovalPolicy removalPolicy;

    private ProxySessionProps(Builder b) {
        this.voiceConnector = b.voiceConnector;
        this.voiceConnectorId = b.voiceConnectorId;
        this.voiceConnectorProxy = b.voiceConnectorProxy;
        this.participantPhoneNumbers = b.participantPhoneNumbers == null ? null : List.copyOf(b.participantPhoneNumbers);
        this.capabilities = b.capabilities == null ? null : List.copyOf(b.capabilities);
        this.expiry = b.expiry;
        this.name = b.name;
        this.numberSelectionBehavior = b.numberSelectionBehavior;
        this.geoMatch = b.geoMatch;
        this.renewal = b.renewal;
        this.removalPolicy = b.removalPolicy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The voice connector the session belongs to, such as a {@link CfnVoiceConnector} declared in the stack; it needs
     * a proxy configuration. The session takes the connector's id from it, and the provider's role names its ARN.
     * Give exactly one of {@code voiceConnector}, {@link #getVoiceConnectorId()} and
     * {@link #getVoiceConnectorProxy()}. Changing it replaces the session.
     *
     * @return the connector, or null for the default
     * @default none: one of the other two names it
     */
    public IVoiceConnectorRef getVoiceConnector() {
        return voiceConnector;
    }

    /**
     * The id of the voice connector the session belongs to (not its ARN: the part after {@code vc/}); it needs a proxy
     * configuration. May be a token. For a connector declared in the stack, give {@link #getVoiceConnector()}
     * instead. Changing it replaces the session.
     *
     * @return the id, or null for the default
     * @default none: one of the other two names the connector
     */
    public String getVoiceConnectorId() {
        return voiceConnectorId;
    }

    /**
     * The proxy configuration of the connector the session belongs to, in place of {@link #getVoiceConnectorId()}: a
     * {@link VoiceConnectorProxy} the app declares (the session is then created after it and deleted before it), or
     * one declared elsewhere, imported with {@link VoiceConnectorProxy#fromVoiceConnectorId} (the session takes its
     * connector and nothing else: no ordering, and the provider's role gains no configuration action). Changing the
     * connector replaces the session.
     *
     * @return the configuration, or null for the default
     * @default none: {@code voiceConnector} or {@code voiceConnectorId} names the connector
     */
    public IVoiceConnectorProxy getVoiceConnectorProxy() {
        return voiceConnectorProxy;
    }

    /**
     * The two participants, E.164 numbers such as {@code +12065550100}. Their order matters: geo matching follows the
     * first. Changing them replaces the session.
     *
     * @return two numbers (required)
     */
    public List<String> getParticipantPhoneNumbers() {
        return participantPhoneNumbers;
    }

    /**
     * What the participants can do through the proxy number. Changes in place.
     *
     * @return at least one capability (required)
     */
    public List<Capability> getCapabilities() {
        return capabilities;
    }

    /**
     * How long the session stays open, in whole minutes from 1 minute to 12 hours. Changes in place.
     *
     * @return the expiry, or null for the default
     * @default the voice connector's {@code DefaultSessionExpiryMinutes}
     */
    public Duration getExpiry() {
        return expiry;
    }

    /**
     * A name for the session: letters, digits and spaces, at most 22 characters, or 19 with {@link #getRenewal()}
     * (the provider appends its tags within the service's 30 characters). Changing it replaces the session.
     *
     * @return the name, or null for the default
     * @default none
     */
    public String getName() {
        return name;
    }

    /**
     * Whether the same participants should get the same proxy number across sessions. Changing it replaces the
     * session.
     *
     * @return the behaviour, or null for the default
     * @default the service's choice
     */
    public NumberSelectionBehavior getNumberSelectionBehavior() {
        return numberSelectionBehavior;
    }

    /**
     * Where the proxy number should come from. Changing it replaces the session.
     *
     * @return the preference, or null for the default
     * @default no geo matching
     */
    public GeoMatch getGeoMatch() {
        return geoMatch;
    }

    /**
     * Keeps the session open beyond its expiry: a schedule has the provider replace it, shortly before it expires or
     * once it has closed, with a successor of the same declared properties. Adding, changing or removing it changes
     * the session in place; the schedule comes and goes with it.
     *
     * @return the renewal, or null for the default
     * @default none: the session closes at its expiry and stays closed
     */
    public Renewal getRenewal() {
        return renewal;
    }

    /**
     * What happens to the session when it leaves the stack or the stack is deleted.
     *
     * @return the policy, or null for the default
     * @default {@link RemovalPolicy#DESTROY}, so that teardown leaves nothing behind
     */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    /** Builds {@link ProxySessionProps}. */
    public static final class Builder {
        private IVoiceConnectorRef voiceConnector;
        private String voiceConnectorId;
        private IVoiceConnectorProxy voiceConnectorProxy;
        private List<String> participantPhoneNumbers;
        private List<Capability> capabilities;
        private Duration expiry;
        private String name;
        private NumberSelectionBehavior numberSelectionBehavior;
        private GeoMatch geoMatch;
        private Renewal renewal;
        private RemovalPolicy removalPolicy;

        private Builder() {
        }

        /** @see ProxySessionProps#getVoiceConnector() */
        public Builder voiceConnector(IVoiceConnectorRef voiceConnector) {
            this.voiceConnector = voiceConnector;
            return this;
        }

        /** @see ProxySessionProps#getVoiceConnectorId() */
        public Builder voiceConnectorId(String voiceConnectorId) {
            this.voiceConnectorId = voiceConnectorId;
            return this;
        }

        /** @see ProxySessionProps#getVoiceConnectorProxy() */
        public Builder voiceConnectorProxy(IVoiceConnectorProxy voiceConnectorProxy) {
            this.voiceConnectorProxy = voiceConnectorProxy;
            return this;
        }

        /** @see ProxySessionProps#getParticipantPhoneNumbers() */
        public Builder participantPhoneNumbers(List<String> participantPhoneNumbers) {
            this.participantPhoneNumbers = participantPhoneNumbers;
            return this;
        }

        /** @see ProxySessionProps#getCapabilities() */
        public Builder capabilities(List<Capability> capabilities) {
            this.capabilities = capabilities;
            return this;
        }

        /** @see ProxySessionProps#getExpiry() */
        public Builder expiry(Duration expiry) {
            this.expiry = expiry;
            return this;
        }

        /** @see ProxySessionProps#getName() */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @see ProxySessionProps#getNumberSelectionBehavior() */
        public Builder numberSelectionBehavior(NumberSelectionBehavior numberSelectionBehavior) {
            this.numberSelectionBehavior = numberSelectionBehavior;
            return this;
        }

        /** @see ProxySessionProps#getGeoMatch() */
        public Builder geoMatch(GeoMatch geoMatch) {
            this.geoMatch = geoMatch;
            return this;
        }

        /** @see ProxySessionProps#getRenewal() */
        public Builder renewal(Renewal renewal) {
            this.renewal = renewal;
            return this;
        }

        /** @see ProxySessionProps#getRemovalPolicy() */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            this.removalPolicy = removalPolicy;
            return this;
        }

        public ProxySessionProps build() {
            return new ProxySessionProps(this);
        }
    }
}
