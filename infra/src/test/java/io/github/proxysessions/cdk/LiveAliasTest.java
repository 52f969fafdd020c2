package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Every ServiceToken and every renewal schedule's target names the {@code live} alias, which moves to each published
 * version; a stack deployed with the earlier, unqualified token can keep it.
 */
class LiveAliasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALIAS = "AWS::Lambda::Alias";
    private static final String VERSION = "AWS::Lambda::Version";
    private static final String EVENT_INVOKE_CONFIG = "AWS::Lambda::EventInvokeConfig";

    /** A stack with a configuration, a session on it and a renewed session, served by a provider of {@code props}. */
    private static Stack stack(App app, String name, ProxySessionProviderProps props) {
        Stack stack = new Stack(app, name);
        if (props != null) {
            ProxySessionProvider.create(stack, props);
        }
        VoiceConnectorProxy proxy = VoiceConnectorProxy.Builder.create(stack, "Proxy")
                .voiceConnectorId(ProxySessionTemplateTest.CONNECTOR).defaultSessionExpiry(Duration.hours(1))
                .phoneNumberPoolCountries(List.of("US")).build();
        ProxySession.Builder.create(stack, "Support").voiceConnectorProxy(proxy)
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101"))
                .capabilities(List.of(Capability.VOICE))
                .renewal(Renewal.beforeExpiry(Duration.minutes(30))).build();
        return stack;
    }

    private static String only(Template t, String type) {
        Map<String, Map<String, Object>> found = t.findResources(type);
        assertThat(found).hasSize(1);
        return found.keySet().iterator().next();
    }

    private static JsonNode serviceTokens(Template t) {
        return JSON.valueToTree(List.of(
                JSON.valueToTree(t.findResources(ProxySession.RESOURCE_TYPE)).elements().next()
                        .at("/Properties/ServiceToken"),
                JSON.valueToTree(t.findResources(VoiceConnectorProxy.RESOURCE_TYPE)).elements().next()
                        .at("/Properties/ServiceToken")));
    }

    @Test
    void everyServiceTokenIsTheLiveAliasOfTheCurrentVersion() {
        Template t = Template.fromStack(stack(new App(), "Test", null));

        String alias = only(t, ALIAS);
        String version = only(t, VERSION);
        String function = only(t, "AWS::Lambda::Function");
        t.hasResourceProperties(ALIAS, Map.of("Name", "live",
                "FunctionName", Map.of("Ref", function),
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(version, "Version"))));
        // The alias is the version's only user, and has moved on before CloudFormation deletes the previous one.
        t.hasResource(VERSION, Map.of("Properties", Map.of("FunctionName", Map.of("Ref", function)),
                "DeletionPolicy", "Delete"));
        t.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("ServiceToken", Map.of("Ref", alias)));
        t.allResourcesProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("ServiceToken", Map.of("Ref", alias)));
    }

    @Test
    void theRenewalScheduleInvokesTheAliasAndTheSchedulerRoleMayInvokeExactlyThat() throws Exception {
        Template t = Template.fromStack(stack(new App(), "Test", null));

        String alias = only(t, ALIAS);
        t.hasResourceProperties("AWS::Scheduler::Schedule", Map.of("Target", Match.objectLike(Map.of(
                "Arn", Map.of("Ref", alias)))));
        String role = t.findResources("AWS::IAM::Role").keySet().stream()
                .filter(id -> id.startsWith("ProxySessionProviderSchedulerRole")).findFirst().orElseThrow();
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("Roles", List.of(Map.of("Ref", role)),
                "PolicyDocument", Map.of("Statement", List.of(Map.of("Action", "lambda:InvokeFunction",
                        "Effect", "Allow", "Resource", Map.of("Ref", alias))))));
        assertThat(JSON.writeValueAsString(t.findResources("AWS::IAM::Policy"))).doesNotContain("*");
        // Invoked through roles alone: no resource-based permission on the function, its version or its alias.
        t.resourceCountIs("AWS::Lambda::Permission", 0);
    }

    @Test
    void asynchronousInvocationsOfTheAliasAreRetriedTwiceAndNeverOlderThanCloudFormationsWait() {
        Template t = Template.fromStack(stack(new App(), "Test", null));

        String alias = only(t, ALIAS);
        only(t, EVENT_INVOKE_CONFIG);
        t.hasResourceProperties(EVENT_INVOKE_CONFIG, Map.of(
                "FunctionName", Map.of("Ref", only(t, "AWS::Lambda::Function")),
                // The alias's name, split from its ARN: what CDK's Alias.configureAsyncInvoke writes.
                "Qualifier", Map.of("Fn::Select", List.of(7, Map.of("Fn::Split", List.of(":",
                        Map.of("Ref", alias))))),
                "MaximumRetryAttempts", 2,
                "MaximumEventAgeInSeconds", 600,
                "DestinationConfig", Match.absent()));
        // ServiceTimeout, CloudFormation's wait for an answer, is the maximum event age.
        t.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("ServiceTimeout", "600"));
    }

    @Test
    void snapStartIsOnPublishedVersionsAndChangesNoServiceTokenOrScheduleTarget() {
        Template off = Template.fromStack(stack(new App(), "Off", null));
        Template on = Template.fromStack(stack(new App(), "On",
                ProxySessionProviderProps.builder().snapStart(true).build()));

        off.hasResourceProperties("AWS::Lambda::Function", Map.of("SnapStart", Match.absent()));
        on.hasResourceProperties("AWS::Lambda::Function", Map.of("SnapStart",
                Map.of("ApplyOn", "PublishedVersions")));
        assertThat(serviceTokens(on)).isEqualTo(serviceTokens(off));
        assertThat(only(on, ALIAS)).isEqualTo(only(off, ALIAS));
        assertThat(JSON.valueToTree(on.findResources("AWS::Scheduler::Schedule")).elements().next()
                .at("/Properties/Target/Arn"))
                .isEqualTo(JSON.valueToTree(off.findResources("AWS::Scheduler::Schedule")).elements().next()
                        .at("/Properties/Target/Arn"));
        // A new version to move the alias to, since the function changed.
        assertThat(only(on, VERSION)).isNotEqualTo(only(off, VERSION));
    }

    @Test
    void aChangedFunctionPublishesANewVersionBehindTheSameAlias() {
        Template before = Template.fromStack(stack(new App(), "Before", null));
        Template after = Template.fromStack(stack(new App(), "After",
                ProxySessionProviderProps.builder().memorySize(2048).build()));
        Template same = Template.fromStack(stack(new App(), "Same",
                ProxySessionProviderProps.builder().memorySize(1024).build()));

        assertThat(only(after, VERSION)).isNotEqualTo(only(before, VERSION));
        assertThat(only(same, VERSION)).isEqualTo(only(before, VERSION));
        assertThat(serviceTokens(after)).isEqualTo(serviceTokens(before));
    }

    @Test
    void theContextKeyKeepsTheEarlierUnqualifiedServiceTokenForAStackDeployedBeforeTheAlias() {
        App app = new App(AppProps.builder().context(Map.of(ProxySessionProvider.UNQUALIFIED_SERVICE_TOKEN, true))
                .build());

        Template t = Template.fromStack(stack(app, "Earlier", null));

        String function = only(t, "AWS::Lambda::Function");
        String alias = only(t, ALIAS);
        Map<String, Object> unqualified = Map.of("Fn::GetAtt", List.of(function, "Arn"));
        t.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("ServiceToken", unqualified));
        t.allResourcesProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("ServiceToken", unqualified));
        // A schedule's target may change: it invokes the alias all the same.
        t.hasResourceProperties("AWS::Scheduler::Schedule", Map.of("Target", Match.objectLike(Map.of(
                "Arn", Map.of("Ref", alias)))));
        // The function itself, which the custom resources invoke, gets the alias's retries too.
        t.resourceCountIs(EVENT_INVOKE_CONFIG, 2);
        t.hasResourceProperties(EVENT_INVOKE_CONFIG, Map.of("FunctionName", Map.of("Ref", function),
                "Qualifier", "$LATEST", "MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 600));
    }

    @Test
    void theContextKeyAsTheCliGivesItAndOnOneStackOnly() {
        App app = new App(AppProps.builder().context(Map.of(ProxySessionProvider.UNQUALIFIED_SERVICE_TOKEN, "true"))
                .build());
        Template fromCli = Template.fromStack(stack(app, "FromCli", null));
        App mixed = new App();
        Stack earlier = new Stack(mixed, "Earlier");
        earlier.getNode().setContext(ProxySessionProvider.UNQUALIFIED_SERVICE_TOKEN, true);
        ProxySession.Builder.create(earlier, "Support").voiceConnectorId(ProxySessionTemplateTest.CONNECTOR)
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101"))
                .capabilities(List.of(Capability.VOICE)).build();
        Template newer = Template.fromStack(stack(mixed, "Newer", null));

        fromCli.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("ServiceToken",
                Map.of("Fn::GetAtt", List.of(only(fromCli, "AWS::Lambda::Function"), "Arn"))));
        Template.fromStack(earlier).allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("ServiceToken",
                Map.of("Fn::GetAtt", List.of(only(Template.fromStack(earlier), "AWS::Lambda::Function"), "Arn"))));
        newer.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("ServiceToken",
                Map.of("Ref", only(newer, ALIAS))));
    }

    @Test
    void snapStartWithTheEarlierTokenIsASynthErrorThatSaysWhyAndWhatToDo() {
        App app = new App(AppProps.builder().context(Map.of(ProxySessionProvider.UNQUALIFIED_SERVICE_TOKEN, true))
                .build());
        Stack stack = new Stack(app, "Earlier");

        assertThatThrownBy(() -> ProxySessionProvider.create(stack,
                ProxySessionProviderProps.builder().snapStart(true).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ProxySessionProvider 'Earlier/ProxySessionProvider': snapStart cannot be true while the "
                        + "stack keeps the earlier, unqualified ServiceToken (context "
                        + "@proxysessions/cdk:unqualifiedServiceToken): SnapStart applies to published versions only, "
                        + "and the stack's custom resources would still send every deploy event to the unpublished "
                        + "function (CloudFormation does not let a custom resource's ServiceToken change); leave "
                        + "snapStart off, or first move the stack's resources to the live alias as the construct "
                        + "library's documentation describes (docs/CONSTRUCTS.md, \"Upgrading a stack deployed "
                        + "before the alias\")");
        assertThat(stack.getNode().tryFindChild(ProxySessionProvider.ID)).isNull();
        // Without SnapStart the earlier token is fine.
        ProxySessionProvider.create(stack, ProxySessionProviderProps.builder().snapStart(false).build());
    }
}
