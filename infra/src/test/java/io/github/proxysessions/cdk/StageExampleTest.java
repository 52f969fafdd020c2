package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.proxysessions.cdk.example.ProxySessionsApp;
import io.github.proxysessions.cdk.example.ProxySessionsStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StageProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** The example app's multi-stack variant: a Stage whose two stacks are wired by cross-stack references. */
class StageExampleTest {

    @Test
    void telephonyHoldsTheConnectorAndItsConfigurationAndSessionsImportItsId() {
        ProxySessionsStage stage = new ProxySessionsStage(new App(), "Prod", StageProps.builder().build());

        assertThat(stage.telephony().getStackName()).isEqualTo("Prod-Telephony");
        assertThat(stage.sessions().getStackName()).isEqualTo("Prod-Sessions");
        Template telephony = Template.fromStack(stage.telephony());
        telephony.resourceCountIs("AWS::Chime::VoiceConnector", 1);
        telephony.hasResourceProperties("AWS::Chime::VoiceConnector", Map.of("Name", "proxy-sessions-prod"));
        telephony.resourceCountIs(VoiceConnectorProxy.RESOURCE_TYPE, 1);
        telephony.resourceCountIs(ProxySession.RESOURCE_TYPE, 0);
        Template sessions = Template.fromStack(stage.sessions());
        sessions.resourceCountIs("AWS::Chime::VoiceConnector", 0);
        sessions.resourceCountIs(VoiceConnectorProxy.RESOURCE_TYPE, 0);
        sessions.resourceCountIs(ProxySession.RESOURCE_TYPE, 2);
        sessions.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("VoiceConnectorId",
                Map.of("Fn::ImportValue", Match.stringLikeRegexp("^Prod-Telephony:ExportsOutput.*"))));
        assertThat(stage.sessions().getDependencies()).containsExactly(stage.telephony());
        // Participants outside the emulator's inventory of proxy numbers, as in the single-stack example.
        sessions.findResources(ProxySession.RESOURCE_TYPE).values().forEach(session -> assertThat(
                (List<?>) ((Map<?, ?>) ((Map<?, ?>) session).get("Properties")).get("ParticipantPhoneNumbers"))
                .allSatisfy(n -> assertThat(n.toString()).matches("\\+1\\d{3}5550(1[5-9]\\d)")));
    }

    @Test
    void theStageContextValueBuildsTheStageInsteadOfTheExampleStack() throws Exception {
        App app = new App(AppProps.builder().context(Map.of(ProxySessionsApp.STAGE, "Prod")).build());

        ProxySessionsApp.buildFromContext(app);
        CloudAssembly assembly = app.synth();

        assertThat(assembly.getStacks()).isEmpty();
        Path nested = Path.of(assembly.getDirectory(), "assembly-Prod");
        assertThat(nested.resolve("manifest.json")).content().contains("\"displayName\": \"Prod/Telephony\"",
                "\"displayName\": \"Prod/Sessions\"", "\"stackName\": \"Prod-Sessions\"");
        assertThat(Files.list(nested).map(p -> p.getFileName().toString()))
                .contains("ProdTelephony03B047E3.template.json");
    }

    @Test
    void withoutTheStageContextValueTheAppIsTheExampleStackAsBefore() {
        App app = new App();

        ProxySessionsApp.buildFromContext(app);

        assertThat(app.getNode().getChildren()).singleElement().isInstanceOfSatisfying(Stack.class, stack -> {
            assertThat(stack.getStackName()).isEqualTo(ProxySessionsApp.STACK_NAME);
            Template t = Template.fromStack(stack);
            t.resourceCountIs("AWS::Chime::VoiceConnector", 1);
            t.resourceCountIs(VoiceConnectorProxy.RESOURCE_TYPE, 1);
            t.resourceCountIs(ProxySession.RESOURCE_TYPE, 2);
        });
    }

    @Test
    void aStageNameThatCannotLeadAStackNameIsRefusedNamingTheContextKey() {
        for (String given : List.of("prod_eu", "1st", "", "Prod/Eu")) {
            App app = new App(AppProps.builder().context(Map.of(ProxySessionsApp.STAGE, given)).build());

            assertThatThrownBy(() -> ProxySessionsApp.buildFromContext(app)).as(given)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("context stage must be a Stage name that can lead a stack name: a letter, then up "
                            + "to 63 letters, digits and hyphens; got '" + given + "'");
        }
    }

    @Test
    void theStageIsCleanUnderCdkNag() throws Exception {
        Map<String, Object> context = new java.util.HashMap<>(ExampleStackTest.cliContext());
        context.put(ProxySessionsApp.STAGE, "Prod");
        App app = new App(AppProps.builder().context(context).build());
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app, NagPackProps.builder().verbose(true).build()));
        ProxySessionsApp.buildFromContext(app);

        CloudAssembly assembly = app.synth();

        assertThat(Path.of(assembly.getDirectory(), "validation-report.json")).content()
                .doesNotContain("AwsSolutions-");
    }
}
