package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** Literal values are checked at synth time with the handler's rules; tokens are left to the handler. */
class ValidationTest {

    private final Stack stack = new Stack(new App(), "Test");

    private ProxySession.Builder valid() {
        return ProxySession.Builder.create(stack, "Session")
                .voiceConnectorId("abcdefghij0123456789ab")
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101"))
                .capabilities(List.of(Capability.VOICE));
    }

    static Stream<Arguments> invalidProps() {
        return Stream.of(
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.voiceConnectorId(null),
                        "voiceConnector (or voiceConnectorId, or voiceConnectorProxy) is required"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.voiceConnectorId("VC-1"),
                        "voiceConnectorId must be a voice connector id"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.participantPhoneNumbers(null),
                        "participantPhoneNumbers is required"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.participantPhoneNumbers(List.of("+12065550100")),
                        "participantPhoneNumbers must be exactly 2 phone numbers; got 1"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.participantPhoneNumbers(
                        List.of("+12065550100", "206-555-0101")),
                        "participantPhoneNumbers item 2 must be an E.164 phone number"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.participantPhoneNumbers(
                        List.of("+12065550100", "12065550100")),
                        "participantPhoneNumbers must be two different phone numbers; both are '***0100'"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.capabilities(List.of()),
                        "capabilities must list at least one of [VOICE, SMS]"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.capabilities(null),
                        "capabilities must list at least one of"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.capabilities(
                        List.of(Capability.SMS, Capability.SMS)), "capabilities must not repeat a capability"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.expiry(Duration.seconds(90)),
                        "expiry must be a whole number of minutes from 1 to 720; got 1 minute 30 seconds"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.expiry(Duration.hours(13)),
                        "expiry must be from 1 to 720 minutes (the service's maximum is 12 hours); got 780"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.expiry(Duration.minutes(0)),
                        "expiry must be from 1 to 720 minutes"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.name("A name far too long for it"),
                        "name must be at most 22 characters (the service allows 30; the provider keeps 8 for its "
                                + "idempotency tag); got 26"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.name("Alice & Bob's line!"),
                        "name must contain only letters, digits and spaces; not allowed: '&', ''', '!'"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.geoMatch(GeoMatch.country("usa")),
                        "geoMatch country must be an ISO 3166 alpha-2 country code"),
                Arguments.of((Consumer<ProxySession.Builder>) b -> b.geoMatch(GeoMatch.areaCode("US", "2060")),
                        "geoMatch areaCode must be a 3-digit area code"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidProps")
    void anInvalidLiteralFailsSynthNamingThePropAndTheRule(Consumer<ProxySession.Builder> change, String message) {
        ProxySession.Builder builder = valid();
        change.accept(builder);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ProxySession 'Test/Session': ").hasMessageContaining(message);
    }

    @Test
    void aParticipantWithoutAPlusIsAWarningNamingTheItemWithTheNumberMasked() {
        ProxySession session = valid().participantPhoneNumbers(List.of("+12065550150", "2065550151")).build();
        ProxySession.Builder.create(stack, "Other").voiceConnectorId("abcdefghij0123456789ab")
                .participantPhoneNumbers(List.of("+13125550152", "+16175550153"))
                .capabilities(List.of(Capability.VOICE)).build();

        List<SynthesisMessage> warnings = Annotations.fromStack(stack).findWarning("*", Match.anyValue());
        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.getId()).isEqualTo("/" + session.getNode().getPath());
            assertThat(w.getEntry().getData().toString())
                    .startsWith("participantPhoneNumbers item 2 '***0151' has no '+': the service reads its first "
                            + "digits as the country code")
                    .contains("write +1 before its 10 digits")
                    .doesNotContain("2065550151")
                    .endsWith("[ack: @proxysessions/cdk:phoneNumberWithoutPlus]");
        });
    }

    @Test
    void aFallBackNumberWithoutAPlusIsAWarningToo() {
        VoiceConnectorProxy.Builder.create(stack, "Proxy").voiceConnectorId("abcdefghij0123456789ab")
                .defaultSessionExpiry(Duration.hours(1)).phoneNumberPoolCountries(List.of("US"))
                .fallBackPhoneNumber("12065550199").build();

        Annotations.fromStack(stack).hasWarning("/Test/Proxy", Match.stringLikeRegexp(
                "fallBackPhoneNumber '\\*\\*\\*0199' has no '\\+'.*"));
    }

    @Test
    void anInvalidSessionLeavesNothingInTheConstructTree() {
        assertThatThrownBy(() -> valid().expiry(Duration.hours(13)).build()).isInstanceOf(IllegalArgumentException.class);

        assertThat(stack.getNode().tryFindChild("Session")).isNull();
        assertThat(valid().build().getNode().getPath()).isEqualTo("Test/Session");
    }

    @Test
    void anInvalidSessionInAFreshStackLeavesNoProviderBehind() {
        assertThatThrownBy(() -> valid().expiry(Duration.hours(13)).build()).isInstanceOf(IllegalArgumentException.class);

        assertThat(stack.getNode().tryFindChild(ProxySessionProvider.ID)).isNull();
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        assertThatThrownBy(() -> valid().voiceConnectorId("x").expiry(Duration.hours(24)).name("a-b").build())
                .hasMessageContaining("voiceConnectorId").hasMessageContaining("expiry").hasMessageContaining("name");
    }

    @Test
    void tokensAreLeftForTheHandlerToCheckAtDeployTime() {
        CfnParameter connector = CfnParameter.Builder.create(stack, "Connector").build();
        CfnParameter first = CfnParameter.Builder.create(stack, "First").build();
        CfnParameter minutes = CfnParameter.Builder.create(stack, "Minutes").type("Number").build();
        CfnParameter name = CfnParameter.Builder.create(stack, "Name").build();
        CfnParameter numbers = CfnParameter.Builder.create(stack, "Numbers").type("CommaDelimitedList").build();

        valid().voiceConnectorId(connector.getValueAsString())
                .participantPhoneNumbers(List.of(first.getValueAsString(), "+14155550101"))
                .expiry(Duration.minutes(Token.asNumber(minutes.getValue())))
                .name(name.getValueAsString()).build();
        ProxySession.Builder.create(stack, "ListToken")
                .voiceConnectorId("abcdefghij0123456789ab")
                .participantPhoneNumbers(numbers.getValueAsList())
                .capabilities(List.of(Capability.SMS)).build();

        // Synthesized as given, for the handler to check once CloudFormation has resolved them.
        Template t = Template.fromStack(stack);
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of(
                "VoiceConnectorId", Map.of("Ref", "Connector"),
                "ParticipantPhoneNumbers", List.of(Map.of("Ref", "First"), "+14155550101"),
                "ExpiryMinutes", Map.of("Ref", "Minutes"),
                "Name", Map.of("Ref", "Name")));
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of(
                "ParticipantPhoneNumbers", Map.of("Ref", "Numbers"), "Capabilities", List.of("SMS")));
    }

    @Test
    void whetherTheParticipantsDifferIsLeftToTheHandlerWhenEitherIsAToken() {
        CfnParameter first = CfnParameter.Builder.create(stack, "First").build();

        valid().participantPhoneNumbers(List.of(first.getValueAsString(), first.getValueAsString())).build();

        Template.fromStack(stack).hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of(
                "ParticipantPhoneNumbers", List.of(Map.of("Ref", "First"), Map.of("Ref", "First"))));
    }

    @Test
    void literalPartsNextToTokensAreStillChecked() {
        CfnParameter first = CfnParameter.Builder.create(stack, "First").build();

        assertThatThrownBy(() -> valid().participantPhoneNumbers(List.of(first.getValueAsString(), "0555")).build())
                .hasMessageContaining("participantPhoneNumbers item 2 must be an E.164 phone number");
        assertThatThrownBy(() -> valid().participantPhoneNumbers(
                List.of(first.getValueAsString(), Fn.select(0, List.of("a")), "+14155550101")).build())
                .hasMessageContaining("participantPhoneNumbers must be exactly 2 phone numbers; got 3");
    }
}
