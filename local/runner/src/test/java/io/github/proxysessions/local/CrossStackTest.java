package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.local.service.VoiceConnectorType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * A Stage {@code Prod} whose stacks are wired by cross-stack references, as CDK writes them: {@code Prod/Telephony}
 * exports its voice connector's id (and ARN), {@code Prod/Sessions} imports them. Exports and {@code Fn::ImportValue}
 * follow CloudFormation's rules, and what it refuses is refused first, in its words, changing nothing.
 */
class CrossStackTest {

    @TempDir
    static Path shared;
    private static RunnerFixture synth;
    /** Prod/Telephony (connector "Own line" and its configuration) and Prod/Sessions (two sessions on it). */
    private static CloudAssembly stage;

    @TempDir
    Path dir;

    @BeforeAll
    static void synthesize() throws Exception {
        synth = new RunnerFixture(shared);
        stage = synth.stageApp("Own line", Session.of("A", "+12065550150", "+14155550151"),
                Session.of("B", "+13125550152", "+16175550153"));
    }

    /** The connector Telephony declares, as its record holds it. */
    private static String connector(Run run) {
        return VoiceConnectorType.idOf(run.runner().store().load("Prod-Telephony").resource("Connector")
                .physicalId());
    }

    private static List<String> sessionIds(Run run, String connector) {
        return run.sessions(connector).stream().map(ProxySession::proxySessionId).sorted().toList();
    }

    /** Every stack file's bytes, by name. */
    private static Map<String, byte[]> records(RunnerFixture f) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (var files = Files.list(f.stateDir.resolve("stacks"))) {
            for (Path p : files.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void sessionsDeployedAloneTakeTelephonyFirstAndTelephonyCannotGoWhileTheyImportIt() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        Cli cli = new Cli();
        String state = f.stateDir.toString();
        String connector;
        List<String> sessions;
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(stage, List.of("Prod/Sessions"), false)).as(run.output()).isTrue();

            assertThat(run.output()).contains("Including dependency stacks: Prod/Telephony");
            assertThat(MultiStackTest.stackDone(run.output(), "Prod-Telephony", "CREATE_COMPLETE")).isPositive()
                    .isLessThan(run.output().indexOf("Prod-Sessions |"));
            StackRecord telephony = run.runner().store().load("Prod-Telephony");
            connector = connector(run);
            assertThat(telephony.exports()).containsValue(connector);
            assertThat(run.runner().store().load("Prod-Sessions").imports())
                    .containsAll(telephony.exports().keySet());
            sessions = sessionIds(run, connector);
            assertThat(sessions).hasSize(2);

            long writes = run.writeCalls();
            int before = run.output().length();
            assertThat(run.runner().deploy(stage)).as(run.output()).isTrue();
            assertThat(run.output().substring(before)).contains(" ✅  Prod/Telephony (no changes)",
                    " ✅  Prod/Sessions (no changes)");
            assertThat(run.writeCalls()).isEqualTo(writes);
        }
        Map<String, byte[]> recorded = records(f);

        assertThat(cli.run("destroy", "--exclusively", "Prod/Telephony", "--state-dir", state)).isEqualTo(2);
        String export = exportOfConnectorId(f);
        assertThat(cli.err().lines().reduce((a, b) -> b).orElse("")).isEqualTo("error: CloudFormation refuses the "
                + "delete of stack Prod-Telephony: Export " + export + " cannot be deleted as it is in use by "
                + "Prod-Sessions. Nothing was changed.");
        assertThat(records(f)).containsOnlyKeys(recorded.keySet()).allSatisfy((name, bytes) ->
                assertThat(bytes).as(name).isEqualTo(recorded.get(name)));
        try (Run run = f.open()) {
            assertThat(sessionIds(run, connector)).isEqualTo(sessions);
        }

        assertThat(cli.run("destroy", "Prod/Telephony", "--state-dir", state)).as(cli.toString()).isZero();
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThatThrownBy(() -> client.getVoiceConnector(r -> r.voiceConnectorId(connector)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(run.runner().store().load("Prod-Sessions").holdsAnything()).isFalse();
            assertThat(run.runner().store().load("Prod-Telephony").holdsAnything()).isFalse();
            assertThat(run.runner().store().load("Prod-Telephony").exports()).isEmpty();
            assertThat(run.runner().status().orphans()).isEmpty();
        }
    }

    /** The name Telephony exports its connector's id under. */
    private static String exportOfConnectorId(RunnerFixture f) {
        try (Run run = f.open()) {
            String connector = connector(run);
            return run.runner().store().load("Prod-Telephony").exports().entrySet().stream()
                    .filter(e -> e.getValue().equals(connector)).map(Map.Entry::getKey).findFirst().orElseThrow();
        }
    }

    /** An edit of Telephony's template that removes its exports' outputs. */
    private static final Consumer<ObjectNode> NO_EXPORTS = t -> ((ObjectNode) t.path("Outputs")).properties()
            .removeIf(o -> o.getValue().has("Export"));

    @Test
    void whatCloudFormationRefusesOfExportsIsRefusedFirstAndChangesNothing() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(stage)).as(run.output()).isTrue();
        }
        String export = exportOfConnectorId(f);
        Map<String, byte[]> recorded = records(f);
        String connector;
        List<String> sessions;
        try (Run run = f.open()) {
            connector = connector(run);
            sessions = sessionIds(run, connector);
        }

        Map<CloudAssembly, String> refusals = Map.of(
                synth.edited(stage, "Prod-Telephony", NO_EXPORTS),
                "CloudFormation refuses the deploy of stack Prod-Telephony: Export " + export + " cannot be deleted "
                        + "as it is in use by Prod-Sessions. Nothing was changed.",
                // A create-only property: a new connector, so a new id under the same export.
                synth.edited(stage, "Prod-Telephony", t -> ((ObjectNode) t.path("Resources").path("Connector")
                        .path("Properties")).put("AwsRegion", "us-west-2")),
                "CloudFormation refuses the deploy of stack Prod-Telephony: Export " + export + " cannot be updated "
                        + "as it is in use by Prod-Sessions. Nothing was changed.",
                synth.edited(stage, "Prod-Sessions", t -> ((ObjectNode) t.with("Outputs")).putObject("Again")
                        .put("Value", "x").putObject("Export").put("Name", export)),
                "CloudFormation refuses the deploy of stack Prod-Sessions: Export with name " + export + " is "
                        + "already exported by stack Prod-Telephony. Nothing was changed.",
                synth.edited(stage, "Prod-Sessions", t -> replaceImport(t, export, "Prod-Telephony:Nothing")),
                "CloudFormation refuses the deploy of stack Prod-Sessions: No export named Prod-Telephony:Nothing "
                        + "found. Nothing was changed.");

        for (Map.Entry<CloudAssembly, String> refusal : refusals.entrySet()) {
            try (Run run = f.open()) {
                assertThatThrownBy(() -> run.runner().deploy(refusal.getKey())).isInstanceOf(UserError.class)
                        .hasMessage(refusal.getValue());
                assertThat(run.output()).isEmpty();
                assertThat(sessionIds(run, connector)).isEqualTo(sessions);
            }
            assertThat(records(f)).containsOnlyKeys(recorded.keySet()).allSatisfy((name, bytes) ->
                    assertThat(bytes).as(name + " after: " + refusal.getValue()).isEqualTo(recorded.get(name)));
        }

        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(stage)).as(run.output()).isTrue();
            assertThat(run.output()).contains(" ✅  Prod/Sessions (no changes)");
            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThatThrownBy(() -> client.getVoiceConnector(r -> r.voiceConnectorId(connector)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(run.runner().status().orphans()).isEmpty();
        }
    }

    /** Replaces every {@code Fn::ImportValue} of {@code name} in a template with one of {@code other}. */
    private static void replaceImport(com.fasterxml.jackson.databind.JsonNode node, String name, String other) {
        if (node.isObject() && node.has("Fn::ImportValue") && node.get("Fn::ImportValue").asText().equals(name)) {
            ((ObjectNode) node).put("Fn::ImportValue", other);
            return;
        }
        node.forEach(child -> replaceImport(child, name, other));
    }
}
