package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.proxysessions.cdk.snippets.StandingLineStack;
import io.github.proxysessions.rules.ProxySessionMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Stats;
import software.amazon.awscdk.services.sns.Topic;

/**
 * {@code metricRenewals()} and {@code metricRenewalFailures()} name exactly what the handler emits (the shared
 * {@link ProxySessionMetrics}), read through the alarms they make in the template.
 */
class RenewalMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final App app = new App();
    private final Stack stack = new Stack(app, "Orders");

    private ProxySession standing() {
        return ProxySession.Builder.create(stack, "Standing").voiceConnectorId(ProxySessionTemplateTest.CONNECTOR)
                .participantPhoneNumbers(List.of("+12065550150", "+14155550151"))
                .capabilities(List.of(Capability.VOICE)).expiry(Duration.hours(12))
                .renewal(Renewal.beforeExpiry(Duration.minutes(30))).build();
    }

    private static void alarm(Stack scope, String id, Metric metric) {
        metric.createAlarm(scope, id, CreateAlarmOptions.builder().threshold(1).evaluationPeriods(1).build());
    }

    private static JsonNode alarmProperties(Template t, String prefix) {
        return JSON.valueToTree(t.findResources("AWS::CloudWatch::Alarm").entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix)).findFirst().orElseThrow().getValue()).get("Properties");
    }

    private static String sessionLogicalId(Template t) {
        return t.findResources(ProxySession.RESOURCE_TYPE).keySet().iterator().next();
    }

    /** An alarm's Dimensions as a map of name to value: CloudWatch gives their order no meaning. */
    private static Map<String, String> dimensions(JsonNode alarm) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        alarm.get("Dimensions").forEach(d -> out.put(d.get("Name").asText(), d.get("Value").asText()));
        return out;
    }

    private static Map<String, String> dimensions(String stackName, String logicalId) {
        return Map.of("StackName", stackName, "LogicalResourceId", logicalId);
    }

    @Test
    void bothMetricsHaveTheHandlersNamespaceNameAndExactlyItsDimensionsSummedOverFiveMinutes() {
        ProxySession session = standing();
        alarm(stack, "Renewals", session.metricRenewals());
        alarm(stack, "Failures", session.metricRenewalFailures());

        Template t = Template.fromStack(stack);
        String logicalId = sessionLogicalId(t);
        JsonNode renewals = alarmProperties(t, "Renewals");
        JsonNode failures = alarmProperties(t, "Failures");
        assertThat(renewals.get("Namespace").asText()).isEqualTo(ProxySessionMetrics.NAMESPACE).isEqualTo(
                "ProxySessions");
        assertThat(renewals.get("MetricName").asText()).isEqualTo(ProxySessionMetrics.RENEWALS).isEqualTo("Renewals");
        assertThat(failures.get("Namespace").asText()).isEqualTo("ProxySessions");
        assertThat(failures.get("MetricName").asText()).isEqualTo(ProxySessionMetrics.RENEWAL_FAILURES)
                .isEqualTo("RenewalFailures");
        for (JsonNode alarm : List.of(renewals, failures)) {
            assertThat(dimensions(alarm)).isEqualTo(dimensions("Orders", logicalId));
            assertThat(alarm.get("Statistic").asText()).isEqualTo("Sum");
            assertThat(alarm.get("Period").asInt()).isEqualTo(300);
        }
        assertThat(List.of("StackName", "LogicalResourceId")).isEqualTo(ProxySessionMetrics.RENEWAL_DIMENSIONS);
    }

    @Test
    void theLogicalIdDimensionIsTheOneTheRenewalEventCarries() throws Exception {
        ProxySession session = standing();
        alarm(stack, "Failures", session.metricRenewalFailures());

        Template t = Template.fromStack(stack);
        // The handler takes the dimension from the event's LogicalResourceId; the Input is a Fn::Join of it.
        String input = JSON.writeValueAsString(JSON.valueToTree(t.findResources("AWS::Scheduler::Schedule"))
                .elements().next().at("/Properties/Target/Input"));
        assertThat(input).contains("\\\"LogicalResourceId\\\":\\\"" + sessionLogicalId(t) + "\\\"");
        assertThat(dimensions(alarmProperties(t, "Failures"))).containsEntry("LogicalResourceId", sessionLogicalId(t));
    }

    @Test
    void anOverriddenLogicalIdIsTheDimension() {
        ProxySession session = standing();
        Metric metric = session.metricRenewals();
        ((CfnResource) session.getResource().getNode().getDefaultChild()).overrideLogicalId("StandingLine");
        alarm(stack, "Renewals", metric);

        assertThat(dimensions(alarmProperties(Template.fromStack(stack), "Renewals")))
                .isEqualTo(dimensions("Orders", "StandingLine"));
    }

    @Test
    void metricOptionsOverrideTheStatisticPeriodAndLabelButNotWhatIsMeasured() {
        ProxySession session = standing();
        Metric metric = session.metricRenewalFailures(MetricOptions.builder().statistic(Stats.MINIMUM)
                .period(Duration.minutes(30)).build());
        alarm(stack, "Failures", metric);

        JsonNode alarm = alarmProperties(Template.fromStack(stack), "Failures");
        assertThat(alarm.get("Statistic").asText()).isEqualTo("Minimum");
        assertThat(alarm.get("Period").asInt()).isEqualTo(1800);
        assertThat(alarm.get("MetricName").asText()).isEqualTo("RenewalFailures");
        assertThat(alarm.get("Namespace").asText()).isEqualTo("ProxySessions");
        assertThat(dimensions(alarm)).isEqualTo(dimensions("Orders", sessionLogicalId(Template.fromStack(stack))));
        assertThat(session.metricRenewals(MetricOptions.builder().label("Standing line renewals").build())
                .getLabel()).isEqualTo("Standing line renewals");
        assertThat(session.metricRenewals(null).getStatistic()).isEqualTo("Sum");
    }

    @Test
    void anAlarmInAnotherStackGetsTheLiteralNamesNotAReference() {
        ProxySession session = standing();
        Stack monitoring = new Stack(app, "Monitoring");
        alarm(monitoring, "Failures", session.metricRenewalFailures());

        Template t = Template.fromStack(monitoring);
        assertThat(dimensions(alarmProperties(t, "Failures")))
                .isEqualTo(dimensions("Orders", sessionLogicalId(Template.fromStack(stack))));
        assertThat(t.toJSON().toString()).doesNotContain("Fn::ImportValue");
    }

    @Test
    void theDocumentedAlarmFiresWhenNoRunInAWholeWindowSucceededOrNoneRan() {
        Stack topics = new Stack(app, "Topics");
        StandingLineStack documented = new StandingLineStack(app, "StandingLine", ProxySessionTemplateTest.CONNECTOR,
                new Topic(topics, "OnCall"));

        Template t = Template.fromStack(documented);
        JsonNode alarm = alarmProperties(t, "StandingRenewalFailing");
        assertThat(alarm.get("Namespace").asText()).isEqualTo("ProxySessions");
        assertThat(alarm.get("MetricName").asText()).isEqualTo("RenewalFailures");
        assertThat(dimensions(alarm)).isEqualTo(dimensions("StandingLine", sessionLogicalId(t)));
        assertThat(alarm.get("Statistic").asText()).isEqualTo("Minimum");
        // The period is the window, so that "no run in it succeeded" means the session lapses.
        assertThat(alarm.get("Period").asInt()).isEqualTo(30 * 60);
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of("RenewBeforeExpiryMinutes", 30));
        assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
        assertThat(alarm.get("Threshold").asInt()).isEqualTo(1);
        assertThat(alarm.get("EvaluationPeriods").asInt()).isEqualTo(1);
        assertThat(alarm.get("TreatMissingData").asText()).isEqualTo("breaching");
        assertThat(alarm.get("AlarmActions")).hasSize(1);
    }
}
