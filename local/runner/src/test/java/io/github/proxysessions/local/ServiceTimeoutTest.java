package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.local.RunnerFixture.Run;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A custom resource's {@code ServiceTimeout} that is not a whole number of seconds from 1 to 3600: refused before
 * anything is sent or recorded, so that it blocks no later deploy or destroy; and one an earlier version recorded
 * unchecked (in a resource, or in a pending request) is waited for as CloudFormation's default, an hour, so that the
 * request still runs: nothing is orphaned, and destroy still deletes.
 */
class ServiceTimeoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aBadServiceTimeoutFailsTheResourceBeforeAnythingIsRecordedAndBlocksNothing() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.recordedApp(Map.of("Thing", Map.of("Value", "v1",
                    "ServiceTimeout", "5m"))))).as(run.output()).isFalse();

            assertThat(run.output()).contains("CREATE_FAILED", "Properties validation failed for resource Thing with "
                    + "message: #/ServiceTimeout: '5m' is not a valid ServiceTimeout: the value must be an integer "
                    + "from 1 to 3600 (seconds)", "ROLLBACK_COMPLETE");
            assertThat(run.runner().store().load("Recorded").pending()).isEmpty();
            assertThat(f.recordedEvents()).isEmpty();

            assertThat(run.runner().deploy(f.recordedApp(Map.of("Thing", Map.of("Value", "v1",
                    "ServiceTimeout", "300"))))).as(run.output()).isTrue();
            String physicalId = run.runner().store().load("Recorded").resource("Thing").physicalId();
            assertThat(run.runner().deploy(f.recordedApp(Map.of("Thing", Map.of("Value", "v2",
                    "ServiceTimeout", "3601"))))).as(run.output()).isFalse();
            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThat(f.recordedEvents()).containsExactly("Create - Value=v1 Old=-",
                    "Delete " + physicalId + " Value=v1 Old=-");
        }
    }

    @Test
    void aPendingRequestWithABadServiceTimeoutIsStillRedeliveredSoThatWhatItMadeIsNotOrphaned() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        var app = f.recordedApp(Map.of("Thing", Map.of("Value", "v1")));
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
        }
        // What an earlier version left when killed: a Create pending, whose ServiceTimeout it never checked. Its
        // first delivery may have made something: the redelivery (same RequestId) is what finds it again.
        ObjectNode properties = ((ObjectNode) JSON.readTree(f.stateDir.resolve("stacks").resolve("Recorded.json")
                .toFile()).path("resources").path("Thing").path("properties")).deepCopy().put("Value", "v9")
                .put("ServiceTimeout", "5m");
        f.addPending("Recorded", "Create", "Other", "Custom::Recorded", properties);

        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();

            assertThat(run.output()).contains("resuming Create of Other", "resumed Create of Other: SUCCESS");
            assertThat(run.runner().store().load("Recorded").pending()).isEmpty();
            assertThat(f.recordedEvents()).contains("Create - Value=v9 Old=-");
            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            // Every resource the provider made was deleted again: nothing is left behind.
            assertThat(f.recordedEvents().stream().filter(e -> e.startsWith("Create"))).hasSize(2);
            assertThat(f.recordedEvents().stream().filter(e -> e.startsWith("Delete"))).hasSize(2);
        }
    }

    @Test
    void aRecordedResourceWhoseServiceTimeoutAnEarlierVersionLetThroughIsStillDeletedByDestroy() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.recordedApp(Map.of("Thing", Map.of("Value", "v1",
                    "ServiceTimeout", "300"))))).as(run.output()).isTrue();
        }
        // An earlier version recorded 7200 (CloudFormation's own limit is 3600) without a word.
        f.editRecordedProperties("Recorded", "Thing", p -> p.put("ServiceTimeout", "7200"));

        try (Run run = f.open()) {
            String physicalId = run.runner().store().load("Recorded").resource("Thing").physicalId();

            assertThat(run.runner().destroy()).as(run.output()).isTrue();

            assertThat(f.recordedEvents()).contains("Delete " + physicalId + " Value=v1 Old=-");
            assertThat(run.runner().store().load("Recorded").resources()).isEmpty();
        }
    }
}
