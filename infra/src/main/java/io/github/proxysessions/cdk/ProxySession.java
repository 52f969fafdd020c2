package io.github.proxysessions.cdk;

import io.github.proxysessions.rules.ProxySessionMetrics;
import io.github.proxysessions.rules.ProxySessionRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Resource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.interfaces.chime.IVoiceConnectorRef;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.MetricProps;
import software.amazon.awscdk.services.cloudwatch.Stats;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.constructs.Construct;

/**
 * An Amazon Chime SDK Voice proxy session, as a CloudFormation custom resource ({@code Custom::ProxySession}) served
 * by the stack's {@link ProxySessionProvider}.
 *
 * <pre>{@code
 * ProxySession support = ProxySession.Builder.create(this, "Support")
 *     .voiceConnector(connector)                 // a CfnVoiceConnector, or .voiceConnectorId("abcdef...")
 *     .participantPhoneNumbers(List.of("+12065550100", "+14155550101"))
 *     .capabilities(List.of(Capability.VOICE, Capability.SMS))
 *     .expiry(Duration.hours(2))
 *     .name("Support line")
 *     .numberSelectionBehavior(NumberSelectionBehavior.PREFER_STICKY)
 *     .geoMatch(GeoMatch.areaCode("US", "206"))
 *     .build();
 * }</pre>
 *
 * <p>Capabilities and expiry change in place; any other change replaces the session. Invalid literal values fail
 * synthesis with an {@link IllegalArgumentException} naming every prop and the rule it breaks.
 *
 * <p>As aws-cdk-lib's constructs, it is a {@link Resource}: its default child is the custom resource's
 * {@link CfnResource}, so {@link #applyRemovalPolicy} and escape hatches
 * ({@code (CfnResource) session.getNode().getDefaultChild()}) act on it.
 */
public class ProxySession extends Resource implements IProxySession {

    /** The CloudFormation resource type. */
    public static final String RESOURCE_TYPE = "Custom::ProxySession";

    private final CustomResource resource;
    private final CfnSchedule renewalSchedule;

    public ProxySession(Construct scope, String id, ProxySessionProps props) {
        // Checked before joining the construct tree, so that an invalid session leaves no trace in it.
        super(scope, validated(scope, id, props));
        ProxySessionProvider provider = ProxySessionProvider.of(this);
        Connector connector = connector(props);
        Map<String, Object> properties = properties(props, connector.id());
        this.resource = provider.newResource(this, RESOURCE_TYPE, properties, props.getRemovalPolicy());
        getNode().setDefaultChild(resource.getNode().getDefaultChild());
        // Created after the stack's configuration of the connector, deleted before it.
        provider.addSession(connector, resource, props.getRenewal() != null);
        if (props.getVoiceConnectorProxy() != null) {
            // The same, for a configuration given as such (it may be another stack's; an imported one adds nothing).
            resource.getNode().addDependency(props.getVoiceConnectorProxy().getProxyConfigured());
        }
        this.renewalSchedule = props.getRenewal() == null ? null : provider.renewals().schedule(this, resource,
                properties, props.getRenewal());
        ProxySessionValidator.warn(this, props);
    }

    private static Connector connector(ProxySessionProps props) {
        IVoiceConnectorProxy proxy = props.getVoiceConnectorProxy();
        if (proxy instanceof VoiceConnectorProxy declared) {
            return declared.connector();
        }
        if (proxy != null) {
            return Connector.ofId(proxy.getVoiceConnectorId());
        }
        return Connector.of(props.getVoiceConnectorId(), props.getVoiceConnector());
    }

    /** The session's id, which is also the resource's physical id. */
    @Override
    public String getProxySessionId() {
        return resource.getAttString("ProxySessionId");
    }

    /** {@code Open}, {@code InProgress} or {@code Closed}, as of the last create or update. */
    @Override
    public String getStatus() {
        return resource.getAttString("Status");
    }

    /**
     * The session's length in minutes (its own, or the connector's default). A number token: where a string is
     * needed, such as a {@code CfnOutput} value, use {@code Token.asString(session.getExpiryMinutes())}
     * ({@code String.valueOf} would give the number that stands for the token, which CloudFormation would take
     * literally).
     */
    @Override
    public Number getExpiryMinutes() {
        return Token.asNumber(resource.getAtt("ExpiryMinutes"));
    }

    /** When the session was created, ISO-8601. */
    @Override
    public String getCreatedTimestamp() {
        return resource.getAttString("CreatedTimestamp");
    }

    /**
     * The proxy number a participant calls or texts to reach the other.
     *
     * @param participantIndex 0 or 1: the participant's position in {@code participantPhoneNumbers}
     * @throws IllegalArgumentException when {@code participantIndex} is neither 0 nor 1
     */
    @Override
    public String getProxyPhoneNumber(int participantIndex) {
        if (participantIndex != 0 && participantIndex != 1) {
            throw new IllegalArgumentException("participantIndex must be 0 or 1, was " + participantIndex);
        }
        return resource.getAttString("Participants." + participantIndex + ".ProxyPhoneNumber");
    }

    /** The proxy number of the first participant. */
    @Override
    public String getFirstParticipantProxyPhoneNumber() {
        return getProxyPhoneNumber(0);
    }

    /** The proxy number of the second participant. */
    @Override
    public String getSecondParticipantProxyPhoneNumber() {
        return getProxyPhoneNumber(1);
    }

    /**
     * The schedule that renews the session, to disable it or watch it; null without {@code renewal}.
     */
    public CfnSchedule getRenewalSchedule() {
        return renewalSchedule;
    }

    /** The underlying custom resource, for what this class does not expose. */
    public CustomResource getResource() {
        return resource;
    }

    /**
     * Renewals that made a successor: the provider's {@value ProxySessionMetrics#NAMESPACE}/{@value
     * ProxySessionMetrics#RENEWALS} metric for this session, which every renewal run emits as 1 (it replaced the
     * session) or 0 (nothing to do). Its dimensions are the handler's: {@value ProxySessionMetrics#STACK_NAME} (this
     * stack's name) and {@value ProxySessionMetrics#LOGICAL_RESOURCE_ID} (this session's logical id), no other. The
     * sum over 5 minutes; a session without {@code renewal} has no data.
     */
    public Metric metricRenewals() {
        return metricRenewals(null);
    }

    /**
     * {@link #metricRenewals()}, with {@code options} over its defaults (the statistic, the period, a label...), as
     * aws-cdk-lib's metric methods take them.
     *
     * @param options what to change; null changes nothing
     */
    public Metric metricRenewals(MetricOptions options) {
        return renewalMetric(ProxySessionMetrics.RENEWALS, options);
    }

    /**
     * Renewal runs that failed: the provider's {@value ProxySessionMetrics#NAMESPACE}/{@value
     * ProxySessionMetrics#RENEWAL_FAILURES} metric for this session, which every renewal run emits as 1 (it ended in
     * error, and Lambda retries it) or 0. Minimum 1 over a whole window means no run in it succeeded: the session is
     * about to lapse (docs/CONSTRUCTS.md has an alarm). Dimensions as {@link #metricRenewals()}; the sum over 5
     * minutes.
     */
    public Metric metricRenewalFailures() {
        return metricRenewalFailures(null);
    }

    /**
     * {@link #metricRenewalFailures()}, with {@code options} over its defaults (the statistic, the period, a
     * label...), as aws-cdk-lib's metric methods take them.
     *
     * @param options what to change; null changes nothing
     */
    public Metric metricRenewalFailures(MetricOptions options) {
        return renewalMetric(ProxySessionMetrics.RENEWAL_FAILURES, options);
    }

    /** A renewal metric of this session, under exactly the dimensions the handler emits. */
    private Metric renewalMetric(String name, MetricOptions options) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(ProxySessionMetrics.STACK_NAME, Stack.of(this).getStackName());
        // The element's logical id token: an overrideLogicalId made later still counts, as for the schedule's input.
        dimensions.put(ProxySessionMetrics.LOGICAL_RESOURCE_ID,
                ((CfnElement) resource.getNode().getDefaultChild()).getLogicalId());
        Metric metric = new Metric(MetricProps.builder()
                .namespace(ProxySessionMetrics.NAMESPACE)
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic(Stats.SUM)
                .period(Duration.minutes(5))
                .build());
        return (options == null ? metric : metric.with(options)).attachTo(this);
    }

    /** The template properties: the API's member names and strings. */
    private static Map<String, Object> properties(ProxySessionProps p, String voiceConnectorId) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("VoiceConnectorId", voiceConnectorId);
        properties.put("ParticipantPhoneNumbers", p.getParticipantPhoneNumbers());
        List<String> capabilities = new ArrayList<>();
        p.getCapabilities().forEach(c -> capabilities.add(c.getValue()));
        properties.put("Capabilities", capabilities);
        if (p.getName() != null) {
            properties.put("Name", p.getName());
        }
        if (p.getExpiry() != null) {
            properties.put("ExpiryMinutes", p.getExpiry().toMinutes());
        }
        if (p.getNumberSelectionBehavior() != null) {
            properties.put("NumberSelectionBehavior", p.getNumberSelectionBehavior().getValue());
        }
        if (p.getGeoMatch() != null) {
            properties.put("GeoMatchLevel", p.getGeoMatch().getLevel());
            Map<String, Object> params = p.getGeoMatch().toParams();
            if (params != null) {
                properties.put("GeoMatchParams", params);
            }
        }
        if (p.getRenewal() != null) {
            properties.put(ProxySessionRules.RENEW_BEFORE_EXPIRY_MINUTES, p.getRenewal().getBeforeExpiry().toMinutes());
        }
        return properties;
    }

    /** Validates first, so that an invalid session leaves no trace in the construct tree. */
    private static String validated(Construct scope, String id, ProxySessionProps p) {
        ProxySessionValidator.validate(scope, id, p);
        return id;
    }

    /**
     * Builds a {@link ProxySession}, as aws-cdk-lib's constructs are built from Java:
     * {@code ProxySession.Builder.create(this, "Id")....build()}.
     */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final ProxySessionProps.Builder props = ProxySessionProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see ProxySessionProps#getVoiceConnector() */
        public Builder voiceConnector(IVoiceConnectorRef voiceConnector) {
            props.voiceConnector(voiceConnector);
            return this;
        }

        /** @see ProxySessionProps#getVoiceConnectorId() */
        public Builder voiceConnectorId(String voiceConnectorId) {
            props.voiceConnectorId(voiceConnectorId);
            return this;
        }

        /** @see ProxySessionProps#getVoiceConnectorProxy() */
        public Builder voiceConnectorProxy(IVoiceConnectorProxy voiceConnectorProxy) {
            props.voiceConnectorProxy(voiceConnectorProxy);
            return this;
        }

        /** @see ProxySessionProps#getParticipantPhoneNumbers() */
        public Builder participantPhoneNumbers(List<String> participantPhoneNumbers) {
            props.participantPhoneNumbers(participantPhoneNumbers);
            return this;
        }

        /** @see ProxySessionProps#getCapabilities() */
        public Builder capabilities(List<Capability> capabilities) {
            props.capabilities(capabilities);
            return this;
        }

        /** @see ProxySessionProps#getExpiry() */
        public Builder expiry(Duration expiry) {
            props.expiry(expiry);
            return this;
        }

        /** @see ProxySessionProps#getName() */
        public Builder name(String name) {
            props.name(name);
            return this;
        }

        /** @see ProxySessionProps#getNumberSelectionBehavior() */
        public Builder numberSelectionBehavior(NumberSelectionBehavior numberSelectionBehavior) {
            props.numberSelectionBehavior(numberSelectionBehavior);
            return this;
        }

        /** @see ProxySessionProps#getGeoMatch() */
        public Builder geoMatch(GeoMatch geoMatch) {
            props.geoMatch(geoMatch);
            return this;
        }

        /** @see ProxySessionProps#getRenewal() */
        public Builder renewal(Renewal renewal) {
            props.renewal(renewal);
            return this;
        }

        /** @see ProxySessionProps#getRemovalPolicy() */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            props.removalPolicy(removalPolicy);
            return this;
        }

        public ProxySession build() {
            return new ProxySession(scope, id, props.build());
        }
    }
}
