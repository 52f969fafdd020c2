package io.github.proxysessions.local;

import static io.github.proxysessions.local.RunnerFixture.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.proxysessions.local.ops.Drift.Difference;
import io.github.proxysessions.local.ops.Drift.DifferenceType;
import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.ops.Drift;
import io.github.proxysessions.local.ops.StatusReport;
import io.github.proxysessions.local.service.ConnectorSurvey;
import io.github.proxysessions.local.service.VoiceConnectorType;
import io.github.proxysessions.rules.ProxySessionLineage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.Capability;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.Tag;

/**
 * {@code status} as {@code cdk drift}: each drift kind for each type the runner knows on the service, made by hand
 * against the embedded emulator after a real deploy; {@code --fail} and {@code --json} through the command line.
 */
class DriftTest {

    private static final String MARKER = "proxy-sessions:proxy-configuration-owner";
    private static final Session A = Session.of("A", "+12065550150", "+14155550151");
    private static final Session B = Session.of("B", "+13125550152", "+16175550153");

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    /** A command line on the fixture's state directory. */
    private int run(RunnerFixture f, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--state-dir";
        all[args.length + 1] = f.stateDir.toString();
        return cli.run(all);
    }

    /** A logical id as the construct's id: CDK adds a hash of the construct path, except where overridden. */
    private static boolean named(String logicalId, String id) {
        return logicalId.equals(id) || logicalId.matches(id + "[0-9A-F]{8}");
    }

    private static StatusReport.Resource resource(StatusReport report, String id) {
        return report.stacks().get(0).resources().stream().filter(r -> named(r.logicalId(), id))
                .findFirst().orElseThrow();
    }

    private static String physicalId(Run run, String id) {
        return run.runner().store().load("Sessions").resources().stream().filter(r -> named(r.logicalId(), id))
                .findFirst().orElseThrow().physicalId();
    }

    private static Drift drift(StatusReport report, String logicalId) {
        return resource(report, logicalId).drift();
    }

    private static ProxySession session(Run run, String connector, String p0) {
        return run.sessions(connector).stream().filter(s -> s.proxySessionId().equals(p0)).findFirst()
                .orElseThrow();
    }

    @Test
    void afterADeployEveryDeclaredResourceIsInSyncAndEveryOtherNotChecked() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly app = f.appOnItsOwnConnector(Map.of("Name", "Own line", "RequireEncryption", true,
                "Tags", List.of(Map.of("Key", "team", "Value", "support"))), A, B);
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            String arn = run.runner().store().load("Sessions").resource("Connector").physicalId();
            // A tag the template does not declare (as the configuration's ownership marker) is no drift.
            client.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key(MARKER).value("someone").build(),
                    Tag.builder().key("by-hand").value("x").build()));

            StatusReport report = run.runner().status();

            assertThat(report.stacks().get(0).resources()).allSatisfy(r -> assertThat(r.drift().status())
                    .isEqualTo(r.type().startsWith("Custom::") || r.type().equals(VoiceConnectorType.TYPE)
                            ? Drift.Status.IN_SYNC : Drift.Status.NOT_CHECKED));
            for (String id : List.of("Connector", "Proxy", "A", "B")) {
                assertThat(resource(report, id).drift().status()).isEqualTo(Drift.Status.IN_SYNC);
            }
            assertThat(report.fails()).isFalse();
        }

        assertThat(run(f, "status", "--fail")).as(cli.err()).isZero();
        assertThat(cli.out()).containsPattern("A\\w{8} +Custom::ProxySession +IN_SYNC ")
                .containsPattern("Connector +AWS::Chime::VoiceConnector +IN_SYNC ")
                .containsPattern(" +AWS::Lambda::Function +NOT_CHECKED ")
                .contains("Drift: 4 IN_SYNC, 0 MODIFIED, 0 DELETED, ", " NOT_CHECKED; 0 orphaned session(s)")
                .doesNotContain("2065550150", "+1206555", "5550151");
    }

    @Test
    void anExpiredSessionIsModifiedStatusExpectedOpenActualClosedWithWhenItEnded() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly app = f.app(A, B.expiry(120));
        Instant end;
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            String a = physicalId(run, "A");
            end = session(run, DEMO, a).createdTimestamp().plus(Duration.ofMinutes(60));

            run.runner().emulator().advanceClock(Duration.ofMinutes(61));

            StatusReport report = run.runner().status();
            assertThat(drift(report, "A").status()).isEqualTo(Drift.Status.MODIFIED);
            assertThat(drift(report, "A").differences()).containsExactly(
                    new Difference("Status", "Open", "Closed", DifferenceType.NOT_EQUAL, "ended " + end));
            assertThat(drift(report, "B").status()).isEqualTo(Drift.Status.IN_SYNC);
            assertThat(report.fails()).isTrue();
        }

        // The clock's offset is durable: a later command sees the same.
        assertThat(run(f, "status", "--fail")).isEqualTo(1);
        assertThat(cli.out()).containsPattern("A\\w{8} +Custom::ProxySession +MODIFIED ")
                .contains("~ Status: expected Open, actual Closed (ended " + end + ")",
                        "Drift: 2 IN_SYNC, 1 MODIFIED, 0 DELETED");
        assertThat(run(f, "status")).isZero();
    }

    @Test
    void aConfigurationChangedByHandFrom60To120MinutesIsModified() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(f.app(A))).as(run.output()).isTrue();

            client.putVoiceConnectorProxy(r -> r.voiceConnectorId(DEMO).defaultSessionExpiryMinutes(120)
                    .phoneNumberPoolCountries("US", "CA").fallBackPhoneNumber("+12065550199").disabled(false));

            assertThat(drift(run.runner().status(), "Proxy")).satisfies(d -> {
                assertThat(d.status()).isEqualTo(Drift.Status.MODIFIED);
                assertThat(d.differences()).containsExactly(
                        Difference.of("DefaultSessionExpiryMinutes", "60", "120"),
                        Difference.of("PhoneNumberPoolCountries", "US", "CA, US"),
                        new Difference("FallBackPhoneNumber", null, "***0199", DifferenceType.ADD, null));
            });
        }
    }

    @Test
    void aSessionChangedByHandIsModifiedPropertyByProperty() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(f.app(A))).as(run.output()).isTrue();
            String a = physicalId(run, "A");

            client.updateProxySession(r -> r.voiceConnectorId(DEMO).proxySessionId(a)
                    .capabilities(Capability.VOICE).expiryMinutes(90));

            assertThat(drift(run.runner().status(), "A").differences()).containsExactly(
                    Difference.of("Capabilities", "SMS, Voice", "Voice"),
                    Difference.of("ExpiryMinutes", "60", "90"));
        }
    }

    @Test
    void whatIsDeletedByHandIsDeletedAndTheRestStaysInSync() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(f.app(A, B))).as(run.output()).isTrue();
            String a = physicalId(run, "A");

            client.deleteProxySession(r -> r.voiceConnectorId(DEMO).proxySessionId(a));

            StatusReport report = run.runner().status();
            assertThat(drift(report, "A").status()).isEqualTo(Drift.Status.DELETED);
            assertThat(resource(report, "A").serviceStatus()).isEqualTo("missing");
            assertThat(drift(report, "B").status()).isEqualTo(Drift.Status.IN_SYNC);
            assertThat(drift(report, "Proxy").status()).isEqualTo(Drift.Status.IN_SYNC);

            String b = physicalId(run, "B");
            client.deleteProxySession(r -> r.voiceConnectorId(DEMO).proxySessionId(b));
            client.deleteVoiceConnectorProxy(r -> r.voiceConnectorId(DEMO));

            assertThat(drift(run.runner().status(), "Proxy").status()).isEqualTo(Drift.Status.DELETED);
        }
        assertThat(run(f, "status", "--fail")).isEqualTo(1);
        assertThat(cli.out()).containsPattern("A\\w{8} +Custom::ProxySession +DELETED ")
                .containsPattern("Proxy\\w{8} +Custom::VoiceConnectorProxy +DELETED ")
                .contains("0 IN_SYNC, 0 MODIFIED, 3 DELETED");
    }

    @Test
    void aVoiceConnectorChangedByHandIsModifiedOnDeclaredPropertiesAndTagsOnlyAndDeletedWhenGone()
            throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly app = CloudAssembly.read(Assemblies.write(dir.resolve("app"), "Voice", """
                {"Resources": {"Connector": {"Type": "AWS::Chime::VoiceConnector", "Properties": {
                  "Name": "Support line", "RequireEncryption": true, "AwsRegion": "us-west-2",
                  "Tags": [{"Key": "team", "Value": "support"}, {"Key": "env", "Value": "test"}]}}}}"""));
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            String arn = run.runner().store().load("Voice").resource("Connector").physicalId();
            String id = VoiceConnectorType.idOf(arn);

            client.updateVoiceConnector(r -> r.voiceConnectorId(id).name("Renamed").requireEncryption(false));
            client.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key("team").value("sales").build(),
                    Tag.builder().key(MARKER).value("Sessions/Proxy/abc").build()));
            client.untagResource(r -> r.resourceARN(arn).tagKeys("env"));

            assertThat(drift(run.runner().status(), "Connector")).satisfies(d -> {
                assertThat(d.status()).isEqualTo(Drift.Status.MODIFIED);
                assertThat(d.differences()).containsExactly(
                        Difference.of("Name", "Support line", "Renamed"),
                        Difference.of("RequireEncryption", "true", "false"),
                        new Difference("Tags.env", "test", null, DifferenceType.REMOVE, null),
                        Difference.of("Tags.team", "support", "sales"));
            });

            client.deleteVoiceConnector(r -> r.voiceConnectorId(id));

            assertThat(drift(run.runner().status(), "Connector").status()).isEqualTo(Drift.Status.DELETED);
        }
    }

    @Test
    void aRenewedGenerationIsTheResourcesSessionInSyncAndNoOrphanWhileAnotherLineageIs() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        String gen1;
        String stray;
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(f.app(A, B))).as(run.output()).isTrue();
            String p0 = physicalId(run, "A");

            // Generation 1 of A's lineage, as renewal makes it (contract C7): the declared properties, the
            // lineage's token as its name; then its predecessor removed.
            ProxySessionLineage lineage = ProxySessionLineage.of(DEMO, p0);
            gen1 = client.createProxySession(r -> r.voiceConnectorId(DEMO).name(lineage.serviceNameOf(null, 1))
                    .participantPhoneNumbers(A.participants()).capabilities(Capability.VOICE, Capability.SMS)
                    .expiryMinutes(60)).proxySession().proxySessionId();
            client.deleteProxySession(r -> r.voiceConnectorId(DEMO).proxySessionId(p0));
            // A generation of a lineage no record holds is an orphan.
            stray = client.createProxySession(r -> r.voiceConnectorId(DEMO)
                    .name(ProxySessionLineage.of(DEMO, "gone").serviceNameOf("Stray", 1))
                    .participantPhoneNumbers("+12065550160", "+14155550161").capabilities(Capability.VOICE))
                    .proxySession().proxySessionId();

            StatusReport report = run.runner().status();
            assertThat(drift(report, "A")).isEqualTo(new Drift(Drift.Status.IN_SYNC, List.of(), gen1, null));
            assertThat(resource(report, "A").serviceStatus()).isEqualTo("Open");
            assertThat(report.orphans()).extracting(ConnectorSurvey.Orphan::proxySessionId).containsExactly(stray);

            // The renewed generation expires in turn: the latest generation is what is compared.
            run.runner().emulator().advanceClock(Duration.ofMinutes(61));
            assertThat(drift(run.runner().status(), "A")).satisfies(d -> {
                assertThat(d.status()).isEqualTo(Drift.Status.MODIFIED);
                assertThat(d.comparedId()).isEqualTo(gen1);
                assertThat(d.differences()).extracting(Difference::property).containsExactly("Status");
            });
        }
        assertThat(run(f, "status", "--json")).isZero();
        JsonNode a = null;
        for (JsonNode r : new ObjectMapper().readTree(cli.out()).path("stacks").get(0).path("resources")) {
            if (named(r.path("logicalResourceId").asText(), "A")) {
                a = r;
            }
        }
        assertThat(a).isNotNull();
        assertThat(a.path("currentPhysicalResourceId").asText()).isEqualTo(gen1);
    }

    @Test
    void anOrphanFailsAndJsonSaysTheSameAsTheText() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.app(A))).as(run.output()).isTrue();
        }
        assertThat(run(f, "status", "--fail", "--json")).isZero();
        assertThat(new ObjectMapper().readTree(cli.out()).path("drifted").asBoolean()).isFalse();
        String orphan;
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            orphan = client.createProxySession(r -> r.voiceConnectorId(DEMO).name("Stray 2065550160")
                    .participantPhoneNumbers("+12065550160", "+14155550161").capabilities(Capability.VOICE))
                    .proxySession().proxySessionId();
            client.putVoiceConnectorProxy(r -> r.voiceConnectorId(DEMO).defaultSessionExpiryMinutes(120)
                    .phoneNumberPoolCountries("US"));
        }

        assertThat(run(f, "status", "--fail", "--json")).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(cli.out());
        assertThat(json.path("drifted").asBoolean()).isTrue();
        assertThat(json.path("summary").path("MODIFIED").asInt()).isEqualTo(1);
        assertThat(json.path("summary").path("IN_SYNC").asInt()).isEqualTo(1);
        assertThat(json.path("summary").path("orphans").asInt()).isEqualTo(1);
        JsonNode stack = json.path("stacks").get(0);
        assertThat(stack.path("stackName").asText()).isEqualTo("Sessions");
        assertThat(stack.path("stackStatus").asText()).isEqualTo("CREATE_COMPLETE");
        JsonNode proxy = null;
        for (JsonNode r : stack.path("resources")) {
            if (named(r.path("logicalResourceId").asText(), "Proxy")) {
                proxy = r;
            }
        }
        assertThat(proxy).isNotNull();
        assertThat(proxy.path("resourceType").asText()).isEqualTo("Custom::VoiceConnectorProxy");
        assertThat(proxy.path("stackResourceDriftStatus").asText()).isEqualTo("MODIFIED");
        assertThat(proxy.path("propertyDifferences")).singleElement().satisfies(d -> {
            assertThat(d.path("propertyPath").asText()).isEqualTo("DefaultSessionExpiryMinutes");
            assertThat(d.path("expectedValue").asText()).isEqualTo("60");
            assertThat(d.path("actualValue").asText()).isEqualTo("120");
            assertThat(d.path("differenceType").asText()).isEqualTo("NOT_EQUAL");
        });
        assertThat(json.path("orphans")).singleElement().satisfies(o -> {
            assertThat(o.path("proxySessionId").asText()).isEqualTo(orphan);
            assertThat(o.path("voiceConnectorId").asText()).isEqualTo(DEMO);
            assertThat(o.path("name").asText()).isEqualTo("Stray ***0160");
        });
        assertThat(cli.out()).doesNotContain("2065550150", "2065550160");

        assertThat(run(f, "status", "--fail")).isEqualTo(1);
        assertThat(cli.out()).contains("Orphaned proxy sessions", orphan, "1 orphaned session(s)");
    }
}
