package io.github.proxysessions.local;

import static io.github.proxysessions.local.RunnerFixture.DEMO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;

/**
 * A Stage of two stacks whose manifest says one depends on the other (a construct-level dependency, no reference):
 * deployed in that order, redeployed as a no-op, destroyed in reverse; a stack that fails stops the one that depends
 * on it, which is not started.
 */
class MultiStackTest {

    @TempDir
    static Path shared;
    /** Prod/Telephony (the demo connector's configuration) and Prod/Sessions (two sessions on it). */
    private static CloudAssembly stage;

    @TempDir
    Path dir;

    @BeforeAll
    static void synthesize() throws Exception {
        stage = new RunnerFixture(shared).stageAppOnDemo(Session.of("A", "+12065550150", "+14155550151"),
                Session.of("B", "+13125550152", "+16175550153"));
    }

    @Test
    void aStageIsSelectedAsCdkSelectsItDeployedInOrderRedeployedAsANoOpAndDestroyedInReverse() {
        RunnerFixture f = new RunnerFixture(dir);
        Cli cli = new Cli();
        String state = f.stateDir.toString();
        try (Run run = f.open()) {
            // deploy takes what the selected stack depends on, first.
            assertThat(run.runner().deploy(stage, List.of("Prod/Sessions"), false)).as(run.output()).isTrue();

            String deployed = run.output();
            assertThat(deployed).startsWith("Including dependency stacks: Prod/Telephony\n");
            assertThat(stackDone(deployed, "Prod-Telephony", "CREATE_COMPLETE"))
                    .as("Telephony complete before Sessions starts").isPositive()
                    .isLessThan(deployed.indexOf("Prod-Sessions |"));
            assertThat(deployed).contains(" ✅  Prod/Telephony\n", " ✅  Prod/Sessions\n");
            assertThat(run.sessions(DEMO)).hasSize(2);
            assertThat(run.runner().store().load("Prod-Sessions").displayName()).isEqualTo("Prod/Sessions");
            assertThat(run.runner().store().load("Prod-Sessions").dependencies()).containsExactly("Prod-Telephony");

            long writes = run.writeCalls();
            int before = run.output().length();
            assertThat(run.runner().deploy(stage)).as(run.output()).isTrue();
            assertThat(run.output().substring(before)).contains(" ✅  Prod/Telephony (no changes)",
                    " ✅  Prod/Sessions (no changes)");
            assertThat(run.writeCalls()).isEqualTo(writes);
        }

        // status takes the patterns as they match; a pattern that matches nothing is one line listing what exists.
        assertThat(cli.run("status", "--state-dir", state, "Prod/*")).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("Prod/Telephony (Prod-Telephony, CREATE_COMPLETE)",
                "Prod/Sessions (Prod-Sessions, CREATE_COMPLETE)");
        assertThat(cli.run("status", "--state-dir", state, "Prod-Telephony")).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("Prod/Telephony (Prod-Telephony, CREATE_COMPLETE)")
                .doesNotContain("Prod/Sessions");
        assertThat(cli.run("destroy", "--state-dir", state, "Prod/Nope")).isEqualTo(2);
        assertThat(cli.err().lines().reduce((a, b) -> b).orElse("")).isEqualTo("error: no stack matches Prod/Nope; "
                + "the recorded stacks are: Prod/Sessions (Prod-Sessions), Prod/Telephony (Prod-Telephony)");
        assertThat(cli.run("deploy", "--app", stage.directory().toString(), "--state-dir", state, "Staging/*"))
                .isEqualTo(2);
        assertThat(cli.err().lines().reduce((a, b) -> b).orElse("")).isEqualTo("error: no stack matches Staging/*; "
                + "the app's stacks are: Prod/Telephony (Prod-Telephony), Prod/Sessions (Prod-Sessions)");

        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            // destroy takes what depends on the selected stack, first.
            assertThat(run.runner().destroy(List.of("Prod/Telephony"), false)).as(run.output()).isTrue();
            String destroyed = run.output();
            assertThat(destroyed).startsWith("Including depending stacks: Prod/Sessions\n");
            assertThat(stackDone(destroyed, "Prod-Sessions", "DELETE_COMPLETE")).isPositive()
                    .isLessThan(destroyed.indexOf("Prod-Telephony |"));
            assertThat(destroyed).contains(" ✅  Prod/Sessions: destroyed", " ✅  Prod/Telephony: destroyed");
            assertThat(run.sessions(DEMO)).isEmpty();
            assertThatThrownBy(() -> client.getVoiceConnectorProxy(r -> r.voiceConnectorId(DEMO)))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    /** Where the line of a stack's own event with this status is in an output, or -1. */
    static int stackDone(String output, String stackName, String status) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + stackName + " \\|.*\\| "
                + status + " +\\| AWS::CloudFormation::Stack").matcher(output);
        return m.find() ? m.start() : -1;
    }

    @Test
    void aStackThatFailsStopsTheStackThatDependsOnItWhichIsNotStarted() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly broken = f.edited(stage, "Prod-Telephony", template -> template.path("Resources")
                .properties().forEach(r -> {
                    if (r.getValue().path("Type").asText().equals("Custom::VoiceConnectorProxy")) {
                        ((ObjectNode) r.getValue().path("Properties")).putArray("PhoneNumberPoolCountries")
                                .add("Atlantis");
                    }
                }));
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(broken)).isFalse();

            assertThat(run.output()).contains(" ❌  Prod-Telephony failed: ", "PhoneNumberPoolCountries")
                    .doesNotContain("Prod-Sessions |");
            assertThat(run.runner().store().load("Prod-Sessions")).isNull();
            assertThat(run.sessions(DEMO)).isEmpty();
        }
    }
}
