package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
        assertThat(out.toString()).contains("--state-dir=DIR", "--endpoint=URL", "orphan");
    }

    @Test
    void anUnknownFaultIsRefused() {
        assertThat(run("destroy", "--state-dir", dir.toString(), "--fault", "network-partition")).isEqualTo(2);
        assertThat(err.toString()).contains("--fault must be duplicate-delivery, was network-partition");
    }

    @Test
    void emulatorFaultsWithAnotherEndpointAreRefused() {
        assertThat(run("destroy", "--state-dir", dir.toString(), "--endpoint", "http://127.0.0.1:9",
                "--throttle-rps", "5")).isNotZero();
        assertThat(err.toString()).contains("the fault flags act on the embedded emulator");
    }

    @Test
    void anAppDirectoryThatIsNoCloudAssemblyIsRefusedClearly() {
        assertThat(run("deploy", "--app", dir.toString(), "--state-dir", dir.resolve("state").toString()))
                .isNotZero();
        assertThat(err.toString()).contains("is not a cloud assembly: it has no manifest.json");
    }
}
