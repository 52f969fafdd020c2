package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.proxysessions.handler.HandlerFixture.Delivery;
import io.github.proxysessions.rules.ProxySessionMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The renewal metrics as CloudWatch would read them from the function's log: one Embedded Metric Format document per
 * run, one line of JSON, in the namespace, with the metric names and the one dimension set of
 * {@link ProxySessionMetrics} that the constructs' {@code metricRenewals()} and {@code metricRenewalFailures()} name.
 */
class RenewalMetricsTest {

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    private Map<String, Object> renewed() {
        return f.props("ParticipantPhoneNumbers", List.of(RenewalTest.DAN, RenewalTest.ERIN), "ExpiryMinutes", "60",
                "RenewBeforeExpiryMinutes", "10");
    }

    private String created(Map<String, Object> props) {
        Delivery d = f.create(props);
        assertThat(d.response().status()).as(d.response().reason()).isEqualTo("SUCCESS");
        return d.response().physicalResourceId();
    }

    /** The log's lines, each parsed as the JSON object CloudWatch Logs would see as one log event. */
    private List<JsonNode> logEvents() {
        return f.logs().lines().filter(line -> line.startsWith("{")).map(line -> {
            try {
                return CloudFormationEvent.MAPPER.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private List<JsonNode> metricDocuments() {
        return logEvents().stream().filter(e -> e.has("_aws")).toList();
    }

    /** Asserts the document is EMF with exactly the contract's namespace, metrics and dimensions; its two values. */
    private static void assertRenewalDocument(JsonNode document, double renewals, double failures) {
        JsonNode aws = document.path("_aws");
        assertThat(aws.path("Timestamp").isIntegralNumber()).isTrue();
        assertThat(aws.path("CloudWatchMetrics")).hasSize(1);
        JsonNode directive = aws.path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("ProxySessions")
                .isEqualTo(ProxySessionMetrics.NAMESPACE);
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"StackName\",\"LogicalResourceId\"]]");
        assertThat(List.of(directive.path("Dimensions").get(0).get(0).asText(),
                directive.path("Dimensions").get(0).get(1).asText()))
                .isEqualTo(ProxySessionMetrics.RENEWAL_DIMENSIONS);
        assertThat(directive.path("Metrics").toString()).contains("{\"Name\":\"Renewals\",\"Unit\":\"Count\"}",
                "{\"Name\":\"RenewalFailures\",\"Unit\":\"Count\"}");
        assertThat(directive.path("Metrics")).hasSize(2);
        assertThat(document.path("StackName").asText()).isEqualTo("ProxySessionsExample");
        assertThat(document.path("LogicalResourceId").asText()).isEqualTo("SupportSession");
        assertThat(document.path(ProxySessionMetrics.RENEWALS).asDouble()).isEqualTo(renewals);
        assertThat(document.path(ProxySessionMetrics.RENEWAL_FAILURES).asDouble()).isEqualTo(failures);
        assertThat(document.has("Service")).as("Powertools' default Service dimension").isFalse();
        assertThat(document.has("ServiceName")).as("the EMF library's default dimensions").isFalse();
    }

    @Test
    void aRunThatLeavesTheSessionAloneEmitsBothMetricsAtZero() {
        Map<String, Object> props = renewed();
        String p0 = created(props);

        f.renew(p0, props);

        assertThat(metricDocuments()).singleElement().satisfies(d -> assertRenewalDocument(d, 0, 0));
    }

    @Test
    void aRunThatMakesASuccessorCountsOneRenewal() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        f.clock.advance(Duration.ofMinutes(51));

        assertThat(f.renew(p0, props).path("Action").asText()).isEqualTo("RENEWED");

        assertThat(metricDocuments()).singleElement().satisfies(d -> assertRenewalDocument(d, 1, 0));
    }

    @Test
    void aFailedRunCountsOneFailureWritesItBeforeTheInvocationFailsAndLogsTheReason() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        f.clock.advance(Duration.ofMinutes(51));
        f.emulator.faults().failNext(200, 500);

        assertThatThrownBy(() -> f.invoke(f.renewalEvent(p0, props), new TestContext(Duration.ofSeconds(5))))
                .isInstanceOf(ProxySessionHandler.RenewalFailed.class);

        f.emulator.faults().clear();
        List<JsonNode> events = logEvents();
        JsonNode error = events.stream().filter(e -> "Renewal".equals(e.path("requestType").asText()))
                .findFirst().orElseThrow();
        assertThat(error.path("level").asText()).isEqualTo("ERROR");
        assertThat(error.path("message").asText()).isEqualTo("Renewal Custom::ProxySession failed");
        assertThat(error.path("reason").asText()).contains("ListProxySessions");
        assertThat(metricDocuments()).singleElement().satisfies(d -> assertRenewalDocument(d, 0, 1));
        assertThat(events.indexOf(metricDocuments().get(0))).isGreaterThan(events.indexOf(error));
    }

    @Test
    void aRunIgnoredAsTooLateEmitsNoMetricSoThatItCannotHideFailures() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        // A window of 10 minutes: the schedule runs every 5; a run scheduled 6 minutes ago is a late retry.
        String sixMinutesAgo = f.clock.instant().minus(Duration.ofMinutes(6)).toString();

        assertThat(f.renew(p0, props, sixMinutesAgo).path("Detail").asText()).contains("stale");

        assertThat(metricDocuments()).isEmpty();
    }

    @Test
    void aRunWhoseEventNamesNoStackEmitsNothingAndSaysSo() {
        assertThatThrownBy(() -> f.invoke("{\"ProxySessionRenewal\":{\"LogicalResourceId\":\"SupportSession\"}}",
                new TestContext(Duration.ofMinutes(1)))).isInstanceOf(ProxySessionHandler.RenewalFailed.class);

        assertThat(metricDocuments()).isEmpty();
        assertThat(logEvents()).hasSize(2).last().satisfies(e -> {
            assertThat(e.path("level").asText()).isEqualTo("WARN");
            assertThat(e.path("message").asText()).startsWith("Renewal metrics not emitted: StackId must be a "
                    + "stack ARN");
        });
    }

    @Test
    void eachDocumentIsOneLineOfJsonAmongTheHandlersOwnLines() {
        Map<String, Object> props = renewed();
        String p0 = created(props);

        f.renew(p0, props);
        f.renew(p0, props);

        // Every line of the log is a whole JSON object: a document never spans lines, nor shares one.
        assertThat(f.logs().lines().toList()).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        assertThat(metricDocuments()).hasSize(2);
    }
}
