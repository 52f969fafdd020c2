package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.cdk.example.ProxySessionsApp;
import io.github.proxysessions.cdk.example.ProxySessionsExampleStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;

/** The example app that cdk.json runs. */
class ExampleStackTest {

    @Test
    void twoSessionsOnTheDemoConnectorByDefaultWithTheirIdsAndNumbersAsOutputs() {
        ProxySessionsExampleStack stack = ProxySessionsApp.build(new App());

        Template t = Template.fromStack(stack);
        t.resourceCountIs(ProxySession.RESOURCE_TYPE, 2);
        t.resourceCountIs(VoiceConnectorProxy.RESOURCE_TYPE, 1);
        t.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("VoiceConnectorId", "demovoiceconnector0001"));
        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("VoiceConnectorId",
                "demovoiceconnector0001", "DefaultSessionExpiryMinutes", 60, "PhoneNumberPoolCountries", List.of("US")));
        t.allResources(ProxySession.RESOURCE_TYPE, Map.of("DependsOn", List.of(Match.stringLikeRegexp("Proxy.*"))));
        // Never takes over someone else's configuration unless asked to.
        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("TakeOver", Match.absent()));
        for (String output : List.of("SupportLineSessionId", "SupportLineProxyNumber", "DeliverySessionId",
                "DeliveryProxyNumber")) {
            t.hasOutput(output, Map.of("Value", Map.of("Fn::GetAtt", Match.anyValue())));
        }
    }

    @Test
    void theConnectorComesFromTheVoiceConnectorIdContextValue() {
        App app = new App(AppProps.builder().context(Map.of("voiceConnectorId", "klmnopqrst0123456789ab")).build());

        Template t = Template.fromStack(ProxySessionsApp.build(app));

        t.allResourcesProperties(ProxySession.RESOURCE_TYPE, Map.of("VoiceConnectorId", "klmnopqrst0123456789ab"));
        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("VoiceConnectorId", "klmnopqrst0123456789ab"));
    }

    @Test
    void theTakeOverProxyConfigurationContextValueLetsTheStackManageAnExistingConfiguration() {
        App app = new App(AppProps.builder().context(Map.of("takeOverProxyConfiguration", "true")).build());

        Template t = Template.fromStack(ProxySessionsApp.build(app));

        t.hasResourceProperties(VoiceConnectorProxy.RESOURCE_TYPE, Map.of("TakeOver", true));
    }

    @Test
    void cdkNagAwsSolutionsFindsNothingUnsuppressedAndEverySuppressionSaysWhy() {
        App app = new App();
        ProxySessionsExampleStack stack = ProxySessionsApp.build(app);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        CloudAssembly assembly = app.synth();

        assertThat(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .isEmpty();
        String template = assembly.getStackByName(stack.getStackName()).getTemplate().toString();
        assertThat(template).contains("rules_to_suppress");
        Template.fromStack(stack).hasResource("AWS::Lambda::Function", Map.of("Metadata", Map.of("cdk_nag",
                Map.of("rules_to_suppress", List.of(Map.of("id", "AwsSolutions-L1",
                        "reason", Match.stringLikeRegexp(".{40,}")))))));
    }
}
