package io.github.proxysessions.local;

import static io.github.proxysessions.local.RunnerFixture.DEMO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * What CloudFormation refuses, refused first, in its words (issue 17, item 4): each refusal changes nothing (the same
 * sessions, the same record), and the stack still redeploys and destroys after it. One deployed stack serves every
 * case; it is destroyed at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalTest {

    private Path dir;
    private RunnerFixture f;
    /** Stack Sessions: the demo connector's configuration and two sessions on it. */
    private CloudAssembly app;
    private List<String> sessions;

    @BeforeAll
    void deploy(@TempDir Path shared) throws Exception {
        dir = shared;
        f = new RunnerFixture(dir);
        app = f.app(Session.of("A", "+12065550150", "+14155550151"), Session.of("B", "+13125550152",
                "+16175550153"));
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            sessions = run.sessions(DEMO).stream().map(ProxySession::proxySessionId).sorted().toList();
        }
    }

    @AfterAll
    void destroy() {
        try (Run run = f.open()) {
            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThat(run.sessions(DEMO)).isEmpty();
        }
    }

    /** The logical id of the first resource of a type in a template. */
    private static String first(ObjectNode template, String type) {
        for (Map.Entry<String, JsonNode> r : template.path("Resources").properties()) {
            if (r.getValue().path("Type").asText().equals(type)) {
                return r.getKey();
            }
        }
        throw new IllegalArgumentException("no " + type);
    }

    private static ObjectNode resources(ObjectNode template) {
        return (ObjectNode) template.path("Resources");
    }

    private static ObjectNode parameter(ObjectNode template, String name) {
        return template.with("Resources").putObject(name).put("Type", "AWS::SSM::Parameter");
    }

    /** Each case: a change to the deployed template, and what CloudFormation answers it, before changing anything. */
    Iterable<Arguments> refusals() {
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("a Type changed on an existing logical id", new Object[] {
            (Consumer<ObjectNode>) t -> ((ObjectNode) t.path("Resources").path(first(t, "Custom::ProxySession")))
                    .put("Type", "Custom::ProxySessionV2"),
            "Update of resource type is not permitted. The new template modifies resource type of the following "
                    + "resources: [%s]"});
        cases.put("501 resources", new Object[] {
            (Consumer<ObjectNode>) t -> {
                for (int i = resources(t).size(); i < 501; i++) {
                    parameter(t, "Filler" + i);
                }
            },
            "Template format error: Number of resources, 501, is greater than maximum allowed, 500"});
        cases.put("201 outputs", new Object[] {
            (Consumer<ObjectNode>) t -> {
                for (int i = t.path("Outputs").size(); i < 201; i++) {
                    t.with("Outputs").putObject("Out" + i).put("Value", "v");
                }
            },
            "Template format error: Outputs count 201 is greater than max allowed 200"});
        cases.put("201 parameters", new Object[] {
            (Consumer<ObjectNode>) t -> {
                for (int i = t.path("Parameters").size(); i < 201; i++) {
                    t.with("Parameters").putObject("Param" + i).put("Type", "String").put("Default", "d");
                }
            },
            "Template format error: Parameter count 201 is greater than max allowed 200"});
        cases.put("201 mappings", new Object[] {
            (Consumer<ObjectNode>) t -> {
                for (int i = t.path("Mappings").size(); i < 201; i++) {
                    t.with("Mappings").putObject("Map" + i).putObject("k").put("v", "x");
                }
            },
            "Template format error: Number of mappings, 201, is greater than maximum allowed, 200"});
        cases.put("a logical id that is not alphanumeric", new Object[] {
            (Consumer<ObjectNode>) t -> parameter(t, "Not-Alphanumeric"),
            "Template format error: Resource name Not-Alphanumeric is non alphanumeric."});
        cases.put("a logical id of 256 characters", new Object[] {
            (Consumer<ObjectNode>) t -> parameter(t, "L".repeat(256)),
            "Template format error: Resource name " + "L".repeat(256) + " is longer than 255 characters."});
        cases.put("a reference to a resource not in the template", new Object[] {
            (Consumer<ObjectNode>) t -> parameter(t, "Reader").putObject("Properties").putObject("Value")
                    .put("Ref", "Nowhere"),
            "Template format error: Unresolved resource dependencies [Nowhere] in the Resources block of the "
                    + "template"});
        cases.put("a dependency cycle within the stack", new Object[] {
            (Consumer<ObjectNode>) t -> {
                parameter(t, "Egg").put("DependsOn", "Hen");
                parameter(t, "Hen").putObject("Properties").putObject("Value").putArray("Fn::GetAtt").add("Egg")
                        .add("Value");
            },
            "Circular dependency between resources: [Egg, Hen]"});
        return cases.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void isRefusedInCloudFormationsWordsChangingNothingAndTheStackStillRedeploys(
            String what, Consumer<ObjectNode> change, String answer) throws Exception {
        String[] session = new String[1];
        CloudAssembly changed = f.edited(app, "Sessions", t -> {
            session[0] = first(t, "Custom::ProxySession");
            change.accept(t);
        });

        Path file = f.stateDir.resolve("stacks").resolve("Sessions.json");
        byte[] record = Files.readAllBytes(file);
        try (Run run = f.open()) {
            assertThatThrownBy(() -> run.runner().deploy(changed)).isInstanceOf(UserError.class)
                    .hasMessage("CloudFormation refuses the deploy of stack Sessions: " + answer.formatted(session[0])
                            + (answer.endsWith(".") ? "" : ".") + " Nothing was changed.");
            assertThat(run.output()).isEmpty();
            assertThat(run.sessions(DEMO).stream().map(ProxySession::proxySessionId).sorted()).isEqualTo(sessions);

            assertThat(Arrays.equals(Files.readAllBytes(file), record)).as("the record is as it was").isTrue();
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
            assertThat(run.output()).contains(" ✅  Sessions (no changes)");
        }
    }

    @Test
    void aServiceTokenThatChangesFailsTheUpdateAndRollsBackSendingNothingToEitherFunction() throws Exception {
        RunnerFixture g = new RunnerFixture(dir.resolve("recorded"));
        CloudAssembly recorded = g.recordedApp(Map.of("Thing", Map.of("Value", "v1")));
        // The provider function moved to a new logical id: another function, another ARN.
        CloudAssembly moved = g.edited(recorded, "Recorded", t -> {
            String fn = first(t, "AWS::Lambda::Function");
            resources(t).set(fn + "Moved", t.path("Resources").path(fn).deepCopy());
            ObjectNode thing = (ObjectNode) t.path("Resources").path("Thing").path("Properties");
            thing.put("Value", "v2").putObject("ServiceToken").putArray("Fn::GetAtt").add(fn + "Moved").add("Arn");
        });
        // The same function, through an alias: what a provider that moves to a 'live' alias does to a stack.
        CloudAssembly aliased = g.edited(recorded, "Recorded", t -> {
            String fn = first(t, "AWS::Lambda::Function");
            ObjectNode thing = (ObjectNode) t.path("Resources").path("Thing").path("Properties");
            ObjectNode join = thing.put("Value", "v2").putObject("ServiceToken");
            ArrayNode parts = join.putArray("Fn::Join").add("").addArray();
            parts.addObject().putArray("Fn::GetAtt").add(fn).add("Arn");
            parts.add(":live");
        });
        try (Run run = g.open()) {
            assertThat(run.runner().deploy(recorded)).as(run.output()).isTrue();
            StackRecord before = run.runner().store().load("Recorded");
            ResourceRecord thing = before.resource("Thing");

            for (CloudAssembly change : List.of(moved, aliased)) {
                int start = run.output().length();
                assertThat(run.runner().deploy(change)).isFalse();

                String output = run.output().substring(start);
                assertThat(output).contains("UPDATE_FAILED", "| Thing Modifying service token is not allowed.",
                        "UPDATE_ROLLBACK_COMPLETE");
                assertThat(g.recordedEvents()).containsExactly("Create - Value=v1 Old=-");
                StackRecord after = run.runner().store().load("Recorded");
                assertThat(after.resource("Thing")).isEqualTo(thing);
                assertThat(after.resources()).extracting(ResourceRecord::logicalId)
                        .containsExactlyInAnyOrderElementsOf(before.resources().stream()
                                .map(ResourceRecord::logicalId).toList());
                assertThat(after.leftovers()).isEmpty();
                if (change == aliased) {
                    assertThat(output).contains("note: the ServiceToken of Thing now names the function's alias or "
                            + "version 'live' instead of the function itself",
                            "see \"Upgrading a stack deployed with an earlier version\" in README.md");
                }
            }

            assertThat(run.runner().deploy(recorded)).as(run.output()).isTrue();
            assertThat(run.output()).contains(" ✅  Recorded (no changes)");
            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThat(g.recordedEvents()).containsExactly("Create - Value=v1 Old=-",
                    "Delete " + thing.physicalId() + " Value=v1 Old=-");
        }
    }
}
