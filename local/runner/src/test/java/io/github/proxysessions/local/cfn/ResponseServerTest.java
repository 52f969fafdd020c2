package io.github.proxysessions.local.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CloudFormation's rules for a custom resource's response, as the runner's ResponseURL enforces them. */
class ResponseServerTest {

    private static final String STACK = "arn:aws:cloudformation:us-east-1:123456789012:stack/S/1";
    private static final ResponseServer.Expectation CREATE = new ResponseServer.Expectation("Create", STACK, "r-1",
            "Session", null);
    private static final ResponseServer.Expectation DELETE = new ResponseServer.Expectation("Delete", STACK, "r-2",
            "Session", "phys-1");

    private static String body(String status, String physicalId, String extra) {
        return "{\"Status\":\"" + status + "\",\"PhysicalResourceId\":\"" + physicalId + "\",\"StackId\":\"" + STACK
                + "\",\"RequestId\":\"r-1\",\"LogicalResourceId\":\"Session\"" + extra + "}";
    }

    private static Outcome check(ResponseServer.Expectation e, String body) {
        return ResponseServer.check(e, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWellFormedSuccessCarriesItsIdAndData() {
        Outcome o = check(CREATE, body("SUCCESS", "phys-9", ",\"Data\":{\"ProxySessionId\":\"p\",\"N\":3}"));

        assertThat(o.success()).isTrue();
        assertThat(o.physicalId()).isEqualTo("phys-9");
        assertThat(o.data()).isEqualTo(Map.of("ProxySessionId", "p", "N", "3"));
        assertThat(o.reason()).isNull();
    }

    @Test
    void aFailedWithAReasonIsTakenAsTheProvidersAnswer() {
        Outcome o = check(CREATE, body("FAILED", "phys-9", ",\"Reason\":\"no numbers left\""));

        assertThat(o.success()).isFalse();
        assertThat(o.reason()).isEqualTo("no numbers left");
        assertThat(o.physicalId()).isEqualTo("phys-9");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json|Response is not valid JSON",
        "[1]|Response is not a JSON object",
        "{\"Status\":\"OK\"}|Response Status must be SUCCESS or FAILED, was 'OK'",
        "{\"Status\":\"SUCCESS\"}|Response has no PhysicalResourceId",
        "{\"Status\":\"SUCCESS\",\"PhysicalResourceId\":\"p\",\"StackId\":\"other\",\"RequestId\":\"r-1\","
                + "\"LogicalResourceId\":\"Session\"}|Response StackId does not match the request's",
    })
    void aBrokenResponseFailsNamingTheRule(String body, String rule) {
        Outcome o = check(CREATE, body);

        assertThat(o.success()).isFalse();
        assertThat(o.reason()).startsWith(rule);
        assertThat(o.physicalId()).isNull();
    }

    @Test
    void idsMustMatchTheRequest() {
        assertThat(check(CREATE, body("SUCCESS", "p", "").replace("\"r-1\"", "\"r-x\"")).reason())
                .isEqualTo("Response RequestId does not match the request's");
        assertThat(check(CREATE, body("SUCCESS", "p", "").replace("\"Session\"", "\"Other\"")).reason())
                .isEqualTo("Response LogicalResourceId does not match the request's");
    }

    @Test
    void failedNeedsAReason() {
        assertThat(check(CREATE, body("FAILED", "p", "")).reason()).isEqualTo("Response is FAILED without a Reason");
        assertThat(check(CREATE, body("FAILED", "p", ",\"Reason\":\"  \"")).reason())
                .isEqualTo("Response is FAILED without a Reason");
    }

    @Test
    void theWholeBodyIsAtMost4096Bytes() {
        String exactly = body("SUCCESS", "p", ",\"Data\":{\"X\":\"");
        String filler = "x".repeat(ResponseServer.MAX_BYTES - exactly.length() - 3);
        String atLimit = exactly + filler + "\"}}";
        assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(ResponseServer.MAX_BYTES);

        assertThat(check(CREATE, atLimit).success()).isTrue();
        assertThat(check(CREATE, exactly + filler + "x\"}}").reason())
                .isEqualTo("Response object is too long: 4097 bytes, CloudFormation takes at most 4096");
    }

    @Test
    void thePhysicalIdIsAtMost1Kb() {
        assertThat(check(CREATE, body("SUCCESS", "p".repeat(1025), "")).reason())
                .isEqualTo("Response PhysicalResourceId is over 1 KB");
        assertThat(check(CREATE, body("SUCCESS", "p".repeat(1024), "")).success()).isTrue();
    }

    @Test
    void aDeleteMustAnswerTheIdItWasGivenAndAFailureKeepsIt() {
        String changed = body("SUCCESS", "phys-2", "").replace("r-1", "r-2");

        Outcome o = check(DELETE, changed);

        assertThat(o.success()).isFalse();
        assertThat(o.reason()).isEqualTo("Response to a Delete changed the PhysicalResourceId");
        assertThat(o.physicalId()).isEqualTo("phys-1");
        assertThat(check(DELETE, body("SUCCESS", "phys-1", "").replace("r-1", "r-2")).success()).isTrue();
    }

    @Test
    void dataMustBeAnObject() {
        assertThat(check(CREATE, body("SUCCESS", "p", ",\"Data\":[1]")).reason())
                .isEqualTo("Response Data must be an object");
        assertThat(check(CREATE, body("SUCCESS", "p", ",\"Data\":null")).success()).isTrue();
    }

    @Test
    void onlyAPutToTheRegisteredUrlIsTakenAndTheFirstResponseCounts() throws Exception {
        try (ResponseServer server = new ResponseServer()) {
            String url = server.register(CREATE);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI wrongSignature = URI.create(url.replaceFirst("Signature=.*", "Signature=guess"));

            assertThat(http.send(HttpRequest.newBuilder(wrongSignature)
                    .PUT(HttpRequest.BodyPublishers.ofString(body("SUCCESS", "p", ""))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
            assertThat(server.response("r-1")).isNotDone();

            for (String id : new String[] {"first", "second"}) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create(url))
                        .PUT(HttpRequest.BodyPublishers.ofString(body("SUCCESS", id, ""))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            }

            assertThat(server.response("r-1").get().physicalId()).isEqualTo("first");
        }
    }
}
