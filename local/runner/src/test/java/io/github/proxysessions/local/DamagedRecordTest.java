package io.github.proxysessions.local;

import static io.github.proxysessions.local.RunnerFixture.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.local.cli.Main;
import io.github.proxysessions.local.cli.StatusCommand;
import io.github.proxysessions.local.ops.StatusReport;
import io.github.proxysessions.local.service.ConnectorLog;
import io.github.proxysessions.local.service.ConnectorSurvey;
import io.github.proxysessions.rules.ProxySessionLineage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * A stack record that cannot be read (here: cut short, as a full disk leaves it): deploy and destroy stop with one
 * line naming the file and change nothing; status lists what the service holds on the stack's connectors; repair
 * shows its plan, asks, cleans up what no record owns and sets the file aside; deploy then brings the stack back.
 */
class DamagedRecordTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theWayOutOfADamagedRecordLosesNothingTheServiceHoldsWithoutSayingSo() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly app = f.app(Session.of("A", "+12065550150", "+14155550151"),
                Session.of("B", "+13125550152", "+16175550153"));
        String stackId;
        List<String> before;
        String byHand;
        String renewed;
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            stackId = run.runner().store().load("Sessions").stackId();
            before = run.sessions(DEMO).stream().map(ProxySession::proxySessionId).toList();
            // On the same connector: a session made by hand, which is not the stack's, and one that renewal would
            // have made after the stack's first session (its Name carries that session's lineage token).
            byHand = client.createProxySession(r -> r.voiceConnectorId(DEMO).capabilitiesWithStrings("Voice")
                    .participantPhoneNumbers("+17025550180", "+18085550181")).proxySession().proxySessionId();
            renewed = client.createProxySession(r -> r.voiceConnectorId(DEMO).capabilitiesWithStrings("Voice")
                    .participantPhoneNumbers("+17025550182", "+18085550183")
                    .name(ProxySessionLineage.of(DEMO, before.get(0)).serviceNameOf("", 1)))
                    .proxySession().proxySessionId();
        }
        // Cut short, as a full disk leaves it, after the sessions' ids.
        Path file = f.stateDir.resolve("stacks").resolve("Sessions.json");
        byte[] whole = Files.readAllBytes(file);
        String text = new String(whole, StandardCharsets.UTF_8);
        int end = before.stream().mapToInt(id -> text.lastIndexOf(id) + id.length() + 1).max().orElseThrow();
        assertThat(end).isLessThan(whole.length);
        byte[] cut = Arrays.copyOf(whole, end);
        Files.write(file, cut);
        String state = f.stateDir.toString();

        // deploy and destroy: one line that names the file and the way out; nothing changed.
        assertThat(run("deploy", "--app", app.directory().toString(), "--state-dir", state)).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("error: the record of stack Sessions cannot be read: " + file.toAbsolutePath() + ": ")
                .contains("Nothing was changed", "'status'", "'repair Sessions'");
        assertThat(run("destroy", "--state-dir", state)).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().contains(file.toAbsolutePath().toString());
        assertThat(Files.readAllBytes(file)).isEqualTo(cut);

        try (Run run = f.open()) {
            // status: what the service holds on the stack's connector.
            StatusReport status = run.runner().status();
            assertThat(status.damaged()).singleElement().satisfies(d -> {
                assertThat(d.file()).isEqualTo(file.toAbsolutePath());
                assertThat(d.sessions()).extracting(ConnectorSurvey.Orphan::proxySessionId)
                        .containsExactlyInAnyOrder(before.get(0), before.get(1), renewed, byHand);
                assertThat(d.configured()).containsExactly(DEMO);
            });
            assertThat(status.orphans()).isEmpty();
            StringWriter printed = new StringWriter();
            StatusCommand.print(status, new PrintWriter(printed, true));
            assertThat(printed.toString()).contains("Sessions (RECORD CANNOT BE READ: " + file
                    .toAbsolutePath(), "proxy configuration on " + DEMO, "proxy session " + before.get(0),
                    "way out: 'repair Sessions'");
            assertThat(run.sessions(DEMO)).hasSize(4);
        }

        // repair with no terminal to ask on: the plan, and nothing done.
        assertThat(run("repair", "Sessions", "--state-dir", state)).isEqualTo(2);
        assertThat(out.toString()).contains("The record of stack Sessions cannot be read: ",
                "start a new record of Sessions with its stack id, found in the file (" + stackId + ")",
                "delete these 3 proxy session(s)", before.get(0), before.get(1), renewed,
                "leave these 1 proxy session(s) alone", byHand,
                "delete the proxy configuration on " + DEMO + " and its owner tag: its owner tag names the stack");
        assertThat(out.toString().indexOf(byHand)).isGreaterThan(out.toString().indexOf("alone"));
        assertThat(err.toString()).contains("nothing was changed", "--yes");
        assertThat(Files.readAllBytes(file)).isEqualTo(cut);

        // repair --yes: done.
        assertThat(run("repair", "Sessions", "--yes", "--state-dir", state)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("deleted proxy session " + before.get(0), "deleted proxy session " + renewed,
                "aside as Sessions.json.damaged-").doesNotContain("deleted proxy session " + byHand);
        try (Stream<Path> files = Files.list(file.getParent())) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("Sessions.json.damaged-"))
                    .toList();
            assertThat(aside).singleElement().satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(cut));
        }
        assertThat(run("repair", "Sessions", "--state-dir", state)).isZero();
        assertThat(out.toString()).contains("reads fine: nothing to repair");

        try (Run run = f.open()) {
            StackRecord fresh = run.runner().store().load("Sessions");
            assertThat(fresh.stackId()).isEqualTo(stackId);
            assertThat(fresh.status()).isEqualTo("REPAIRED");
            assertThat(run.sessions(DEMO)).extracting(ProxySession::proxySessionId).containsExactly(byHand);

            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();

            assertThat(run.sessions(DEMO)).hasSize(3);
            StatusReport status = run.runner().status();
            assertThat(status.damaged()).isEmpty();
            assertThat(status.orphans()).extracting(ConnectorSurvey.Orphan::proxySessionId).containsExactly(byHand);
            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThat(run.sessions(DEMO)).extracting(ProxySession::proxySessionId).containsExactly(byHand);
        }
    }

    @Test
    void aConnectorLogThatCannotBeReadIsSetAsideAndRebuiltFromTheRecords() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.app(Session.of("A", "+12065550150", "+14155550151"))))
                    .as(run.output()).isTrue();
        }
        Path log = f.stateDir.resolve(ConnectorLog.FILE_NAME);
        Files.writeString(log, "{\"Sessions\": {\"voiceConnectors\": [\"demovoice");

        // Any command that changes state: renew, which has no schedule to run here.
        assertThat(run("renew", "--state-dir", f.stateDir.toString())).as(err.toString()).isZero();

        assertThat(err.toString()).startsWith("warning: " + log.toAbsolutePath() + " could not be read (")
                .contains("set aside, unchanged, as connectors.json.damaged-", "rebuilt from the stacks' records");
        try (Stream<Path> files = Files.list(f.stateDir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("connectors.json.damaged-")))
                    .singleElement().satisfies(p -> assertThat(p).content()
                            .isEqualTo("{\"Sessions\": {\"voiceConnectors\": [\"demovoice"));
        }
        assertThat(new ConnectorLog(f.stateDir.toAbsolutePath()).connectors("Sessions")).containsExactly(DEMO);
        try (Run run = f.open()) {
            assertThat(run.runner().warnings()).isEmpty();
            String stray;
            try (var client = run.runner().client()) {
                stray = client.createProxySession(r -> r.voiceConnectorId(DEMO)
                        .participantPhoneNumbers("+17025550190", "+18085550191").capabilitiesWithStrings("Voice"))
                        .proxySession().proxySessionId();
            }
            assertThat(run.runner().status().orphans()).extracting(ConnectorSurvey.Orphan::proxySessionId)
                    .containsExactly(stray);
        }
    }

    @Test
    void aConnectorLogThatCannotBeWrittenStopsARequestBeforeItIsRecordedOrSent() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly app = f.app(Session.of("A", "+12065550150", "+14155550151"));
        // The log is written through a temporary file beside it: a directory in its place makes every write fail.
        Path blocked = Files.createDirectories(f.stateDir.resolve(ConnectorLog.FILE_NAME + ".tmp"));
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app)).isFalse();

            assertThat(run.output()).contains("CREATE_FAILED", "cannot write");
            assertThat(run.runner().emulator().requestCount("PutVoiceConnectorProxy")).isZero();
            assertThat(run.runner().store().load("Sessions").pending()).isEmpty();
            assertThat(run.sessions(DEMO)).isEmpty();
        }
        Files.delete(blocked);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            assertThat(run.sessions(DEMO)).hasSize(1);
            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThat(run.sessions(DEMO)).isEmpty();
        }
    }
}
