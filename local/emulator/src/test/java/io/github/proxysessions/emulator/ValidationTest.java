package io.github.proxysessions.emulator;

import static io.github.proxysessions.emulator.EmulatorFixture.ALICE;
import static io.github.proxysessions.emulator.EmulatorFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkvoice.model.ChimeSdkVoiceException;
import software.amazon.awssdk.services.chimesdkvoice.model.CreateProxySessionRequest;
import software.amazon.awssdk.services.chimesdkvoice.model.PutVoiceConnectorProxyRequest;
import software.amazon.awssdk.services.chimesdkvoice.model.Tag;

/**
 * Every constraint of the service model, and the service's own rules, answered 400 BadRequestException with a message
 * that names the member and the rule; and everything malformed answered with a clear 4xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationTest {

    private EmulatorFixture f;
    private String vc;
    private String sessionId;

    @BeforeAll
    void start() {
        f = new EmulatorFixture();
        vc = f.connectorWithProxy();
        sessionId = f.session(vc, ALICE, BOB).proxySessionId();
    }

    @AfterAll
    void stop() {
        f.close();
    }

    private record Case(String description, Consumer<ChimeSdkVoiceClient> call, String member, String rule) {
        @Override
        public String toString() {
            return description;
        }
    }

    private Consumer<ChimeSdkVoiceClient> create(Consumer<CreateProxySessionRequest.Builder> change) {
        return c -> c.createProxySession(r -> {
            r.voiceConnectorId(vc).participantPhoneNumbers(ALICE, BOB).capabilitiesWithStrings("Voice");
            change.accept(r);
        });
    }

    private Consumer<ChimeSdkVoiceClient> put(Consumer<PutVoiceConnectorProxyRequest.Builder> change) {
        return c -> c.putVoiceConnectorProxy(r -> {
            r.voiceConnectorId(vc).defaultSessionExpiryMinutes(60).phoneNumberPoolCountries("US");
            change.accept(r);
        });
    }

    Stream<Case> constraintViolations() {
        String longName = "a".repeat(31);
        List<String> countries101 = IntStream.range(0, 101).mapToObj(i -> "US").toList();
        return Stream.of(
                new Case("connector id pattern", c -> c.listProxySessions(r -> r.voiceConnectorId("NOT_AN_ID")),
                        "VoiceConnectorId", "regular expression pattern"),
                new Case("one participant", create(r -> r.participantPhoneNumbers(ALICE)),
                        "ParticipantPhoneNumbers", "length greater than or equal to 2"),
                new Case("three participants", create(r -> r.participantPhoneNumbers(ALICE, BOB, "+13125550102")),
                        "ParticipantPhoneNumbers", "length less than or equal to 2"),
                new Case("participants missing", create(r -> r.participantPhoneNumbers((List<String>) null)),
                        "ParticipantPhoneNumbers", "must not be null"),
                new Case("participant not E.164", create(r -> r.participantPhoneNumbers(ALICE, "0206555")),
                        "ParticipantPhoneNumbers.2", "regular expression pattern: ^\\+?[1-9]\\d{1,14}$"),
                new Case("participant too long", create(r -> r.participantPhoneNumbers("+1234567890123456", BOB)),
                        "ParticipantPhoneNumbers.1", "regular expression pattern"),
                new Case("same participant twice", create(r -> r.participantPhoneNumbers(ALICE, ALICE)),
                        "ParticipantPhoneNumbers", "two different phone numbers"),
                new Case("name too long", create(r -> r.name(longName)), "Name", "regular expression pattern"),
                new Case("name with punctuation", create(r -> r.name("Support-line!")), "Name",
                        "regular expression pattern"),
                new Case("expiry zero", create(r -> r.expiryMinutes(0)), "ExpiryMinutes",
                        "value greater than or equal to 1"),
                new Case("expiry over 12 hours", create(r -> r.expiryMinutes(721)), "ExpiryMinutes",
                        "value less than or equal to 720"),
                new Case("capabilities missing", create(r -> r.capabilitiesWithStrings((List<String>) null)),
                        "Capabilities", "must not be null"),
                new Case("capabilities empty", create(r -> r.capabilitiesWithStrings(Collections.emptyList())),
                        "Capabilities", "length greater than or equal to 1"),
                new Case("capability unknown", create(r -> r.capabilitiesWithStrings("Voice", "Fax")),
                        "Capabilities.2", "enum value set: [Voice, SMS]"),
                new Case("number selection unknown", create(r -> r.numberSelectionBehavior("Sticky")),
                        "NumberSelectionBehavior", "enum value set: [PreferSticky, AvoidSticky]"),
                new Case("geo level unknown", create(r -> r.geoMatchLevel("City")), "GeoMatchLevel",
                        "enum value set: [Country, AreaCode]"),
                new Case("geo country missing", create(r -> r.geoMatchLevel("Country")
                        .geoMatchParams(g -> g.areaCode("206"))), "GeoMatchParams.Country", "must not be null"),
                new Case("geo area code missing", create(r -> r.geoMatchLevel("Country")
                        .geoMatchParams(g -> g.country("US"))), "GeoMatchParams.AreaCode", "must not be null"),
                new Case("geo country pattern", create(r -> r.geoMatchLevel("Country")
                        .geoMatchParams(g -> g.country("USA").areaCode("206"))), "GeoMatchParams.Country",
                        "regular expression pattern: ^$|^[A-Z]{2,2}$"),
                new Case("geo area code pattern", create(r -> r.geoMatchLevel("AreaCode")
                        .geoMatchParams(g -> g.country("US").areaCode("20"))), "GeoMatchParams.AreaCode",
                        "regular expression pattern: ^$|^[0-9]{3,3}$"),
                new Case("session id too long", c -> c.getProxySession(r -> r.voiceConnectorId(vc)
                        .proxySessionId("x".repeat(129))), "ProxySessionId", "length less than or equal to 128"),
                new Case("session id blank", c -> c.getProxySession(r -> r.voiceConnectorId(vc)
                        .proxySessionId("   ")), "ProxySessionId", "regular expression pattern: .*\\S.*"),
                new Case("update without capabilities", c -> c.updateProxySession(r -> r.voiceConnectorId(vc)
                        .proxySessionId(sessionId).expiryMinutes(30)), "Capabilities", "must not be null"),
                new Case("update expiry over 12 hours", c -> c.updateProxySession(r -> r.voiceConnectorId(vc)
                        .proxySessionId(sessionId).capabilitiesWithStrings("Voice").expiryMinutes(721)),
                        "ExpiryMinutes", "value less than or equal to 720"),
                new Case("list status unknown", c -> c.listProxySessions(r -> r.voiceConnectorId(vc)
                        .status("Expired")), "Status", "enum value set: [Open, InProgress, Closed]"),
                new Case("list max results zero", c -> c.listProxySessions(r -> r.voiceConnectorId(vc)
                        .maxResults(0)), "MaxResults", "value greater than or equal to 1"),
                new Case("list max results 101", c -> c.listProxySessions(r -> r.voiceConnectorId(vc)
                        .maxResults(101)), "MaxResults", "value less than or equal to 100"),
                new Case("list token not ours", c -> c.listProxySessions(r -> r.voiceConnectorId(vc)
                        .nextToken("bm90LWEtdG9rZW4")), "NextToken", "token returned by a previous call"),
                new Case("default expiry missing", put(r -> r.defaultSessionExpiryMinutes(null)),
                        "DefaultSessionExpiryMinutes", "must not be null"),
                new Case("default expiry over 12 hours", put(r -> r.defaultSessionExpiryMinutes(721)),
                        "DefaultSessionExpiryMinutes", "between 1 and 720"),
                new Case("pool countries missing", put(r -> r.phoneNumberPoolCountries((List<String>) null)),
                        "PhoneNumberPoolCountries", "must not be null"),
                new Case("pool countries empty", put(r -> r.phoneNumberPoolCountries(Collections.emptyList())),
                        "PhoneNumberPoolCountries", "length greater than or equal to 1"),
                new Case("pool countries over 100", put(r -> r.phoneNumberPoolCountries(countries101)),
                        "PhoneNumberPoolCountries", "length less than or equal to 100"),
                new Case("pool country pattern", put(r -> r.phoneNumberPoolCountries("US", "usa")),
                        "PhoneNumberPoolCountries.2", "regular expression pattern"),
                new Case("fallback not E.164", put(r -> r.fallBackPhoneNumber("call me")), "FallBackPhoneNumber",
                        "regular expression pattern"),
                new Case("connector name missing", c -> c.createVoiceConnector(r -> r.requireEncryption(true)),
                        "Name", "must not be null"),
                new Case("connector name pattern (unanchored: no allowed character at all)", c -> c.createVoiceConnector(r -> r.name("///")
                        .requireEncryption(true)), "Name", "regular expression pattern"),
                new Case("connector encryption missing", c -> c.createVoiceConnector(r -> r.name("n")),
                        "RequireEncryption", "must not be null"),
                new Case("connector region unknown", c -> c.createVoiceConnector(r -> r.name("n")
                        .requireEncryption(true).awsRegion("mars-1")), "AwsRegion", "enum value set"),
                new Case("connector tag key empty", c -> c.createVoiceConnector(r -> r.name("n")
                        .requireEncryption(true).tags(t -> t.key("").value("v"))), "Tags.1.Key",
                        "length greater than or equal to 1"),
                new Case("list connectors max 101", c -> c.listVoiceConnectors(r -> r.maxResults(101)),
                        "MaxResults", "value less than or equal to 100"),
                new Case("connector tag key reserved", c -> c.createVoiceConnector(r -> r.name("n")
                        .requireEncryption(true).tags(t -> t.key("aws:owner").value("v"))), "Tags.1.Key",
                        "must not begin with the reserved prefix 'aws:'"),
                new Case("connector tag keys repeated", c -> c.createVoiceConnector(r -> r.name("n")
                        .requireEncryption(true).tags(tag("a", "1"), tag("b", "2"), tag("a", "3"))), "Tags.3.Key",
                        "must be unique within Tags: it repeats Tags.1.Key"),
                new Case("tag key reserved in any case", c -> c.tagResource(r -> r.resourceARN(arn())
                        .tags(tag("ok", "1"), tag("AWS:Owner", "v"))), "Tags.2.Key",
                        "must not begin with the reserved prefix 'aws:'"),
                new Case("tag keys repeated", c -> c.tagResource(r -> r.resourceARN(arn())
                        .tags(tag("a", "1"), tag("a", "2"))), "Tags.2.Key", "must be unique within Tags"),
                new Case("tag key too long", c -> c.tagResource(r -> r.resourceARN(arn())
                        .tags(tag("k".repeat(129), "v"))), "Tags.1.Key", "length less than or equal to 128"),
                new Case("tag value too long", c -> c.tagResource(r -> r.resourceARN(arn())
                        .tags(tag("k", "v".repeat(257)))), "Tags.1.Value", "length less than or equal to 256"),
                new Case("tag value missing", c -> c.tagResource(r -> r.resourceARN(arn())
                        .tags(t -> t.key("k"))), "Tags.1.Value", "must not be null"),
                new Case("tags missing", c -> c.tagResource(r -> r.resourceARN(arn())), "Tags", "must not be null"),
                new Case("tags empty", c -> c.tagResource(r -> r.resourceARN(arn()).tags(List.of())), "Tags",
                        "length greater than or equal to 1"),
                new Case("tags over 50", c -> c.tagResource(r -> r.resourceARN(arn()).tags(IntStream.range(0, 51)
                        .mapToObj(i -> tag("k" + i, "v")).toList())), "Tags", "length less than or equal to 50"),
                new Case("tag arn missing", c -> c.tagResource(r -> r.tags(tag("a", "1"))), "ResourceARN",
                        "must not be null"),
                new Case("tag arn too long", c -> c.tagResource(r -> r.resourceARN(arn() + "x".repeat(1000))
                        .tags(tag("a", "1"))), "ResourceARN", "length less than or equal to 1024"),
                new Case("untag keys missing", c -> c.untagResource(r -> r.resourceARN(arn())), "TagKeys",
                        "must not be null"),
                new Case("untag keys empty", c -> c.untagResource(r -> r.resourceARN(arn()).tagKeys(List.of())),
                        "TagKeys", "length greater than or equal to 1"),
                new Case("untag keys over 50", c -> c.untagResource(r -> r.resourceARN(arn()).tagKeys(
                        IntStream.range(0, 51).mapToObj(i -> "k" + i).toList())), "TagKeys",
                        "length less than or equal to 50"),
                new Case("untag key reserved", c -> c.untagResource(r -> r.resourceARN(arn())
                        .tagKeys("fine", "aws:cloudformation:stack-name")), "TagKeys.2",
                        "must not begin with the reserved prefix 'aws:'"),
                new Case("list tags arn missing", c -> c.listTagsForResource(r -> { }), "ResourceARN",
                        "must not be null"),
                new Case("list tags arn pattern", c -> c.listTagsForResource(r -> r.resourceARN("vc/" + vc)),
                        "ResourceARN", "regular expression pattern"),
                new Case("update connector name missing", c -> c.updateVoiceConnector(r -> r.voiceConnectorId(vc)
                        .requireEncryption(true)), "Name", "must not be null"),
                new Case("update connector name pattern", c -> c.updateVoiceConnector(r -> r.voiceConnectorId(vc)
                        .name("///").requireEncryption(true)), "Name", "regular expression pattern"),
                new Case("update connector name too long", c -> c.updateVoiceConnector(r -> r.voiceConnectorId(vc)
                        .name("n".repeat(257)).requireEncryption(true)), "Name", "length less than or equal to 256"),
                new Case("update connector encryption missing", c -> c.updateVoiceConnector(r -> r
                        .voiceConnectorId(vc).name("n")), "RequireEncryption", "must not be null"),
                new Case("update connector id blank", c -> c.updateVoiceConnector(r -> r.voiceConnectorId(" ")
                        .name("n").requireEncryption(true)), "VoiceConnectorId", "regular expression pattern"));
    }

    private String arn() {
        return "arn:aws:chime:us-east-1:123456789012:vc/" + vc;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constraintViolations")
    void constraintViolationIsBadRequestNamingMemberAndRule(Case c) {
        assertThatThrownBy(() -> c.call().accept(f.client))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((BadRequestException) e).statusCode()).isEqualTo(400))
                .hasMessageContaining("'" + c.member() + "'")
                .hasMessageContaining(c.rule());
    }

    @Test
    void everyViolationIsReportedAtOnceAndSensitiveValuesAreNotEchoed() {
        assertThatThrownBy(() -> f.client.createProxySession(r -> r.voiceConnectorId(vc)
                .participantPhoneNumbers("+0999", "0888").capabilitiesWithStrings("Fax").expiryMinutes(0)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("4 validation errors detected")
                .hasMessageContaining("Value 'Fax' at 'Capabilities.1'")
                .hasMessageNotContaining("0999").hasMessageNotContaining("0888");
    }

    @Test
    void wrongJsonTypesAreBadRequestsNamingTheMember() throws Exception {
        String path = "/voice-connectors/" + vc + "/proxy-sessions";
        assertBadRequest(f.raw("POST", path, "{\"ParticipantPhoneNumbers\":[\"" + ALICE + "\",\"" + BOB
                + "\"],\"Capabilities\":[\"Voice\"],\"ExpiryMinutes\":\"30\"}"), "'ExpiryMinutes'", "be an integer");
        assertBadRequest(f.raw("POST", path, "{\"ParticipantPhoneNumbers\":\"" + ALICE + "\","
                + "\"Capabilities\":[\"Voice\"]}"), "'ParticipantPhoneNumbers'", "be a list");
        assertBadRequest(f.raw("POST", path, "{\"ParticipantPhoneNumbers\":[\"" + ALICE + "\",12065550101],"
                + "\"Capabilities\":[\"Voice\"]}"), "'ParticipantPhoneNumbers.2'", "be a string");
        assertBadRequest(f.raw("POST", path, "{\"ParticipantPhoneNumbers\":[\"" + ALICE + "\",\"" + BOB + "\"],"
                + "\"Capabilities\":[\"Voice\"],\"GeoMatchParams\":\"US\"}"), "'GeoMatchParams'", "be a structure");
        assertBadRequest(f.raw("POST", path, "{\"ParticipantPhoneNumbers\":[\"" + ALICE + "\",\"" + BOB + "\"],"
                + "\"Capabilities\":[\"Voice\"],\"ExpiryMinutes\":30.5}"), "'ExpiryMinutes'", "be an integer");
        assertBadRequest(f.raw("PUT", "/voice-connectors/" + vc + "/programmable-numbers/proxy",
                        "{\"DefaultSessionExpiryMinutes\":60,\"PhoneNumberPoolCountries\":[\"US\"],\"Disabled\":\"no\"}"),
                "'Disabled'", "be a boolean");
        assertBadRequest(f.raw("GET", path + "?max-results=ten", null), "'MaxResults'", "be an integer");
    }

    @Test
    void malformedBodiesAreBadRequests() {
        String path = "/voice-connectors/" + vc + "/proxy-sessions";
        assertBadRequest(f.raw("POST", path, "{\"ParticipantPhoneNumbers\": ["), "not valid JSON", "");
        assertBadRequest(f.raw("POST", path, "[1,2]"), "must be a JSON object", "");
        assertBadRequest(f.raw("POST", path, "\"text\""), "must be a JSON object", "");
        assertBadRequest(f.raw("POST", path, ""), "'ParticipantPhoneNumbers'", "must not be null");
    }

    /**
     * A JSON object followed by anything but white space is not one JSON value (issue 19 §5: it was applied as if the
     * rest were not there); the service answers 400, and nothing may change.
     */
    @Test
    void aBodyThatGoesOnAfterItsJsonObjectIsABadRequestAndChangesNothing() {
        String path = "/voice-connectors/" + vc + "/proxy-sessions";
        String valid = "{\"ParticipantPhoneNumbers\":[\"" + EmulatorFixture.CAROL + "\",\"+17025550153\"],\"Capabilities\":[\"Voice\"]}";
        for (String junk : List.of(" garbage", "{}", "\n" + valid, " 1", "]", "}", " null", " \"x\"", "\u0000")) {
            assertBadRequest(f.raw("POST", path, valid + junk), "not valid JSON", "goes on after the JSON value");
        }
        String clock = "{\"advanceMinutes\": 60} garbage";
        assertBadRequest(f.raw("POST", ClockRoute.PATH, clock, false), "not valid JSON", "goes on after");
        assertBadRequest(f.raw("PUT", "/voice-connectors/" + vc + "/programmable-numbers/proxy",
                "{\"DefaultSessionExpiryMinutes\":5,\"PhoneNumberPoolCountries\":[\"US\"]} x"), "not valid JSON", "");

        assertThat(f.emulator.proxySessionIds(vc)).containsExactly(sessionId);
        assertThat(f.emulator.clockOffset()).isZero();
        assertThat(f.client.getVoiceConnectorProxy(r -> r.voiceConnectorId(vc)).proxy()
                .defaultSessionExpiryMinutes()).isNotEqualTo(5);
        HttpResponse<String> spaced = f.raw("POST", path, valid + " \r\n\t ");
        assertThat(spaced.statusCode()).as("white space after it is fine").isEqualTo(201);
        f.client.deleteProxySession(r -> r.voiceConnectorId(vc).proxySessionId(Json.readBody(spaced.body().getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).at("/ProxySession/ProxySessionId").asText()));
    }

    @Test
    void oversizedBodyIsRefusedWith413AndTheConnectionSurvives() {
        String path = "/voice-connectors/" + vc + "/proxy-sessions";
        String huge = "{\"Name\":\"" + "a".repeat(HttpFrontEnd.MAX_BODY_BYTES + 10) + "\"}";

        HttpResponse<String> response = f.raw("POST", path, huge);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("RequestEntityTooLargeException");
        assertThat(response.body()).contains("exceeds the limit of " + HttpFrontEnd.MAX_BODY_BYTES);
        assertThat(f.emulator.proxySessionIds(vc)).containsExactly(sessionId);
    }

    @Test
    void unknownRoutesAndMethodsAreClear4xx() {
        HttpResponse<String> unknown = f.raw("GET", "/voice-connectors/" + vc + "/sip-rules", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
        assertThat(unknown.body()).contains("No operation matches GET /voice-connectors/" + vc + "/sip-rules");

        HttpResponse<String> wrongMethod = f.raw("PATCH", "/voice-connectors/" + vc + "/proxy-sessions", "{}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(wrongMethod.body()).contains("PATCH is not allowed");
    }

    @Test
    void unsignedRequestsAreRefusedWith403AsAwsRefusesThem() throws Exception {
        HttpResponse<String> unsigned = f.raw("GET", "/voice-connectors", null, false);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(unsigned.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode body = Json.MAPPER.readTree(unsigned.body());
        assertThat(body.get("Code").asText()).as("the body names the error the header names")
                .isEqualTo("MissingAuthenticationToken");
        assertThat(body.get("Message").asText()).isEqualTo("Missing Authentication Token");

        ChimeSdkVoiceException wrongService = (ChimeSdkVoiceException) org.assertj.core.api.Assertions.catchThrowable(
                () -> software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient.builder()
                        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider
                                .create())
                        .endpointOverride(f.emulator.endpoint()).build()
                        .listVoiceConnectors(r -> { }));
        assertThat(wrongService.statusCode()).as("anonymous SDK requests carry no signature").isEqualTo(403);
    }

    @Test
    void everySignatureErrorNamesTheSameErrorInHeaderAndBody() throws Exception {
        for (String authorization : List.of("Basic dXNlcjpwYXNz",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/s3/aws4_request, SignedHeaders=host, "
                        + "Signature=0")) {
            HttpResponse<String> response = f.raw("GET", "/voice-connectors", null, authorization);
            assertThat(response.statusCode()).isEqualTo(403);
            String type = response.headers().firstValue("x-amzn-ErrorType").orElseThrow();
            assertThat(type).isIn("IncompleteSignatureException", "InvalidSignatureException");
            assertThat(Json.MAPPER.readTree(response.body()).get("Code").asText())
                    .isEqualTo(type.substring(0, type.length() - "Exception".length()));
        }
    }

    private static void assertBadRequest(HttpResponse<String> response, String fragment, String rule) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("BadRequestException");
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("error body is not JSON: " + response.body(), e);
        }
        assertThat(body.get("Code").asText()).isEqualTo("BadRequest");
        assertThat(body.get("Message").asText()).contains(fragment).contains(rule);
    }
}
