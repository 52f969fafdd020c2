package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cli.Main;
import io.github.proxysessions.local.ops.Drift;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * Issue 13's "done when", through the command line: an emulator started with the {@code emulator} command (in a
 * process of its own, with {@code --state}), and the runner's commands against it with {@code --endpoint}. A stack
 * with renewal on a connector of its own is deployed; the emulator's clock is moved into the renewal window, and
 * {@code renew} renews; then past the renewed sessions' end, where {@code status --fail} says MODIFIED, and
 * {@code renew} recreates. Each time a sticky pair keeps its proxy number, {@code status --fail} says IN_SYNC (the
 * current generations, no orphan) and a second {@code renew} leaves the sessions alone. Then {@code destroy} leaves
 * nothing: no session, no configuration, no connector.
 */
class RenewalEndToEndTest {

    @TempDir
    Path dir;

    private Process emulator;
    private final Cli cli = new Cli();

    @AfterEach
    void stopTheEmulator() throws Exception {
        if (emulator != null) {
            emulator.destroy();
            emulator.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code proxy-session-local emulator --port 0 --state FILE} and returns the endpoint it prints. */
    private URI startEmulator() throws Exception {
        emulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "emulator", "--port", "0",
                "--state", dir.resolve("emulator.json").toString())
                .redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(emulator.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith("listening on ")) {
                // Whatever it prints later is drained, so that a full pipe never blocks it.
                Thread drain = new Thread(() -> lines.lines().forEach(l -> { }), "emulator-output");
                drain.setDaemon(true);
                drain.start();
                return URI.create(line.substring("listening on ".length()).trim());
            }
        }
        throw new AssertionError("the emulator ended without listening");
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private static JsonNode advanceClock(URI endpoint, int minutes) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                endpoint.resolve("/_emulator/clock")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"advanceMinutes\": " + minutes + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new ObjectMapper().readTree(answer.body());
    }

    private static ChimeSdkVoiceClient client(URI endpoint) {
        return ChimeSdkVoiceClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .build();
    }

    private static List<ProxySession> open(ChimeSdkVoiceClient client, String connector) {
        return client.listProxySessions(r -> r.voiceConnectorId(connector).status("Open")).proxySessions();
    }

    /** The session of the sticky pair. */
    private static ProxySession sticky(List<ProxySession> sessions) {
        return sessions.stream().filter(s -> s.participants().stream()
                .anyMatch(p -> p.phoneNumber().equals("+12065550150"))).findFirst().orElseThrow();
    }

    /**
     * Runs renew and expects {@code action} for both sessions; then one Open session per declaration, the sticky pair
     * on its number, status --fail IN_SYNC with the current generations and no orphan, and a second renew that
     * leaves the fresh generations alone.
     */
    private void renewAndCheck(URI endpoint, String state, String connector, String stickyNumber, String action) {
        assertThat(run("renew", "--state-dir", state, "--endpoint", endpoint.toString())).as(cli.toString()).isZero();
        assertThat(cli.out()).containsPattern("Sessions +Sticky\\w* +" + action + " ")
                .containsPattern("Sessions +Plain\\w* +" + action + " ");
        try (ChimeSdkVoiceClient client = client(endpoint)) {
            assertThat(open(client, connector)).hasSize(2);
            assertThat(sticky(open(client, connector)).participants().get(0).proxyPhoneNumber())
                    .isEqualTo(stickyNumber);
        }
        assertThat(run("status", "--fail", "--state-dir", state, "--endpoint", endpoint.toString()))
                .as(cli.out()).isZero();
        assertThat(cli.out()).contains("current generation: ", "Drift: 4 IN_SYNC, 0 MODIFIED, 0 DELETED",
                "No orphaned proxy sessions.");
        assertThat(run("renew", "--state-dir", state, "--endpoint", endpoint.toString())).as(cli.toString()).isZero();
        assertThat(cli.out()).containsPattern("Sessions +Sticky\\w* +LEFT_ALONE ")
                .containsPattern("Sessions +Plain\\w* +LEFT_ALONE ");
    }

    @Test
    void deployMoveTheClockRenewStatusIsInSyncAndDestroyLeavesNothing() throws Exception {
        URI endpoint = startEmulator();
        String state = dir.resolve("state").toString();
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly app = f.appOnItsOwnConnector("Renewed line",
                Session.of("Sticky", "+12065550150", "+14155550151").sticky().renewal(20),
                Session.of("Plain", "+13125550152", "+16175550153").renewal(20));

        assertThat(run("deploy", "--app", app.directory().toString(), "--state-dir", state,
                "--endpoint", endpoint.toString())).as(cli.toString()).isZero();
        String connector;
        String stickyNumber;
        try (ChimeSdkVoiceClient client = client(endpoint)) {
            connector = client.listVoiceConnectors(r -> { }).voiceConnectors().stream()
                    .filter(c -> c.name().equals("Renewed line")).findFirst().orElseThrow().voiceConnectorId();
            assertThat(open(client, connector)).hasSize(2);
            stickyNumber = sticky(open(client, connector)).participants().get(0).proxyPhoneNumber();
        }
        assertThat(run("status", "--fail", "--state-dir", state, "--endpoint", endpoint.toString()))
                .as(cli.out()).isZero();

        // Into the window (15 of 60 minutes left, a 20-minute window): nothing has drifted yet, and renew renews.
        advanceClock(endpoint, 45);
        assertThat(run("status", "--fail", "--state-dir", state, "--endpoint", endpoint.toString()))
                .as(cli.out()).isZero();
        renewAndCheck(endpoint, state, connector, stickyNumber, "RENEWED");

        // Past the renewed generations' end: status says so, and renew recreates.
        advanceClock(endpoint, 61);
        assertThat(run("status", "--fail", "--state-dir", state, "--endpoint", endpoint.toString()))
                .as(cli.out()).isEqualTo(1);
        assertThat(cli.out()).contains("~ Status: expected Open, actual Closed (ended ", "current generation: ",
                "Drift: 2 IN_SYNC, 2 MODIFIED, 0 DELETED");
        renewAndCheck(endpoint, state, connector, stickyNumber, "RECREATED");

        assertThat(run("destroy", "--state-dir", state, "--endpoint", endpoint.toString()))
                .as(cli.toString()).isZero();
        String declared = connector;
        try (ChimeSdkVoiceClient client = client(endpoint)) {
            // The stack's connector is gone, its configuration and sessions with it; no connector holds a session.
            assertThat(client.listVoiceConnectors(r -> { }).voiceConnectors())
                    .noneMatch(c -> c.voiceConnectorId().equals(declared))
                    .allSatisfy(c -> assertThat(client.listProxySessions(r -> r.voiceConnectorId(
                            c.voiceConnectorId())).proxySessions()).isEmpty());
        }
        assertThat(run("status", "--fail", "--state-dir", state, "--endpoint", endpoint.toString()))
                .as(cli.out()).isZero();
        assertThat(cli.out()).contains("No orphaned proxy sessions.");
    }

    /**
     * The walkthrough of docs/LOCAL-RUNNER.md (Renewal), as written: the bundled example with
     * {@code --context renewBeforeExpiryMinutes=20}, the clock moved past both sessions' end and then into the shorter
     * one's window.
     */
    @Test
    void theDocumentedWalkthroughWithTheBundledExample() throws Exception {
        URI endpoint = startEmulator();
        String state = dir.resolve("state").toString();
        String at = endpoint.toString();

        assertThat(run("deploy", "--context", "renewBeforeExpiryMinutes=20", "--state-dir", state, "--endpoint", at))
                .as(cli.toString()).isZero();

        advanceClock(endpoint, 121);
        assertThat(run("status", "--fail", "--state-dir", state, "--endpoint", at)).as(cli.out()).isEqualTo(1);
        assertThat(cli.out()).contains("Drift: 2 IN_SYNC, 2 MODIFIED, 0 DELETED");
        assertThat(run("renew", "--state-dir", state, "--endpoint", at)).as(cli.toString()).isZero();
        assertThat(cli.out()).containsPattern("ProxySessionsExample +SupportLine\\w* +RECREATED ")
                .containsPattern("ProxySessionsExample +Delivery\\w* +RECREATED ");
        assertThat(run("status", "--fail", "--state-dir", state, "--endpoint", at)).as(cli.out()).isZero();

        // 15 of the Delivery session's 30 minutes left, inside its 20-minute window; 105 of the support line's 120.
        advanceClock(endpoint, 15);
        assertThat(run("renew", "--state-dir", state, "--endpoint", at)).as(cli.toString()).isZero();
        assertThat(cli.out()).containsPattern("ProxySessionsExample +SupportLine\\w* +LEFT_ALONE ")
                .containsPattern("ProxySessionsExample +Delivery\\w* +RENEWED ");
        assertThat(run("status", "--fail", "--state-dir", state, "--endpoint", at)).as(cli.out()).isZero();
        assertThat(cli.out()).contains("Drift: 4 IN_SYNC, 0 MODIFIED, 0 DELETED", "No orphaned proxy sessions.");

        assertThat(run("destroy", "--state-dir", state, "--endpoint", at)).as(cli.toString()).isZero();
        try (ChimeSdkVoiceClient client = client(endpoint)) {
            assertThat(client.listVoiceConnectors(r -> { }).voiceConnectors())
                    .noneMatch(c -> c.name().equals("proxy-sessions-example"))
                    .allSatisfy(c -> assertThat(client.listProxySessions(r -> r.voiceConnectorId(
                            c.voiceConnectorId())).proxySessions()).isEmpty());
        }
    }
}
