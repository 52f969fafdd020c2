package io.github.proxysessions.local;

import static io.github.proxysessions.local.RunnerFixture.DEMO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.local.ops.StatusReport;
import io.github.proxysessions.local.service.ConnectorSurvey;
import io.github.proxysessions.rules.ProxySessionLineage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.Participant;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/** The lifecycle as CloudFormation runs it, through the runner, the real provider jar and the emulator. */
class LifecycleTest {

    /** The example on the emulator's demo connector (by default it declares a connector of its own). */
    private static final Map<String, String> ON_DEMO = Map.of("voiceConnectorId", DEMO);

    @TempDir
    Path dir;

    private static Map<String, ProxySession> byId(List<ProxySession> sessions) {
        return sessions.stream().collect(Collectors.toMap(ProxySession::proxySessionId, s -> s));
    }

    private static Map<String, ProxySession> withoutUpdateTime(Map<String, ProxySession> sessions) {
        return sessions.values().stream().collect(Collectors.toMap(ProxySession::proxySessionId,
                s -> s.toBuilder().updatedTimestamp(null).build()));
    }

    private static List<String> participants(ProxySession s) {
        return s.participants().stream().map(Participant::phoneNumber).sorted().toList();
    }

    @Test
    void theExampleDeploysExactlyItsSessionsPrintsItsOutputsAndRedeploysWithoutAWrite() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            CloudAssembly example = RunnerFixture.example(ON_DEMO);

            assertThat(run.runner().deploy(example)).as(run.output()).isTrue();

            List<ProxySession> sessions = run.sessions(DEMO);
            assertThat(sessions).hasSize(2);
            ProxySession support = sessions.stream().filter(s -> s.name().startsWith("Support line ")).findFirst()
                    .orElseThrow();
            assertThat(participants(support)).containsExactly("+12065550150", "+14155550151");
            assertThat(support.expiryMinutes()).isEqualTo(120);
            assertThat(support.capabilitiesAsStrings()).containsExactly("Voice", "SMS");
            assertThat(support.numberSelectionBehaviorAsString()).isEqualTo("PreferSticky");
            assertThat(support.geoMatchParams().areaCode()).isEqualTo("206");
            ProxySession delivery = sessions.stream().filter(s -> s.name().startsWith("Delivery ")).findFirst()
                    .orElseThrow();
            assertThat(participants(delivery)).containsExactly("+13125550152", "+16175550153");
            assertThat(delivery.expiryMinutes()).isEqualTo(30);
            assertThat(delivery.capabilitiesAsStrings()).containsExactly("SMS");
            // The configuration first: the sessions depend on it.
            String output = run.output();
            assertThat(output.indexOf("CREATE_COMPLETE              | Custom::VoiceConnectorProxy"))
                    .isPositive().isLessThan(output.indexOf("CREATE_IN_PROGRESS           | Custom::ProxySession"));
            assertThat(run.output()).contains("Outputs:",
                    "ProxySessionsExample.SupportLineSessionId = " + support.proxySessionId(),
                    "ProxySessionsExample.DeliverySessionId = " + delivery.proxySessionId(),
                    "ProxySessionsExample.SupportLineProxyNumber = " + support.participants().get(0)
                            .proxyPhoneNumber(),
                    "SKIPPED", "no local meaning");

            run.runner().emulator().resetRequestCounts();
            assertThat(run.runner().deploy(example)).isTrue();

            assertThat(run.writeCalls()).isZero();
            assertThat(byId(run.sessions(DEMO)).keySet())
                    .containsExactlyInAnyOrder(support.proxySessionId(), delivery.proxySessionId());
        }
    }

    @Test
    void aNewExpiryUpdatesInPlaceAndANewParticipantReplacesWithoutAnOrphan() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        Session a = Session.of("A", "+12065550100", "+14155550101");
        Session b = Session.of("B", "+13125550102", "+16175550103");
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.app(a, b))).isTrue();
            Map<String, ProxySession> before = byId(run.sessions(DEMO));

            assertThat(run.runner().deploy(f.app(a.expiry(90), b))).as(run.output()).isTrue();

            Map<String, ProxySession> inPlace = byId(run.sessions(DEMO));
            assertThat(inPlace.keySet()).isEqualTo(before.keySet());
            assertThat(inPlace.values()).extracting(ProxySession::expiryMinutes).containsExactlyInAnyOrder(90, 60);

            assertThat(run.runner().deploy(f.app(a.expiry(90), b.participants("+13125550102", "+17025550104"))))
                    .as(run.output()).isTrue();

            Map<String, ProxySession> replaced = byId(run.sessions(DEMO));
            assertThat(replaced).hasSize(2);
            String oldB = before.values().stream().filter(s -> participants(s).contains("+16175550103"))
                    .findFirst().orElseThrow().proxySessionId();
            assertThat(replaced).doesNotContainKey(oldB);
            assertThat(replaced.values().stream().map(LifecycleTest::participants))
                    .contains(List.of("+13125550102", "+17025550104"));
            assertThat(run.output()).contains("(replaced: the old resource is deleted in the cleanup phase)",
                    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
            assertThat(run.runner().status().orphans()).isEmpty();
        }
    }

    @Test
    void aSessionTheServiceRejectsFailsTheDeployWithTheProvidersReasonAndRollbackRestoresEverything()
            throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        Session a = Session.of("A", "+12065550100", "+14155550101");
        Session rejected = Session.of("Rejected", "+13125550102", "+16175550103")
                .connector("abcdefghij0123456789ab");
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.app(a))).isTrue();
            Map<String, ProxySession> before = byId(run.sessions(DEMO));
            List<ResourceRecord> recordedOnly = recordedOnly(run);

            // An in-place change of A and a new session the service refuses (an unknown connector).
            boolean ok = run.runner().deploy(f.app(a.expiry(45), rejected));

            assertThat(ok).isFalse();
            assertThat(run.output()).contains("CREATE_FAILED", "Rejected",
                    "CreateProxySession failed: NotFoundException (HTTP 404): Voice connector "
                            + "abcdefghij0123456789ab not found",
                    "UPDATE_ROLLBACK_COMPLETE",
                    "❌  Sessions failed: Rejected");
            // Everything as before, but the time of the last update: the rollback is an update back.
            assertThat(withoutUpdateTime(byId(run.sessions(DEMO)))).isEqualTo(withoutUpdateTime(before));
            assertThat(run.runner().store().load("Sessions").status()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
            assertThat(run.runner().status().orphans()).isEmpty();
            // What has no local meaning and changed on the way (the function's policy, which now named the unknown
            // connector too) is recorded as it was, physical id and attributes included.
            assertThat(run.output()).contains("(no local meaning: new properties recorded)");
            assertThat(recordedOnly(run)).containsExactlyInAnyOrderElementsOf(recordedOnly);
        }
    }

    private static List<ResourceRecord> recordedOnly(Run run) throws Exception {
        return run.runner().store().load("Sessions").resources().stream().filter(ResourceRecord::skipped).toList();
    }

    @Test
    void aFailedFirstDeployRollsBackToNothing() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        Session a = Session.of("A", "+12065550100", "+14155550101");
        Session rejected = Session.of("Rejected", "+13125550102", "+16175550103")
                .connector("abcdefghij0123456789ab");
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.app(a, rejected))).isFalse();

            assertThat(run.sessions(DEMO)).isEmpty();
            assertThat(run.output()).contains("ROLLBACK_COMPLETE");
            assertThat(run.runner().store().load("Sessions").resources()).isEmpty();
        }
    }

    @Test
    void resourcesRemovedFromTheTemplateAreDeletedUnlessRetained() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        Session a = Session.of("A", "+12065550100", "+14155550101");
        Session kept = Session.of("Kept", "+13125550102", "+16175550103").retained();
        Session c = Session.of("C", "+17025550104", "+18085550105");
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.app(a, kept, c))).isTrue();
            String keptId = run.runner().store().load("Sessions").resource(logicalId(run, "Kept")).physicalId();

            assertThat(run.runner().deploy(f.app(c))).as(run.output()).isTrue();

            assertThat(byId(run.sessions(DEMO)).keySet()).hasSize(2).contains(keptId);
            assertThat(run.output()).contains("DELETE_SKIPPED");
        }
    }

    @Test
    void destroyLeavesNoSessionAndStatusReportsNothingLeftAndNoOrphan() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(RunnerFixture.example(ON_DEMO))).isTrue();
            assertThat(run.runner().status().stacks().get(0).resources())
                    .filteredOn(r -> r.type().equals("Custom::ProxySession"))
                    .extracting(StatusReport.Resource::serviceStatus).containsOnly("Open");
            assertThat(run.runner().status().stacks().get(0).resources())
                    .filteredOn(r -> r.type().equals("Custom::VoiceConnectorProxy"))
                    .extracting(StatusReport.Resource::serviceStatus).containsExactly("configured");

            assertThat(run.runner().destroy()).as(run.output()).isTrue();

            assertThat(run.sessions(DEMO)).isEmpty();
            try (var client = run.runner().client()) {
                assertThatThrownBy(() -> client.getVoiceConnectorProxy(r -> r.voiceConnectorId(DEMO)))
                        .isInstanceOf(NotFoundException.class);
            }
            assertThat(run.output().indexOf("DELETE_COMPLETE              | Custom::ProxySession"))
                    .isLessThan(run.output().indexOf("DELETE_COMPLETE              | Custom::VoiceConnectorProxy"));
            StatusReport status = run.runner().status();
            assertThat(status.stacks()).singleElement().satisfies(s -> {
                assertThat(s.status()).isEqualTo("DELETE_COMPLETE");
                assertThat(s.resources()).isEmpty();
            });
            assertThat(status.orphans()).isEmpty();
        }
    }

    @Test
    void statusReportsAnOrphanOnTheStacksConnector() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(RunnerFixture.example(ON_DEMO))).isTrue();
            String stray;
            try (var client = run.runner().client()) {
                stray = client.createProxySession(r -> r.voiceConnectorId(DEMO)
                        .participantPhoneNumbers("+17025550199", "+18085550199").capabilitiesWithStrings("Voice"))
                        .proxySession().proxySessionId();
            }

            assertThat(run.runner().status().orphans()).extracting(ConnectorSurvey.Orphan::proxySessionId)
                    .containsExactly(stray);
        }
    }

    @Test
    void aSessionThatAPendingCreateMayHaveMadeIsNoOrphan() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        String stackId;
        ObjectNode properties;
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(f.app(Session.of("A", "+12065550150", "+14155550151")))).isTrue();
            StackRecord record = run.runner().store().load("Sessions");
            stackId = record.stackId();
            properties = ((ObjectNode) record.resource(logicalId(run, "A")).properties()).deepCopy();
        }
        // A run killed after it sent a Create, and after the provider made the session, before its answer.
        String requestId = f.addPending("Sessions", "Create", "Pending", "Custom::ProxySession", properties);
        try (Run run = f.open(); var client = run.runner().client()) {
            String made = client.createProxySession(r -> r.voiceConnectorId(DEMO).capabilitiesWithStrings("Voice")
                    .participantPhoneNumbers("+17025550170", "+18085550171")
                    .name(ProxySessionLineage.requestTag(stackId, "Pending", requestId)))
                    .proxySession().proxySessionId();
            String stray = client.createProxySession(r -> r.voiceConnectorId(DEMO).capabilitiesWithStrings("Voice")
                    .participantPhoneNumbers("+17025550172", "+18085550173").name("Stray"))
                    .proxySession().proxySessionId();

            StatusReport status = run.runner().status();

            assertThat(status.stacks().get(0).pending()).isEqualTo(1);
            assertThat(status.orphans()).extracting(ConnectorSurvey.Orphan::proxySessionId).containsExactly(stray)
                    .doesNotContain(made);
        }
    }

    private static String logicalId(Run run, String prefix) {
        return run.runner().store().load("Sessions").resources().stream().map(ResourceRecord::logicalId)
                .filter(k -> k.startsWith(prefix)).findFirst().orElseThrow();
    }
}
