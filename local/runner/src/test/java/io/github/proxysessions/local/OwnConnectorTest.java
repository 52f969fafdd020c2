package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cli.Main;
import io.github.proxysessions.local.ops.StatusReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * A stack that declares its own voice connector, with the real provider putting a proxy configuration and sessions
 * on it: deploy, status, a damaged record repaired (the connector given back to the stack), and destroy, which
 * deletes the connector only after everything on it.
 */
class OwnConnectorTest {

    @TempDir
    Path dir;

    @Test
    void theStacksOwnConnectorCarriesItsSessionsSurvivesARepairAndGoesLast() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly app = f.appOnItsOwnConnector("Own line", Session.of("A", "+12065550150", "+14155550151"),
                Session.of("B", "+13125550152", "+16175550153"));
        String connector;
        String stackId;
        List<String> sessionIds;
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            stackId = run.runner().store().load("Sessions").stackId();

            connector = run.runner().store().load("Sessions").resource("Connector").data().get("VoiceConnectorId");
            assertThat(run.sessions(connector)).hasSize(2);
            sessionIds = run.sessions(connector).stream().map(ProxySession::proxySessionId).toList();
            assertThat(client.getVoiceConnectorProxy(r -> r.voiceConnectorId(connector)).proxy()
                    .defaultSessionExpiryMinutes()).isEqualTo(60);
            assertThat(run.runner().status().stacks().get(0).resources())
                    .filteredOn(r -> r.logicalId().equals("Connector")).singleElement()
                    .extracting(StatusReport.Resource::serviceStatus).asString()
                    .startsWith("present: 'Own line', us-east-1").contains("proxy configuration set");
        }

        // A damaged record (cut short after the sessions' ids) that still shows the stack id: repair keeps it, so
        // that the provider recognises the proxy configuration it wrote (its owner tag is built from the stack id),
        // gives the connector back to the stack, and deploy reuses it.
        Path file = f.stateDir.resolve("stacks").resolve("Sessions.json");
        String whole = Files.readString(file);
        int end = sessionIds.stream().mapToInt(id -> whole.lastIndexOf(id) + id.length() + 1).max().orElseThrow();
        Files.writeString(file, whole.substring(0, end));
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("repair", "Sessions", "--yes", "--state-dir", f.stateDir.toString())).isZero();
        assertThat(out.toString()).contains("give the voice connector it declared as Connector",
                "delete these 2 proxy session(s)", "with its stack id, found in the file (" + stackId + ")");
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.sessions(connector)).isEmpty();
            run.runner().emulator().resetRequestCounts();

            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();

            assertThat(run.runner().emulator().requestCount("CreateVoiceConnector")).isZero();
            assertThat(run.runner().store().load("Sessions").resource("Connector").data().get("VoiceConnectorId"))
                    .isEqualTo(connector);
            List<ProxySession> sessions = run.sessions(connector);
            assertThat(sessions).hasSize(2);
            assertThat(run.runner().status().orphans()).isEmpty();

            assertThat(run.runner().destroy()).as(run.output()).isTrue();

            assertThatThrownBy(() -> client.getVoiceConnector(r -> r.voiceConnectorId(connector)))
                    .isInstanceOf(NotFoundException.class);
            String output = run.output();
            int lastSession = output.lastIndexOf("DELETE_COMPLETE              | Custom::ProxySession");
            int proxy = output.lastIndexOf("DELETE_COMPLETE              | Custom::VoiceConnectorProxy");
            int own = output.lastIndexOf("DELETE_COMPLETE              | AWS::Chime::VoiceConnector");
            assertThat(lastSession).isPositive().isLessThan(proxy);
            assertThat(proxy).isLessThan(own);
        }
    }

    @Test
    void aNewRegionReplacesTheConnectorWithItsConfigurationAndSessionsAndLeavesNothingBehind() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        Session a = Session.of("A", "+12065550150", "+14155550151");
        Session b = Session.of("B", "+13125550152", "+16175550153");
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(f.appOnItsOwnConnector(Map.of("Name", "Own line", "RequireEncryption",
                    true, "AwsRegion", "us-east-1"), a, b))).as(run.output()).isTrue();
            String old = run.runner().store().load("Sessions").resource("Connector").data().get("VoiceConnectorId");
            List<String> oldSessions = run.sessions(old).stream().map(ProxySession::proxySessionId).toList();
            assertThat(oldSessions).hasSize(2);
            int from = run.output().length();

            assertThat(run.runner().deploy(f.appOnItsOwnConnector(Map.of("Name", "Own line", "RequireEncryption",
                    true, "AwsRegion", "us-west-2"), a, b))).as(run.output()).isTrue();

            String now = run.runner().store().load("Sessions").resource("Connector").data().get("VoiceConnectorId");
            assertThat(now).isNotEqualTo(old);
            assertThat(client.getVoiceConnector(r -> r.voiceConnectorId(now)).voiceConnector().awsRegionAsString())
                    .isEqualTo("us-west-2");
            assertThat(run.sessions(now)).hasSize(2).extracting(ProxySession::proxySessionId)
                    .doesNotContainAnyElementsOf(oldSessions);
            assertThat(client.getVoiceConnectorProxy(r -> r.voiceConnectorId(now)).proxy()).isNotNull();
            // Nothing left on the old connector, nor the connector itself, nor in the record.
            assertThatThrownBy(() -> client.getVoiceConnector(r -> r.voiceConnectorId(old)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(run.runner().emulator().voiceConnectorIds()).containsExactlyInAnyOrder(RunnerFixture.DEMO,
                    now);
            assertThat(run.runner().store().load("Sessions").leftovers()).isEmpty();
            StatusReport status = run.runner().status();
            assertThat(status.orphans()).isEmpty();
            assertThat(status.fails()).isFalse();

            // The order: the new connector first, then what depends on it moves to it; in the cleanup, the old
            // sessions, then the old configuration, then the old connector.
            String output = run.output().substring(from);
            int connector = output.indexOf("UPDATE_COMPLETE              | AWS::Chime::VoiceConnector");
            int proxy = output.indexOf("UPDATE_COMPLETE              | Custom::VoiceConnectorProxy");
            int firstSession = output.indexOf("UPDATE_COMPLETE              | Custom::ProxySession");
            int cleanup = output.indexOf("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
            int lastOldSession = output.lastIndexOf("DELETE_COMPLETE              | Custom::ProxySession");
            int oldProxy = output.indexOf("DELETE_COMPLETE              | Custom::VoiceConnectorProxy");
            int oldConnector = output.indexOf("DELETE_COMPLETE              | AWS::Chime::VoiceConnector");
            assertThat(connector).as(output).isPositive().isLessThan(proxy);
            assertThat(proxy).isLessThan(firstSession);
            assertThat(firstSession).isLessThan(cleanup);
            assertThat(cleanup).isLessThan(output.indexOf("DELETE_COMPLETE              | Custom::ProxySession"));
            assertThat(lastOldSession).isLessThan(oldProxy);
            assertThat(oldProxy).isLessThan(oldConnector);

            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThat(run.runner().emulator().voiceConnectorIds()).containsExactly(RunnerFixture.DEMO);
        }
    }
}
