package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.RunnerFixture.Run;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delete that cannot even be sent (here: a recorded ServiceToken that names no function of the stack, as a hand
 * edit leaves it) fails the destroy, named, and keeps the record: a destroy never reports a stack gone while its
 * resources are still there.
 */
class DeleteThatCannotRunTest {

    @TempDir
    Path dir;

    @Test
    void aDeleteThatCannotBeSentFailsTheDestroyAndKeepsTheResourceRecorded() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.recordedApp(Map.of("Thing", Map.of("Value", "v1")))))
                    .as(run.output()).isTrue();
        }
        f.editRecordedProperties("Recorded", "Thing", p -> p.put("ServiceToken",
                "arn:aws:lambda:us-east-1:123456789012:function:SomebodyElses"));

        try (Run run = f.open()) {
            assertThat(run.runner().destroy()).as(run.output()).isFalse();

            assertThat(run.output()).contains("DELETE_FAILED", "Thing", "is not a Lambda function of stack Recorded")
                    .doesNotContain("destroyed");
            assertThat(run.runner().store().load("Recorded").resource("Thing")).isNotNull();
            assertThat(f.recordedEvents()).noneMatch(e -> e.startsWith("Delete"));
        }
    }
}
