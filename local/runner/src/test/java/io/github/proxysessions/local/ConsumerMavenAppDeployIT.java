package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.local.cfn.StateStore;
import io.github.proxysessions.local.ops.Drift;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.Participant;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnector;

/**
 * Issue 11's end to end for a user's own app (and issue 19's, for its second app, whose sessions are declared against
 * an imported configuration): the cloud assembly that infra's {@code ConsumerMavenAppIT} synthesized
 * with the real CDK CLI, from a Maven project that depends on the published construct artifact and declares its
 * connector with {@code voiceConnector(CfnVoiceConnector)}, deployed as its user would:
 * {@code java -jar local/target/proxy-session-local.jar deploy --app cdk.out}, the embedded emulator in that process,
 * its state in the state directory. Then {@code status --fail} (everything IN_SYNC), {@code renew} (the renewed session
 * is far from its end), and {@code destroy}, which leaves no session, no proxy configuration and no connector but the
 * emulator's demo one.
 *
 * <p>What the service holds is read through the SDK from an emulator opened on the state the runner's process left,
 * between its commands (the same reading sees the deploy's resources, so their absence after destroy means something).
 */
class ConsumerMavenAppDeployIT {

    private static final Path JAR = Path.of(System.getProperty("proxysessions.localJar"));
    private static final Path ASSEMBLY = Path.of(System.getProperty("proxysessions.consumerAssembly"));
    private static final Path SHARED_ASSEMBLY = Path.of(System.getProperty("proxysessions.sharedProxyAssembly"));
    private static final Path INFRA_JAR = Path.of(System.getProperty("proxysessions.infraJar"));
    private static final String REACTOR_BUILD = "run the reactor build from the repository root "
            + "(mvn -B verify -pl local/runner -am), whose infra ConsumerMavenAppIT synthesizes it";

    @TempDir
    Path work;

    @Test
    void theUsersSynthesizedAppDeploysIsInSyncRenewsAndDestroysToNothing() throws Exception {
        assembly(ASSEMBLY);
        Path state = work.resolve("state");

        Result deploy = run("deploy", "--app", ASSEMBLY.toString(), "--state-dir", state.toString());
        assertThat(deploy.exitCode()).as(deploy.output()).isZero();
        Matcher output = Pattern.compile("(?m)^Consumer\\.VoiceConnectorId = ([a-z0-9]+)$").matcher(deploy.output());
        assertThat(output.find()).as(deploy.output()).isTrue();
        String connector = output.group(1);
        assertThat(deploy.output()).as(deploy.output())
                .containsPattern("CREATE_COMPLETE +\\| AWS::Chime::VoiceConnector ")
                .containsPattern("CREATE_COMPLETE +\\| Custom::VoiceConnectorProxy ")
                .doesNotContain("FAILED");
        assertThat(Pattern.compile("CREATE_COMPLETE +\\| Custom::ProxySession ").matcher(deploy.output()).results())
                .hasSize(2);

        onTheService(state, client -> {
            VoiceConnector declared = client.getVoiceConnector(r -> r.voiceConnectorId(connector)).voiceConnector();
            assertThat(declared.name()).isEqualTo("consumer-connector");
            assertThat(declared.requireEncryption()).isTrue();
            // The configuration is marked as this stack's own (contract C5).
            configuredWithTwoOpenSessions(client, declared, "Consumer/Proxy",
                    Set.of("+12065550160", "+14155550161"), Set.of("+13125550162", "+16175550163"));
        });

        allInSync(state);

        Result renew = run("renew", "--state-dir", state.toString());
        assertThat(renew.exitCode()).as(renew.output()).isZero();
        assertThat(renew.output()).as(renew.output()).containsPattern("Consumer +Standing\\w* +LEFT_ALONE ");

        Result destroy = run("destroy", "--state-dir", state.toString());
        assertThat(destroy.exitCode()).as(destroy.output()).isZero();
        onlyTheDemoConnectorIsLeft(state, connector);
    }

    /**
     * The user's second app: {@code SharedProxyOwner} owns the connector and its proxy configuration and exports the
     * connector's id; {@code SharedProxySessions} declares two sessions against the configuration it imports with
     * {@code VoiceConnectorProxy.fromVoiceConnectorId(Fn.importValue(...))}. One deploy of the whole assembly creates
     * the owner first (the sessions' import reads its export), the sessions land on the owner's connector, and destroy
     * removes the importing stack before the exporting one.
     */
    @Test
    void sessionsDeclaredAgainstAnImportedConfigurationDeployOnItAndDestroyToNothing() throws Exception {
        assembly(SHARED_ASSEMBLY);
        Path state = work.resolve("state");

        Result deploy = run("deploy", "--app", SHARED_ASSEMBLY.toString(), "--state-dir", state.toString());
        assertThat(deploy.exitCode()).as(deploy.output()).isZero();
        assertThat(deploy.output()).as(deploy.output()).doesNotContain("FAILED");
        Matcher output = Pattern.compile("(?m)^SharedProxyOwner\\.VoiceConnectorId = ([a-z0-9]+)$")
                .matcher(deploy.output());
        assertThat(output.find()).as(deploy.output()).isTrue();
        String connector = output.group(1);
        Set<String> sessionIds = Set.of(sessionId(deploy, "SupportSessionId"), sessionId(deploy, "StandingSessionId"));
        // The owner's configuration is complete before the first session is asked for.
        int configured = firstMatch(deploy.output(), "CREATE_COMPLETE +\\| Custom::VoiceConnectorProxy ");
        int firstSession = firstMatch(deploy.output(), "CREATE_IN_PROGRESS +\\| Custom::ProxySession ");
        assertThat(configured).as(deploy.output()).isNotNegative().isLessThan(firstSession);
        assertThat(Pattern.compile("CREATE_COMPLETE +\\| Custom::ProxySession ").matcher(deploy.output()).results())
                .hasSize(2);
        assertThat(Pattern.compile("\\| Custom::VoiceConnectorProxy ").matcher(deploy.output()).results())
                .as("only the owner configures the connector: " + deploy.output())
                .hasSize(2); // its CREATE_IN_PROGRESS and CREATE_COMPLETE

        onTheService(state, client -> {
            VoiceConnector shared = client.getVoiceConnector(r -> r.voiceConnectorId(connector)).voiceConnector();
            assertThat(shared.name()).isEqualTo("shared-connector");
            assertThat(client.listProxySessions(r -> r.voiceConnectorId(connector)).proxySessions())
                    .extracting(ProxySession::proxySessionId).containsExactlyInAnyOrderElementsOf(sessionIds);
            // The configuration stays the owner's: the importing stack did not claim it.
            configuredWithTwoOpenSessions(client, shared, "SharedProxyOwner/Proxy",
                    Set.of("+12065550170", "+14155550171"), Set.of("+13125550172", "+16175550173"));
        });

        // Across both stacks: the connector and the configuration (the owner's), the two sessions (the importer's).
        allInSync(state);

        Result destroy = run("destroy", "--state-dir", state.toString());
        assertThat(destroy.exitCode()).as(destroy.output()).isZero();
        // The importing stack goes first: its sessions are deleted before the configuration they live on.
        int sessionDeleted = firstMatch(destroy.output(), "DELETE_COMPLETE +\\| Custom::ProxySession ");
        int configurationDeleted = firstMatch(destroy.output(),
                "DELETE_IN_PROGRESS +\\| Custom::VoiceConnectorProxy ");
        assertThat(sessionDeleted).as(destroy.output()).isNotNegative().isLessThan(configurationDeleted);
        onlyTheDemoConnectorIsLeft(state, connector);
    }

    /**
     * The connector's configuration is the one both apps declare (60 minutes, US numbers), marked as {@code owner}'s,
     * and it holds two open sessions between these participants.
     */
    @SafeVarargs
    private static void configuredWithTwoOpenSessions(ChimeSdkVoiceClient client, VoiceConnector connector,
                                                      String owner, Set<String>... participants) {
        String id = connector.voiceConnectorId();
        var proxy = client.getVoiceConnectorProxy(r -> r.voiceConnectorId(id)).proxy();
        assertThat(proxy.defaultSessionExpiryMinutes()).isEqualTo(60);
        assertThat(proxy.phoneNumberCountries()).containsExactly("US");
        assertThat(client.listProxySessions(r -> r.voiceConnectorId(id)).proxySessions())
                .allSatisfy(s -> assertThat(s.statusAsString()).isEqualTo("Open"))
                .extracting(ConsumerMavenAppDeployIT::participants)
                .containsExactlyInAnyOrder(participants);
        assertThat(client.listTagsForResource(r -> r.resourceARN(connector.voiceConnectorArn())).tags())
                .anySatisfy(t -> {
                    assertThat(t.key()).isEqualTo("proxy-sessions:proxy-configuration-owner");
                    assertThat(t.value()).startsWith(owner);
                });
    }

    /** {@code status --fail} exits 0, and finds the connector, the configuration and the two sessions IN_SYNC. */
    private void allInSync(Path state) throws Exception {
        Result status = run("status", "--fail", "--state-dir", state.toString());
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).as(status.output())
                .contains("No orphaned proxy sessions.")
                // The rest (roles, the function, the schedule...) has no local meaning. No UNKNOWN: it would come
                // before the semicolon.
                .containsPattern("(?m)^Drift: 4 IN_SYNC, 0 MODIFIED, 0 DELETED, \\d+ NOT_CHECKED; "
                        + "0 orphaned session\\(s\\)$");
    }

    /** After destroy: the app's connector is gone, and the demo one the embedded emulator is seeded with is bare. */
    private static void onlyTheDemoConnectorIsLeft(Path state, String connector) {
        onTheService(state, client -> {
            assertThatThrownBy(() -> client.getVoiceConnector(r -> r.voiceConnectorId(connector)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(client.listVoiceConnectors(r -> { }).voiceConnectors())
                    .extracting(VoiceConnector::voiceConnectorId)
                    .containsExactly(ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID);
            String demo = ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID;
            assertThat(client.listProxySessions(r -> r.voiceConnectorId(demo)).proxySessions()).isEmpty();
            assertThatThrownBy(() -> client.getVoiceConnectorProxy(r -> r.voiceConnectorId(demo)))
                    .isInstanceOf(NotFoundException.class);
        });
    }

    private static String sessionId(Result deploy, String output) {
        Matcher id = Pattern.compile("(?m)^SharedProxySessions\\." + output + " = (\\S+)$").matcher(deploy.output());
        assertThat(id.find()).as(deploy.output()).isTrue();
        return id.group(1);
    }

    /** Where {@code regex} first matches in {@code text}, or -1. */
    private static int firstMatch(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.start() : -1;
    }

    /**
     * A consumer app's assembly, kept by infra's ConsumerMavenAppIT with the SHA-256 of the construct library jar it
     * was synthesized with: absent when that test did not run, stale when the library was built differently since.
     * Either is one line.
     */
    private static void assembly(Path assembly) throws Exception {
        Path synthesizedWith = assembly.resolveSibling("proxy-session-cdk.jar.sha256");
        if (!Files.isRegularFile(assembly.resolve("manifest.json")) || !Files.isRegularFile(synthesizedWith)) {
            fail("no cloud assembly of the consumer app at " + assembly.normalize() + ": " + REACTOR_BUILD);
        }
        String library = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(INFRA_JAR)));
        if (!Files.readString(synthesizedWith).strip().equals(library)) {
            fail("the cloud assembly of the consumer app at " + assembly.normalize() + " was synthesized with "
                    + "another build of " + INFRA_JAR.normalize() + ": " + REACTOR_BUILD);
        }
    }

    private static Set<String> participants(ProxySession session) {
        return session.participants().stream().map(Participant::phoneNumber).collect(Collectors.toSet());
    }

    /** The service as the runner left it: an emulator on the state directory's state file, asked through the SDK. */
    private static void onTheService(Path state, Consumer<ChimeSdkVoiceClient> check) {
        try (ChimeVoiceEmulator emulator = ChimeVoiceEmulator.builder()
                .stateFile(new StateStore(state).emulatorStateFile()).build();
             ChimeSdkVoiceClient client = ChimeSdkVoiceClient.builder().httpClient(UrlConnectionHttpClient.create())
                     .region(Region.US_EAST_1).endpointOverride(emulator.endpoint())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                     .build()) {
            check.accept(client);
        }
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs {@code java -jar proxy-session-local.jar ARGS} as its user would; stdout and stderr together. */
    private Result run(String... args) throws Exception {
        Path output = Files.createTempFile(work, "output", ".txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The Lambda runtime's cache inside target/, not the user's cache directory.
                "-Dproxysessions.local.cacheDir=" + System.getProperty("proxysessions.local.cacheDir"),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            fail("timed out: " + String.join(" ", args) + "\n" + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
