package io.github.proxysessions.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * A few hundred malformed requests over raw sockets, drawn at random (with a fixed seed, so that a failure can be
 * replayed: {@code -Dfuzz.seed=N} tries another draw): bad request lines, methods, targets, encodings, headers,
 * Content-Length variants, oversized parts, garbage JSON, wrong types and truncated bodies. Every answer must have the
 * AWS error shape; afterwards the emulator must have changed nothing and answer the SDK promptly.
 */
class FuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261123L);
    private static final int REQUESTS = 400;
    private static final String HOST = "Host: 127.0.0.1\r\n";
    private static final String SIGNED = "Authorization: " + EmulatorFixture.SIGNED + "\r\nX-Amz-Date: 20261123T100000Z\r\n";

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
            "CONNECT", "get", "G ET", "FOO BAR", "", "\u00e9TAT", "GET\tGET", "X".repeat(9000), "PRI", "GET\u0000");
    private static final List<String> TARGETS = List.of("/voice-connectors", "*", "", "http://other/x",
            "example.com:443", "/voice-connectors/%zz", "/%", "/voice-connectors/a%2Fb/proxy-sessions",
            "/voice-connectors/\u00ff\u00fe", "/a b", "/voice-connectors?max-results=%zz",
            "/voice-connectors?next-token=" + "a".repeat(20_000), "/../../etc/passwd", "/voice-connectors/%00",
            "//", "/voice-connectors#fragment", "/voice-connectors/demovoiceconnector0001/proxy-sessions?status=%",
            "/tags?arn=%E0%A4%A", "/\r/", "/voice-connectors/" + "v".repeat(5000));
    private static final List<String> VERSIONS = List.of("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9",
            "HTTP/1.1 extra", "", "http/1.1", "HTTP/1.1\u0000", "HTTP/", "HTTP/1.1/1.1");
    private static final List<String> BAD_HEADERS = List.of("", "Host: 127.0.0.1\r\n", "NoColonHere\r\n",
            "Bad Header: x\r\n", "X-Control: \u0001\u0002\r\n", "X-Long: " + "v".repeat(20_000) + "\r\n",
            "X-Many: v\r\n".repeat(3000), " folded: continuation\r\n", "X-Latin1: caf\u00e9\r\n",
            ": no-name\r\n", "Transfer-Encoding: gzip\r\n", "Transfer-Encoding: chunked, chunked\r\n",
            "Transfer-Encoding: identity\r\n", "Content-Length: 1, 2\r\n", "Expect: 100-continue\r\n");
    private static final List<String> CONTENT_LENGTHS = List.of("abc", "-5", "99999999999999999999", "+3", "0x10",
            " 3", "3 ", "3, 3", "", "1e3", "\u0663");

    private EmulatorFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void everyMalformedRequestIsAnsweredInTheAwsErrorShapeAndTheServerStaysHealthy() throws Exception {
        f = new EmulatorFixture(ChimeVoiceEmulator.builder().readTimeout(Duration.ofMillis(500)));
        String vc = f.connectorWithProxy();
        String sessionId = f.session(vc, EmulatorFixture.ALICE, EmulatorFixture.BOB).proxySessionId();
        Random random = new Random(SEED);
        List<Function<Random, byte[]>> kinds = List.of(
                FuzzTest::badRequestLine, FuzzTest::badHeaders, FuzzTest::badContentLength,
                r -> badBody(r, vc, sessionId), r -> badChunks(r, vc));
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(kinds.get(i % kinds.size()).apply(random));
        }

        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<String>> results = new ArrayList<>();
        for (byte[] request : requests) {
            results.add(clients.submit(() -> {
                String what = RawHttp.describe(request) + " (seed " + SEED + ")";
                try {
                    RawHttp.assertAwsError(RawHttp.send(f.emulator.endpoint(), request), what);
                    return null;
                } catch (AssertionError | RuntimeException e) {
                    return e.getMessage();
                }
            }));
        }
        List<String> failures = new ArrayList<>();
        for (Future<String> result : results) {
            String failure = result.get(2, TimeUnit.MINUTES);
            if (failure != null) {
                failures.add(failure);
            }
        }
        clients.shutdown();

        assertThat(failures).as("answers not in the AWS error shape, of " + REQUESTS).isEmpty();
        assertThat(f.emulator.voiceConnectorIds()).as("nothing changed").containsExactly(vc);
        assertThat(f.emulator.proxySessionIds(vc)).containsExactly(sessionId);
        // Promptly: requests the fuzz left stuck in the server would hold its threads, and these calls would wait.
        try (ChimeSdkVoiceClient prompt = EmulatorFixture.client(f.emulator.endpoint(), Duration.ofSeconds(10))) {
            assertThat(prompt.getProxySession(r -> r.voiceConnectorId(vc).proxySessionId(sessionId)).proxySession()
                    .expiryMinutes()).isEqualTo(60);
            assertThat(prompt.createProxySession(r -> r.voiceConnectorId(vc)
                    .participantPhoneNumbers(EmulatorFixture.CAROL, "+17025550153").capabilitiesWithStrings("Voice"))
                    .proxySession().proxySessionId()).isNotNull();
        }
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A request line with at least one bad part; unsigned, so that even a well-formed one is refused (403). */
    private static byte[] badRequestLine(Random random) {
        String line = switch (random.nextInt(4)) {
            case 0 -> pick(random, METHODS) + " " + pick(random, TARGETS) + " " + pick(random, VERSIONS);
            case 1 -> pick(random, METHODS) + " " + pick(random, TARGETS);
            case 2 -> pick(random, TARGETS);
            default -> pick(random, METHODS) + "  " + pick(random, TARGETS) + "   " + pick(random, VERSIONS);
        };
        return bytes(line + "\r\n" + (random.nextBoolean() ? HOST : "") + "\r\n");
    }

    /** A well-formed request line with bad or surprising headers; unsigned. */
    private static byte[] badHeaders(Random random) {
        String headers = (random.nextInt(4) == 0 ? "" : HOST) + pick(random, BAD_HEADERS) + pick(random, BAD_HEADERS);
        return bytes(pick(random, List.of("GET /voice-connectors", "POST /voice-connectors",
                "DELETE /voice-connectors/demovoiceconnector0001")) + " HTTP/1.1\r\n" + headers + "\r\n{}");
    }

    /** A Content-Length that is not one number of bytes, or two of them; signed. */
    private static byte[] badContentLength(Random random) {
        String length = random.nextInt(4) == 0
                ? "Content-Length: 2\r\nContent-Length: " + pick(random, List.of("2", "3", "-1", "x")) + "\r\n"
                : "Content-Length: " + pick(random, CONTENT_LENGTHS) + "\r\n";
        return bytes("POST /voice-connectors HTTP/1.1\r\n" + HOST + SIGNED + "Content-Type: application/json\r\n"
                + length + "\r\n{}");
    }

    /** A signed request to a real operation whose body it cannot accept: never valid, so nothing may change. */
    private static byte[] badBody(Random random, String vc, String sessionId) {
        record Target(String method, String path, String valid, String wrongType) {
        }
        List<Target> targets = List.of(
                new Target("POST", "/voice-connectors/" + vc + "/proxy-sessions",
                        "{\"ParticipantPhoneNumbers\":[\"+12065550160\",\"+14155550161\"],\"Capabilities\":[\"Voice\"]}",
                        "{\"ParticipantPhoneNumbers\":\"+12065550160\",\"Capabilities\":[\"Voice\"]}"),
                new Target("POST", "/voice-connectors/" + vc + "/proxy-sessions/" + sessionId,
                        "{\"Capabilities\":[\"SMS\"],\"ExpiryMinutes\":30}",
                        "{\"Capabilities\":[\"SMS\"],\"ExpiryMinutes\":\"30\"}"),
                new Target("PUT", "/voice-connectors/" + vc + "/programmable-numbers/proxy",
                        "{\"DefaultSessionExpiryMinutes\":30,\"PhoneNumberPoolCountries\":[\"US\"]}",
                        "{\"DefaultSessionExpiryMinutes\":30.5,\"PhoneNumberPoolCountries\":[\"US\"]}"),
                new Target("POST", "/voice-connectors", "{\"Name\":\"fuzz\",\"RequireEncryption\":true}",
                        "{\"Name\":[\"fuzz\"],\"RequireEncryption\":true}"),
                new Target("POST", "/tags?operation=tag-resource",
                        "{\"ResourceARN\":\"arn:aws:chime:us-east-1:123456789012:vc/" + vc
                                + "\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}",
                        "{\"ResourceARN\":\"arn:aws:chime:us-east-1:123456789012:vc/" + vc + "\",\"Tags\":{\"k\":\"v\"}}"));
        Target target = pick(random, targets);
        byte[] body = switch (random.nextInt(9)) {
            case 0 -> bytes(target.valid().substring(0, 1 + random.nextInt(target.valid().length() - 1)));
            case 1 -> bytes(target.wrongType());
            case 2 -> bytes("[".repeat(5000) + "]".repeat(5000));
            case 3 -> garbage(random);
            case 4 -> concat(bytes(target.valid().substring(0, 10)), new byte[] {(byte) 0xC3, 0x28, '"', '}'});
            case 5 -> bytes(pick(random, List.of("null", "[]", "\"text\"", "42", "true", "{}", "")));
            case 6 -> bytes(target.wrongType().replace("[\"Voice\"]", "[\"Voice\\u0000\"]"));
            case 7 -> bytes("{\"ParticipantPhoneNumbers\":1e400,\"Name\":" + "9".repeat(5000) + "}");
            default -> bytes("\u00ef\u00bb\u00bf" + target.valid().replace("{", "{{"));
        };
        boolean truncated = random.nextInt(8) == 0;
        String head = target.method() + " " + target.path() + " HTTP/1.1\r\n" + HOST + SIGNED
                + "Content-Type: application/json\r\nContent-Length: " + (body.length + (truncated ? 10 : 0)) + "\r\n\r\n";
        return concat(bytes(head), body);
    }

    /** A chunked body that breaks the chunked framing, or ends before its last chunk; signed. */
    private static byte[] badChunks(Random random, String vc) {
        String chunks = pick(random, List.of("zz\r\n{}\r\n0\r\n\r\n", "5\r\n{}\r\n0\r\n\r\n", "2\r\n{}",
                "2\r\n{}\r\n", "-1\r\n{}\r\n0\r\n\r\n", "2;ext=\"x\r\n{}\r\n0\r\n\r\n", "FFFFFFFFFFFF\r\n{}\r\n",
                "2\r\n{}\r\n0\r\nTrailer: x", "\r\n\r\n"));
        return bytes("POST /voice-connectors/" + vc + "/proxy-sessions HTTP/1.1\r\n" + HOST + SIGNED
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks);
    }

    private static byte[] garbage(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(2000)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.write(a, 0, a.length);
        out.write(b, 0, b.length);
        return out.toByteArray();
    }
}
