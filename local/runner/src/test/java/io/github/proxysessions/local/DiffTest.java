package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diff}: what a deploy of a Stage of two stacks would do, as {@code cdk diff} shows it, with
 * {@code (requires replacement)} for the custom resources too, predicted from the rules the provider replaces by. It
 * changes nothing and takes no lock: every case runs while a runner holds the state directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiffTest {

    private static final Session A = Session.of("A", "+12065550150", "+14155550151");
    private static final Session B = Session.of("B", "+13125550152", "+16175550153");

    private RunnerFixture f;
    private CloudAssembly deployed;
    /** Held for the whole class: diff must not need the lock. */
    private Run holder;
    private final Cli cli = new Cli();

    @BeforeAll
    void deploy(@TempDir Path dir) throws Exception {
        f = new RunnerFixture(dir);
        deployed = f.stageApp("Own line", A, B);
        holder = f.open();
        assertThat(holder.runner().deploy(deployed)).as(holder.output()).isTrue();
    }

    @AfterAll
    void destroy() {
        assertThat(holder.runner().destroy()).as(holder.output()).isTrue();
        holder.close();
    }

    /** Runs diff --fail on an app; asserts it changed no file of the state directory. */
    private int diff(CloudAssembly app, String... more) throws Exception {
        Map<String, String> before = state();
        List<String> args = new ArrayList<>(List.of("diff", "--fail", "--app", app.directory().toString(),
                "--state-dir", f.stateDir.toString()));
        args.addAll(List.of(more));
        int exit = cli.run(args.toArray(String[]::new));
        assertThat(state()).as("diff changed a file of the state directory").isEqualTo(before);
        assertThat(cli.out()).doesNotContain("+1206555", "+1415555", "+1312555");
        return exit;
    }

    /** Every record, the connector log and the emulator's state (the functions' logs aside: they are the holder's). */
    private Map<String, String> state() throws Exception {
        Map<String, String> files = new TreeMap<>(f.stateFiles());
        files.keySet().removeIf(name -> name.equals("lambda") || name.startsWith("lambda/"));
        return files;
    }

    @Test
    void nothingToChangeExitsZeroWithFail() throws Exception {
        assertThat(diff(deployed)).as(cli.toString()).isZero();

        assertThat(cli.out()).contains("Stack Prod/Telephony\nThere were no differences\n",
                "Stack Prod/Sessions\nThere were no differences\n", "✨  Number of stacks with differences: 0");
    }

    @Test
    void aNewParticipantReplacesTheSession() throws Exception {
        assertThat(diff(f.stageApp("Own line", A.participants("+12065550150", "+14155550199"), B)))
                .as(cli.toString()).isEqualTo(1);

        assertThat(cli.out()).contains("Stack Prod/Telephony\nThere were no differences\n")
                .containsPattern("\\[~] Custom::ProxySession (\\S+ )?A[0-9A-F]{8} replace\n"
                        + " └─ \\[~] ParticipantPhoneNumbers \\(requires replacement\\)\n"
                        + "     ├─ \\[-] \\[\"\\*\\*\\*0150\",\"\\*\\*\\*0151\"]\n"
                        + "     └─ \\[\\+] \\[\"\\*\\*\\*0150\",\"\\*\\*\\*0199\"]\n")
                .contains("✨  Number of stacks with differences: 1");
    }

    @Test
    void aNewExpiryChangesTheSessionInPlace() throws Exception {
        assertThat(diff(f.stageApp("Own line", A.expiry(90), B))).as(cli.toString()).isEqualTo(1);

        assertThat(cli.out()).containsPattern("\\[~] Custom::ProxySession (\\S+ )?A[0-9A-F]{8}\n"
                + " └─ \\[~] ExpiryMinutes\n     ├─ \\[-] 60\n     └─ \\[\\+] 90\n")
                .doesNotContain("replace");
    }

    @Test
    void anAddedAndARemovedSession() throws Exception {
        Session c = Session.of("C", "+17025550154", "+18085550155");

        assertThat(diff(f.stageApp("Own line", A, c))).as(cli.toString()).isEqualTo(1);

        assertThat(cli.out()).containsPattern("\\[\\+] Custom::ProxySession (\\S+ )?C[0-9A-F]{8}\n")
                .containsPattern("\\[-] Custom::ProxySession B[0-9A-F]{8} destroy\n")
                .doesNotContainPattern("\\[~] Custom::ProxySession (\\S+ )?A[0-9A-F]{8}");
    }

    @Test
    void aChangeInAnotherStackOfTheStageReachesTheSessionsThatImportIt() throws Exception {
        // A new name is an update in place: the connector, its id and the sessions stay.
        assertThat(diff(f.stageApp("Renamed line", A, B))).as(cli.toString()).isEqualTo(1);
        assertThat(cli.out()).contains("Stack Prod/Telephony\nResources\n", " └─ [~] Name\n     ├─ [-] Own line\n     └─ [+] Renamed line\n",
                "Stack Prod/Sessions\nThere were no differences\n");

        // A new region replaces the connector: a new id, which replaces every session that imports it, and which
        // CloudFormation refuses while Sessions imports the export.
        CloudAssembly moved = f.edited(deployed, "Prod-Telephony", t -> ((com.fasterxml.jackson.databind.node
                .ObjectNode) t.path("Resources").path("Connector").path("Properties")).put("AwsRegion", "us-west-2"));
        assertThat(diff(moved)).as(cli.toString()).isEqualTo(1);
        assertThat(cli.out()).containsPattern("\\[~] AWS::Chime::VoiceConnector (\\S+ )?Connector replace\n")
                .contains(" └─ [+] AwsRegion (requires replacement)\n")
                .containsPattern("\\[~] Custom::ProxySession (\\S+ )?A[0-9A-F]{8} replace\n")
                .containsPattern(" [├└]─ \\[~] VoiceConnectorId \\(requires replacement\\)\n.*\n"
                        + " .   └─ \\[\\+] \\(known after deploy: Connector.VoiceConnectorId\\)\n")
                .containsPattern("CloudFormation would refuse this deploy: Export Prod-Telephony:\\S+ cannot be "
                        + "updated as it is in use by Prod-Sessions")
                .contains("✨  Number of stacks with differences: 2");
    }

    @Test
    void exclusivelyAndPatternsSelectAsDeployDoes() throws Exception {
        assertThat(diff(deployed, "Prod/Sessions")).as(cli.toString()).isZero();
        assertThat(cli.out()).startsWith("Including dependency stacks: Prod/Telephony\n");

        assertThat(diff(deployed, "-e", "Prod/Sessions")).as(cli.toString()).isZero();
        assertThat(cli.out()).doesNotContain("Prod/Telephony");
    }
}
