package io.github.proxysessions.local.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stack records on disk: those earlier versions wrote still load, and a change is saved whole. */
class StateStoreTest {

    @TempDir
    Path dir;

    private StateStore storeWithLegacyRecord() throws Exception {
        Path stacks = Files.createDirectories(dir.resolve("stacks"));
        try (InputStream legacy = getClass().getResourceAsStream("legacy-stack-record.json")) {
            Files.copy(legacy, stacks.resolve("ProxySessionsExample.json"));
        }
        return new StateStore(dir);
    }

    @Test
    void aRecordWrittenByThePreviousVersionLoadsWhole() throws Exception {
        StackRecord r = storeWithLegacyRecord().load("ProxySessionsExample");

        assertThat(r.stackId()).startsWith("arn:aws:cloudformation:us-east-1:123456789012:stack/ProxySessionsExample/");
        assertThat(r.status()).isEqualTo("CREATE_COMPLETE");
        assertThat(r.resources()).extracting(ResourceRecord::type).containsExactly("AWS::Logs::LogGroup",
                "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::Lambda::Function", "Custom::VoiceConnectorProxy",
                "Custom::ProxySession", "Custom::ProxySession");
        ResourceRecord support = r.resource("SupportLineB0BEB757");
        assertThat(support.physicalId()).isEqualTo("7e6ca3c3-27d1-4208-bae5-29ab8426e016");
        assertThat(support.properties().path("ExpiryMinutes").asText()).isEqualTo("120");
        assertThat(support.data()).containsEntry("Status", "Open");
        assertThat(support.dependencies()).containsExactly("ProxyCB0DFB71", "ProxySessionProviderFunction4E8A7CFC");
        assertThat(r.resource("ProxySessionProviderFunction4E8A7CFC").skipped()).isTrue();
        assertThat(r.pending()).singleElement().satisfies(p -> {
            assertThat(p.requestType()).isEqualTo("Update");
            assertThat(p.event().path("RequestId").asText()).isEqualTo(p.requestId());
            assertThat(p.target().properties().path("ExpiryMinutes").asText()).isEqualTo("45");
        });
        assertThat(r.leftovers()).extracting(ResourceRecord::physicalId)
                .containsExactly("1f0c2b8e-5b7d-4a51-8e0e-2f4b1c9d7a66");
        assertThat(r.outputs()).containsKey("SupportLineSessionId");
        assertThat(r.carried("voiceConnectors")).get().extracting(JsonNode::toString)
                .isEqualTo("[\"demovoiceconnector0001\"]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cut short|{\"stackName\": \"S\", \"stackId\": \"arn:aws:cloudformation:us-east-1:1:stack/S/x\", \"res",
        "not JSON|this is not JSON",
        "empty|''",
        "an empty object|{}",
        "a list|[]",
        "another stack's|{\"stackName\": \"T\", \"stackId\": \"arn\"}",
        "no stack id|{\"stackName\": \"S\"}",
        "a resource without an id|{\"stackName\": \"S\", \"stackId\": \"a\", \"resources\": {\"R\": {\"logicalId\": \"R\", \"type\": \"T\"}}}",
        "resources of the wrong shape|{\"stackName\": \"S\", \"stackId\": \"a\", \"resources\": [1]}",
    })
    void aRecordThatCannotBeReadIsNamedAndLeftAsItIs(String what, String content) throws Exception {
        Path file = Files.createDirectories(dir.resolve("stacks")).resolve("S.json");
        Files.writeString(file, content);
        StateStore store = new StateStore(dir);

        assertThatThrownBy(() -> store.load("S")).as(what).isInstanceOfSatisfying(DamagedRecordException.class,
                e -> {
                    assertThat(e.file()).isEqualTo(file.toAbsolutePath());
                    assertThat(e.getMessage()).startsWith("the record of stack S cannot be read: " + file
                            .toAbsolutePath() + ": ").doesNotContain("\n");
                });
        assertThat(store.scan()).singleElement().isInstanceOf(StateStore.Damaged.class);
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    @Test
    void aDamagedRecordIsSetAsideUnchangedAndTheStackRestartsWithItsId() throws Exception {
        Path file = Files.createDirectories(dir.resolve("stacks")).resolve("S.json");
        Files.writeString(file, "{\"stackName\": \"S\", \"stack");
        StateStore store = new StateStore(dir);

        Path aside = store.setAside("S", "arn:aws:cloudformation:us-east-1:123456789012:stack/S/1", List.of());

        assertThat(aside.getFileName().toString()).startsWith("S.json.damaged-");
        assertThat(Files.readString(aside)).isEqualTo("{\"stackName\": \"S\", \"stack");
        StackRecord fresh = store.load("S");
        assertThat(fresh.stackId()).isEqualTo("arn:aws:cloudformation:us-east-1:123456789012:stack/S/1");
        assertThat(fresh.holdsAnything()).isFalse();
    }

    @Test
    void aRepairRecordsEveryAdoptedResourceInOneSaveThatReplacesTheDamagedRecord() throws Exception {
        StateStore legacy = storeWithLegacyRecord();
        List<ResourceRecord> adopted = legacy.load("ProxySessionsExample").resources().subList(0, 2);
        Path file = dir.resolve("stacks").resolve("S.json");
        Files.writeString(file, "{\"stackName\": \"S\", \"stack");
        StateStore store = new StateStore(dir);
        List<String> saved = new java.util.ArrayList<>();
        // What is on disk at each save: a run killed after any of them sees exactly that.
        store.beforeSave(r -> saved.add(r.resources().size() + " " + r.status()));

        store.setAside("S", "arn:aws:cloudformation:us-east-1:123456789012:stack/S/1", adopted);

        assertThat(saved).containsExactly("2 REPAIRED");
        assertThat(store.load("S").resources()).extracting(ResourceRecord::logicalId)
                .containsExactlyElementsOf(adopted.stream().map(ResourceRecord::logicalId).toList());
    }

    @Test
    void aChangeSavesTheWholeRecordAndKeepsFieldsThisVersionDoesNotUse() throws Exception {
        StateStore store = storeWithLegacyRecord();
        StackRecord r = store.load("ProxySessionsExample");

        r.setOutputs(Map.of("Only", "one"), Map.of());

        StackRecord again = store.load("ProxySessionsExample");
        assertThat(again.outputs()).isEqualTo(Map.of("Only", "one"));
        assertThat(again.resources()).hasSize(7);
        assertThat(again.pending()).hasSize(1);
        assertThat(again.carried("voiceConnectors")).isPresent();
        assertThat(Files.list(dir.resolve("stacks"))).extracting(p -> p.getFileName().toString())
                .containsExactly("ProxySessionsExample.json");
    }

    @Test
    void anAnswerClearsItsRequestAndRecordsItsOutcomeInOneSave() throws Exception {
        StateStore store = storeWithLegacyRecord();
        StackRecord r = store.load("ProxySessionsExample");
        PendingOperation update = r.pending().get(0);
        String before = r.resource("Delivery5F6C039D").physicalId();

        r.recordAnswer(update, Outcome.succeeded(before, Map.of("ExpiryMinutes", "45")));

        StackRecord again = store.load("ProxySessionsExample");
        assertThat(again.pending()).isEmpty();
        assertThat(again.resource("Delivery5F6C039D").properties().path("ExpiryMinutes").asText()).isEqualTo("45");
        assertThat(again.resource("Delivery5F6C039D").physicalId()).isEqualTo(before);
        assertThat(again.leftovers()).hasSize(1);
    }

    @Test
    void anUpdateAnsweredWithAnotherIdMakesTheOldResourceALeftover() throws Exception {
        StateStore store = storeWithLegacyRecord();
        StackRecord r = store.load("ProxySessionsExample");
        String before = r.resource("Delivery5F6C039D").physicalId();

        r.recordAnswer(r.pending().get(0), Outcome.succeeded("replacement-id", Map.of()));

        StackRecord again = store.load("ProxySessionsExample");
        assertThat(again.resource("Delivery5F6C039D").physicalId()).isEqualTo("replacement-id");
        assertThat(again.leftovers()).extracting(ResourceRecord::physicalId).contains(before);
    }

    @Test
    void whatCannotFollowARequestStopsItBeforeItIsRecordedButNeverLosesWhatHappened() throws Exception {
        StateStore store = storeWithLegacyRecord();
        StackRecord r = store.load("ProxySessionsExample");
        byte[] before = Files.readAllBytes(store.stackFile("ProxySessionsExample"));
        PendingOperation waiting = r.pending().get(0);
        PendingOperation next = new PendingOperation("another-request", "Delete", waiting.logicalId(),
                waiting.event(), waiting.target());
        store.beforeSave(record -> {
            throw new IllegalStateException("cannot write connectors.json");
        });

        // A request about to be sent: refused before it is recorded, in memory as on disk.
        assertThatThrownBy(() -> r.addPending(next)).hasMessage("cannot write connectors.json");
        assertThat(r.pending()).containsExactly(waiting);
        assertThat(Files.readAllBytes(store.stackFile("ProxySessionsExample"))).isEqualTo(before);

        // What happened (the answer to a request already sent) is recorded all the same, then the failure is told.
        assertThatThrownBy(() -> r.recordAnswer(waiting, Outcome.succeeded("replacement-id", Map.of())))
                .hasMessage("cannot write connectors.json");
        assertThat(new StateStore(dir).load("ProxySessionsExample").resource("Delivery5F6C039D").physicalId())
                .isEqualTo("replacement-id");
        assertThat(r.pending()).isEmpty();
    }
}
