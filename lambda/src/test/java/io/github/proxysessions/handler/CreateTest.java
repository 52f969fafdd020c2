package io.github.proxysessions.handler;

import static io.github.proxysessions.handler.HandlerFixture.ALICE;
import static io.github.proxysessions.handler.HandlerFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.handler.HandlerFixture.Delivery;
import io.github.proxysessions.rules.ProxySessionLineage;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.chimesdkvoice.model.GeoMatchLevel;
import software.amazon.awssdk.services.chimesdkvoice.model.NumberSelectionBehavior;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/** Create: from a CloudFormation event to a session and the response CloudFormation receives. */
class CreateTest {

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    @Test
    void createWithEveryOptionalPropertyAnswersTheSessionAndItsAttributes() {
        // Participants declared in the reverse of the order the service returns them in.
        Delivery d = f.create(f.props("ParticipantPhoneNumbers", List.of(BOB, ALICE), "Name", "Support line",
                "ExpiryMinutes", "30", "NumberSelectionBehavior", "PreferSticky", "GeoMatchLevel", "AreaCode",
                "GeoMatchParams", Map.of("Country", "US", "AreaCode", "415")));

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        String id = d.response().physicalResourceId();
        assertThat(f.sessionIds()).containsExactly(id);
        ProxySession s = f.session(id);
        assertThat(s.name()).matches("Support line [0-9A-Za-z]{7}");
        assertThat(s.expiryMinutes()).isEqualTo(30);
        assertThat(s.capabilitiesAsStrings()).containsExactly("Voice", "SMS");
        assertThat(s.numberSelectionBehavior()).isEqualTo(NumberSelectionBehavior.PREFER_STICKY);
        assertThat(s.geoMatchLevel()).isEqualTo(GeoMatchLevel.AREA_CODE);
        assertThat(s.geoMatchParams().areaCode()).isEqualTo("415");
        String proxyNumber = s.participants().get(0).proxyPhoneNumber();
        assertThat(proxyNumber).startsWith("+1415");

        assertThat(d.response().data().get("ProxySessionId").asText()).isEqualTo(id);
        assertThat(d.response().data().get("Status").asText()).isEqualTo("Open");
        assertThat(d.response().data().get("ExpiryMinutes").asText()).isEqualTo("30");
        assertThat(d.response().data().get("CreatedTimestamp").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(d.response().data().get("Participants.0.ProxyPhoneNumber").asText()).isEqualTo(proxyNumber);
        assertThat(d.response().data().get("Participants.1.ProxyPhoneNumber").asText()).isEqualTo(proxyNumber);
        assertThat(d.response().json().get("StackId").asText()).isEqualTo(d.event().stackId());
        assertThat(d.response().json().get("RequestId").asText()).isEqualTo(d.event().requestId());
        assertThat(d.response().json().get("LogicalResourceId").asText()).isEqualTo("SupportSession");
        assertThat(d.response().contentType()).isNullOrEmpty();
    }

    @Test
    void createWithOnlyRequiredPropertiesTakesTheConnectorsDefaults() {
        Delivery d = f.create(f.props());

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        ProxySession s = f.session(d.response().physicalResourceId());
        assertThat(s.expiryMinutes()).isEqualTo(60);
        assertThat(s.name()).matches("[0-9A-Za-z]{7}");
        assertThat(s.geoMatchLevel()).isNull();
        assertThat(d.response().data().get("ExpiryMinutes").asText()).isEqualTo("60");
        assertThat(f.emulator.requestCount("CreateProxySession")).isEqualTo(1);
    }

    @Test
    void numbersSentAsJsonNumbersAreAcceptedToo() {
        Delivery d = f.create(f.props("ExpiryMinutes", 45));

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.session(d.response().physicalResourceId()).expiryMinutes()).isEqualTo(45);
    }

    static Stream<Arguments> invalidProperties() {
        return Stream.of(
                Arguments.of("VoiceConnectorId", null, "Property 'VoiceConnectorId' is required"),
                Arguments.of("VoiceConnectorId", "vc-1", "Property 'VoiceConnectorId' must be a voice connector id"),
                Arguments.of("ParticipantPhoneNumbers", null, "Property 'ParticipantPhoneNumbers' is required"),
                Arguments.of("ParticipantPhoneNumbers", List.of(ALICE),
                        "Property 'ParticipantPhoneNumbers' must be exactly 2 phone numbers; got 1"),
                Arguments.of("ParticipantPhoneNumbers", List.of(ALICE, BOB, "+13125550102"),
                        "must be exactly 2 phone numbers; got 3"),
                Arguments.of("ParticipantPhoneNumbers", List.of(ALICE, "0415555"),
                        "Property 'ParticipantPhoneNumbers' item 2 must be an E.164 phone number"),
                Arguments.of("ParticipantPhoneNumbers", List.of(ALICE, ALICE),
                        "Property 'ParticipantPhoneNumbers' must be two different phone numbers; both are '***0100'"),
                Arguments.of("ParticipantPhoneNumbers", ALICE, "Property 'ParticipantPhoneNumbers' must be a list"),
                Arguments.of("Capabilities", null, "Property 'Capabilities' is required"),
                Arguments.of("Capabilities", List.of(), "Property 'Capabilities' must list at least one of"),
                Arguments.of("Capabilities", List.of("Voice", "Fax"),
                        "Property 'Capabilities' must contain only [Voice, SMS]; got 'Fax'"),
                Arguments.of("Capabilities", List.of("SMS", "Voice", "SMS"),
                        "Property 'Capabilities' must not repeat a capability; got [SMS, Voice, SMS]"),
                Arguments.of("Name", "Customer support hotline", "Property 'Name' must be at most 22 characters"),
                Arguments.of("Name", "Support-line",
                        "Property 'Name' must contain only letters, digits and spaces; not allowed: '-'"),
                Arguments.of("ExpiryMinutes", "0", "Property 'ExpiryMinutes' must be from 1 to 720 minutes"),
                Arguments.of("ExpiryMinutes", "721", "Property 'ExpiryMinutes' must be from 1 to 720 minutes"),
                Arguments.of("ExpiryMinutes", "thirty",
                        "Property 'ExpiryMinutes' must be a whole number; got 'thirty'"),
                Arguments.of("ExpiryMinutes", "30.5", "Property 'ExpiryMinutes' must be a whole number"),
                Arguments.of("ExpiryMinutes", "1e2", "Property 'ExpiryMinutes' must be a whole number"),
                Arguments.of("ExpiryMinutes", "\u0663\u0660", "Property 'ExpiryMinutes' must be a whole number"),
                Arguments.of("ExpiryMinutes", "\uff13\uff10", "Property 'ExpiryMinutes' must be a whole number"),
                Arguments.of("ExpiryMinutes", "+30", "Property 'ExpiryMinutes' must be a whole number; got '+30'"),
                Arguments.of("ExpiryMinutes", " 30 ", "Property 'ExpiryMinutes' must be a whole number; got ' 30 '"),
                Arguments.of("ExpiryMinutes", "030", "Property 'ExpiryMinutes' must be a whole number"),
                Arguments.of("ExpiryMinutes", 100.0, "Property 'ExpiryMinutes' must be a whole number"),
                Arguments.of("ExpiryMinutes", "99999999999", "Property 'ExpiryMinutes' is out of range"),
                Arguments.of("NumberSelectionBehavior", "Sticky",
                        "Property 'NumberSelectionBehavior' must be one of [PreferSticky, AvoidSticky]; got 'Sticky'"),
                Arguments.of("GeoMatchLevel", "City", "Property 'GeoMatchLevel' must be one of [Country, AreaCode]"),
                Arguments.of("GeoMatchParams", Map.of("Country", "USA", "AreaCode", "206"),
                        "Property 'GeoMatchParams.Country' must be an ISO 3166 alpha-2 country code"),
                Arguments.of("GeoMatchParams", Map.of("Country", "US", "AreaCode", "20"),
                        "Property 'GeoMatchParams.AreaCode' must be a 3-digit area code"),
                Arguments.of("GeoMatchParams", Map.of("Country", "US", "City", "Seattle"),
                        "Property 'GeoMatchParams.City' is not supported"),
                Arguments.of("GeoMatchParams", Map.of("AreaCode", "206"),
                        "Property 'GeoMatchParams.Country' is required"),
                Arguments.of("GeoMatchParams", "US", "Property 'GeoMatchParams' must be an object"),
                Arguments.of("Capability", List.of("Voice"), "Property 'Capability' is not supported"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidProperties")
    void invalidPropertyFailsNamingItAndNothingReachesTheService(String property, Object value, String reason) {
        long before = f.handlerCalls();

        Delivery d = f.create(f.props(property, value));

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().reason()).startsWith("Invalid properties (nothing was sent to Chime SDK Voice): ")
                .contains(reason);
        assertThat(PhysicalId.parse(d.response().physicalResourceId())).isInstanceOf(PhysicalId.NotCreated.class);
        assertThat(f.handlerCalls()).isEqualTo(before);
        assertThat(f.sessionIds()).isEmpty();
    }

    @Test
    void geoParametersWithoutALevelAreRefused() {
        Delivery d = f.create(f.props("GeoMatchParams", Map.of("Country", "US", "AreaCode", "206")));

        assertThat(d.response().reason()).contains("Property 'GeoMatchParams' needs GeoMatchLevel");
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        Delivery d = f.create(f.props("ExpiryMinutes", "0", "Name", "a-b", "Capabilities", List.of()));

        assertThat(d.response().reason()).contains("'ExpiryMinutes'", "'Name'", "'Capabilities'");
    }

    @Test
    void serviceRejectionFailsWithTheCallAndTheServicesWords() {
        String bare = f.client.createVoiceConnector(r -> r.name("no proxy").requireEncryption(true)).voiceConnector()
                .voiceConnectorId();

        Delivery d = f.create(f.props("VoiceConnectorId", bare));

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().reason()).isEqualTo("CreateProxySession failed: BadRequestException (HTTP 400): "
                + "Voice connector " + bare + " has no proxy configuration; call PutVoiceConnectorProxy first");
        assertThat(d.response().physicalResourceId()).isEqualTo(new PhysicalId.Unconfirmed(bare,
                ProxySessionLineage.requestTag(d.event().stackId(), "SupportSession", d.requestId())).format());
    }

    @Test
    void unknownConnectorFailsWithNotFound() {
        Delivery d = f.create(f.props("VoiceConnectorId", "abcdefghij0123456789ab"));

        assertThat(d.response().reason()).startsWith("CreateProxySession failed: NotFoundException (HTTP 404): "
                + "Voice connector abcdefghij0123456789ab not found");
    }

    @Test
    void phoneNumbersWrittenWithSpacesAreMaskedInTheReasonAndTheLog() {
        Delivery d = f.create(f.props("ParticipantPhoneNumbers", "+1 206 555 0150, +1 415 555 0151"));

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().reason()).contains("Property 'ParticipantPhoneNumbers' must be a list; got "
                + "'***0150, ***0151'");
        assertThat(d.response().reason() + f.logs()).doesNotContain("206 555", "415 555", "2065550150");
    }

    @Test
    void theLogHasOneStructuredLineWithoutPhoneNumbersOrTheResponseUrl() throws Exception {
        long start = System.nanoTime();
        Delivery ok = f.create(f.props());
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        Delivery failed = f.create(f.props("ParticipantPhoneNumbers", List.of(ALICE, "0" + BOB.substring(1))));

        String logs = f.logs();
        String[] lines = logs.strip().split("\n");
        assertThat(lines).hasSize(2);
        var first = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[0]);
        assertThat(first.get("requestType").asText()).isEqualTo("Create");
        assertThat(first.get("logicalResourceId").asText()).isEqualTo("SupportSession");
        assertThat(first.get("requestId").asText()).isEqualTo(ok.requestId());
        assertThat(first.get("physicalResourceId").asText()).isEqualTo(ok.response().physicalResourceId());
        assertThat(first.get("outcome").asText()).isEqualTo("SUCCESS");
        // The common path: create, then one listing that settles racing or repeated deliveries.
        assertThat(first.get("apiCalls").toString()).isEqualTo("[\"CreateProxySession\",\"ListProxySessions\"]");
        // The handler's own time, in whole milliseconds: within what the delivery took as the test saw it.
        assertThat(first.get("durationMs").isIntegralNumber()).isTrue();
        assertThat(first.get("durationMs").asLong()).isBetween(0L, elapsedMs);
        assertThat(logs).doesNotContain(ALICE, BOB, ALICE.substring(1), BOB.substring(1),
                "0" + BOB.substring(2), "X-Amz-Signature", "responses/", "AKIDLAMBDAEXAMPLE");
        assertThat(failed.response().reason()).contains("***0101").doesNotContain("4155550101");
    }
}
