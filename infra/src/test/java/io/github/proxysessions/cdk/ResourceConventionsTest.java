package io.github.proxysessions.cdk;

import static io.github.proxysessions.cdk.ProxySessionTemplateTest.CONNECTOR;
import static io.github.proxysessions.cdk.ProxySessionTemplateTest.connectorArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.IResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.interfaces.ResourceEnvironment;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;
import software.constructs.Construct;
import software.constructs.DependencyGroup;
import software.constructs.IDependable;

/**
 * aws-cdk-lib's conventions: {@link IProxySession} and {@link IVoiceConnectorProxy}, a configuration imported with
 * {@link VoiceConnectorProxy#fromVoiceConnectorId}, and {@code applyRemovalPolicy} on both constructs, through the
 * template.
 */
class ResourceConventionsTest {

    private final App app = new App();
    private final Stack stack = new Stack(app, "Test");

    private ProxySession.Builder session(String id) {
        return ProxySession.Builder.create(stack, id)
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101"))
                .capabilities(List.of(Capability.VOICE));
    }

    private VoiceConnectorProxy proxy(String id) {
        return VoiceConnectorProxy.Builder.create(stack, id).voiceConnectorId(CONNECTOR)
                .defaultSessionExpiry(Duration.hours(1)).phoneNumberPoolCountries(List.of("US")).build();
    }

    private static String only(Template t, String type) {
        Map<String, Map<String, Object>> found = t.findResources(type);
        assertThat(found).hasSize(1);
        return found.keySet().iterator().next();
    }

    @Test
    void aSessionAsAnIProxySessionGivesItsIdAndAttributesAsGetAtts() {
        IProxySession session = session("Support").voiceConnectorId(CONNECTOR).build();
        CfnOutput.Builder.create(stack, "Id").value(session.getProxySessionId()).build();
        CfnOutput.Builder.create(stack, "Status").value(session.getStatus()).build();
        CfnOutput.Builder.create(stack, "Expiry").value(Token.asString(session.getExpiryMinutes())).build();
        CfnOutput.Builder.create(stack, "Created").value(session.getCreatedTimestamp()).build();
        CfnOutput.Builder.create(stack, "First").value(session.getFirstParticipantProxyPhoneNumber()).build();
        CfnOutput.Builder.create(stack, "Second").value(session.getProxyPhoneNumber(1)).build();

        Template t = Template.fromStack(stack);
        String logicalId = only(t, ProxySession.RESOURCE_TYPE);
        for (Map.Entry<String, String> e : Map.of("Id", "ProxySessionId", "Status", "Status", "Expiry",
                "ExpiryMinutes", "Created", "CreatedTimestamp", "First", "Participants.0.ProxyPhoneNumber",
                "Second", "Participants.1.ProxyPhoneNumber").entrySet()) {
            t.hasOutput(e.getKey(), Map.of("Value", Map.of("Fn::GetAtt", List.of(logicalId, e.getValue()))));
        }
        assertThatThrownBy(() -> session.getProxyPhoneNumber(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("participantIndex must be 0 or 1, was 2");
    }

    @Test
    void theDefaultChildOfBothIsTheCustomResourceItself() {
        ProxySession session = session("Support").voiceConnectorId(CONNECTOR).build();
        VoiceConnectorProxy proxy = proxy("Proxy");

        assertThat(session.getNode().getDefaultChild()).isInstanceOf(CfnResource.class)
                .isSameAs(session.getResource().getNode().getDefaultChild());
        assertThat(((CfnResource) session.getNode().getDefaultChild()).getCfnResourceType())
                .isEqualTo(ProxySession.RESOURCE_TYPE);
        assertThat(((CfnResource) proxy.getNode().getDefaultChild()).getCfnResourceType())
                .isEqualTo(VoiceConnectorProxy.RESOURCE_TYPE);
    }

    @Test
    void applyRemovalPolicyRetainsTheSessionAndTheConfigurationAsAnyResource() {
        VoiceConnectorProxy proxy = proxy("Proxy");
        ProxySession kept = session("Kept").voiceConnectorProxy(proxy).build();
        session("Destroyed").voiceConnectorId(CONNECTOR)
                .participantPhoneNumbers(List.of("+13125550102", "+16175550103")).build();

        // Through IResource, as a user applies one policy to a list of resources.
        for (IResource resource : List.<IResource>of(kept, proxy)) {
            resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
        }

        Template t = Template.fromStack(stack);
        t.hasResource(ProxySession.RESOURCE_TYPE, Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain",
                "Properties", Map.of("ParticipantPhoneNumbers", List.of("+12065550100", "+14155550101"))));
        t.hasResource(ProxySession.RESOURCE_TYPE, Map.of("DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete",
                "Properties", Map.of("ParticipantPhoneNumbers", List.of("+13125550102", "+16175550103"))));
        t.hasResource(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain"));
    }

    @Test
    void applyRemovalPolicyOverridesTheRemovalPolicyProp() {
        ProxySession session = session("Support").voiceConnectorId(CONNECTOR).removalPolicy(RemovalPolicy.RETAIN)
                .build();

        session.applyRemovalPolicy(RemovalPolicy.DESTROY);

        Template.fromStack(stack).hasResource(ProxySession.RESOURCE_TYPE, Map.of("DeletionPolicy", "Delete",
                "UpdateReplacePolicy", "Delete"));
    }

    @Test
    void anImportedConfigurationCreatesNothingNotEvenTheProvider() {
        IVoiceConnectorProxy imported = VoiceConnectorProxy.fromVoiceConnectorId(stack, "Shared", CONNECTOR);

        assertThat(imported.getVoiceConnectorId()).isEqualTo(CONNECTOR);
        assertThat(imported.getNode().getPath()).isEqualTo("Test/Shared");
        assertThat(stack.getNode().tryFindChild(ProxySessionProvider.ID)).isNull();
        assertThat(Template.fromStack(stack).findResources("AWS::Lambda::Function")).isEmpty();
    }

    @Test
    void aSessionOnAnImportedConfigurationNamesItsConnectorDependsOnNothingAndGrantsNoConfigurationAction()
            throws Exception {
        IVoiceConnectorProxy imported = VoiceConnectorProxy.fromVoiceConnectorId(stack, "Shared", CONNECTOR);
        session("Support").voiceConnectorProxy(imported).build();

        Template t = Template.fromStack(stack);
        t.hasResource(ProxySession.RESOURCE_TYPE, Map.of("Properties", Map.of("VoiceConnectorId", CONNECTOR),
                "DependsOn", Match.absent()));
        t.resourceCountIs(VoiceConnectorProxy.RESOURCE_TYPE, 0);
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Match.objectLike(Map.of("Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"))),
                Map.of("Effect", "Allow", "Action", ProxySessionProvider.SESSION_ACTIONS,
                        "Resource", connectorArn(CONNECTOR))))));
        assertThat(new ObjectMapper().writeValueAsString(t.findResources("AWS::IAM::Policy")))
                .doesNotContain("PutVoiceConnectorProxy").doesNotContain("TagResource");
    }

    @Test
    void anImportedConfigurationInAnotherStackLinksNoStacks() {
        Stack shared = new Stack(app, "Shared");
        IVoiceConnectorProxy imported = VoiceConnectorProxy.fromVoiceConnectorId(shared, "Proxy", CONNECTOR);

        session("Support").voiceConnectorProxy(imported).build();

        assertThat(stack.getDependencies()).isEmpty();
        Template.fromStack(stack).hasResourceProperties(ProxySession.RESOURCE_TYPE,
                Map.of("VoiceConnectorId", CONNECTOR));
    }

    @Test
    void anImportByAnExportedTokenPassesItThroughAndScopesTheRoleToIt() {
        IVoiceConnectorProxy imported = VoiceConnectorProxy.fromVoiceConnectorId(stack, "Shared",
                Fn.importValue("SharedConnectorId"));
        session("Support").voiceConnectorProxy(imported).build();

        Template t = Template.fromStack(stack);
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of("VoiceConnectorId",
                Map.of("Fn::ImportValue", "SharedConnectorId")));
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(
                List.of(Map.of("Effect", "Allow", "Action", ProxySessionProvider.SESSION_ACTIONS,
                        "Resource", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(":vc/",
                                Map.of("Fn::ImportValue", "SharedConnectorId")))))))))));
    }

    @Test
    void anImportOfSomethingThatIsNoConnectorIdFailsSynthAndLeavesNoTrace() {
        assertThatThrownBy(() -> VoiceConnectorProxy.fromVoiceConnectorId(stack, "Arn",
                "arn:aws:chime:us-east-1:123456789012:vc/" + CONNECTOR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("VoiceConnectorProxy 'Test/Arn': voiceConnectorId must be a voice connector "
                        + "id, not an ARN");
        assertThatThrownBy(() -> VoiceConnectorProxy.fromVoiceConnectorId(stack, "Null", null))
                .hasMessage("VoiceConnectorProxy 'Test/Null': voiceConnectorId is required");

        assertThat(stack.getNode().getChildren()).isEmpty();
    }

    @Test
    void aSessionOnAConfigurationDeclaredInTheStackDependsOnItThroughTheInterface() {
        IVoiceConnectorProxy declared = proxy("Proxy");
        session("Support").voiceConnectorProxy(declared).build();

        Template t = Template.fromStack(stack);
        t.hasResource(ProxySession.RESOURCE_TYPE, Map.of("DependsOn", List.of(only(t,
                VoiceConnectorProxy.RESOURCE_TYPE))));
        assertThat(declared.getProxyConfigured()).isSameAs(declared);
    }

    /** An implementation of the interface that is neither a declared nor an imported configuration. */
    static final class Elsewhere extends Construct implements IVoiceConnectorProxy {
        private final String id;

        Elsewhere(Construct scope, String constructId, String id) {
            super(scope, constructId);
            this.id = id;
        }

        @Override
        public String getVoiceConnectorId() {
            return id;
        }

        @Override
        public IDependable getProxyConfigured() {
            return new DependencyGroup();
        }

        @Override
        public Stack getStack() {
            return Stack.of(this);
        }

        @Override
        public void applyRemovalPolicy(RemovalPolicy policy) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ResourceEnvironment getEnv() {
            return ResourceEnvironment.builder().account(getStack().getAccount()).region(getStack().getRegion())
                    .build();
        }
    }

    @Test
    void anotherImplementationsConnectorIdIsCheckedByTheSameRule() {
        assertThatThrownBy(() -> session("Support").voiceConnectorProxy(new Elsewhere(stack, "Odd", "VC-1")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ProxySession 'Test/Support': voiceConnectorProxy's voiceConnectorId must be "
                        + "a voice connector id");
        assertThatThrownBy(() -> session("Missing").voiceConnectorProxy(new Elsewhere(stack, "None", null)).build())
                .hasMessage("ProxySession 'Test/Missing': voiceConnectorProxy names no voiceConnectorId");

        session("Fine").voiceConnectorProxy(new Elsewhere(stack, "Good", CONNECTOR)).build();
        Template.fromStack(stack).hasResourceProperties(ProxySession.RESOURCE_TYPE,
                Map.of("VoiceConnectorId", CONNECTOR));
    }

    @Test
    void aConnectorGivenByReferenceStillGivesTheConfigurationsIdThroughTheInterface() {
        CfnVoiceConnector connector = CfnVoiceConnector.Builder.create(stack, "Connector").name("c")
                .requireEncryption(true).build();
        IVoiceConnectorProxy declared = VoiceConnectorProxy.Builder.create(stack, "Proxy").voiceConnector(connector)
                .defaultSessionExpiry(Duration.hours(1)).phoneNumberPoolCountries(List.of("US")).build();

        assertThat(declared.getVoiceConnectorId()).isEqualTo(connector.getAttrVoiceConnectorId());
    }
}
