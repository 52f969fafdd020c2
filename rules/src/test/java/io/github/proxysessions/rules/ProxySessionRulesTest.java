package io.github.proxysessions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        assertThat(ProxySessionRules.name("a".repeat(23))).hasValue("must be at most 22 characters (the service "
                + "allows 30; the provider keeps 8 for its idempotency tag); got 23");
    }

    @Test
    void aRenewedSessionsNameLeavesRoomForTheLineageTagAndTheGeneration() {
        // "<name> <lineage tag><generation>": 19 + 1 + 7 + 3 = the service's 30.
        assertThat(ProxySessionRules.MAX_RENEWABLE_NAME_LENGTH).isEqualTo(19);
        assertThat(ProxySessionRules.MAX_RENEWABLE_NAME_LENGTH + 1 + ProxySessionLineage.TAG_LENGTH
                + ProxySessionLineage.MAX_GENERATION_LENGTH).isEqualTo(ProxySessionRules.SERVICE_NAME_MAX_LENGTH);
        assertThat(ProxySessionRules.name("a".repeat(19), true)).isEmpty();
        assertThat(ProxySessionRules.name("a".repeat(20), true)).hasValue("must be at most 19 characters (the "
                + "service allows 30; the provider keeps 11 for the tags of a renewed session); got 20");
        assertThat(ProxySessionRules.name("a".repeat(20), false)).isEmpty();
    }

    @Test
    void theNameMessageSaysWhichCharactersAreNotAllowedApartFromTheLength() {
        assertThat(ProxySessionRules.name("Alice & Bob's line!"))
                .hasValue("must contain only letters, digits and spaces; not allowed: '&', ''', '!'");
        assertThat(ProxySessionRules.name("Support-line-for-everyone"))
                .hasValue("must contain only letters, digits and spaces; not allowed: '-', and must be at most 22 "
                        + "characters (the service allows 30; the provider keeps 8 for its idempotency tag); got 25");
        assertThat(ProxySessionRules.name("Tab\there Caf\u00e9"))
                .hasValue("must contain only letters, digits and spaces; not allowed: U+0009, '\u00e9'");
    }

    @Test
    void aNumberWithoutAPlusIsWarnedAboutWithHowTheServiceReadsIt() {
        assertThat(ProxySessionRules.phoneNumberWarning("+12065550150")).isEmpty();
        assertThat(ProxySessionRules.phoneNumberWarning("not a number")).isEmpty();
        assertThat(ProxySessionRules.phoneNumberWarning(null)).isEmpty();
        assertThat(ProxySessionRules.phoneNumberWarning("2065550150")).hasValue("'***0150' has no '+': the service "
                + "reads its first digits as the country code, so a US number written without +1 is read as another "
                + "country's (206... as +20, Egypt). It looks like a North American number without its country "
                + "code: write +1 before its 10 digits. Write numbers in E.164: '+', the country code, then the "
                + "number.");
        // With its country code but no '+': read right, and the warning says only what it risks.
        assertThat(ProxySessionRules.phoneNumberWarning("12065550150").orElseThrow())
                .startsWith("'***0150' has no '+'").doesNotContain("North American").doesNotContain("5550150");
    }

    @Test
    void theRenewalWindowIsOneMinuteTo719AndShorterThanTheDeclaredExpiry() {
        assertThat(ProxySessionRules.renewBeforeExpiryMinutes(1)).isEmpty();
        assertThat(ProxySessionRules.renewBeforeExpiryMinutes(719)).isEmpty();
        assertThat(ProxySessionRules.renewBeforeExpiryMinutes(0)).hasValue("must be from 1 to 719 minutes "
                + "(shorter than the longest session, 12 hours); got 0");
        assertThat(ProxySessionRules.renewBeforeExpiryMinutes(720).orElseThrow()).startsWith("must be from 1 to 719");
        assertThat(ProxySessionRules.renewBeforeExpiryMinutes(29, 30)).isEmpty();
        assertThat(ProxySessionRules.renewBeforeExpiryMinutes(30, 30))
                .hasValue("must be shorter than the session's expiry (30 minutes); got 30");
        assertThat(ProxySessionRules.renewBeforeExpiryMinutes(0, 30).orElseThrow()).startsWith("must be from 1");
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

    private static final Map<String, Object> SESSION = Map.of(
            "VoiceConnectorId", "abcdefghij0123456789ab",
            "ParticipantPhoneNumbers", List.of("+14155550101", "12065550100"),
            "Capabilities", List.of("SMS", "Voice"),
            "Name", "Support line",
            "ExpiryMinutes", "30",
            "GeoMatchLevel", "Country",
            "GeoMatchParams", Map.of("Country", "US"));

    @Test
    void onlyCapabilitiesExpiryAndTheRenewalWindowChangeASessionInPlace() {
        Map<String, Object> other = Map.of(
                "VoiceConnectorId", "abcdefghij0123456789ab",
                "ParticipantPhoneNumbers", List.of("14155550101", "+12065550100"),
                "Capabilities", List.of("Voice"),
                "Name", "Support line",
                "GeoMatchLevel", "Country",
                "GeoMatchParams", Map.of("Country", "US", "AreaCode", ""),
                "RenewBeforeExpiryMinutes", "20");

        assertThat(ProxySessionRules.replacingChanges(SESSION, other))
                .as("'+' is optional, an empty AreaCode is none; capabilities, expiry and renewal differ").isEmpty();
    }

    @Test
    void everyOtherChangeNeedsANewSessionAndIsNamed() {
        Map<String, Object> swapped = new HashMap<>(SESSION);
        swapped.put("ParticipantPhoneNumbers", List.of("12065550100", "+14155550101"));
        assertThat(ProxySessionRules.replacingChanges(SESSION, swapped))
                .as("geo matching follows the first participant").containsExactly("ParticipantPhoneNumbers");

        Map<String, Object> moved = new HashMap<>(SESSION);
        moved.put("VoiceConnectorId", "klmnopqrst0123456789ab");
        moved.remove("Name");
        moved.put("NumberSelectionBehavior", "PreferSticky");
        moved.put("GeoMatchParams", Map.of("Country", "US", "AreaCode", "206"));
        assertThat(ProxySessionRules.replacingChanges(SESSION, moved)).containsExactly("VoiceConnectorId", "Name",
                "NumberSelectionBehavior", "GeoMatchParams");

        assertThat(ProxySessionRules.replacingChanges(null, SESSION))
                .as("old properties that name nothing").contains("VoiceConnectorId", "ParticipantPhoneNumbers");
    }
}
