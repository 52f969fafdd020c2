package io.github.proxysessions.local;

import static io.github.proxysessions.local.RunnerFixture.DEMO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.ops.Drift;
import io.github.proxysessions.local.service.VoiceConnectorType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;

/**
 * What the README's first command runs: {@code deploy} with no {@code --app} and no {@code --context}, the bundled
 * example declaring its own voice connector; then {@code status --fail} finds everything in sync, and
 * {@code destroy} leaves no connector, no proxy configuration and no session on the emulator but its bare demo
 * connector.
 */
class QuickStartTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @Test
    void theBundledExampleDeploysIsInSyncAndDestroysToNothing() {
        RunnerFixture f = new RunnerFixture(dir);
        String state = f.stateDir.toString();

        assertThat(cli.run("deploy", "--state-dir", state)).as(cli.toString()).isZero();
        String connector;
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            var record = run.runner().store().load("ProxySessionsExample");
            assertThat(record.resources()).filteredOn(r -> r.type().equals(VoiceConnectorType.TYPE)).hasSize(1);
            connector = record.outputs().get("VoiceConnectorId");
            assertThat(connector).isNotEqualTo(DEMO);
            assertThat(run.sessions(connector)).hasSize(2)
                    .allSatisfy(s -> assertThat(s.statusAsString()).isEqualTo("Open"));
            assertThat(client.getVoiceConnectorProxy(r -> r.voiceConnectorId(connector)).proxy()).isNotNull();
        }

        assertThat(cli.run("status", "--fail", "--state-dir", state)).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("No orphaned proxy sessions.").containsPattern("Drift: 4 IN_SYNC, 0 MODIFIED, "
                + "0 DELETED, \\d+ NOT_CHECKED; 0 orphaned session\\(s\\)");

        assertThat(cli.run("destroy", "--state-dir", state)).as(cli.toString()).isZero();
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().emulator().voiceConnectorIds()).containsExactly(DEMO);
            assertThat(run.sessions(DEMO)).isEmpty();
            assertThatThrownBy(() -> client.getVoiceConnectorProxy(r -> r.voiceConnectorId(DEMO)))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> client.getVoiceConnector(r -> r.voiceConnectorId(connector)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(run.runner().status().orphans()).isEmpty();
        }
    }
}
