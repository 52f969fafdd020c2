package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} only reads, on the embedded emulator too (issue 18 item 6): it writes not a byte in the state
 * directory, whatever it finds there (a torn emulator journal, a {@code connectors.json} that cannot be read), and
 * it takes no lock, so it reads while another runner deploys.
 */
class StatusReadOnlyTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @Test
    void statusOnATornJournalAndADamagedConnectorLogLeavesEveryByteOfTheStateDirectoryAsItWas() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly app = f.app(Session.of("A", "+12065550150", "+14155550151"));
        try (RunnerFixture.Run run = f.open()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
        }
        // A record cut short at the end of the emulator's journal, as a kill in the middle of a write leaves it, and a
        // connectors.json edited into something that is not JSON.
        Path journal = f.stateDir.resolve("emulator").resolve("state.json.journal");
        Files.writeString(journal, "{\"type\":\"CreateProxySession\",\"seq\":99,\"conn", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.writeString(f.stateDir.resolve("connectors.json"), "{ not json", StandardCharsets.UTF_8);
        Map<String, String> before = f.stateFiles();

        assertThat(cli.run("status", "--fail", "--state-dir", f.stateDir.toString())).as(cli.toString()).isZero();

        assertThat(cli.out()).contains("Sessions (CREATE_COMPLETE)", "IN_SYNC");
        assertThat(cli.err()).contains("warning: " + f.stateDir.toAbsolutePath().normalize().resolve(
                "connectors.json") + " could not be read");
        assertThat(f.stateFiles()).as("the state directory after status").isEqualTo(before);
        // The JSON report reads the same, and changes nothing either.
        assertThat(cli.run("status", "--json", "--state-dir", f.stateDir.toString())).as(cli.toString()).isZero();
        assertThat(f.stateFiles()).isEqualTo(before);
    }

    @Test
    void statusReadsWhileAnotherRunnerHoldsTheStateDirectoryMidDeploy() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly first = f.app(Session.of("A", "+12065550150", "+14155550151"));
        try (RunnerFixture.Run run = f.open()) {
            assertThat(run.runner().deploy(first)).as(run.output()).isTrue();
        }
        CloudAssembly second = f.app(Session.of("A", "+12065550150", "+14155550151"),
                Session.of("B", "+13125550152", "+16175550153"));
        // Every service call of the deploying runner takes a second: the deploy is under way for several seconds.
        try (RunnerFixture.Run deploying = f.open(RunnerFixture.faults("--latency-ms", "1000"), false)) {
            CompletableFuture<Boolean> deploy = CompletableFuture.supplyAsync(() -> deploying.runner().deploy(second));
            Path record = f.stateDir.resolve("stacks").resolve("Sessions.json");
            String before = Files.readString(record);
            // Until the deploy has recorded its first change (written beside the record and moved over it), awaited
            // through the directory's change events rather than by reading the file in a loop, which would keep a
            // core from the deploy.
            try (WatchService changes = FileSystems.getDefault().newWatchService()) {
                record.getParent().register(changes, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
                while (Files.readString(record).equals(before) && !deploy.isDone()) {
                    WatchKey key = changes.poll(100, TimeUnit.MILLISECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                }
            }
            assertThat(deploy).as("the deploy is under way").isNotDone();

            assertThat(cli.run("status", "--state-dir", f.stateDir.toString())).as(cli.toString()).isZero();

            assertThat(cli.err()).doesNotContain("another runner is using");
            // The stack as the record and the emulator's state stand now: the session deployed before is there, and
            // the deploy's request is under way, not left by a killed run.
            assertThat(cli.out()).containsPattern("(?m)^  A[0-9A-F]{8} +Custom::ProxySession +IN_SYNC ")
                    .containsPattern("Sessions \\(\\w+\\), 1 request\\(s\\) under way: another runner \\(process "
                            + ProcessHandle.current().pid() + "\\) is working in this state directory")
                    .doesNotContain("killed run");
            assertThat(deploy.get(120, TimeUnit.SECONDS)).as(deploying.output()).isTrue();
        }
    }
}
