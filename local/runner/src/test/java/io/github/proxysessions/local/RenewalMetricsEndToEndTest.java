package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.ops.Renewals;
import io.github.proxysessions.rules.ProxySessionMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's renewal metrics end to end: the real provider jar, deployed by the runner and run by its renewal schedule,
 * writes to its log (what Lambda's java21 runtime sends to CloudWatch Logs, a line per event) one Embedded Metric
 * Format document per renewal run, in the namespace and with the metric names and dimensions of
 * {@link ProxySessionMetrics} that {@code ProxySession#metricRenewals()} and {@code #metricRenewalFailures()} name:
 * a renewal that makes a successor counts one {@code Renewals}, and one that fails (here the connector's proxy
 * configuration was removed by hand, so no successor can be made) counts one {@code RenewalFailures}.
 */
class RenewalMetricsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRenewalThatMakesASuccessorCountsARenewalAndOneThatFailsCountsAFailureUnderTheStackAndSession()
            throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly app = f.app(Session.of("Line", "+12065550150", "+14155550151").renewal(20));
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            assertThat(metrics(f)).as("no renewal has run yet").isEmpty();

            // 15 of the session's 60 minutes left, inside its 20-minute window.
            run.runner().emulator().advanceClock(Duration.ofMinutes(45));
            List<Renewals.Result> renewed = run.runner().renew();
            assertThat(renewed).as(run.output()).singleElement()
                    .satisfies(r -> assertThat(r.action()).as(r.line()).isEqualTo("RENEWED"));
            String session = renewed.get(0).sessionLogicalId();
            assertThat(metrics(f)).as("the documents after one renewal").singleElement()
                    .satisfies(d -> assertCounts(d, session, 1, 0));

            // The configuration removed by hand: the next renewal in the window cannot make a successor.
            run.runner().client().deleteVoiceConnectorProxy(r -> r.voiceConnectorId(RunnerFixture.DEMO));
            run.runner().emulator().advanceClock(Duration.ofMinutes(45));
            List<Renewals.Result> failed = run.runner().renew();
            assertThat(failed).as(run.output()).singleElement()
                    .satisfies(r -> assertThat(r.kind()).as(r.line()).isEqualTo(Renewals.Kind.FAILED));
            List<JsonNode> documents = metrics(f);
            assertThat(documents).as("the documents after a renewal and a failure").hasSize(2);
            assertThat(documents).anySatisfy(d -> assertCounts(d, session, 1, 0))
                    .anySatisfy(d -> assertCounts(d, session, 0, 1));
        }
    }

    /** A renewal run's document: its directive (namespace, dimensions, metrics), its dimensions' values, its counts. */
    private static void assertCounts(JsonNode document, String session, int renewals, int failures) {
        JsonNode directive = document.path("_aws").path("CloudWatchMetrics").path(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo(ProxySessionMetrics.NAMESPACE);
        assertThat(directive.path("Dimensions").path(0)).extracting(JsonNode::asText)
                .containsExactlyElementsOf(ProxySessionMetrics.RENEWAL_DIMENSIONS);
        assertThat(directive.path("Metrics")).extracting(m -> m.path("Name").asText())
                .contains(ProxySessionMetrics.RENEWALS, ProxySessionMetrics.RENEWAL_FAILURES);
        assertThat(document.path(ProxySessionMetrics.STACK_NAME).asText()).isEqualTo("Sessions");
        assertThat(document.path(ProxySessionMetrics.LOGICAL_RESOURCE_ID).asText()).isEqualTo(session);
        assertThat(document.path(ProxySessionMetrics.RENEWALS).asInt()).as(document.toString()).isEqualTo(renewals);
        assertThat(document.path(ProxySessionMetrics.RENEWAL_FAILURES).asInt()).as(document.toString())
                .isEqualTo(failures);
    }

    /** Every log line of the functions' instances that is a whole EMF document with renewal metrics. */
    private static List<JsonNode> metrics(RunnerFixture f) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : f.functionLogLines()) {
            if (!line.startsWith("{") || !line.contains("\"_aws\"")) {
                continue;
            }
            JsonNode document = JSON.readTree(line);
            if (document.has(ProxySessionMetrics.RENEWALS) || document.has(ProxySessionMetrics.RENEWAL_FAILURES)) {
                documents.add(document);
            }
        }
        return documents;
    }
}
