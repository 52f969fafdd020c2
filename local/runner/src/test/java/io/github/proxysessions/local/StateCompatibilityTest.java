package io.github.proxysessions.local;

import static io.github.proxysessions.local.RunnerFixture.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.ops.StatusReport;
import io.github.proxysessions.local.service.ConnectorLog;
import io.github.proxysessions.local.service.ConnectorSurvey;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state directory written by the previous version of the runner: it loads, and status still finds orphans. */
class StateCompatibilityTest {

    @TempDir
    Path dir;

    @Test
    void statusReadsThePreviousVersionsRecordAndItsConnectors() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        Path stacks = Files.createDirectories(f.stateDir.resolve("stacks"));
        try (InputStream legacy = getClass().getResourceAsStream("cfn/legacy-stack-record.json")) {
            Files.copy(legacy, stacks.resolve("ProxySessionsExample.json"));
        }
        try (Run run = f.open()) {
            String stray;
            try (var client = run.runner().client()) {
                client.putVoiceConnectorProxy(r -> r.voiceConnectorId(DEMO).defaultSessionExpiryMinutes(60)
                        .phoneNumberPoolCountries("US"));
                stray = client.createProxySession(r -> r.voiceConnectorId(DEMO)
                        .participantPhoneNumbers("+17025550150", "+18085550151").capabilitiesWithStrings("Voice"))
                        .proxySession().proxySessionId();
            }

            StatusReport status = run.runner().status();

            assertThat(status.stacks()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("ProxySessionsExample");
                assertThat(s.status()).isEqualTo("CREATE_COMPLETE");
                assertThat(s.pending()).isEqualTo(1);
                assertThat(s.resources()).hasSize(8).filteredOn(StatusReport.Resource::leftover).hasSize(1);
                assertThat(s.resources()).filteredOn(r -> r.type().equals("Custom::ProxySession"))
                        .extracting(StatusReport.Resource::serviceStatus).containsOnly("missing");
            });
            // The connector came from the record's own list, which this version keeps apart.
            assertThat(status.orphans()).extracting(ConnectorSurvey.Orphan::proxySessionId).containsExactly(stray);
            assertThat(f.stateDir.resolve(ConnectorLog.FILE_NAME)).content().contains(DEMO);
        }
    }
}
