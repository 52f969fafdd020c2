package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxysessions.local.cli.ExampleSynth;
import io.github.proxysessions.local.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The command lines (emulator, deploy, destroy, status), exactly as the README and the issues name them. */
class CommandLineTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpDocumentsEveryFlag() {
        assertThat(run("emulator", "--help")).isZero();

        assertThat(out.toString()).contains("--port=N", "--state=FILE", "--throttle-rps=R", "--throttle-burst=B",
                "--fail-rate=F", "--latency-ms=L", "listening on http://127.0.0.1:PORT",
                "AWS_ENDPOINT_URL_CHIME_SDK_VOICE");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--port=70000|--port must be between 0 and 65535",
        "--fail-rate=1.5|--fail-rate must be between 0 and 1",
        "--throttle-rps=-1|--throttle-rps must be 0 or more",
        "--latency-ms=-5|--latency-ms must be 0 or more",
        "--port=abc|Invalid value for option '--port'",
    })
    void invalidFlagsAreRefusedWithAClearMessage(String flag, String message) {
        assertThat(run("emulator", flag)).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void burstWithoutRateIsRefused() {
        assertThat(run("emulator", "--throttle-burst=5")).isEqualTo(2);
        assertThat(err.toString()).contains("--throttle-burst needs --throttle-rps");
    }

    @Test
    void deployAndDestroyTakeEveryNamedFlag() {
        assertThat(run("deploy", "--help")).isZero();
        assertThat(out.toString()).contains("--app=DIR", "--state-dir=DIR", "--endpoint=URL", "--context=KEY=VALUE",
                "--fault=duplicate-delivery", "--throttle-rps=R", "--throttle-burst=B", "--fail-rate=F",
                "--latency-ms=L", ".proxy-session-local");

        assertThat(run("destroy", "--help")).isZero();
        assertThat(out.toString()).contains("--state-dir=DIR", "--endpoint=URL", "--fault=duplicate-delivery",
                "--throttle-rps=R");

        assertThat(run("status", "--help")).isZero();
        assertThat(out.toString()).contains("--state-dir=DIR", "--endpoint=URL", "orphan", "--verbose");

        assertThat(run("diff", "--help")).isZero();
        assertThat(out.toString()).contains("[STACKS...]", "-e, --exclusively", "--app=DIR", "--state-dir=DIR",
                "--context=KEY=VALUE", "--fail", "(requires replacement)");

        assertThat(run("repair", "--help")).isZero();
        assertThat(out.toString()).contains("STACK", "--yes", "--state-dir=DIR", "--endpoint=URL");
    }

    @Test
    void anUnknownFaultIsRefused() {
        assertThat(run("destroy", "--state-dir", dir.toString(), "--fault", "network-partition")).isEqualTo(2);
        assertThat(err.toString()).contains("--fault must be duplicate-delivery, was network-partition");
    }

    @Test
    void theRunnersFaultFlagsAreTheEmulatorsWithItsRules() {
        assertThat(run("deploy", "--state-dir", dir.toString(), "--fail-rate", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("--fail-rate must be between 0 and 1, was 1.5");
        assertThat(run("destroy", "--state-dir", dir.toString(), "--throttle-burst", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("--throttle-burst needs --throttle-rps");
        assertThat(dir.resolve("stacks")).doesNotExist();
    }

    @Test
    void emulatorFaultsWithAnotherEndpointAreRefused() {
        assertThat(run("destroy", "--state-dir", dir.toString(), "--endpoint", "http://127.0.0.1:9",
                "--throttle-rps", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("the fault flags act on the embedded emulator");
    }

    /** One line on stderr, no stack trace. */
    private String oneLine() {
        assertThat(err.toString().lines()).as(err.toString()).hasSize(1);
        assertThat(err.toString()).doesNotContain("\tat ", "Exception");
        return err.toString();
    }

    @Test
    void anAppDirectoryThatIsNoCloudAssemblyIsOneLineAndExitCode2() {
        assertThat(run("deploy", "--app", dir.toString(), "--state-dir", dir.resolve("state").toString()))
                .isEqualTo(2);
        assertThat(oneLine()).startsWith("error: --app " + dir).contains(
                "is not a cloud assembly: it has no manifest.json (give the cdk.out directory that cdk synth writes)");
    }

    @Test
    void aManifestThatIsNotJsonIsOneLineAndExitCode2() throws Exception {
        Files.writeString(dir.resolve("manifest.json"), "{ not json");

        assertThat(run("deploy", "--app", dir.toString(), "--state-dir", dir.resolve("state").toString()))
                .isEqualTo(2);
        assertThat(oneLine()).startsWith("error: --app " + dir + " is not a readable cloud assembly: ");
    }

    @Test
    void aStackWithoutItsTemplateIsOneLineAndExitCode2() throws Exception {
        Path app = Assemblies.write(dir.resolve("app"), "S", "{}");
        Files.delete(app.resolve("S.template.json"));

        assertThat(run("deploy", "--app", app.toString(), "--state-dir", dir.resolve("state").toString()))
                .isEqualTo(2);
        assertThat(oneLine()).contains("is not a complete cloud assembly: stack S has no template S.template.json");
    }

    @Test
    void aTemplateCloudFormationRefusesIsOneLineInItsWordsAndExitCode2BeforeAnythingRuns() {
        Path app = Assemblies.write(dir.resolve("app"), "S", """
                {"Resources": {
                  "A": {"Type": "AWS::IAM::Role", "DependsOn": "B"},
                  "B": {"Type": "AWS::IAM::Role", "Properties": {"X": {"Ref": "A"}}}
                }}""");

        assertThat(run("deploy", "--app", app.toString(), "--state-dir", dir.resolve("state").toString()))
                .isEqualTo(2);
        assertThat(oneLine()).contains("error: CloudFormation refuses the deploy of stack S: Circular dependency "
                + "between resources: [A, B]. Nothing was changed.");
        assertThat(dir.resolve("state").resolve("stacks")).doesNotExist();
    }

    @Test
    void aContextValueTheExampleRefusesIsOneLineAndExitCode2() {
        assertThat(run("deploy", "--context", "voiceConnectorId=not-an-id", "--state-dir",
                dir.resolve("state").toString())).isEqualTo(2);
        assertThat(oneLine()).startsWith("error: the bundled example app refused its context: ")
                .contains("voiceConnectorId must be a voice connector id", "got 'not-an-id'");
    }

    @Test
    void aSynthThatFailsForAnotherReasonSaysWhatFailedNotThatTheContextWasRefused() throws Exception {
        // No Node.js on the PATH: CDK cannot start.
        Path noNode = Files.createDirectories(dir.resolve("empty-path"));

        assertThatThrownBy(() -> ExampleSynth.synthesize(dir.resolve("out"), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Map.of("PATH", noNode.toString())))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the synth of the bundled example app failed: CDK could not start (is "
                        + "Node.js installed and on the PATH?): ")
                .hasMessageNotContaining("refused");
    }

    @Test
    void verbosePrintsTheStackTraceToo() {
        assertThat(run("deploy", "--verbose", "--app", dir.toString(), "--state-dir",
                dir.resolve("state").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("\tat io.github.proxysessions.", "error: --app ");
    }
}
