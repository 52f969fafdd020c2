package io.github.proxysessions.cdk;

import static io.github.proxysessions.cdk.ProxySessionTemplateTest.connectorArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The proxy configuration construct, through the synthesized template. */
class VoiceConnectorProxyTest {

    static final String CONNECTOR = ProxySessionTemplateTest.CONNECTOR;
    static final String OTHER = ProxySessionTemplateTest.OTHER_CONNECTOR;

    private final Stack stack = new Stack(new App(), "Test");

    private VoiceConnectorProxy.Builder proxy(String id, String connector) {
        return VoiceConnectorProxy.Builder.create(stack, id).voiceConnectorId(connector)
                .defaultSessionExpiry(Duration.hours(1)).phoneNumberPoolCountries(List.of("US"));
    }

    private ProxySession.Builder session(String id, VoiceConnectorProxy proxy) {
        return ProxySession.Builder.create(stack, id).voiceConnectorProxy(proxy)
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101")).capabilities(List.of(Capability.SMS));
    }

    @Test
    void propsMapToTheApisMembers() {
        proxy("Proxy", CONNECTOR).phoneNumberPoolCountries(List.of("US", "CA")).fallBackPhoneNumber("+12065550199")
                .disabled(false).takeOver(true).build();

        Template.fromStack(stack).hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Match.objectEquals(Map.of(
                "ServiceToken", Match.anyValue(),
                "ServiceTimeout", "600",
                "VoiceConnectorId", CONNECTOR,
                "DefaultSessionExpiryMinutes", 60,
                "PhoneNumberPoolCountries", List.of("US", "CA"),
                "FallBackPhoneNumber", "+12065550199",
                "Disabled", false,
                "TakeOver", true)));
    }

    @Test
    void sessionsOnAConfigurationDependOnItAndNameItsConnector() {
        VoiceConnectorProxy proxy = proxy("Proxy", CONNECTOR).build();
        session("One", proxy).build();

        Template t = Template.fromStack(stack);
        String proxyId = t.findResources(VoiceConnectorProxy.RESOURCE_TYPE).keySet().iterator().next();
        t.hasResource(ProxySession.RESOURCE_TYPE, Map.of("DependsOn", List.of(proxyId),
                "Properties", Map.of("VoiceConnectorId", CONNECTOR)));
        t.resourceCountIs("AWS::Lambda::Function", 1);
    }

    @Test
    void theRoleGainsTheConfigurationAndTagActionsOnConfiguredConnectorsOnly() {
        VoiceConnectorProxy proxy = proxy("Proxy", CONNECTOR).build();
        session("One", proxy).build();
        ProxySession.Builder.create(stack, "Two").voiceConnectorId(OTHER)
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101")).capabilities(List.of(Capability.SMS))
                .build();

        Template.fromStack(stack).hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", List.of(
                        Match.objectLike(Map.of("Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"))),
                        Map.of("Effect", "Allow",
                                "Action", List.of("chime:PutVoiceConnectorProxy", "chime:GetVoiceConnectorProxy",
                                        "chime:DeleteVoiceConnectorProxy", "chime:TagResource",
                                        "chime:UntagResource", "chime:ListTagsForResource"),
                                "Resource", connectorArn(CONNECTOR)),
                        Match.objectLike(Map.of("Action", Match.arrayWith(List.of("chime:CreateProxySession")),
                                "Resource", List.of(connectorArn(CONNECTOR), connectorArn(OTHER))))))));
    }

    @Test
    void twoConfigurationsOfOneConnectorInAStackFailSynth() {
        proxy("First", CONNECTOR).build();

        assertThatThrownBy(() -> proxy("Second", CONNECTOR).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("VoiceConnectorProxy 'Test/Second': voiceConnectorId " + CONNECTOR + " is already "
                        + "configured by 'Test/First' in this stack: a connector has one proxy configuration");
        proxy("Third", OTHER).build();

        // The refused one left nothing; another connector's configuration is fine.
        Template t = Template.fromStack(stack);
        t.resourceCountIs(VoiceConnectorProxy.RESOURCE_TYPE, 2);
        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("VoiceConnectorId", OTHER));
        assertThat(stack.getNode().tryFindChild("Second")).isNull();
    }

    @Test
    void invalidPropsFailSynthNamingThePropAndTheRule() {
        assertThatThrownBy(() -> proxy("A", CONNECTOR).defaultSessionExpiry(Duration.hours(13)).build())
                .hasMessageContaining("defaultSessionExpiry must be from 1 to 720 minutes");
        assertThatThrownBy(() -> proxy("B", CONNECTOR).defaultSessionExpiry(Duration.seconds(30)).build())
                .hasMessageContaining("defaultSessionExpiry must be a whole number of minutes");
        assertThatThrownBy(() -> proxy("C", CONNECTOR).defaultSessionExpiry(null).build())
                .hasMessageContaining("defaultSessionExpiry is required");
        assertThatThrownBy(() -> proxy("D", CONNECTOR).phoneNumberPoolCountries(List.of("usa")).build())
                .hasMessageContaining("phoneNumberPoolCountries item 1 must be an ISO 3166 alpha-2 country code");
        assertThatThrownBy(() -> proxy("E", CONNECTOR).phoneNumberPoolCountries(null).build())
                .hasMessageContaining("phoneNumberPoolCountries is required");
        assertThatThrownBy(() -> proxy("F", CONNECTOR).fallBackPhoneNumber("operator").build())
                .hasMessageContaining("fallBackPhoneNumber must be an E.164 phone number");
        assertThatThrownBy(() -> proxy("G", "VC").build())
                .hasMessageContaining("voiceConnectorId must be a voice connector id");
        assertThat(stack.getNode().getChildren()).noneMatch(c -> c.getNode().getId().length() == 1);
    }

    @Test
    void anInvalidConfigurationInAFreshStackLeavesNoProviderBehind() {
        assertThatThrownBy(() -> proxy("Proxy", CONNECTOR).defaultSessionExpiry(Duration.hours(13)).build())
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(stack.getNode().tryFindChild("Proxy")).isNull();
        assertThat(stack.getNode().tryFindChild(ProxySessionProvider.ID)).isNull();
        assertThat(proxy("Proxy", CONNECTOR).build().getNode().getPath()).isEqualTo("Test/Proxy");
        assertThat(stack.getNode().tryFindChild(ProxySessionProvider.ID)).isInstanceOf(ProxySessionProvider.class);
    }

    @Test
    void aSessionTakesAConnectorIdOrAConfigurationNotBoth() {
        VoiceConnectorProxy proxy = proxy("Proxy", CONNECTOR).build();

        assertThatThrownBy(() -> session("Both", proxy).voiceConnectorId(CONNECTOR).build())
                .hasMessageContaining("give exactly one of voiceConnector, voiceConnectorId and voiceConnectorProxy; "
                        + "got voiceConnectorId and voiceConnectorProxy");
        assertThatThrownBy(() -> session("Neither", null).build())
                .hasMessageContaining("voiceConnector (or voiceConnectorId, or voiceConnectorProxy) is required");
    }

    @Test
    void aTokenConnectorIsLeftToTheHandler() {
        CfnParameter connector = CfnParameter.Builder.create(stack, "Connector").build();

        VoiceConnectorProxy proxy = proxy("Proxy", connector.getValueAsString()).build();
        session("One", proxy).build();

        Template.fromStack(stack).hasResourceProperties(ProxySession.RESOURCE_TYPE,
                Map.of("VoiceConnectorId", Map.of("Ref", "Connector")));
    }
}
