package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.cfn.StackRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CloudFormation's rollback of custom resources, as the provider sees it: a provider that records every event it
 * gets ({@code RecordingProvider}) and fails the request types it is told to.
 */
class CustomResourceRollbackTest {

    @TempDir
    Path dir;

    private static Map<String, Object> thing(String value, String... more) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Value", value);
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return properties;
    }

    @Test
    void anUpdateThatFailsIsUpdatedBackToItsOldPropertiesWithTheOldPhysicalId() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.recordedApp(Map.of("Thing", thing("v1"))))).as(run.output()).isTrue();
            String physicalId = run.runner().store().load("Recorded").resource("Thing").physicalId();

            assertThat(run.runner().deploy(f.recordedApp(Map.of("Thing", thing("v2", "Fail", "Update")))))
                    .as(run.output()).isFalse();

            // CloudFormation's rollback: an Update back, OldResourceProperties and ResourceProperties swapped.
            assertThat(f.recordedEvents()).containsExactly(
                    "Create - Value=v1 Old=-",
                    "Update " + physicalId + " Value=v2 Old=v1",
                    "Update " + physicalId + " Value=v1 Old=v2");
            assertThat(run.output()).contains("UPDATE_FAILED", "asked to fail a Update",
                    "(rollback to the old properties)", "UPDATE_ROLLBACK_COMPLETE");
            StackRecord record = run.runner().store().load("Recorded");
            assertThat(record.resource("Thing").physicalId()).isEqualTo(physicalId);
            assertThat(record.resource("Thing").properties().path("Value").asText()).isEqualTo("v1");
            assertThat(record.resource("Thing").properties().has("Fail")).isFalse();
            assertThat(record.status()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        }
    }
}
