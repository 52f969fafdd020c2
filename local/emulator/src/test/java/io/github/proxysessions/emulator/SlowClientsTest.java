package io.github.proxysessions.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send part of a request and then nothing (issue 12 §4) hold no thread while they wait, and are cut off
 * after the read timeout: hundreds of them leave the emulator's threads bounded and its answers prompt.
 */
class SlowClientsTest {

    private static final String PARTIAL_HEADERS = "POST /voice-connectors HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le";
    private static final String SHORT_BODY = "POST /voice-connectors HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"Name\":";

    private final List<Socket> sockets = new ArrayList<>();
    private EmulatorFixture f;

    @AfterEach
    void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (f != null) {
            f.close();
        }
    }

    private Socket open(URI endpoint, String bytes) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    private static long emulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(HttpFrontEnd.THREAD_NAME)).count();
    }

    @Test
    void hundredsOfStalledRequestsHoldNoThreadAndTheServiceStillAnswers() throws IOException {
        f = new EmulatorFixture();
        URI endpoint = f.emulator.endpoint();
        for (int i = 0; i < 300; i++) {
            open(endpoint, i % 2 == 0 ? PARTIAL_HEADERS : SHORT_BODY);
        }

        // The SDK's own call, on a fresh connection, among 300 stalled ones.
        assertThat(f.client.listVoiceConnectors(r -> { }).voiceConnectors()).isNotNull();
        String vc = f.connectorWithProxy();
        assertThat(f.session(vc, EmulatorFixture.ALICE, EmulatorFixture.BOB).proxySessionId()).isNotNull();
        assertThat(emulatorThreads()).as("threads of the emulator's pool").isBetween(1L,
                (long) HttpFrontEnd.MAX_THREADS);
    }

    @Test
    void aStalledRequestIsCutOffAfterTheReadTimeoutAndAShortBodyIsAnswered408() throws IOException {
        f = new EmulatorFixture(ChimeVoiceEmulator.builder().readTimeout(Duration.ofMillis(500)));
        URI endpoint = f.emulator.endpoint();
        List<Socket> partial = new ArrayList<>();
        List<Socket> shortBody = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            partial.add(open(endpoint, PARTIAL_HEADERS));
            shortBody.add(open(endpoint, SHORT_BODY));
        }

        for (Socket socket : partial) {
            socket.setSoTimeout(30_000);   // a bound for a broken emulator; the read timeout ends the wait long before
            assertThat(socket.getInputStream().read()).as("closed without an answer: there was no whole request")
                    .isEqualTo(-1);
        }
        for (Socket socket : shortBody) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            RawHttp.Answer answer = RawHttp.read(in);
            RawHttp.assertAwsError(answer, "a body shorter than its Content-Length");
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("RequestTimeoutException");
            assertThat(in.read()).as("and closed").isEqualTo(-1);
        }
        assertThat(f.client.listVoiceConnectors(r -> { }).voiceConnectors()).isNotNull();
    }
}
