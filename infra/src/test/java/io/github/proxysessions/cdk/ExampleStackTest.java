package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.proxysessions.cdk.example.ProxySessionsApp;
import io.github.proxysessions.cdk.example.ProxySessionsExampleStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;

/** The example app that cdk.json runs. */
class ExampleStackTest {

    private static final List<String> OUTPUTS = List.of("VoiceConnectorId", "SupportLineSessionId",
            "SupportLineProxyNumber", "DeliverySessionId", "DeliveryProxyNumber");

    @Test
    void byDefaultTheStackDeclaresItsOwnConnectorAndPutsTheConfigurationAndBothSessionsOnIt() {
        ProxySessionsExampleStack stack = ProxySessionsApp.build(new App());

        Template t = Template.fromStack(stack);
        t.resourceCountIs("AWS::Chime::VoiceConnector", 1);
        t.hasResourceProperties("AWS::Chime::VoiceConnector", Map.of("Name", "proxy-sessions-example",
                "RequireEncryption", true));
        String connector = t.findResources("AWS::Chime::VoiceConnector").keySet().iterator().next();
        Map<String, Object> connectorId = Map.of("Fn::GetAtt", List.of(connector, "VoiceConnectorId"));
        t.resourceCountIs(ProxySession.RESOURCE_TYPE, 2);
        t.resourceCountIs(VoiceConnectorProxy.RESOURCE_TYPE, 1);
        t.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("VoiceConnectorId", connectorId));
        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("VoiceConnectorId", connectorId,
                "DefaultSessionExpiryMinutes", 60, "PhoneNumberPoolCountries", List.of("US")));
        t.allResources(ProxySession.RESOURCE_TYPE, Map.of("DependsOn", List.of(Match.stringLikeRegexp("Proxy.*"))));
        // Never takes over someone else's configuration unless asked to.
        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("TakeOver", Match.absent()));
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(
                List.of(Match.objectLike(Map.of("Action", Match.arrayWith(List.of("chime:CreateProxySession")),
                        "Resource", Map.of("Ref", connector))))))));
        t.hasOutput("VoiceConnectorId", Map.of("Value", connectorId));
        hasTheSessionsOutputs(t);
    }

    /** Each session's outputs read that session's id and first proxy number, not another's or another attribute. */
    private static void hasTheSessionsOutputs(Template t) {
        String support = sessionNamed(t, "Support line");
        String delivery = sessionNamed(t, "Delivery");
        t.hasOutput("SupportLineSessionId", Map.of("Value", getAtt(support, "ProxySessionId")));
        t.hasOutput("SupportLineProxyNumber", Map.of("Value", getAtt(support, "Participants.0.ProxyPhoneNumber")));
        t.hasOutput("DeliverySessionId", Map.of("Value", getAtt(delivery, "ProxySessionId")));
        t.hasOutput("DeliveryProxyNumber", Map.of("Value", getAtt(delivery, "Participants.0.ProxyPhoneNumber")));
        assertThat(t.findOutputs("*").keySet()).containsExactlyInAnyOrderElementsOf(OUTPUTS);
    }

    private static String sessionNamed(Template t, String name) {
        Map<String, Map<String, Object>> found = t.findResources(ProxySession.RESOURCE_TYPE,
                Map.of("Properties", Map.of("Name", name)));
        assertThat(found).as(name).hasSize(1);
        return found.keySet().iterator().next();
    }

    private static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    @Test
    void participantsAreOutsideTheEmulatorsInventoryOfProxyNumbers() {
        Template t = Template.fromStack(ProxySessionsApp.build(new App()));

        t.findResources(ProxySession.RESOURCE_TYPE).values().forEach(session -> {
            List<?> numbers = (List<?>) ((Map<?, ?>) ((Map<?, ?>) session).get("Properties"))
                    .get("ParticipantPhoneNumbers");
            assertThat(numbers).hasSize(2)
                    .allSatisfy(n -> assertThat(n.toString()).matches("\\+1\\d{3}5550(1[5-9]\\d)"));
        });
    }

    @Test
    void theVoiceConnectorIdContextValuePutsEverythingOnAnExistingConnectorAndDeclaresNone() {
        App app = new App(AppProps.builder().context(Map.of("voiceConnectorId", "klmnopqrst0123456789ab")).build());

        Template t = Template.fromStack(ProxySessionsApp.build(app));

        t.resourceCountIs("AWS::Chime::VoiceConnector", 0);
        t.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("VoiceConnectorId", "klmnopqrst0123456789ab"));
        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("VoiceConnectorId", "klmnopqrst0123456789ab"));
        t.hasOutput("VoiceConnectorId", Map.of("Value", "klmnopqrst0123456789ab"));
        hasTheSessionsOutputs(t);
    }

    @Test
    void theTakeOverProxyConfigurationContextValueLetsTheStackManageAnExistingConfiguration() {
        App app = new App(AppProps.builder().context(Map.of("takeOverProxyConfiguration", "true")).build());

        Template t = Template.fromStack(ProxySessionsApp.build(app));

        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("TakeOver", true));
    }

    @Test
    void withoutTheRenewalContextValueNoSessionIsRenewed() {
        Template t = Template.fromStack(ProxySessionsApp.build(new App()));

        t.resourceCountIs("AWS::Scheduler::Schedule", 0);
        t.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("RenewBeforeExpiryMinutes", Match.absent()));
    }

    @Test
    void theRenewBeforeExpiryMinutesContextValueRenewsBothSessionsOnASchedule() {
        // As `-c renewBeforeExpiryMinutes=20` gives it (a string), and as cdk.json would (a number).
        for (Object given : List.of("20", 20)) {
            App app = new App(AppProps.builder().context(Map.of(
                    ProxySessionsExampleStack.RENEW_BEFORE_EXPIRY_MINUTES, given)).build());

            Template t = Template.fromStack(ProxySessionsApp.build(app));

            t.resourceCountIs(ProxySession.RESOURCE_TYPE, 2);
            t.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("RenewBeforeExpiryMinutes", 20));
            t.resourceCountIs("AWS::Scheduler::Schedule", 2);
        }
    }

    @Test
    void aRenewalWindowTheExampleCannotHaveIsRefusedNamingTheContextKeyAndTheRule() {
        for (String given : List.of("0", "30", "120", "abc", "1.5", "-5", "")) {
            App app = new App(AppProps.builder().context(Map.of(
                    ProxySessionsExampleStack.RENEW_BEFORE_EXPIRY_MINUTES, given)).build());

            assertThatThrownBy(() -> ProxySessionsApp.build(app)).as(given)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("context renewBeforeExpiryMinutes must be a whole number of minutes from "
                            + "1 to 29")
                    .hasMessageContaining("got '" + given + "'");
        }
    }

    @Test
    void withRenewalTheExampleIsStillCleanUnderCdkNag() throws Exception {
        Map<String, Object> context = new java.util.HashMap<>(cliContext());
        context.put(ProxySessionsExampleStack.RENEW_BEFORE_EXPIRY_MINUTES, "20");
        App app = nagged(new App(AppProps.builder().context(context).build()));
        ProxySessionsApp.build(app);

        CloudAssembly assembly = app.synth();

        assertThat(Path.of(assembly.getDirectory(), "validation-report.json")).content()
                .doesNotContain("AwsSolutions-");
    }

    /** The context the CDK CLI gives the app: the root cdk.json's, feature flags included. */
    static Map<String, Object> cliContext() throws Exception {
        JsonNode cdkJson = new ObjectMapper().readTree(Path.of(System.getProperty("cdk.json", "../cdk.json")).toFile());
        return new ObjectMapper().convertValue(cdkJson.get("context"), new TypeReference<Map<String, Object>>() { });
    }

    private static App nagged(App app) {
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app, NagPackProps.builder().verbose(true).build()));
        return app;
    }

    @Test
    void cdkNagAwsSolutionsFindsNothingUnacknowledgedUnderTheCliContextAndEveryAcknowledgementSaysWhy()
            throws Exception {
        App app = nagged(new App(AppProps.builder().context(cliContext()).build()));
        ProxySessionsExampleStack stack = ProxySessionsApp.build(app);

        // cdk-nag 3 is a policy-validation plugin: a finding fails synthesis, here as under `cdk synth`.
        CloudAssembly assembly = app.synth();

        assertThat(Path.of(assembly.getDirectory(), "validation-report.json")).content()
                .doesNotContain("AwsSolutions-");
        // The one acknowledged finding, in both forms: aws-cdk-lib's acknowledgement and cdk-nag 2's metadata.
        Function function = ProxySessionProvider.of(stack).getFunction();
        assertThat(function.getNode().getMetadata()).anySatisfy(entry -> {
            assertThat(entry.getType()).isEqualTo(Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
            assertThat(entry.getData().toString()).contains("AwsSolutions-L1", "java21 runtime");
        });
        Template.fromStack(stack).hasResource("AWS::Lambda::Function", Map.of("Metadata", Map.of("cdk_nag",
                Map.of("rules_to_suppress", List.of(Map.of("id", "AwsSolutions-L1",
                        "reason", Match.stringLikeRegexp(".{40,}")))))));
    }

    @Test
    void theNagCheckFailsSynthesisOnAFindingThatIsNotAcknowledged() throws Exception {
        App app = nagged(new App(AppProps.builder().context(cliContext()).build()));
        Stack stack = new Stack(app, "Unacknowledged");
        // Unencrypted, and open to requests without TLS: AwsSolutions-SNS2 and SNS3.
        Topic.Builder.create(stack, "Topic").build();

        assertThatThrownBy(app::synth).hasMessageContaining("Validation failed");
    }
}
