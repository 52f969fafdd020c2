package io.github.proxysessions.local;

import static io.github.proxysessions.local.RunnerFixture.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.RunnerFixture.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled example's multi-stack variant, as the README runs it: {@code --context stage=Prod} synthesizes a Stage
 * of Telephony (the connector and its configuration) and Sessions (two sessions importing them); deployed, in sync,
 * with nothing to diff, then destroyed to nothing.
 */
class StageExampleTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @Test
    void theStageVariantDeploysIsInSyncHasNothingToDiffAndDestroysToNothing() {
        RunnerFixture f = new RunnerFixture(dir);
        String state = f.stateDir.toString();

        assertThat(cli.run("deploy", "--context", "stage=Prod", "--state-dir", state)).as(cli.toString()).isZero();
        try (Run run = f.open()) {
            assertThat(run.runner().store().load("Prod-Telephony").exports()).isNotEmpty();
            assertThat(run.runner().store().load("Prod-Sessions").imports())
                    .containsAll(run.runner().store().load("Prod-Telephony").exports().keySet());
            String connector = run.runner().store().load("Prod-Telephony").outputs().get("VoiceConnectorId");
            assertThat(run.sessions(connector)).hasSize(2);
        }

        assertThat(cli.run("status", "--fail", "--state-dir", state)).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("Prod/Telephony (Prod-Telephony, CREATE_COMPLETE)",
                "Prod/Sessions (Prod-Sessions, CREATE_COMPLETE)", "No orphaned proxy sessions.");

        // The assembly deploy synthesized into the state directory: no second synth.
        assertThat(cli.run("diff", "--app", f.stateDir.resolve("cdk.out").toString(), "--fail", "--state-dir", state))
                .as(cli.toString()).isZero();
        assertThat(cli.out()).contains("✨  Number of stacks with differences: 0");

        assertThat(cli.run("destroy", "--state-dir", state)).as(cli.toString()).isZero();
        try (Run run = f.open()) {
            assertThat(run.runner().emulator().voiceConnectorIds()).containsExactly(DEMO);
            assertThat(run.runner().status().orphans()).isEmpty();
        }
    }
}
