package io.github.proxysessions.local.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud assemblies as CDK writes them for Stages: nested assemblies (here a Stage {@code Prod} holding a Stage
 * {@code Eu}), each stack's display name and stack name, and the stack dependencies the manifests record.
 */
class CloudAssemblyTest {

    @TempDir
    Path dir;

    private static final String TEMPLATE = "{\"Resources\": {\"P\": {\"Type\": \"AWS::SSM::Parameter\"}}}";

    private void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** {@code Top} at the top; Stage {@code Prod} with {@code Telephony} and {@code Sessions}; {@code Prod/Eu/Edge}. */
    private Path nested() throws Exception {
        write(dir.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {
                  "Top": {"type": "aws:cloudformation:stack", "displayName": "Top",
                          "properties": {"templateFile": "Top.template.json"}},
                  "assembly-Prod": {"type": "cdk:cloud-assembly", "displayName": "Prod",
                          "properties": {"directoryName": "assembly-Prod", "displayName": "Prod"}}}}""");
        write(dir.resolve("Top.template.json"), TEMPLATE);
        Path prod = dir.resolve("assembly-Prod");
        write(prod.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {
                  "ProdTelephony03B047E3.assets": {"type": "cdk:asset-manifest",
                          "properties": {"file": "ProdTelephony03B047E3.assets.json"}},
                  "ProdTelephony03B047E3": {"type": "aws:cloudformation:stack", "displayName": "Prod/Telephony",
                          "properties": {"templateFile": "ProdTelephony03B047E3.template.json",
                                         "stackName": "Prod-Telephony"},
                          "dependencies": ["ProdTelephony03B047E3.assets"]},
                  "ProdSessions8BA3083B": {"type": "aws:cloudformation:stack", "displayName": "Prod/Sessions",
                          "properties": {"templateFile": "ProdSessions8BA3083B.template.json",
                                         "stackName": "Prod-Sessions"},
                          "dependencies": ["ProdTelephony03B047E3", "ProdSessions8BA3083B.assets"]},
                  "assembly-Prod-Eu": {"type": "cdk:cloud-assembly", "displayName": "Prod/Eu",
                          "properties": {"directoryName": "assembly-Prod-Eu", "displayName": "Prod/Eu"}}}}""");
        write(prod.resolve("ProdTelephony03B047E3.assets.json"), """
                {"version": "48.0.0", "files": {"abc": {"source": {"path": "asset.abc", "packaging": "file"},
                  "destinations": {"d": {"bucketName": "b", "objectKey": "abc.jar"}}}}}""");
        write(prod.resolve("ProdTelephony03B047E3.template.json"), TEMPLATE);
        write(prod.resolve("ProdSessions8BA3083B.template.json"), TEMPLATE);
        Path eu = prod.resolve("assembly-Prod-Eu");
        write(eu.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {
                  "ProdEuEdgeA1B2C3D4": {"type": "aws:cloudformation:stack", "displayName": "Prod/Eu/Edge",
                          "properties": {"templateFile": "ProdEuEdgeA1B2C3D4.template.json",
                                         "stackName": "Prod-Eu-Edge"}}}}""");
        write(eu.resolve("ProdEuEdgeA1B2C3D4.template.json"), TEMPLATE);
        return dir;
    }

    @Test
    void stagesWithinStagesAreReadWithTheirStacksNamesAndDependencies() throws Exception {
        CloudAssembly assembly = CloudAssembly.read(nested());

        assertThat(assembly.stacks()).extracting(CloudAssembly.Stack::displayName)
                .containsExactly("Top", "Prod/Telephony", "Prod/Sessions", "Prod/Eu/Edge");
        assertThat(assembly.stacks()).extracting(CloudAssembly.Stack::name)
                .containsExactly("Top", "Prod-Telephony", "Prod-Sessions", "Prod-Eu-Edge");
        assertThat(assembly.stacks()).extracting(CloudAssembly.Stack::id)
                .containsExactly("Top", "ProdTelephony03B047E3", "ProdSessions8BA3083B", "ProdEuEdgeA1B2C3D4");
        CloudAssembly.Stack sessions = assembly.stacks().get(2);
        assertThat(sessions.dependencies()).containsExactly("Prod-Telephony");
        assertThat(assembly.stacks().get(1).dependencies()).isEmpty();
        assertThat(assembly.stacks().get(1).assetsByObjectKey())
                .containsEntry("abc.jar", dir.resolve("assembly-Prod").resolve("asset.abc"));
        assertThat(DeployPlan.graphOf(assembly.stacks(), new StackDeployment.Options("us-east-1", "1", 1)).order())
                .containsSubsequence("Prod-Telephony", "Prod-Sessions");
    }

    @Test
    void aStageWhoseAssemblyIsMissingIsNamed() throws Exception {
        Path app = nested();
        Files.delete(app.resolve("assembly-Prod").resolve("assembly-Prod-Eu").resolve("manifest.json"));

        assertThatThrownBy(() -> CloudAssembly.read(app)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a complete cloud assembly: the nested assembly Prod/Eu has no "
                        + "manifest.json in assembly-Prod/assembly-Prod-Eu");
    }

    @Test
    void twoStacksOfOneNameAreRefused() throws Exception {
        Path app = nested();
        Path eu = app.resolve("assembly-Prod").resolve("assembly-Prod-Eu").resolve("manifest.json");
        Files.writeString(eu, Files.readString(eu).replace("Prod-Eu-Edge", "Prod-Sessions"));

        assertThatThrownBy(() -> CloudAssembly.read(app)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds two stacks named Prod-Sessions (Prod/Sessions and Prod/Eu/Edge)");
    }

    @Test
    void aCycleBetweenStacksIsNamed() {
        StackGraph graph = StackGraph.of(List.of(new StackGraph.Node("A", "S/A", List.of("B")),
                new StackGraph.Node("B", "S/B", List.of("C")), new StackGraph.Node("C", "S/C", List.of("A"))));

        assertThatThrownBy(graph::order).isInstanceOf(TemplateException.class)
                .hasMessage("circular dependency between stacks: A -> B -> C -> A");
    }
}
