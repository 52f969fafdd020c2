package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.scheduler.ContextAttribute;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;

/** Sessions with {@link Renewal}: the property, the schedule and its role, through the synthesized template. */
class RenewalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEDULE = "AWS::Scheduler::Schedule";

    private final App app = new App();
    private final Stack stack = new Stack(app, "Test");

    private ProxySession.Builder session(String id) {
        return ProxySession.Builder.create(stack, id)
                .voiceConnectorId("abcdefghij0123456789ab")
                .participantPhoneNumbers(List.of("+12065550150", "+14155550151"))
                .capabilities(List.of(Capability.VOICE));
    }

    private ProxySession standing() {
        return session("Standing").expiry(Duration.hours(12)).name("Standing line")
                .numberSelectionBehavior(NumberSelectionBehavior.PREFER_STICKY)
                .geoMatch(GeoMatch.areaCode("US", "206"))
                .renewal(Renewal.beforeExpiry(Duration.minutes(30))).build();
    }

    private static String logicalId(Template t, String type, String prefix) {
        return t.findResources(type).keySet().stream().filter(id -> id.startsWith(prefix)).findFirst().orElseThrow();
    }

    private static JsonNode only(Template t, String type) {
        Map<String, Map<String, Object>> found = t.findResources(type);
        assertThat(found).hasSize(1);
        return JSON.valueToTree(found.values().iterator().next());
    }

    /**
     * The JSON an {@code Fn::Join} of literal parts and intrinsics gives once deployed, each intrinsic written as
     * {@code <Ref X>} or {@code <GetAtt X.Y>}.
     */
    private static JsonNode rendered(JsonNode join) throws Exception {
        StringBuilder out = new StringBuilder();
        for (JsonNode part : join.get("Fn::Join").get(1)) {
            if (part.isTextual()) {
                out.append(part.asText());
            } else if (part.has("Ref")) {
                out.append("<Ref ").append(part.get("Ref").asText()).append(">");
            } else if (part.has("Fn::GetAtt")) {
                out.append("<GetAtt ").append(part.get("Fn::GetAtt").get(0).asText()).append(".")
                        .append(part.get("Fn::GetAtt").get(1).asText()).append(">");
            } else {
                throw new AssertionError("an intrinsic the Input should not hold: " + part);
            }
        }
        return JSON.readTree(out.toString());
    }

    @Test
    void withoutRenewalThereIsNoScheduleNoSchedulerRoleAndNoWindowProperty() {
        assertThat(session("Plain").build().getRenewalSchedule()).isNull();

        Template t = Template.fromStack(stack);
        t.resourceCountIs(SCHEDULE, 0);
        t.resourceCountIs("AWS::IAM::Role", 1);
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of("RenewBeforeExpiryMinutes", Match.absent()));
    }

    @Test
    void theWindowIsTheCustomResourcesRenewBeforeExpiryMinutes() {
        standing();

        Template.fromStack(stack).hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of(
                "ExpiryMinutes", 720, "RenewBeforeExpiryMinutes", 30));
    }

    @Test
    void oneScheduleUnderTheSessionRunsEveryHalfWindowAndInvokesTheProviderThroughTheSchedulerRole() {
        ProxySession session = standing();

        Template t = Template.fromStack(stack);
        t.resourceCountIs(SCHEDULE, 1);
        assertThat(session.getNode().tryFindChild("RenewalSchedule")).isSameAs(session.getRenewalSchedule());
        String alias = logicalId(t, "AWS::Lambda::Alias", "ProxySessionProviderLive");
        String role = logicalId(t, "AWS::IAM::Role", "ProxySessionProviderSchedulerRole");
        String rolePolicy = logicalId(t, "AWS::IAM::Policy", "ProxySessionProviderSchedulerRoleDefaultPolicy");
        t.hasResource(SCHEDULE, Map.of(
                "Properties", Map.of(
                        "ScheduleExpression", "rate(15 minutes)",
                        "FlexibleTimeWindow", Map.of("Mode", "OFF"),
                        "Target", Map.of(
                                "Arn", Map.of("Ref", alias),
                                "RoleArn", Map.of("Fn::GetAtt", List.of(role, "Arn")),
                                "Input", Match.anyValue(),
                                // Delivery retried until the run is an interval old, and no later: the next run does
                                // the same work, and a late one may come after the session is gone.
                                "RetryPolicy", Map.of("MaximumRetryAttempts", 185, "MaximumEventAgeInSeconds", 900))),
                "DependsOn", Match.arrayWith(List.of(rolePolicy))));
    }

    @Test
    void theInputIsTheRenewalEventWithTheSessionsRefAndItsPropertiesAsCloudFormationSendsThem() throws Exception {
        standing();

        Template t = Template.fromStack(stack);
        String session = logicalId(t, ProxySession.RESOURCE_TYPE, "Standing");
        JsonNode input = rendered(only(t, SCHEDULE).at("/Properties/Target/Input"));

        assertThat(input).isEqualTo(JSON.valueToTree(Map.of("ProxySessionRenewal", Map.of(
                "StackId", "<Ref AWS::StackId>",
                "LogicalResourceId", session,
                "PhysicalResourceId", "<Ref " + session + ">",
                // Every property of the custom resource but ServiceToken and ServiceTimeout, scalars as strings.
                "ResourceProperties", Map.of(
                        "VoiceConnectorId", "abcdefghij0123456789ab",
                        "ParticipantPhoneNumbers", List.of("+12065550150", "+14155550151"),
                        "Capabilities", List.of("Voice"),
                        "Name", "Standing line",
                        "ExpiryMinutes", "720",
                        "NumberSelectionBehavior", "PreferSticky",
                        "GeoMatchLevel", "AreaCode",
                        "GeoMatchParams", Map.of("Country", "US", "AreaCode", "206"),
                        "RenewBeforeExpiryMinutes", "30"),
                // EventBridge Scheduler's context attribute, which it replaces with the run's scheduled time.
                "ScheduledTime", "<aws.scheduler.scheduled-time>"))));
        assertThat(input.at("/ProxySessionRenewal/ScheduledTime").asText())
                .isEqualTo(ContextAttribute.getScheduledTime());
        JsonNode properties = only(t, ProxySession.RESOURCE_TYPE).get("Properties");
        List<String> declared = new ArrayList<>();
        properties.fieldNames().forEachRemaining(declared::add);
        List<String> sent = new ArrayList<>();
        input.at("/ProxySessionRenewal/ResourceProperties").fieldNames().forEachRemaining(sent::add);
        declared.removeAll(List.of("ServiceToken", "ServiceTimeout"));
        assertThat(sent).containsExactlyElementsOf(declared);
    }

    @Test
    void theInputNamesTheSessionByItsFinalLogicalIdEvenWhenItIsOverridden() throws Exception {
        ProxySession session = standing();
        ((CfnResource) session.getResource().getNode().getDefaultChild()).overrideLogicalId("StandingLine");

        Template t = Template.fromStack(stack);
        JsonNode input = rendered(only(t, SCHEDULE).at("/Properties/Target/Input"));

        assertThat(t.findResources(ProxySession.RESOURCE_TYPE)).containsOnlyKeys("StandingLine");
        assertThat(input.at("/ProxySessionRenewal/LogicalResourceId").asText()).isEqualTo("StandingLine");
        assertThat(input.at("/ProxySessionRenewal/PhysicalResourceId").asText()).isEqualTo("<Ref StandingLine>");
    }

    @Test
    void tokensInThePropertiesStayReferencesInTheInput() throws Exception {
        CfnVoiceConnector connector = CfnVoiceConnector.Builder.create(stack, "Connector").name("c")
                .requireEncryption(true).build();
        CfnParameter minutes = CfnParameter.Builder.create(stack, "Minutes").type("Number").build();
        session("Tokened").voiceConnectorId(null).voiceConnector(connector)
                .expiry(Duration.minutes(Token.asNumber(minutes.getValue())))
                .renewal(Renewal.beforeExpiry(Duration.minutes(10))).build();

        Template t = Template.fromStack(stack);
        JsonNode properties = rendered(only(t, SCHEDULE).at("/Properties/Target/Input"))
                .at("/ProxySessionRenewal/ResourceProperties");
        String connectorId = logicalId(t, "AWS::Chime::VoiceConnector", "Connector");
        assertThat(properties.get("VoiceConnectorId").asText())
                .isEqualTo("<GetAtt " + connectorId + ".VoiceConnectorId>");
        assertThat(properties.get("ExpiryMinutes").asText()).isEqualTo("<Ref Minutes>");
    }

    @Test
    void theSchedulerRoleIsAssumedBySchedulerForThisAccountAndMayOnlyInvokeTheFunctionsAliasByItsArn()
            throws Exception {
        standing();

        Template t = Template.fromStack(stack);
        String alias = logicalId(t, "AWS::Lambda::Alias", "ProxySessionProviderLive");
        String role = logicalId(t, "AWS::IAM::Role", "ProxySessionProviderSchedulerRole");
        t.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of("Statement", List.of(
                Map.of("Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "scheduler.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount",
                                Map.of("Ref", "AWS::AccountId"))))))));
        t.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", role)),
                "PolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "lambda:InvokeFunction", "Effect", "Allow",
                        "Resource", Map.of("Ref", alias))))));
        t.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
        String iam = JSON.writeValueAsString(t.findResources("AWS::IAM::Policy"))
                + JSON.writeValueAsString(t.findResources("AWS::IAM::Role"));
        assertThat(iam).doesNotContain("\"*\"").doesNotContain(":*").doesNotContain("/*");
        // Nothing else may invoke the function: no resource-based permission for the schedule.
        t.resourceCountIs("AWS::Lambda::Permission", 0);
    }

    @Test
    void theProviderMayTagOnlyTheConnectorsOfRenewingSessionsForTheirDeleteTombstones() throws Exception {
        standing();
        ProxySession.Builder.create(stack, "Plain").voiceConnectorId("zyxwvutsrq9876543210zy")
                .participantPhoneNumbers(List.of("+13125550152", "+16175550153"))
                .capabilities(List.of(Capability.VOICE)).build();

        Template t = Template.fromStack(stack);
        List<JsonNode> tagging = new ArrayList<>();
        for (JsonNode statement : JSON.valueToTree(t.findResources("AWS::IAM::Policy")).findValues("Statement")) {
            statement.forEach(s -> {
                if (s.path("Action").toString().contains("chime:TagResource")) {
                    tagging.add(s);
                }
            });
        }
        assertThat(tagging).singleElement().satisfies(s -> {
            assertThat(JSON.convertValue(s.get("Action"), List.class))
                    .isEqualTo(ProxySessionProvider.RENEWAL_ACTIONS);
            assertThat(s.get("Resource").toString()).contains("abcdefghij0123456789ab")
                    .doesNotContain("zyxwvutsrq9876543210zy");
        });
    }

    @Test
    void theStackHasOneSchedulerRoleForAllItsSchedules() {
        standing();
        session("Second").participantPhoneNumbers(List.of("+13125550152", "+16175550153"))
                .renewal(Renewal.beforeExpiry(Duration.minutes(5))).build();

        Template t = Template.fromStack(stack);
        t.resourceCountIs(SCHEDULE, 2);
        t.resourceCountIs("AWS::IAM::Role", 2);
        t.hasResourceProperties(SCHEDULE, Map.of("ScheduleExpression", "rate(2 minutes)"));
    }

    @ParameterizedTest(name = "a window of {0} minutes runs at {1}")
    @CsvSource({"1, rate(1 minute)", "2, rate(1 minute)", "3, rate(1 minute)", "4, rate(2 minutes)",
            "60, rate(30 minutes)", "719, rate(359 minutes)"})
    void theRateIsHalfTheWindowAtLeastAMinute(int window, String rate) {
        session("S").renewal(Renewal.beforeExpiry(Duration.minutes(window))).build();

        Template.fromStack(stack).hasResourceProperties(SCHEDULE, Map.of("ScheduleExpression", rate));
    }

    @Test
    void invalidWindowsFailSynthNamingTheRule() {
        assertThatThrownBy(() -> session("A").renewal(Renewal.beforeExpiry(Duration.seconds(90))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ProxySession 'Test/A': renewal window must be a whole number of minutes from 1 to 719; "
                        + "got 1 minute 30 seconds");
        assertThatThrownBy(() -> session("B").renewal(Renewal.beforeExpiry(Duration.minutes(0))).build())
                .hasMessageContaining("renewal window must be from 1 to 719 minutes");
        assertThatThrownBy(() -> session("C").renewal(Renewal.beforeExpiry(Duration.hours(12))).build())
                .hasMessageContaining("renewal window must be from 1 to 719 minutes");
        assertThatThrownBy(() -> session("D").expiry(Duration.minutes(30))
                .renewal(Renewal.beforeExpiry(Duration.minutes(30))).build())
                .hasMessage("ProxySession 'Test/D': renewal window must be shorter than the session's expiry "
                        + "(30 minutes); got 30");
        CfnParameter minutes = CfnParameter.Builder.create(stack, "Window").type("Number").build();
        assertThatThrownBy(() -> session("E").renewal(Renewal.beforeExpiry(
                Duration.minutes(Token.asNumber(minutes.getValue())))).build())
                .hasMessageContaining("renewal window must be a literal duration, not a token");
        assertThatThrownBy(() -> Renewal.beforeExpiry(null)).isInstanceOf(NullPointerException.class);
        assertThat(stack.getNode().getChildren()).noneMatch(c -> c.getNode().getId().length() == 1);
    }

    @Test
    void aRenewedSessionsNameHas19CharactersAtMost() {
        assertThatThrownBy(() -> session("Long").name("a".repeat(20))
                .renewal(Renewal.beforeExpiry(Duration.minutes(10))).build())
                .hasMessage("ProxySession 'Test/Long': name must be at most 19 characters (the service allows 30; "
                        + "the provider keeps 11 for the tags of a renewed session); got 20");

        session("Fits").name("a".repeat(19)).renewal(Renewal.beforeExpiry(Duration.minutes(10))).build();
        session("Plain").name("a".repeat(20)).participantPhoneNumbers(List.of("+13125550152", "+16175550153")).build();

        Template t = Template.fromStack(stack);
        t.resourceCountIs(ProxySession.RESOURCE_TYPE, 2);
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of("Name", "a".repeat(19),
                "RenewBeforeExpiryMinutes", 10));
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of("Name", "a".repeat(20),
                "RenewBeforeExpiryMinutes", Match.absent()));
    }

    @Test
    void aStackWithRenewalIsCleanUnderCdkNag() throws Exception {
        App nagged = new App(AppProps.builder().context(ExampleStackTest.cliContext()).build());
        Validations.of(nagged).addPlugins(new AwsSolutionsChecks(nagged, NagPackProps.builder().build()));
        Stack renewed = new Stack(nagged, "Renewed");
        ProxySession.Builder.create(renewed, "Standing").voiceConnectorId("abcdefghij0123456789ab")
                .participantPhoneNumbers(List.of("+12065550150", "+14155550151")).capabilities(List.of(Capability.SMS))
                .renewal(Renewal.beforeExpiry(Duration.minutes(30))).build();

        // A finding would fail synthesis (ValidationFailed).
        assertThat(nagged.synth().getStacks()).hasSize(1);
    }
}
