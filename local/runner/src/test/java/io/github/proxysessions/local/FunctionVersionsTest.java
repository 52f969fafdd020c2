package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.local.lambda.TestFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.Version;

/**
 * Custom resources whose ServiceToken is an alias ({@code AWS::Lambda::Alias}) of a published version
 * ({@code AWS::Lambda::Version}): the runner invokes what the alias names, as Lambda does, with the configuration
 * the version froze when it was published, not the function's latest.
 */
class FunctionVersionsTest {

    @TempDir
    Path dir;

    private int apps;

    /**
     * A stack {@code Versioned}: a function (its environment's MARK), an alias {@code live} on either its current
     * version (published anew whenever the function changes, as CDK's currentVersion is) or a version published once
     * ({@code pinned}), and one custom resource {@code Thing} served through the alias.
     */
    private CloudAssembly app(String mark, String value, boolean pinned) throws Exception {
        Path outdir = Files.createDirectories(dir.resolve("cdk.out." + (++apps)));
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        Stack stack = new Stack(app, "Versioned");
        Function fn = Function.Builder.create(stack, "Fn").runtime(Runtime.JAVA_21).handler(TestFunctions.RECORDING)
                .code(Code.fromAsset(TestFunctions.jar(Files.createDirectories(dir.resolve("code"))).toString()))
                .memorySize(256).timeout(Duration.seconds(20)).environment(Map.of("MARK", mark)).build();
        IVersion version = pinned ? Version.Builder.create(stack, "Pinned").lambda(fn).build()
                : fn.getCurrentVersion();
        Alias live = Alias.Builder.create(stack, "Live").aliasName("live").version(version).build();
        CfnResource thing = CfnResource.Builder.create(stack, "Thing").type("Custom::Recorded")
                .properties(Map.of("ServiceToken", live.getFunctionArn(), "Value", value,
                        "Log", dir.resolve("recorded-events.log").toString()))
                .build();
        thing.overrideLogicalId("Thing");
        app.synth();
        return CloudAssembly.read(outdir);
    }

    private static ResourceRecord only(StackRecord record, String type) {
        List<ResourceRecord> of = record.resources().stream().filter(r -> r.type().equals(type)).toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }

    private List<String> events() throws Exception {
        return Files.readAllLines(dir.resolve("recorded-events.log"));
    }

    @Test
    void aServiceTokenOnAnAliasRunsTheVersionItNamesAndFollowsItWhenItMoves() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app("a", "v1", false))).as(run.output()).isTrue();
            StackRecord record = run.runner().store().load("Versioned");
            ResourceRecord fn = only(record, "AWS::Lambda::Function");
            ResourceRecord alias = only(record, "AWS::Lambda::Alias");
            // Ref of an alias is its ARN: the function's, qualified by the alias's name.
            assertThat(alias.physicalId()).isEqualTo(fn.data().get("Arn") + ":live");
            assertThat(record.resource("Thing").properties().path("ServiceToken").asText())
                    .isEqualTo(alias.physicalId());
            assertThat(events()).containsExactly("Create - Value=v1 Old=- Version=1 Via=live Mark=a");
            String thing = record.resource("Thing").physicalId();

            // A new configuration publishes version 2, the alias moves to it, and the ServiceToken stays the same.
            assertThat(run.runner().deploy(app("b", "v2", false))).as(run.output()).isTrue();
            assertThat(events()).containsExactly("Create - Value=v1 Old=- Version=1 Via=live Mark=a",
                    "Update " + thing + " Value=v2 Old=v1 Version=2 Via=live Mark=b");
            ResourceRecord version = only(run.runner().store().load("Versioned"), "AWS::Lambda::Version");
            assertThat(version.physicalId()).isEqualTo(fn.data().get("Arn") + ":2");
            assertThat(version.data()).containsEntry("Version", "2");

            assertThat(run.runner().destroy()).as(run.output()).isTrue();
            assertThat(events()).last().isEqualTo("Delete " + thing + " Value=v2 Old=- Version=2 Via=live Mark=b");
        }
    }

    @Test
    void aPublishedVersionKeepsTheConfigurationItFroze() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app("a", "v1", true))).as(run.output()).isTrue();
            // The function changes, its published version does not: the alias still runs MARK=a.
            assertThat(run.runner().deploy(app("b", "v2", true))).as(run.output()).isTrue();
            String thing = run.runner().store().load("Versioned").resource("Thing").physicalId();
            assertThat(events()).containsExactly("Create - Value=v1 Old=- Version=1 Via=live Mark=a",
                    "Update " + thing + " Value=v2 Old=v1 Version=1 Via=live Mark=a");
        }
    }
}
