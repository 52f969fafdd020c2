package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.ops.Drift;
import io.github.proxysessions.local.ops.Repair;
import io.github.proxysessions.local.ops.StatusReport;
import io.github.proxysessions.local.service.ConnectorLog;
import io.github.proxysessions.local.service.VoiceConnectorType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.Tag;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnector;

/**
 * AWS::Chime::VoiceConnector through the runner, against the embedded emulator: create, Ref and GetAtt, in-place
 * update (tags per contract C5), replacement, delete after its dependents, validation and rollback.
 */
class VoiceConnectorTest {

    private static final String MARKER = "proxy-sessions:proxy-configuration-owner";
    private static final List<String> WRITES = List.of("CreateVoiceConnector", "UpdateVoiceConnector",
            "DeleteVoiceConnector", "TagResource", "UntagResource");

    @TempDir
    Path dir;

    private int apps;

    /**
     * A stack "Voice" with the connector, a resource with no local meaning that reads its id and ARN, the outputs
     * that show Ref and every attribute, and whatever {@code extra} resources are given.
     */
    private CloudAssembly app(String connectorProperties, String extra) {
        return app(connectorProperties, "", extra);
    }

    /** As {@link #app(String, String)}, the connector with these attributes too ({@code "DeletionPolicy": ...}). */
    private CloudAssembly app(String connectorProperties, String connectorAttributes, String extra) {
        String template = """
                {"Resources": {
                  "Connector": {"Type": "AWS::Chime::VoiceConnector", "Properties": %s%s},
                  "Reader": {"Type": "AWS::SSM::Parameter", "Properties": {
                    "Type": "String", "Value": {"Fn::Join": ["|", [{"Ref": "Connector"},
                      {"Fn::GetAtt": ["Connector", "VoiceConnectorId"]}]]}}}%s
                 },
                 "Outputs": {
                   "Ref": {"Value": {"Ref": "Connector"}},
                   "Id": {"Value": {"Fn::GetAtt": ["Connector", "VoiceConnectorId"]}},
                   "Arn": {"Value": {"Fn::GetAtt": ["Connector", "VoiceConnectorArn"]}},
                   "Host": {"Value": {"Fn::GetAtt": ["Connector", "OutboundHostName"]}},
                   "Created": {"Value": {"Fn::GetAtt": ["Connector", "CreatedTimestamp"]}},
                   "Updated": {"Value": {"Fn::Sub": "${Connector.UpdatedTimestamp}"}}
                 }}""".formatted(connectorProperties, connectorAttributes.isEmpty() ? "" : ", " + connectorAttributes,
                extra.isEmpty() ? "" : "," + extra);
        return CloudAssembly.read(Assemblies.write(dir.resolve("app" + (++apps)), "Voice", template));
    }

    private CloudAssembly app(String connectorProperties) {
        return app(connectorProperties, "");
    }

    /** A custom resource that fails: its ServiceToken names no function of the stack. */
    private static final String BROKEN = """
            "Broken": {"Type": "Custom::Broken", "DependsOn": "Connector",
              "Properties": {"ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:none"}}""";

    private static final String V1 = """
            {"Name": "Support line", "RequireEncryption": true, "AwsRegion": "us-west-2", "NetworkType": "IPV4_ONLY",
             "Tags": [{"Key": "team", "Value": "support"}, {"Key": "env", "Value": "test"}]}""";

    private static Map<String, String> tags(ChimeSdkVoiceClient client, String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        client.listTagsForResource(r -> r.resourceARN(arn)).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static VoiceConnector connector(ChimeSdkVoiceClient client, String id) {
        return client.getVoiceConnector(r -> r.voiceConnectorId(id)).voiceConnector();
    }

    private static long writes(Run run) {
        return WRITES.stream().mapToLong(op -> run.runner().emulator().requestCount(op)).sum();
    }

    private static Map<String, String> outputs(Run run) {
        return run.runner().store().load("Voice").outputs();
    }

    @Test
    void createServesRefAndEveryAttributeAndARedeployChangesNothing() {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(app(V1))).as(run.output()).isTrue();

            Map<String, String> out = outputs(run);
            String id = out.get("Id");
            VoiceConnector c = connector(client, id);
            assertThat(c.name()).isEqualTo("Support line");
            assertThat(c.requireEncryption()).isTrue();
            assertThat(c.awsRegionAsString()).isEqualTo("us-west-2");
            assertThat(c.networkTypeAsString()).isEqualTo("IPV4_ONLY");
            assertThat(out.get("Ref")).isEqualTo("arn:aws:chime:us-west-2:123456789012:vc/" + id)
                    .isEqualTo(out.get("Arn")).isEqualTo(c.voiceConnectorArn());
            assertThat(out.get("Host")).isEqualTo(c.outboundHostName()).isNotBlank();
            assertThat(Instant.parse(out.get("Created"))).isEqualTo(c.createdTimestamp());
            assertThat(Instant.parse(out.get("Updated"))).isEqualTo(c.updatedTimestamp());
            assertThat(tags(client, out.get("Ref"))).isEqualTo(Map.of("team", "support", "env", "test"));
            assertThat(run.runner().store().load("Voice").resource("Reader").properties().path("Value").asText())
                    .isEqualTo(out.get("Ref") + "|" + id);
            assertThat(run.output()).contains(
                    "CREATE_IN_PROGRESS           | AWS::Chime::VoiceConnector   | Connector",
                    "CREATE_COMPLETE              | AWS::Chime::VoiceConnector   | Connector",
                    "SKIPPED                      | AWS::SSM::Parameter          | Reader")
                    .doesNotContain("SKIPPED                      | AWS::Chime::VoiceConnector");
            assertThat(run.output().indexOf("CREATE_COMPLETE              | AWS::Chime::VoiceConnector"))
                    .isLessThan(run.output().indexOf("| Reader"));

            // The same template with its tags in another order: no change, no call.
            run.runner().emulator().resetRequestCounts();
            assertThat(run.runner().deploy(app(V1.replace("""
                    [{"Key": "team", "Value": "support"}, {"Key": "env", "Value": "test"}]""", """
                    [{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "support"}]""")))).isTrue();
            assertThat(writes(run)).isZero();

            StatusReport.Resource shown = run.runner().status().stacks().get(0).resources().stream()
                    .filter(r -> r.logicalId().equals("Connector")).findFirst().orElseThrow();
            assertThat(shown.serviceStatus()).isEqualTo("present: 'Support line', us-west-2, IPV4_ONLY, encryption "
                    + "required, no proxy configuration, tags [env=test, team=support]");
        }
    }

    @Test
    void nameEncryptionAndTagsUpdateInPlaceAndAnUndeclaredTagIsNeverTouched() {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(app(V1))).isTrue();
            Map<String, String> before = outputs(run);
            // A key the template does not declare, as the proxy configuration's owner writes it.
            client.tagResource(r -> r.resourceARN(before.get("Ref"))
                    .tags(Tag.builder().key(MARKER).value("Other/Proxy/abcdefghijkl").build()));
            run.runner().emulator().advanceClock(Duration.ofMinutes(5));
            run.runner().emulator().resetRequestCounts();

            assertThat(run.runner().deploy(app("""
                    {"Name": "Support line 2", "RequireEncryption": false, "AwsRegion": "us-west-2",
                     "NetworkType": "IPV4_ONLY",
                     "Tags": [{"Key": "team", "Value": "care"}, {"Key": "cost", "Value": "42"}]}"""))).as(run.output())
                    .isTrue();

            Map<String, String> after = outputs(run);
            assertThat(after.get("Ref")).isEqualTo(before.get("Ref"));
            assertThat(after.get("Created")).isEqualTo(before.get("Created"));
            assertThat(Instant.parse(after.get("Updated"))).isAfter(Instant.parse(before.get("Updated")));
            VoiceConnector c = connector(client, after.get("Id"));
            assertThat(c.name()).isEqualTo("Support line 2");
            assertThat(c.requireEncryption()).isFalse();
            assertThat(tags(client, after.get("Ref"))).isEqualTo(Map.of("team", "care", "cost", "42",
                    MARKER, "Other/Proxy/abcdefghijkl"));
            assertThat(run.runner().emulator().requestCount("UpdateVoiceConnector")).isEqualTo(1);
            assertThat(run.runner().emulator().requestCount("TagResource")).isEqualTo(1);
            assertThat(run.runner().emulator().requestCount("UntagResource")).isEqualTo(1);
            assertThat(run.runner().emulator().requestCount("CreateVoiceConnector")).isZero();
            assertThat(run.output()).contains("UPDATE_COMPLETE              | AWS::Chime::VoiceConnector   | Connector")
                    .doesNotContain("replace");

            // Only tags removed from the template: untag those, and nothing else.
            run.runner().emulator().resetRequestCounts();
            assertThat(run.runner().deploy(app("""
                    {"Name": "Support line 2", "RequireEncryption": false, "AwsRegion": "us-west-2",
                     "NetworkType": "IPV4_ONLY"}"""))).isTrue();
            assertThat(tags(client, after.get("Ref"))).isEqualTo(Map.of(MARKER, "Other/Proxy/abcdefghijkl"));
            assertThat(run.runner().emulator().requestCount("UpdateVoiceConnector")).isZero();
        }
    }

    @Test
    void aNewRegionOrNetworkTypeReplacesTheConnectorAndCleanupDeletesTheOldOne() {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(app(V1))).isTrue();
            String oldId = outputs(run).get("Id");

            assertThat(run.runner().deploy(app(V1.replace("us-west-2", "eu-central-1")))).as(run.output()).isTrue();

            Map<String, String> now = outputs(run);
            assertThat(now.get("Id")).isNotEqualTo(oldId);
            assertThat(now.get("Ref")).startsWith("arn:aws:chime:eu-central-1:123456789012:vc/");
            assertThat(connector(client, now.get("Id")).awsRegionAsString()).isEqualTo("eu-central-1");
            assertThat(tags(client, now.get("Ref"))).isEqualTo(Map.of("team", "support", "env", "test"));
            assertThatThrownBy(() -> connector(client, oldId)).isInstanceOf(NotFoundException.class);
            // The dependent got the new Ref before the old connector went, in the cleanup phase.
            assertThat(run.runner().store().load("Voice").resource("Reader").properties().path("Value").asText())
                    .startsWith(now.get("Ref"));
            String output = run.output();
            assertThat(output).contains("(requires replacement: creating the new resource first)",
                    "(replaced: the old resource is deleted in the cleanup phase)");
            assertThat(output.indexOf("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"))
                    .isLessThan(output.lastIndexOf("DELETE_COMPLETE              | AWS::Chime::VoiceConnector"));

            String secondId = now.get("Id");
            assertThat(run.runner().deploy(app(V1.replace("us-west-2", "eu-central-1")
                    .replace("IPV4_ONLY", "DUAL_STACK")))).as(run.output()).isTrue();
            assertThat(outputs(run).get("Id")).isNotEqualTo(secondId);
            assertThat(connector(client, outputs(run).get("Id")).networkTypeAsString()).isEqualTo("DUAL_STACK");
            assertThatThrownBy(() -> connector(client, secondId)).isInstanceOf(NotFoundException.class);
        }
    }

    /** A resource with no local meaning and no reference to the connector; {@code DependsOn} as given. */
    private static String standalone(String dependsOn) {
        return """
                "Standalone": {"Type": "AWS::SSM::Parameter", %s"Properties": {"Type": "String", "Value": "x"}}"""
                .formatted(dependsOn.isEmpty() ? "" : "\"DependsOn\": \"" + dependsOn + "\", ");
    }

    @Test
    void anUpdateThatFailsAfterSomeCallsIsRolledBackToTheOldNameAndTags() {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(app(V1))).as(run.output()).isTrue();
            Map<String, String> before = outputs(run);
            // Tags set by hand fill the connector up to the service's 50: the update's TagResource will be refused
            // after its UpdateVoiceConnector has renamed the connector.
            List<Tag> byHand = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                byHand.add(Tag.builder().key("hand" + i).value("v").build());
            }
            client.tagResource(r -> r.resourceARN(before.get("Ref")).tags(byHand));
            Map<String, String> tagsBefore = tags(client, before.get("Ref"));

            assertThat(run.runner().deploy(app("""
                    {"Name": "Renamed", "RequireEncryption": true, "AwsRegion": "us-west-2", "NetworkType": "IPV4_ONLY",
                     "Tags": [{"Key": "team", "Value": "support"}, {"Key": "env", "Value": "test"},
                              {"Key": "cost", "Value": "42"}]}"""))).as(run.output()).isFalse();

            assertThat(run.runner().emulator().requestCount("UpdateVoiceConnector")).isEqualTo(2);
            assertThat(run.output()).contains("UPDATE_FAILED                | AWS::Chime::VoiceConnector   | Connector",
                    "(rollback to the old properties)", "UPDATE_ROLLBACK_COMPLETE");
            assertThat(connector(client, before.get("Id")).name()).isEqualTo("Support line");
            assertThat(tags(client, before.get("Ref"))).isEqualTo(tagsBefore);
            assertThat(run.runner().store().load("Voice").resource("Connector").properties().path("Name").asText())
                    .isEqualTo("Support line");
            assertThat(run.runner().status().stacks().get(0).resources())
                    .filteredOn(r -> r.logicalId().equals("Connector")).singleElement()
                    .satisfies(r -> assertThat(r.drift().status()).isEqualTo(Drift.Status.IN_SYNC));
        }
    }

    @Test
    void retainAndDependsOnAddedByALaterDeployAreRecordedWithoutACallAndHonoured() {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(app(V1, "", standalone("")))).as(run.output()).isTrue();
            String id = outputs(run).get("Id");
            run.runner().emulator().resetRequestCounts();

            // The same properties: only the policies and a DependsOn change.
            assertThat(run.runner().deploy(app(V1, "\"DeletionPolicy\": \"Retain\", \"UpdateReplacePolicy\": "
                    + "\"Retain\"", standalone("Connector")))).as(run.output()).isTrue();

            assertThat(writes(run)).isZero();
            ResourceRecord connector = run.runner().store().load("Voice").resource("Connector");
            assertThat(connector.deletionPolicy()).isEqualTo("Retain");
            assertThat(connector.updateReplacePolicy()).isEqualTo("Retain");
            assertThat(run.runner().store().load("Voice").resource("Standalone").dependencies())
                    .containsExactly("Connector");

            assertThat(run.runner().destroy()).as(run.output()).isTrue();

            assertThat(connector(client, id).name()).isEqualTo("Support line");
            assertThat(run.output()).contains("DELETE_SKIPPED               | AWS::Chime::VoiceConnector   | Connector");
            assertThat(run.runner().emulator().requestCount("DeleteVoiceConnector")).isZero();
        }
    }

    /** The connectors connectors.json says the stack declares, by logical id, read afresh from the file. */
    private static Map<String, ConnectorLog.Declared> declaredInTheLog(Run run) {
        return new ConnectorLog(run.runner().store().directory()).declared("Voice");
    }

    @Test
    void theConnectorLogFollowsTheRecordThroughARolledBackReplacementAndARetainedDelete() {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            String retain = "\"DeletionPolicy\": \"Retain\"";
            assertThat(run.runner().deploy(app(V1, retain, ""))).as(run.output()).isTrue();
            String arn = outputs(run).get("Ref");

            // A replacement rolled back: the old connector is the stack's again, in the log too.
            assertThat(run.runner().deploy(app(V1.replace("us-west-2", "ca-central-1"), retain, BROKEN))).isFalse();
            assertThat(run.runner().store().load("Voice").resource("Connector").physicalId()).isEqualTo(arn);
            assertThat(declaredInTheLog(run)).containsOnlyKeys("Connector")
                    .hasEntrySatisfying("Connector", d -> assertThat(d.arn()).isEqualTo(arn));

            // Retained by a destroy: it stays on the service, and is no longer the stack's to give back.
            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThat(run.runner().emulator().voiceConnectorIds()).contains(VoiceConnectorType.idOf(arn));
            assertThat(declaredInTheLog(run)).isEmpty();
            assertThat(new ConnectorLog(run.runner().store().directory()).connectors("Voice"))
                    .contains(VoiceConnectorType.idOf(arn));
        }
    }

    @Test
    void repairGivesTheConnectorBackWithItsRetainAndDependencies() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        String id;
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app(V1, "\"DeletionPolicy\": \"Retain\", \"DependsOn\": \"Standalone\"",
                    standalone("")))).as(run.output()).isTrue();
            id = outputs(run).get("Id");
        }
        Files.writeString(f.stateDir.resolve("stacks").resolve("Voice.json"), "{\"stackName\": \"Voice\", ");

        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            Repair.Plan plan = run.runner().planRepair(client, "Voice");
            assertThat(plan.adopted()).singleElement().satisfies(r -> {
                assertThat(r.logicalId()).isEqualTo("Connector");
                assertThat(r.deletionPolicy()).isEqualTo("Retain");
                assertThat(r.dependencies()).containsExactly("Standalone");
            });
            Repair.execute(plan, run.runner().store(), client, new PrintWriter(new StringWriter()));

            assertThat(run.runner().destroy()).as(run.output()).isTrue();

            assertThat(connector(client, id).name()).isEqualTo("Support line");
            assertThat(run.output()).contains("DELETE_SKIPPED               | AWS::Chime::VoiceConnector   | Connector");
        }
    }

    @Test
    void aRolledBackReplacementPutsTheOldConnectorBackBeforeTheNewOneIsDeleted() {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app(V1))).as(run.output()).isTrue();
            String old = outputs(run).get("Ref");
            // What a run killed after each save would find: the connector the record holds, and its leftovers.
            List<String> saved = new java.util.concurrent.CopyOnWriteArrayList<>();
            run.runner().store().beforeSave(r -> {
                ResourceRecord c = r.resource("Connector");
                saved.add((c == null ? "none" : c.physicalId().equals(old) ? "old" : "new") + " | "
                        + r.leftovers().stream().filter(l -> l.logicalId().equals("Connector"))
                                .map(l -> l.physicalId().equals(old) ? "old" : "new").toList());
            });

            assertThat(run.runner().deploy(app(V1.replace("us-west-2", "ca-central-1"), BROKEN))).isFalse();

            // Created, then undone: the old one back and the new one to delete in one save, then the delete.
            assertThat(saved).containsSubsequence("new | [old]", "old | [new]", "old | []")
                    .doesNotContain("none | [old]", "none | []");
            assertThat(run.runner().store().load("Voice").resource("Connector").physicalId()).isEqualTo(old);
            assertThat(run.runner().store().load("Voice").leftovers()).isEmpty();
        }
    }

    @Test
    void destroyDeletesTheConnectorAfterItsDependents() {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(app(V1))).isTrue();
            String id = outputs(run).get("Id");

            assertThat(run.runner().destroy()).as(run.output()).isTrue();

            assertThatThrownBy(() -> connector(client, id)).isInstanceOf(NotFoundException.class);
            String output = run.output();
            assertThat(output.indexOf("SKIPPED                      | AWS::SSM::Parameter          | Reader "
                    + "(no local meaning: forgotten)"))
                    .isPositive()
                    .isLessThan(output.indexOf("DELETE_IN_PROGRESS           | AWS::Chime::VoiceConnector"));
            assertThat(output).contains("DELETE_COMPLETE              | AWS::Chime::VoiceConnector   | Connector");
            assertThat(run.runner().emulator().voiceConnectorIds()).doesNotContain(id);
        }
    }

    @Test
    void invalidPropertiesFailTheResourceNamingPropertyAndRuleBeforeAnyCall() {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            run.runner().emulator().resetRequestCounts();

            boolean ok = run.runner().deploy(app("""
                    {"Name": "Support line!", "AwsRegion": "mars-1", "Colour": "blue",
                     "Tags": [{"Key": "team"}]}"""));

            assertThat(ok).isFalse();
            assertThat(run.output()).contains("CREATE_FAILED                | AWS::Chime::VoiceConnector   | Connector "
                    + "Properties validation failed for resource Connector with message: [",
                    "#: extraneous key [Colour] is not permitted", "#: required key [RequireEncryption] not found",
                    "#/Name: string [Support line!] does not match pattern ^[a-zA-Z0-9 _.-]+$",
                    "#/AwsRegion: mars-1 is not a valid enum value", "#/Tags/0: required key [Value] not found",
                    "ROLLBACK_COMPLETE");
            assertThat(writes(run)).isZero();
        }
    }

    @Test
    void aFailedFirstDeployDeletesTheConnectorItCreated() {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            List<String> before = run.runner().emulator().voiceConnectorIds();

            assertThat(run.runner().deploy(app(V1, BROKEN))).isFalse();

            assertThat(run.output()).contains("CREATE_COMPLETE              | AWS::Chime::VoiceConnector",
                    "CREATE_FAILED                | Custom::Broken", "ROLLBACK_IN_PROGRESS",
                    "DELETE_COMPLETE              | AWS::Chime::VoiceConnector", "ROLLBACK_COMPLETE");
            assertThat(run.runner().emulator().voiceConnectorIds()).isEqualTo(before);
            assertThat(run.runner().store().load("Voice").resources()).isEmpty();
        }
    }

    @Test
    void aFailedUpdateRollsTheConnectorBackAndAFailedReplacementLeavesTheOldOne() {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open(); ChimeSdkVoiceClient client = run.runner().client()) {
            assertThat(run.runner().deploy(app(V1))).isTrue();
            Map<String, String> before = outputs(run);
            client.tagResource(r -> r.resourceARN(before.get("Ref"))
                    .tags(Tag.builder().key(MARKER).value("Voice/Proxy/abcdefghijkl").build()));

            assertThat(run.runner().deploy(app("""
                    {"Name": "Renamed", "RequireEncryption": false, "AwsRegion": "us-west-2",
                     "NetworkType": "IPV4_ONLY", "Tags": [{"Key": "team", "Value": "care"}]}""", BROKEN)))
                    .as(run.output()).isFalse();

            assertThat(run.output()).contains("UPDATE_COMPLETE              | AWS::Chime::VoiceConnector",
                    "(rollback to the old properties)", "UPDATE_ROLLBACK_COMPLETE");
            VoiceConnector c = connector(client, before.get("Id"));
            assertThat(c.name()).isEqualTo("Support line");
            assertThat(c.requireEncryption()).isTrue();
            assertThat(tags(client, before.get("Ref"))).isEqualTo(Map.of("team", "support", "env", "test",
                    MARKER, "Voice/Proxy/abcdefghijkl"));
            assertThat(run.runner().store().load("Voice").resource("Connector").properties().path("Name").asText())
                    .isEqualTo("Support line");

            // A replacement that the rollback undoes: the new connector is deleted, the old one stays the stack's.
            List<String> connectors = run.runner().emulator().voiceConnectorIds();
            assertThat(run.runner().deploy(app(V1.replace("us-west-2", "ca-central-1"), BROKEN))).isFalse();
            assertThat(run.runner().emulator().voiceConnectorIds()).isEqualTo(connectors);
            assertThat(run.runner().store().load("Voice").resource("Connector").physicalId())
                    .isEqualTo(before.get("Ref"));
            assertThat(run.runner().store().load("Voice").leftovers()).isEmpty();
            assertThat(run.runner().store().load("Voice").status()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        }
    }
}
