package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.rules.ProxySessionLineage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.model.CreateProxySessionRequest;
import software.amazon.awssdk.services.chimesdkvoice.model.Participant;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/** The pure parts: tags, names, requests and attributes. */
class TranslatorTest {

    private static final ProxySessionProperties PROPS = ProxySessionProperties.parse(Map.of(
            "VoiceConnectorId", "abcdefghij0123456789ab",
            "ParticipantPhoneNumbers", List.of("+14155550101", "12065550100"),
            "Capabilities", List.of("SMS", "Voice"),
            "Name", "Support line",
            "ExpiryMinutes", "30",
            "GeoMatchLevel", "Country",
            "GeoMatchParams", Map.of("Country", "US")));

    @Test
    void tagsAreStablePerRequestAndDifferBetweenRequests() {
        String tag = ProxySessionLineage.requestTag("stack", "Logical", "request-1");
        assertThat(tag).matches("[0-9A-Za-z]{7}")
                .isEqualTo(ProxySessionLineage.requestTag("stack", "Logical", "request-1"));
        assertThat(ProxySessionLineage.requestTag("stack", "Logical", "request-2")).isNotEqualTo(tag);
        assertThat(ProxySessionLineage.requestTag("stack", "Other", "request-1")).isNotEqualTo(tag);
    }

    @Test
    void theServiceNameCarriesTheTagWithinThirtyCharacters() {
        assertThat(ProxySessionLineage.serviceName("a".repeat(22), "k3J9xQ2")).hasSize(30);
        assertThat(ProxySessionLineage.serviceName(null, "k3J9xQ2")).isEqualTo("k3J9xQ2");
        assertThat(ProxySessionLineage.endsWithToken("Support line k3J9xQ2", "k3J9xQ2")).isTrue();
        assertThat(ProxySessionLineage.endsWithToken("k3J9xQ2", "k3J9xQ2")).isTrue();
        assertThat(ProxySessionLineage.endsWithToken("Support line xk3J9xQ2", "k3J9xQ2")).isFalse();
        assertThat(ProxySessionLineage.endsWithToken(null, "k3J9xQ2")).isFalse();
    }

    @Test
    void createRequestMapsPropertiesToTheApisMembers() {
        CreateProxySessionRequest request = ProxySessionTranslator.toCreateRequest(PROPS, "k3J9xQ2");

        assertThat(request.voiceConnectorId()).isEqualTo("abcdefghij0123456789ab");
        assertThat(request.participantPhoneNumbers()).containsExactly("+14155550101", "12065550100");
        assertThat(request.capabilitiesAsStrings()).containsExactly("SMS", "Voice");
        assertThat(request.name()).isEqualTo("Support line k3J9xQ2");
        assertThat(request.expiryMinutes()).isEqualTo(30);
        assertThat(request.geoMatchLevelAsString()).isEqualTo("Country");
        assertThat(request.geoMatchParams().country()).isEqualTo("US");
        assertThat(request.geoMatchParams().areaCode()).isEmpty();
        assertThat(request.numberSelectionBehavior()).isNull();
    }

    @Test
    void attributesFollowTheDeclaredParticipantOrderMatchedByNumber() {
        ProxySession session = ProxySession.builder().proxySessionId("s-1").status("Open").expiryMinutes(30)
                .createdTimestamp(Instant.parse("2026-11-23T10:00:00.123Z"))
                .participants(Participant.builder().phoneNumber("+12065550100").proxyPhoneNumber("+19135550199")
                                .build(),
                        Participant.builder().phoneNumber("+14155550101").proxyPhoneNumber("+19135550198").build())
                .build();

        Map<String, String> data = ProxySessionTranslator.toData(session, PROPS);

        assertThat(data).containsExactly(
                Map.entry("ProxySessionId", "s-1"),
                Map.entry("Status", "Open"),
                Map.entry("ExpiryMinutes", "30"),
                Map.entry("CreatedTimestamp", "2026-11-23T10:00:00.123Z"),
                Map.entry("Participants.0.ProxyPhoneNumber", "+19135550198"),
                Map.entry("Participants.1.ProxyPhoneNumber", "+19135550199"));
        assertThat(ProxySessionTranslator.sameParticipants(session, PROPS)).isTrue();
    }

    @Test
    void anEmptyOptionalStringCountsAsAbsent() {
        ProxySessionProperties session = ProxySessionProperties.parse(Map.of(
                "VoiceConnectorId", "abcdefghij0123456789ab",
                "ParticipantPhoneNumbers", List.of("+14155550101", "12065550100"),
                "Capabilities", List.of("Voice"),
                "Name", "", "NumberSelectionBehavior", "", "GeoMatchLevel", ""));
        assertThat(session.name()).isNull();
        assertThat(session.numberSelectionBehavior()).isNull();
        assertThat(session.geoMatchLevel()).isNull();

        VoiceConnectorProxyProperties config = VoiceConnectorProxyProperties.parse(Map.of(
                "VoiceConnectorId", "abcdefghij0123456789ab",
                "DefaultSessionExpiryMinutes", "60",
                "PhoneNumberPoolCountries", List.of("US"),
                "FallBackPhoneNumber", ""));
        assertThat(config.fallBackPhoneNumber()).isNull();
        assertThat(config.toPutRequest().fallBackPhoneNumber()).isNull();
    }
}
