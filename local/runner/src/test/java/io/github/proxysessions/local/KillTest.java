package io.github.proxysessions.local;

import static io.github.proxysessions.local.RunnerFixture.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cli.Main;
import io.github.proxysessions.local.service.VoiceConnectorType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.chimesdkvoice.model.Participant;

/**
 * {@code kill -9} of the runner in the middle of a deploy, then {@code deploy} again: it converges on the declared
 * sessions, with no orphan and no duplicate.
 */
class KillTest {

    @TempDir
    Path dir;

    /** @param trigger the output line after which the runner is killed */
    @ParameterizedTest
    @ValueSource(strings = {"CREATE_IN_PROGRESS", "CREATE_COMPLETE"})
    void aDeployKilledMidwayIsFinishedByTheNext(String trigger) throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sessions.add(Session.of("S" + i, String.format("+1206555%04d", i), String.format("+1415555%04d", i)));
        }
        CloudAssembly app = f.app(sessions.toArray(Session[]::new));

        killAfter("Sessions |", trigger, "deploy", "--app", app.directory().toString(), "--state-dir",
                f.stateDir.toString());

        try (Run run = f.open()) {
            int pending = run.runner().store().load("Sessions").pending().size();
            if (trigger.equals("CREATE_COMPLETE")) {
                // One session answered, the others still in flight: requests the next run must finish.
                assertThat(pending).isPositive();
            }

            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();

            if (pending > 0) {
                assertThat(run.output()).contains("resuming Create of", "left unanswered by an earlier run");
            }

            List<List<String>> pairs = run.sessions(DEMO).stream().map(s -> s.participants().stream()
                    .map(Participant::phoneNumber).sorted().toList()).toList();
            assertThat(pairs).containsExactlyInAnyOrderElementsOf(sessions.stream().map(s -> s.participants()
                    .stream().sorted().toList()).toList());
            assertThat(run.runner().status().orphans()).isEmpty();

            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThat(run.sessions(DEMO)).isEmpty();
        }
    }

    /**
     * Runs the command line in a JVM of its own, with emulator latency, and kills it after the first line of a proxy
     * session's event with this status, of the stack the line starts with.
     */
    private static void killAfter(String stack, String trigger, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dproxysessions.local.cacheDir=" + System.getProperty("proxysessions.local.cacheDir"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--latency-ms", "150"));
        Process runner = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(runner.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(stack) && line.contains(trigger)
                        && line.contains("Custom::ProxySession")) {
                    break;
                }
            }
            assertThat(line).as("the runner reached " + trigger).isNotNull();
            runner.destroyForcibly();   // SIGKILL
            assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            runner.destroyForcibly();
        }
    }

    /**
     * A Stage of two stacks wired by cross-stack references (Telephony: the connector and its configuration;
     * Sessions: six sessions on it), the runner killed in the middle of Sessions' deploy or of its destroy, then the
     * same command again: no orphan, no duplicate, and after destroy nothing of either stack.
     */
    @ParameterizedTest
    @ValueSource(strings = {"deploy", "destroy"})
    void aMultiStackDeployOrDestroyKilledMidwayIsFinishedByTheNext(String command) throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sessions.add(Session.of("S" + i, String.format("+1206555%04d", i), String.format("+1415555%04d", i)));
        }
        CloudAssembly app = f.stageApp("Own line", sessions.toArray(Session[]::new));
        String state = f.stateDir.toString();
        if (command.equals("deploy")) {
            killAfter("Prod-Sessions |", "CREATE_COMPLETE", "deploy", "--app", app.directory().toString(),
                    "--state-dir", state);
        } else {
            try (Run run = f.open()) {
                assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            }
            killAfter("Prod-Sessions |", "DELETE_COMPLETE", "destroy", "--state-dir", state);
        }

        try (Run run = f.open()) {
            assertThat(run.runner().store().load("Prod-Sessions").pending()).as("requests left in flight")
                    .isNotEmpty();
            String connector = VoiceConnectorType.idOf(run.runner().store().load("Prod-Telephony")
                    .resource("Connector").physicalId());
            if (command.equals("deploy")) {
                assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
                assertThat(run.output()).contains("resuming Create of", "left unanswered by an earlier run");
                List<List<String>> pairs = run.sessions(connector).stream().map(s -> s.participants().stream()
                        .map(Participant::phoneNumber).sorted().toList()).toList();
                assertThat(pairs).containsExactlyInAnyOrderElementsOf(sessions.stream().map(s -> s.participants()
                        .stream().sorted().toList()).toList());
                assertThat(run.runner().status().orphans()).isEmpty();
            }

            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThat(run.runner().emulator().voiceConnectorIds()).containsExactly(DEMO);
            assertThat(run.runner().status().orphans()).isEmpty();
            assertThat(run.runner().store().load("Prod-Telephony").holdsAnything()).isFalse();
            assertThat(run.runner().store().load("Prod-Sessions").holdsAnything()).isFalse();
        }
    }
}
