package io.github.proxysessions.cdk;

import static io.github.proxysessions.cdk.ProxySessionTemplateTest.connectorArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.interfaces.ResourceEnvironment;
import software.amazon.awscdk.interfaces.chime.IVoiceConnectorRef;
import software.amazon.awscdk.interfaces.chime.VoiceConnectorReference;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;
import software.constructs.Construct;

/** Sessions and configurations on a voice connector given by reference: {@code voiceConnector(...)}. */
class VoiceConnectorReferenceTest {

    static final List<String> SESSION_ACTIONS = List.of("chime:CreateProxySession", "chime:GetProxySession",
            "chime:UpdateProxySession", "chime:DeleteProxySession", "chime:ListProxySessions",
            "chime:GetVoiceConnectorProxy");
    static final List<String> CONFIGURATION_ACTIONS = List.of("chime:PutVoiceConnectorProxy",
            "chime:GetVoiceConnectorProxy", "chime:DeleteVoiceConnectorProxy", "chime:TagResource",
            "chime:UntagResource", "chime:ListTagsForResource");

    private final Stack stack = new Stack(new App(), "Test");

    private CfnVoiceConnector connector(String id) {
        return CfnVoiceConnector.Builder.create(stack, id).name(id).requireEncryption(true).awsRegion("us-east-1")
                .build();
    }

    private VoiceConnectorProxy.Builder proxy(String id) {
        return VoiceConnectorProxy.Builder.create(stack, id).defaultSessionExpiry(Duration.hours(1))
                .phoneNumberPoolCountries(List.of("US"));
    }

    private ProxySession.Builder session(String id) {
        return ProxySession.Builder.create(stack, id)
                .participantPhoneNumbers(List.of("+12065550150", "+14155550151"))
                .capabilities(List.of(Capability.VOICE));
    }

    /** A reference that is not a CfnVoiceConnector: an ARN and nothing else, as an import would give. */
    static final class ArnOnly extends Construct implements IVoiceConnectorRef {
        private final String arn;

        ArnOnly(Construct scope, String id, String arn) {
            super(scope, id);
            this.arn = arn;
        }

        @Override
        public VoiceConnectorReference getVoiceConnectorRef() {
            return VoiceConnectorReference.builder().voiceConnectorArn(arn).build();
        }

        @Override
        public ResourceEnvironment getEnv() {
            return ResourceEnvironment.builder().account(Stack.of(this).getAccount())
                    .region(Stack.of(this).getRegion()).build();
        }
    }

    private static String logicalId(Template t, String type) {
        return t.findResources(type).keySet().iterator().next();
    }

    private static void assertNoWildcard(Template t) throws Exception {
        String iam = new ObjectMapper().writeValueAsString(t.findResources("AWS::IAM::Policy"))
                + new ObjectMapper().writeValueAsString(t.findResources("AWS::IAM::Role"));
        assertThat(iam).doesNotContain("\"*\"").doesNotContain(":*\"").doesNotContain("/*\"");
    }

    @Test
    void aCfnVoiceConnectorGivesItsIdAttributeToTheResourcesAndItsArnToTheRole() throws Exception {
        CfnVoiceConnector connector = connector("Connector");
        VoiceConnectorProxy proxy = proxy("Proxy").voiceConnector(connector).build();
        session("OnTheProxy").voiceConnectorProxy(proxy).build();
        session("OnTheConnector").voiceConnector(connector)
                .participantPhoneNumbers(List.of("+13125550152", "+16175550153")).build();

        Template t = Template.fromStack(stack);
        String connectorId = logicalId(t, "AWS::Chime::VoiceConnector");
        Map<String, Object> id = Map.of("Fn::GetAtt", List.of(connectorId, "VoiceConnectorId"));
        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("VoiceConnectorId", id));
        t.resourcePropertiesCountIs(ProxySession.RESOURCE_TYPE, Map.of("VoiceConnectorId", id), 2);
        // Ref of an AWS::Chime::VoiceConnector is its ARN; the connector is named once per statement.
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Match.objectLike(Map.of("Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"))),
                Map.of("Effect", "Allow", "Action", CONFIGURATION_ACTIONS, "Resource", Map.of("Ref", connectorId)),
                Map.of("Effect", "Allow", "Action", SESSION_ACTIONS, "Resource", Map.of("Ref", connectorId))))));
        assertNoWildcard(t);
        assertThat(proxy.getVoiceConnectorId()).isEqualTo(connector.getAttrVoiceConnectorId());
    }

    @Test
    void anyOtherReferenceGivesTheIdSplitFromItsArnTokenSafely() throws Exception {
        CfnParameter arn = CfnParameter.Builder.create(stack, "ConnectorArn").build();
        session("Session").voiceConnector(new ArnOnly(stack, "Imported", arn.getValueAsString())).build();

        Template t = Template.fromStack(stack);
        // arn:partition:chime:region:account:vc/ID: the sixth ':'-part, then the second '/'-part.
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of("VoiceConnectorId", Map.of("Fn::Select",
                List.of(1, Map.of("Fn::Split", List.of("/", Map.of("Fn::Select", List.of(5,
                        Map.of("Fn::Split", List.of(":", Map.of("Ref", "ConnectorArn")))))))))));
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(
                List.of(Map.of("Effect", "Allow", "Action", SESSION_ACTIONS,
                        "Resource", Map.of("Ref", "ConnectorArn")))))));
        assertNoWildcard(t);
    }

    @Test
    void aReferenceWithALiteralArnGivesTheLiteralIdAndNamesThatArn() {
        String arn = "arn:aws:chime:us-east-1:123456789012:vc/abcdefghij0123456789ab";
        proxy("Proxy").voiceConnector(new ArnOnly(stack, "Imported", arn)).build();

        Template t = Template.fromStack(stack);
        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE,
                Map.of("VoiceConnectorId", "abcdefghij0123456789ab"));
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(
                List.of(Map.of("Effect", "Allow", "Action", CONFIGURATION_ACTIONS, "Resource", arn))))));
    }

    @Test
    void aReferenceWhoseLiteralArnIsNoConnectorFailsSynth() {
        assertThatThrownBy(() -> session("Session").voiceConnector(new ArnOnly(stack, "Bucket",
                "arn:aws:s3:::my-bucket")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ProxySession 'Test/Session': voiceConnector must be a voice connector, whose ARN is "
                        + "arn:<partition>:chime:<region>:<account>:vc/<id>; got 'arn:aws:s3:::my-bucket'");
        assertThatThrownBy(() -> proxy("Proxy").voiceConnector(new ArnOnly(stack, "Odd",
                "arn:aws:chime:us-east-1:123456789012:vc/NOT-AN-ID")).build())
                .hasMessageContaining("voiceConnector ARN's id must be a voice connector id");
    }

    @Test
    void aLiteralArnGivenAsTheIdFailsSynthPointingAtVoiceConnector() {
        String arn = "arn:aws:chime:us-east-1:123456789012:vc/abcdefghij0123456789ab";

        assertThatThrownBy(() -> session("Session").voiceConnectorId(arn).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ProxySession 'Test/Session': voiceConnectorId must be a voice connector id, not an ARN: "
                        + "give the part after 'vc/' ('abcdefghij0123456789ab'); with the CDK constructs, pass the "
                        + "connector itself with voiceConnector(...); in a template, use Fn::GetAtt "
                        + "<Connector>.VoiceConnectorId, not Ref");
        assertThatThrownBy(() -> proxy("Proxy").voiceConnectorId(arn).build())
                .hasMessageStartingWith("VoiceConnectorProxy 'Test/Proxy': voiceConnectorId must be a voice "
                        + "connector id, not an ARN")
                .hasMessageContaining("voiceConnector(...)");
    }

    @Test
    void theRefOfACfnVoiceConnectorGivenAsTheIdIsLeftToTheHandlerAsAnyToken() {
        CfnVoiceConnector connector = connector("Connector");

        // A token cannot be checked at synth time; the handler refuses the ARN at deploy time with the same words.
        session("Session").voiceConnectorId(connector.getRef()).build();

        Template.fromStack(stack).hasResourceProperties(ProxySession.RESOURCE_TYPE,
                Map.of("VoiceConnectorId", Map.of("Ref", logicalId(Template.fromStack(stack),
                        "AWS::Chime::VoiceConnector"))));
    }

    @Test
    void aSessionTakesExactlyOneOfConnectorIdAndConfiguration() {
        CfnVoiceConnector connector = connector("Connector");
        VoiceConnectorProxy proxy = proxy("Proxy").voiceConnector(connector).build();

        assertThatThrownBy(() -> session("IdAndConnector").voiceConnector(connector)
                .voiceConnectorId("abcdefghij0123456789ab").build())
                .hasMessage("ProxySession 'Test/IdAndConnector': give exactly one of voiceConnector, "
                        + "voiceConnectorId and voiceConnectorProxy; got voiceConnector and voiceConnectorId");
        assertThatThrownBy(() -> session("ConnectorAndProxy").voiceConnector(connector).voiceConnectorProxy(proxy)
                .build())
                .hasMessageContaining("got voiceConnector and voiceConnectorProxy");
        assertThatThrownBy(() -> session("All").voiceConnector(connector).voiceConnectorProxy(proxy)
                .voiceConnectorId("abcdefghij0123456789ab").build())
                .hasMessageContaining("got voiceConnector and voiceConnectorId and voiceConnectorProxy");
        assertThatThrownBy(() -> session("None").build())
                .hasMessage("ProxySession 'Test/None': voiceConnector (or voiceConnectorId, or "
                        + "voiceConnectorProxy) is required");
    }

    @Test
    void aConfigurationTakesExactlyOneOfConnectorAndId() {
        CfnVoiceConnector connector = connector("Connector");

        assertThatThrownBy(() -> proxy("Both").voiceConnector(connector).voiceConnectorId("abcdefghij0123456789ab")
                .build())
                .hasMessage("VoiceConnectorProxy 'Test/Both': give exactly one of voiceConnector and "
                        + "voiceConnectorId; got voiceConnector and voiceConnectorId");
        assertThatThrownBy(() -> proxy("Neither").build())
                .hasMessage("VoiceConnectorProxy 'Test/Neither': voiceConnector (or voiceConnectorId) is required");
    }

    @Test
    void aSecondConfigurationOfTheSameConnectorReferenceFailsSynth() {
        CfnVoiceConnector connector = connector("Connector");
        proxy("First").voiceConnector(connector).build();

        assertThatThrownBy(() -> proxy("Second").voiceConnector(connector).build())
                .hasMessage("VoiceConnectorProxy 'Test/Second': voiceConnector Test/Connector is already configured "
                        + "by 'Test/First' in this stack: a connector has one proxy configuration");
        proxy("Other").voiceConnector(connector("OtherConnector")).build();

        Template t = Template.fromStack(stack);
        t.resourceCountIs(VoiceConnectorProxy.RESOURCE_TYPE, 2);
        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("VoiceConnectorId", Map.of("Fn::GetAtt",
                List.of(Match.stringLikeRegexp("OtherConnector.*"), "VoiceConnectorId"))));
        assertThat(stack.getNode().tryFindChild("Second")).isNull();
    }

    @Test
    void connectorsByIdAndByReferenceShareTheStatementsEachNamedOnce() throws Exception {
        CfnVoiceConnector connector = connector("Connector");
        session("ById").voiceConnectorId("abcdefghij0123456789ab").build();
        session("ByReference").voiceConnector(connector).build();
        session("ByReferenceAgain").voiceConnector(connector)
                .participantPhoneNumbers(List.of("+13125550152", "+16175550153")).build();

        Template t = Template.fromStack(stack);
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(
                List.of(Map.of("Effect", "Allow", "Action", SESSION_ACTIONS, "Resource", List.of(
                        connectorArn("abcdefghij0123456789ab"),
                        Map.of("Ref", logicalId(t, "AWS::Chime::VoiceConnector")))))))));
        assertNoWildcard(t);
    }
}
