package io.github.proxysessions.emulator;

import static io.github.proxysessions.emulator.EmulatorFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySessionStatus;

/** The emulator-only clock: {@code /_emulator/clock} over plain HTTP, and {@code advanceClock} in-process. */
class ClockTest {

    /** Participants outside the default inventory, so that no proxy number is one of them. */
    private static final String DAN = "+12065550150";
    private static final String ERIN = "+12065550151";

    @TempDir
    Path dir;

    private EmulatorFixture f = new EmulatorFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private HttpResponse<String> clock(String method, String body) {
        return f.raw(method, "/_emulator/clock", body, false);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(response.body(), e);
        }
    }

    /** The answer expected, as a client parses it. */
    private static JsonNode clockState(String now, long offsetMinutes) {
        try {
            return Json.MAPPER.readTree("{\"now\":\"" + now + "\",\"offsetMinutes\":" + offsetMinutes + "}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void getAnswersTheTimeWithoutMovingItAndNeedsNoSignature() {
        HttpResponse<String> response = clock("GET", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response)).isEqualTo(clockState("2026-11-23T10:00:00.000Z", 0));
        assertThat(json(clock("GET", null))).isEqualTo(clockState("2026-11-23T10:00:00.000Z", 0));
    }

    @Test
    void everyAnswerCarriesTheEmulatorsTimeInItsDateHeader() {
        String vc = f.connectorWithProxy();
        clock("POST", "{\"advanceMinutes\": 90}");

        // What a client such as the handler reads as the service's time: the moved clock, not the machine's.
        String signedDate = f.client.getVoiceConnectorProxy(r -> r.voiceConnectorId(vc))
                .sdkHttpResponse().firstMatchingHeader("Date").orElseThrow();
        assertThat(signedDate).isEqualTo("Mon, 23 Nov 2026 11:30:00 GMT");
        assertThat(clock("GET", null).headers().firstValue("Date")).hasValue("Mon, 23 Nov 2026 11:30:00 GMT");
        assertThat(f.raw("GET", "/no-such-route", null, false).headers().allValues("Date"))
                .containsExactly("Mon, 23 Nov 2026 11:30:00 GMT");
    }

    @Test
    void postMovesTheClockAndSessionsExpireAndAreStampedByIt() {
        String vc = f.connectorWithProxy();
        ProxySession hour = f.client.createProxySession(r -> r.voiceConnectorId(vc)
                .participantPhoneNumbers(DAN, ERIN).capabilitiesWithStrings("Voice").expiryMinutes(60)).proxySession();

        HttpResponse<String> moved = clock("POST", "{\"advanceMinutes\": 90}");

        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(json(moved)).isEqualTo(clockState("2026-11-23T11:30:00.000Z", 90));
        ProxySession expired = f.client.getProxySession(r -> r.voiceConnectorId(vc)
                .proxySessionId(hour.proxySessionId())).proxySession();
        assertThat(expired.status()).isEqualTo(ProxySessionStatus.CLOSED);
        assertThat(expired.endedTimestamp()).isEqualTo(START.plus(Duration.ofMinutes(60)));
        ProxySession next = f.session(vc, DAN, ERIN);
        assertThat(next.createdTimestamp()).isEqualTo(START.plus(Duration.ofMinutes(90)));
        assertThat(next.status()).isEqualTo(ProxySessionStatus.OPEN);

        assertThat(json(clock("POST", "{\"advanceMinutes\":0}")))
                .isEqualTo(clockState("2026-11-23T11:30:00.000Z", 90));
        assertThat(json(clock("POST", "{\"advanceMinutes\":30}")))
                .isEqualTo(clockState("2026-11-23T12:00:00.000Z", 120));
    }

    @Test
    void theMovedClockAddsToTheClockTheEmulatorWasBuiltWith() {
        f.clock.advance(Duration.ofMinutes(5));
        Instant now = f.emulator.advanceClock(Duration.ofMinutes(10));

        assertThat(now).isEqualTo(START.plus(Duration.ofMinutes(15)));
        assertThat(f.emulator.clockOffset()).isEqualTo(Duration.ofMinutes(10));
        assertThat(json(clock("GET", null))).isEqualTo(clockState("2026-11-23T10:15:00.000Z", 10));
        assertThatThrownBy(() -> f.emulator.advanceClock(Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only moves forward");
    }

    @Test
    void aBadBodyIsABadRequestInTheAwsErrorShapeAndMovesNothing() {
        String range = "Member must have value between 0 and " + ClockRoute.MAX_ADVANCE_MINUTES;
        String[][] cases = {
                {"", "must be a JSON object"},
                {"{\"advanceMinutes\": ", "not valid JSON"},
                {"[60]", "must be a JSON object"},
                {"{}", "Value null at 'advanceMinutes' failed to satisfy constraint: Member must not be null"},
                {"{\"advanceMinutes\":\"60\"}",
                    "Value '\"60\"' at 'advanceMinutes' failed to satisfy constraint: Member must be a whole number"},
                {"{\"advanceMinutes\":1.5}", "Member must be a whole number"},
                {"{\"advanceMinutes\":-1}", range},
                {"{\"advanceMinutes\":99999999999}", range},
                {"{\"advanceMinutes\":" + (ClockRoute.MAX_ADVANCE_MINUTES + 1) + "}", range}};
        for (String[] c : cases) {
            HttpResponse<String> response = clock("POST", c[0]);
            assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).as(c[0]).hasValue("BadRequestException");
            assertThat(response.headers().firstValue("x-amzn-RequestId")).as(c[0]).isPresent();
            JsonNode error = json(response);
            assertThat(error.get("Code").asText()).as(c[0]).isEqualTo("BadRequest");
            assertThat(error.get("Message").asText()).as(c[0]).contains(c[1]);
        }
        assertThat(f.emulator.clockOffset()).isZero();
    }

    @Test
    void otherMethodsAndPathsUnderTheEmulatorPrefixAreClear4xx() {
        HttpResponse<String> put = clock("PUT", "{\"advanceMinutes\":1}");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(put.headers().firstValue("x-amzn-ErrorType")).hasValue("MethodNotAllowedException");

        HttpResponse<String> unknown = f.raw("GET", "/_emulator/time", null, false);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
        assertThat(json(unknown).get("Message").asText()).contains("GET and POST /_emulator/clock");
    }

    @Test
    void theClockRouteIsApartFromTheService() {
        f.emulator.faults().failRate(1.0);

        assertThat(clock("POST", "{\"advanceMinutes\":5}").statusCode()).as("no injected faults").isEqualTo(200);
        assertThat(f.emulator.requestCounts()).as("not counted as an operation").isEmpty();
        assertThat(f.raw("GET", "/_emulator/clock", null, true).statusCode()).as("a signature does no harm")
                .isEqualTo(200);
        // The service's own routes still want a signature.
        assertThat(f.raw("GET", "/voice-connectors", null, false).statusCode()).isEqualTo(403);
    }

    @Test
    void theOffsetSurvivesRestartsWithAStateFile() {
        Path state = dir.resolve("state.json");
        f.close();
        f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state));
        String vc = f.connectorWithProxy();
        String sessionId = f.client.createProxySession(r -> r.voiceConnectorId(vc)
                .participantPhoneNumbers(DAN, ERIN).capabilitiesWithStrings("Voice").expiryMinutes(60)).proxySession()
                .proxySessionId();
        clock("POST", "{\"advanceMinutes\":45}");
        f.emulator.advanceClock(Duration.ofMinutes(30));

        // The first restart replays the journal; the second reads the snapshot that the first one wrote.
        for (int restart = 1; restart <= 2; restart++) {
            f.close();
            f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state));
            assertThat(json(clock("GET", null))).as("restart " + restart)
                    .isEqualTo(clockState("2026-11-23T11:15:00.000Z", 75));
            assertThat(f.client.getProxySession(r -> r.voiceConnectorId(vc).proxySessionId(sessionId))
                    .proxySession().status()).isEqualTo(ProxySessionStatus.CLOSED);
        }
    }
}
