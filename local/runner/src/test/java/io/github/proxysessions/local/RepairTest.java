package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.ops.StatusReport;
import io.github.proxysessions.local.service.VoiceConnectorType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;

/**
 * {@code repair} gets the user out of a stack record cut short, emptied, not JSON, or deleted (issue 17, item 7):
 * from what the runner keeps besides the record (the connectors log, the provider's tokens in the sessions' names, the
 * owner tag on the connector), it deletes what was the stack's and gives its connector back, so that after
 * {@code repair} and {@code destroy} the service holds nothing of the stack, and its plan says so truly.
 */
class RepairTest {

    @TempDir
    static Path shared;
    /** Stack Sessions: its own connector "Own line", the connector's configuration, two sessions on it. */
    private static CloudAssembly app;

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @BeforeAll
    static void synthesize() throws Exception {
        app = new RunnerFixture(shared).appOnItsOwnConnector("Own line", Session.of("A", "+12065550150",
                "+14155550151"), Session.of("B", "+13125550152", "+16175550153"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cut short", "emptied", "not JSON", "deleted"})
    void afterRepairAndDestroyTheServiceHoldsNothingOfTheStack(String damage) throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        String connector;
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            connector = VoiceConnectorType.idOf(run.runner().store().load("Sessions").resource("Connector")
                    .physicalId());
            assertThat(run.sessions(connector)).hasSize(2);
        }
        Path file = f.stateDir.resolve("stacks").resolve("Sessions.json");
        byte[] whole = Files.readAllBytes(file);
        switch (damage) {
            case "cut short" -> Files.write(file, Arrays.copyOf(whole, whole.length / 3));
            case "emptied" -> Files.write(file, new byte[0]);
            case "not JSON" -> Files.writeString(file, "Sessions: gone, see the ops log", StandardCharsets.UTF_8);
            default -> Files.delete(file);
        }
        String state = f.stateDir.toString();

        assertThat(cli.run("repair", "Sessions", "--yes", "--state-dir", state)).as(cli.toString()).isZero();

        assertThat(cli.out()).contains(damage.equals("deleted") ? "The record of stack Sessions is gone: "
                        : "The record of stack Sessions cannot be read: ",
                "give the voice connector it declared as Connector (", "delete these 2 proxy session(s)",
                "delete the proxy configuration on " + connector + " and its owner tag",
                "Then 'deploy' brings the stack back; or 'destroy' deletes the 1 voice connector(s) given back to "
                        + "it, and the service holds nothing of the stack.");
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            // What the plan said is left: the connector it gave back, and nothing on it.
            assertThat(run.sessions(connector)).isEmpty();
            assertThatThrownBy(() -> client.getVoiceConnectorProxy(r -> r.voiceConnectorId(connector)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(client.listTagsForResource(r -> r.resourceARN(run.runner().store().load("Sessions")
                    .resource("Connector").physicalId())).tags())
                    .noneMatch(t -> t.key().equals("proxy-sessions:proxy-configuration-owner"));
        }

        assertThat(cli.run("destroy", "--state-dir", state)).as(cli.toString()).isZero();
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThatThrownBy(() -> client.getVoiceConnector(r -> r.voiceConnectorId(connector)))
                    .isInstanceOf(NotFoundException.class);
            StatusReport status = run.runner().status();
            assertThat(status.damaged()).isEmpty();
            assertThat(status.orphans()).isEmpty();
            assertThat(status.orphansUnknown()).isEmpty();

            if (!damage.equals("emptied")) {
                return;
            }
            // With its id lost, the stack comes back as new: nothing of the old one is in its way.
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            assertThat(run.sessions(VoiceConnectorType.idOf(run.runner().store().load("Sessions")
                    .resource("Connector").physicalId()))).hasSize(2);
            assertThat(run.runner().destroy()).as(run.output()).isTrue();
        }
    }
}
