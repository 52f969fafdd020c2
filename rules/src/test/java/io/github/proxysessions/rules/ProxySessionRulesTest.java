package io.github.proxysessions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxySessionRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghij0123456789ab", "abcdefghij0123456789a", "123e4567-e89b-12d3-a456-426614174000"})
    void voiceConnectorIdsAsTheServiceIssuesThem(String id) {
        assertThat(ProxySessionRules.voiceConnectorId(id)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ABCDEFGHIJ0123456789AB", "abc", "xabcdefghij0123456789abx", "vc/abcdefghij0123456789ab"})
    void otherConnectorIdsAreRefusedAnchored(String id) {
        assertThat(ProxySessionRules.voiceConnectorId(id)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("must be a voice connector id"));
    }

    @Test
    void anArnIsRefusedWithWhatToGiveInstead() {
        assertThat(ProxySessionRules.voiceConnectorId("arn:aws:chime:us-east-1:123456789012:vc/abcdefghij0123456789ab"))
                .hasValue("must be a voice connector id, not an ARN: give the part after 'vc/' "
                        + "('abcdefghij0123456789ab'); with the CDK constructs, pass the connector itself with "
                        + "voiceConnector(...); in a template, use Fn::GetAtt <Connector>.VoiceConnectorId, not Ref");
        assertThat(ProxySessionRules.voiceConnectorId("arn:aws:chime:us-east-1:123456789012:meeting/x").orElseThrow())
                .startsWith("must be a voice connector id, not an ARN: give the connector's id;");
    }

    @Test
    void theIdInAConnectorArn() {
        assertThat(ProxySessionRules.voiceConnectorIdInArn("arn:aws:chime:us-east-1:123456789012:vc/abc"))
                .hasValue("abc");
        assertThat(ProxySessionRules.voiceConnectorIdInArn("arn:aws-cn:chime::123456789012:vc/abc")).hasValue("abc");
        assertThat(ProxySessionRules.voiceConnectorIdInArn("arn:aws:chime:us-east-1:123456789012:vc/")).isEmpty();
        assertThat(ProxySessionRules.voiceConnectorIdInArn("arn:aws:s3:us-east-1:123456789012:vc/abc")).isEmpty();
        assertThat(ProxySessionRules.voiceConnectorIdInArn("abcdefghij0123456789ab")).isEmpty();
        assertThat(ProxySessionRules.voiceConnectorIdInArn(null)).isEmpty();
    }

    @Test
    void participantsAreExactlyTwoDifferentE164Numbers() {
        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("+12065550100", "14155550101"))).isEmpty();
        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("+12065550100")))
                .hasValue("must be exactly 2 phone numbers; got 1");
        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("+1", "+2", "+3")))
                .hasValue("must be exactly 2 phone numbers; got 3");
        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("+12065550100", "+02065550100")).orElseThrow())
                .startsWith("item 2 must be an E.164 phone number").endsWith("got '***0100'");
        assertThat(ProxySessionRules.participantPhoneNumbers(Arrays.asList("+12065550100", null)).orElseThrow())
                .startsWith("item 2 must be an E.164");
        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("+12065550100", "12065550100")))
                .hasValue("must be two different phone numbers; both are '***0100'");
    }

    @Test
    void unknownParticipantsAreSkippedAndTheKnownOnesStillChecked() {
        Predicate<String> unknown = n -> n != null && n.startsWith("${Token");

        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("${Token[A]}", "+14155550101"), unknown))
                .isEmpty();
        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("${Token[A]}", "${Token[A]}"), unknown))
                .isEmpty();
        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("${Token[A]}"), unknown))
                .hasValue("must be exactly 2 phone numbers; got 1");
        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("${Token[A]}", "+1", "+2"), unknown))
                .hasValue("must be exactly 2 phone numbers; got 3");
        assertThat(ProxySessionRules.participantPhoneNumbers(null, unknown))
                .hasValue("must be exactly 2 phone numbers; got 0");
        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("${Token[A]}", "0555"), unknown).orElseThrow())
                .startsWith("item 2 must be an E.164 phone number");
        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("0555", "${Token[A]}"), unknown).orElseThrow())
                .startsWith("item 1 must be an E.164 phone number");
        assertThat(ProxySessionRules.participantPhoneNumbers(List.of("+12065550100", "12065550100"), unknown))
                .hasValue("must be two different phone numbers; both are '***0100'");
    }

    @Test
    void withNothingUnknownTheOverloadIsTheOneArgumentRule() {
        for (List<String> numbers : List.of(List.of("+12065550100", "14155550101"), List.of("+12065550100"),
                List.of("+12065550100", "+02065550100"), Arrays.asList("+12065550100", null),
                List.of("+12065550100", "12065550100"))) {
            assertThat(ProxySessionRules.participantPhoneNumbers(numbers, n -> false))
                    .isEqualTo(ProxySessionRules.participantPhoneNumbers(numbers));
        }
    }

    @Test
    void capabilitiesAreANonEmptySetOfVoiceAndSms() {
        assertThat(ProxySessionRules.capabilities(List.of("Voice", "SMS"))).isEmpty();
        assertThat(ProxySessionRules.capabilities(List.of())).hasValue("must list at least one of [Voice, SMS]");
        assertThat(ProxySessionRules.capabilities(List.of("Voice", "voice")))
                .hasValue("must contain only [Voice, SMS]; got 'voice'");
        assertThat(ProxySessionRules.capabilities(List.of("SMS", "Voice", "SMS")))
                .hasValue("must not repeat a capability; got [SMS, Voice, SMS]");
    }

    @Test
    void nameLeavesRoomForTheIdempotencyTag() {
        assertThat(ProxySessionRules.MAX_NAME_LENGTH).isEqualTo(22);
        assertThat(ProxySessionRules.name("a".repeat(22))).isEmpty();
        assertThat(ProxySessionRules.name("Support line 2")).isEmpty();
        assertThat(ProxySessionRules.name(null)).isEmpty();
        assertThat(ProxySessionRules.name("a".repeat(23)).orElseThrow())
                .startsWith("must be at most 22 letters, digits and spaces").contains("got 23 characters");
        assertThat(ProxySessionRules.name("Support-line").orElseThrow()).endsWith("including others");
    }

    @Test
    void expiryIsOneMinuteToTwelveHours() {
        assertThat(ProxySessionRules.expiryMinutes(1)).isEmpty();
        assertThat(ProxySessionRules.expiryMinutes(720)).isEmpty();
        assertThat(ProxySessionRules.expiryMinutes(0).orElseThrow()).startsWith("must be from 1 to 720 minutes");
        assertThat(ProxySessionRules.expiryMinutes(721).orElseThrow()).endsWith("got 721");
    }

    @Test
    void enumsAreTheApisStrings() {
        assertThat(ProxySessionRules.numberSelectionBehavior("PreferSticky")).isEmpty();
        assertThat(ProxySessionRules.numberSelectionBehavior("preferSticky"))
                .hasValue("must be one of [PreferSticky, AvoidSticky]; got 'preferSticky'");
        assertThat(ProxySessionRules.geoMatchLevel("AreaCode")).isEmpty();
        assertThat(ProxySessionRules.geoMatchLevel("City")).isPresent();
        assertThat(ProxySessionRules.country("US")).isEmpty();
        assertThat(ProxySessionRules.country("usa")).isPresent();
        assertThat(ProxySessionRules.areaCode("206")).isEmpty();
        assertThat(ProxySessionRules.areaCode("20")).isPresent();
    }

    @Test
    void geoParametersNeedALevelAndAreaCodeMatchingNeedsAnAreaCode() {
        assertThat(ProxySessionRules.geoMatch(null, null, null)).isEmpty();
        assertThat(ProxySessionRules.geoMatch("Country", null, null)).isEmpty();
        assertThat(ProxySessionRules.geoMatch("Country", "US", "")).isEmpty();
        assertThat(ProxySessionRules.geoMatch("AreaCode", "US", "206")).isEmpty();
        assertThat(ProxySessionRules.geoMatch(null, "US", "206").orElseThrow()).startsWith("needs GeoMatchLevel");
        assertThat(ProxySessionRules.geoMatch("AreaCode", "US", ""))
                .hasValue("must include an AreaCode when GeoMatchLevel is AreaCode");
    }

    @Test
    void capabilitiesCompareAsSets() {
        assertThat(ProxySessionRules.sameCapabilities(List.of("Voice", "SMS"), List.of("SMS", "Voice", "SMS")))
                .isTrue();
        assertThat(ProxySessionRules.sameCapabilities(List.of("Voice"), List.of("Voice", "SMS"))).isFalse();
    }
}
