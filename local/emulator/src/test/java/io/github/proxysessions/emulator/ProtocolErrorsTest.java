package io.github.proxysessions.emulator;

import static io.github.proxysessions.emulator.RawHttp.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that the HTTP layer refuses before any operation sees them (issue 12 §3) get the AWS error shape too:
 * {@code x-amzn-ErrorType}, {@code x-amzn-RequestId} and a {@code {"Code","Message"}} body, never an HTML page or a
 * reset connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolErrorsTest {

    private static final String HOST = "Host: 127.0.0.1\r\n";
    private static final String SIGNED = "Authorization: " + EmulatorFixture.SIGNED + "\r\nX-Amz-Date: 20261123T100000Z\r\n";

    private EmulatorFixture f;

    @BeforeAll
    void start() {
        f = new EmulatorFixture();
    }

    @AfterAll
    void stop() {
        f.close();
    }

    static Stream<Arguments> refusedByTheHttpLayer() {
        return Stream.of(
                Arguments.of("%zz in the path", "GET /voice-connectors/%zz HTTP/1.1\r\n" + HOST + SIGNED + "\r\n", 400),
                Arguments.of("%zz in the query", "GET /voice-connectors?max-results=%zz HTTP/1.1\r\n" + HOST + SIGNED
                        + "\r\n", 400),
                Arguments.of("a target of *", "GET * HTTP/1.1\r\n" + HOST + "\r\n", 400),
                Arguments.of("OPTIONS *", "OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n", 400),
                Arguments.of("a method like FOO BAR", "FOO BAR /voice-connectors HTTP/1.1\r\n" + HOST + "\r\n", 400),
                Arguments.of("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 0),
                Arguments.of("a Content-Length that is not a number", "POST /voice-connectors HTTP/1.1\r\n" + HOST
                        + "Content-Length: abc\r\n\r\n{}", 400),
                Arguments.of("a negative Content-Length", "POST /voice-connectors HTTP/1.1\r\n" + HOST
                        + "Content-Length: -5\r\n\r\n{}", 400),
                Arguments.of("two Content-Lengths", "POST /voice-connectors HTTP/1.1\r\n" + HOST
                        + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400),
                Arguments.of("a 1 MB query", "GET /voice-connectors?next-token=" + "a".repeat(1 << 20) + " HTTP/1.1\r\n"
                        + HOST + "\r\n", 414),
                Arguments.of("a 1 MB header", "GET /voice-connectors HTTP/1.1\r\n" + HOST + "X-Big: "
                        + "a".repeat(1 << 20) + "\r\n\r\n", 431),
                Arguments.of("10,000 headers", "GET /voice-connectors HTTP/1.1\r\n" + HOST
                        + "X-Header: value\r\n".repeat(10_000) + "\r\n", 431),
                Arguments.of("an unknown HTTP version", "GET /voice-connectors HTTP/9.9\r\n" + HOST + "\r\n", 505),
                Arguments.of("no Host", "GET /voice-connectors HTTP/1.1\r\n\r\n", 400),
                Arguments.of("a header name with a space", "GET /voice-connectors HTTP/1.1\r\n" + HOST
                        + "Bad Header: x\r\n\r\n", 400),
                Arguments.of("both Transfer-Encoding and Content-Length", "POST /voice-connectors HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("a bad chunk size", "POST /voice-connectors HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400),
                Arguments.of("a TLS handshake", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003",
                        400),
                Arguments.of("not HTTP at all", "hello\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheHttpLayer")
    void answeredInTheAwsErrorShape(String what, String request, int status) {
        RawHttp.Answer answer = RawHttp.send(f.emulator.endpoint(), request);

        assertAwsError(answer, what);
        if (status != 0) {
            assertThat(answer.status()).as(what + ": " + answer).isEqualTo(status);
        }
    }

    @Test
    void theServiceStillAnswersNormallyAfterwards() {
        refusedByTheHttpLayer().forEach(a -> RawHttp.send(f.emulator.endpoint(), (String) a.get()[1]));

        assertThat(f.client.listVoiceConnectors(r -> { }).voiceConnectors()).isNotNull();
    }
}
