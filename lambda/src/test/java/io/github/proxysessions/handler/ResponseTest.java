package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.proxysessions.handler.HandlerFixture.Delivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What reaches the ResponseURL: always there, always within 4096 bytes. */
class ResponseTest {

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    @Test
    void aReasonTooLongForCloudFormationIsCutToFit() {
        Map<String, Object> props = f.props();
        for (int i = 0; i < 60; i++) {
            props.put("UnsupportedPropertyWithAVeryLongNameNumber" + i, "x");
        }

        Delivery d = f.create(props);

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().body().length).isLessThanOrEqualTo(4096).isGreaterThan(4000);
        assertThat(d.response().reason()).startsWith("Invalid properties").endsWith(" [...]");
    }

    @Test
    void aResponseUrlThatTricklesItsAnswerCannotKeepTheFunctionPastItsDeadline() throws Exception {
        try (TricklingResponseUrl trickling = new TricklingResponseUrl()) {
            HandlerFixture.Event event = f.event("create", UUID.randomUUID().toString(), "SupportSession",
                    HandlerFixture.SESSION, null, f.props(), null);
            TestContext context = new TestContext(Duration.ofSeconds(8));

            f.invoke(event.json().replace(event.responseUrl(), trickling.url()), context);

            assertThat(System.nanoTime()).as("returned before Lambda's deadline").isLessThan(context.deadlineNanos());
            assertThat(trickling.requests()).isPositive();
            assertThat(f.logs()).contains("could not send the response to CloudFormation")
                    .doesNotContain("0bad5ecret");
        }
    }

    @Test
    void aResponseUrlThatFailsOnceIsTriedAgain() {
        f.responses.failNext(1);

        Delivery d = f.create(f.props());

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).containsExactly(d.response().physicalResourceId());
    }

    /** The handler's log lines about the ResponseURL, in order. */
    private List<JsonNode> responseUrlLines() {
        return f.logs().lines().filter(l -> l.contains("The ResponseURL did not take the response")).map(l -> {
            try {
                return CloudFormationEvent.MAPPER.readTree(l);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private HandlerFixture.Event createEvent() {
        return f.event("create", UUID.randomUUID().toString(), "SupportSession", HandlerFixture.SESSION, null,
                f.props(), null);
    }

    @ParameterizedTest
    @CsvSource({"503, HTTP 503 SlowDown", "500, HTTP 500 InternalError", "429, HTTP 429"})
    void aResponseUrlThatRefusesFourTimesGetsTheResponseWithALogLinePerFailedAttempt(int status, String failure) {
        f.responses.failNext(4, status);
        HandlerFixture.Event event = createEvent();

        Delivery d = f.deliver(event, Duration.ofMinutes(1));

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.responses.attempts(event.responseUrl())).isEqualTo(5);
        List<JsonNode> lines = responseUrlLines();
        assertThat(lines).extracting(l -> l.path("attempt").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.path("level").asText()).isEqualTo("WARN");
            assertThat(l.path("message").asText()).endsWith("trying again");
            assertThat(l.path("failure").asText()).isEqualTo(failure);
            assertThat(l.path("requestId").asText()).isEqualTo(event.requestId());
            assertThat(l.path("retryInMs").asLong()).isPositive();
        });
        assertThat(f.logs()).doesNotContain("0bad5ecret", "/responses/");
    }

    @Test
    void aResponseUrlThatAlwaysAnswers503IsTriedUntilTheBudgetEndsAndTheHandlerSaysWhy() {
        f.responses.failAlways(503);
        HandlerFixture.Event event = createEvent();
        TestContext context = new TestContext(Duration.ofSeconds(8));

        f.invoke(event.json(), context);

        assertThat(System.nanoTime()).as("returned before Lambda's deadline").isLessThan(context.deadlineNanos());
        assertThat(f.responses.responses(event.responseUrl())).isEmpty();
        int attempts = f.responses.attempts(event.responseUrl());
        // Backoffs of at most 0.1, 0.2, 0.4, 0.8, 1.6 and 3.2 s fit in the 7.5 s the budget leaves for answering.
        assertThat(attempts).isGreaterThanOrEqualTo(6);
        List<JsonNode> lines = responseUrlLines();
        assertThat(lines).hasSize(attempts);
        assertThat(lines.subList(0, attempts - 1)).allSatisfy(l ->
                assertThat(l.path("message").asText()).endsWith("trying again"));
        JsonNode last = lines.get(attempts - 1);
        assertThat(last.path("message").asText()).endsWith("giving up");
        assertThat(last.path("failure").asText()).isEqualTo("HTTP 503 SlowDown");
        assertThat(last.path("why").asText()).startsWith("the function's time for answering ran out");
        assertThat(f.logs()).contains("could not send the response to CloudFormation", "no answer accepted after "
                + attempts + " attempts").doesNotContain("0bad5ecret", "/responses/");
    }

    @Test
    void aResponseUrlThatAnswers403IsNotTriedAgain() {
        f.responses.failNext(1, 403);
        HandlerFixture.Event event = createEvent();

        f.invoke(event.json(), new TestContext(Duration.ofMinutes(1)));

        assertThat(f.responses.attempts(event.responseUrl())).isEqualTo(1);
        assertThat(f.responses.responses(event.responseUrl())).isEmpty();
        List<JsonNode> lines = responseUrlLines();
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.path("message").asText()).endsWith("giving up");
            assertThat(l.path("failure").asText()).isEqualTo("HTTP 403 AccessDenied");
            assertThat(l.path("why").asText()).contains("a 4xx other than 429 is final");
        });
        assertThat(f.logs()).contains("could not send the response to CloudFormation");
    }

    @Test
    void aRefusedConnectionIsTriedAgainUntilTheBudgetEnds() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HandlerFixture.Event event = createEvent();
        String refused = "http://127.0.0.1:" + closedPort + "/responses/refused?X-Amz-Signature=0bad5ecret";
        TestContext context = new TestContext(Duration.ofSeconds(4));

        f.invoke(event.json().replace(event.responseUrl(), refused), context);

        assertThat(System.nanoTime()).isLessThan(context.deadlineNanos());
        List<JsonNode> lines = responseUrlLines();
        assertThat(lines.size()).isGreaterThanOrEqualTo(4);
        assertThat(lines).allSatisfy(l -> assertThat(l.path("failure").asText()).contains("ConnectException"));
        assertThat(lines.get(lines.size() - 1).path("message").asText()).endsWith("giving up");
        assertThat(f.logs()).doesNotContain("0bad5ecret", "/responses/refused");
    }
}
