package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The provider's settings ({@link ProxySessionProviderProps}) and its explicit creation, through the template. */
class ProxySessionProviderTest {

    private static final String FUNCTION = "AWS::Lambda::Function";

    private final App app = new App();
    private final Stack stack = new Stack(app, "Test");

    private ProxySession session(String id) {
        return ProxySession.Builder.create(stack, id)
                .voiceConnectorId(ProxySessionTemplateTest.CONNECTOR)
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101"))
                .capabilities(List.of(Capability.VOICE))
                .build();
    }

    private Template withSession(ProxySessionProviderProps props) {
        ProxySessionProvider.create(stack, props);
        session("Support");
        return Template.fromStack(stack);
    }

    @Test
    void aProviderCreatedByASessionHasTheDefaults() {
        session("Support");

        Template t = Template.fromStack(stack);
        t.hasResourceProperties(FUNCTION, Map.of("Architectures", List.of("arm64"), "MemorySize", 1024,
                "ReservedConcurrentExecutions", Match.absent(), "TracingConfig", Match.absent()));
        t.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void createWithNoSettingsGivesTheSameTemplateAsTheFirstSession() {
        Template byCreate = withSession(null);
        Stack other = new Stack(new App(), "Test");
        ProxySession.Builder.create(other, "Support").voiceConnectorId(ProxySessionTemplateTest.CONNECTOR)
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101"))
                .capabilities(List.of(Capability.VOICE)).build();

        assertThat(byCreate.toJSON()).isEqualTo(Template.fromStack(other).toJSON());
    }

    @Test
    void architectureX86() {
        withSession(ProxySessionProviderProps.builder().architecture(Architecture.X86_64).build())
                .hasResourceProperties(FUNCTION, Map.of("Architectures", List.of("x86_64")));
    }

    @Test
    void memorySize() {
        withSession(ProxySessionProviderProps.builder().memorySize(2048).build())
                .hasResourceProperties(FUNCTION, Map.of("MemorySize", 2048));
    }

    @Test
    void logRetention() {
        withSession(ProxySessionProviderProps.builder().logRetention(RetentionDays.ONE_YEAR).build())
                .hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365));
    }

    @Test
    void reservedConcurrentExecutions() {
        withSession(ProxySessionProviderProps.builder().reservedConcurrentExecutions(5).build())
                .hasResourceProperties(FUNCTION, Map.of("ReservedConcurrentExecutions", 5));
    }

    @Test
    void activeTracingLetsTheRoleSendTracesAndNothingMore() {
        Template t = withSession(ProxySessionProviderProps.builder().tracing(Tracing.ACTIVE).build());

        t.hasResourceProperties(FUNCTION, Map.of("TracingConfig", Map.of("Mode", "Active")));
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(
                List.of(Map.of("Effect", "Allow", "Action", List.of("xray:PutTraceSegments",
                        "xray:PutTelemetryRecords"), "Resource", "*"))))));
    }

    @Test
    void passThroughTracing() {
        withSession(ProxySessionProviderProps.builder().tracing(Tracing.PASS_THROUGH).build())
                .hasResourceProperties(FUNCTION, Map.of("TracingConfig", Map.of("Mode", "PassThrough")));
    }

    @Test
    void tokensArePassedThrough() {
        CfnParameter memory = CfnParameter.Builder.create(stack, "Memory").type("Number").build();

        withSession(ProxySessionProviderProps.builder().memorySize(Token.asNumber(memory.getValue())).build())
                .hasResourceProperties(FUNCTION, Map.of("MemorySize", Map.of("Ref", "Memory")));
    }

    @Test
    void theSessionsOfTheStackUseTheCreatedProvider() {
        ProxySessionProvider provider = ProxySessionProvider.create(stack,
                ProxySessionProviderProps.builder().memorySize(512).build());
        session("Support");
        VoiceConnectorProxy.Builder.create(stack, "Proxy").voiceConnectorId(ProxySessionTemplateTest.OTHER_CONNECTOR)
                .defaultSessionExpiry(software.amazon.awscdk.Duration.hours(1)).phoneNumberPoolCountries(List.of("US"))
                .build();

        assertThat(ProxySessionProvider.of(stack)).isSameAs(provider);
        Template t = Template.fromStack(stack);
        t.resourceCountIs(FUNCTION, 1);
        t.hasResourceProperties(FUNCTION, Map.of("MemorySize", 512));
    }

    @Test
    void createTwiceIsASynthErrorThatSaysToCallItOnce() {
        ProxySessionProvider.create(stack, null);

        assertThatThrownBy(() -> ProxySessionProvider.create(stack, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("stack 'Test' already has a proxy-session provider, from an earlier "
                        + "ProxySessionProvider.create: call ProxySessionProvider.create once per stack, before the "
                        + "stack's first ProxySession or VoiceConnectorProxy, with all the settings");
    }

    @Test
    void createAfterASessionMadeTheProviderNamesThatSessionAndSaysToCreateItFirst() {
        session("Support");

        assertThatThrownBy(() -> ProxySessionProvider.create(stack,
                ProxySessionProviderProps.builder().memorySize(2048).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("stack 'Test' already has a proxy-session provider with the default settings, created "
                        + "for 'Test/Support' (its first use): call ProxySessionProvider.create once per stack, "
                        + "before the stack's first ProxySession or VoiceConnectorProxy, with all the settings");
        Template.fromStack(stack).hasResourceProperties(FUNCTION, Map.of("MemorySize", 1024));
    }

    @Test
    void invalidSettingsFailSynthNamingEachAndLeaveNoProvider() {
        assertThatThrownBy(() -> ProxySessionProvider.create(stack, ProxySessionProviderProps.builder()
                .memorySize(100).reservedConcurrentExecutions(0).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ProxySessionProvider 'Test/ProxySessionProvider': memorySize must be a whole number of "
                        + "MB from 128 to 10240 (Lambda's limits); got 100; reservedConcurrentExecutions must be a "
                        + "whole number of at least 1 (0 would throttle every invocation, so no deploy event or "
                        + "renewal would ever run); got 0");
        assertThatThrownBy(() -> ProxySessionProvider.create(stack, ProxySessionProviderProps.builder()
                .memorySize(1536.5).build()))
                .hasMessageContaining("memorySize must be a whole number of MB from 128 to 10240");
        assertThatThrownBy(() -> ProxySessionProvider.create(stack, ProxySessionProviderProps.builder()
                .memorySize(10_241).build()))
                .hasMessageContaining("got 10241");

        assertThat(stack.getNode().tryFindChild(ProxySessionProvider.ID)).isNull();
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        Stack small = new Stack(app, "Small");
        ProxySessionProvider.create(small, ProxySessionProviderProps.builder().memorySize(128)
                .reservedConcurrentExecutions(1).build());
        Stack large = new Stack(app, "Large");
        ProxySessionProvider.create(large, ProxySessionProviderProps.builder().memorySize(10_240).build());

        Template.fromStack(small).hasResourceProperties(FUNCTION, Map.of("MemorySize", 128,
                "ReservedConcurrentExecutions", 1));
        Template.fromStack(large).hasResourceProperties(FUNCTION, Map.of("MemorySize", 10_240));
    }

    @Test
    void everySettingAtOnceIsCleanUnderCdkNag() throws Exception {
        App nagged = new App(AppProps.builder().context(ExampleStackTest.cliContext()).build());
        Validations.of(nagged).addPlugins(new AwsSolutionsChecks(nagged, NagPackProps.builder().build()));
        Stack tuned = new Stack(nagged, "Tuned");
        ProxySessionProvider.create(tuned, ProxySessionProviderProps.builder().architecture(Architecture.X86_64)
                .memorySize(2048).logRetention(RetentionDays.THREE_MONTHS).reservedConcurrentExecutions(10)
                .tracing(Tracing.ACTIVE).build());
        ProxySession.Builder.create(tuned, "Support").voiceConnectorId(ProxySessionTemplateTest.CONNECTOR)
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101"))
                .capabilities(List.of(Capability.VOICE)).build();

        // A finding would fail synthesis (ValidationFailed).
        CloudAssembly assembly = nagged.synth();

        assertThat(Path.of(assembly.getDirectory(), "validation-report.json")).content()
                .doesNotContain("AwsSolutions-");
    }
}
