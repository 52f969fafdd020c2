package io.github.proxysessions.local;

import static io.github.proxysessions.local.RunnerFixture.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/** {@code --fault duplicate-delivery}: every event delivered twice, and the same end states, with no orphan. */
class DuplicateDeliveryTest {

    @TempDir
    Path dir;

    @Test
    void everyStepEndsAsWithSingleDeliveryAndLeavesNoOrphan() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        Session a = Session.of("A", "+12065550100", "+14155550101");
        Session b = Session.of("B", "+13125550102", "+16175550103");
        try (Run run = f.open(RunnerFixture.faults(), true)) {
            assertThat(run.runner().deploy(f.app(a, b))).as(run.output()).isTrue();
            assertThat(run.sessions(DEMO)).hasSize(2);
            assertThat(run.runner().emulator().requestCount("CreateProxySession")).isGreaterThanOrEqualTo(2);

            assertThat(run.runner().deploy(f.app(a.expiry(90), b.participants("+13125550102", "+17025550104"))))
                    .as(run.output()).isTrue();
            assertThat(run.sessions(DEMO)).hasSize(2).extracting(ProxySession::expiryMinutes)
                    .containsExactlyInAnyOrder(90, 60);
            assertThat(run.runner().status().orphans()).isEmpty();

            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThat(run.sessions(DEMO)).isEmpty();
            assertThat(run.runner().status().orphans()).isEmpty();
        }
    }
}
