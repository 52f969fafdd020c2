package io.github.proxysessions.local;

import static io.github.proxysessions.local.RunnerFixture.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.ops.Drift;
import io.github.proxysessions.local.ops.StatusReport;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} when the service does not answer (5xx on every call, or an endpoint that is down): a report all the
 * same, each resource UNKNOWN and each voice connector's orphans unknown, which {@code --fail} fails on.
 */
class StatusUnavailableTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @Test
    void aServiceThatFailsEveryCallGivesUnknownsNotACrash() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.app(Session.of("A", "+12065550150", "+14155550151"))))
                    .as(run.output()).isTrue();
        }

        try (Run run = f.open(RunnerFixture.faults("--fail-rate", "1"), false)) {
            StatusReport report = run.runner().status();

            assertThat(report.stacks().get(0).resources())
                    .filteredOn(r -> r.type().startsWith("Custom::")).hasSize(2)
                    .allSatisfy(r -> {
                        assertThat(r.drift().status()).isEqualTo(Drift.Status.UNKNOWN);
                        assertThat(r.drift().note()).startsWith("the service did not answer");
                        assertThat(r.serviceStatus()).startsWith("unknown (");
                    });
            assertThat(report.orphansUnknown()).singleElement().satisfies(u -> {
                assertThat(u.voiceConnectorId()).isEqualTo(DEMO);
                assertThat(u.reason()).isNotBlank();
            });
            assertThat(report.orphans()).isEmpty();
            assertThat(report.fails()).isTrue();
        }
    }

    @Test
    void anEndpointThatIsDownGivesAReportAndFailWithExitCode1() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.app(Session.of("A", "+12065550150", "+14155550151"))))
                    .as(run.output()).isTrue();
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closed;

        assertThat(cli.run("status", "--fail", "--state-dir", f.stateDir.toString(), "--endpoint", endpoint))
                .as(cli.toString()).isEqualTo(1);
        assertThat(cli.out()).contains("UNKNOWN", "Orphans unknown on " + DEMO + ": the service did not answer (",
                "orphans unknown on 1 voice connector(s)");

        assertThat(cli.run("status", "--json", "--state-dir", f.stateDir.toString(), "--endpoint", endpoint))
                .as(cli.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(cli.out());
        assertThat(json.path("drifted").asBoolean()).isTrue();
        assertThat(json.path("summary").path("orphansUnknown").asInt()).isEqualTo(1);
        assertThat(json.path("orphansUnknown").get(0).path("voiceConnectorId").asText()).isEqualTo(DEMO);
    }
}
