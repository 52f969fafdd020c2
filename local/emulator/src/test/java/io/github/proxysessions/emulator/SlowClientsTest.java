package io.github.proxysessions.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * Clients that send part of a request and then nothing, or trickle it (issue 12 §4), hold no thread while they wait,
 * and are cut off by the read timeout or the request deadline; connections beyond the limit wait their turn. Each test
 * asserts what a broken bound would break: a prompt answer to the SDK, a cut within its bound.
 */
class SlowClientsTest {

    private static final String PARTIAL_HEADERS = "POST /voice-connectors HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le";
    private static final String SHORT_BODY = "POST /voice-connectors HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"Name\":";

    /** What "answered at once" allows, on a loaded machine: far less than the read timeouts that would free a thread. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService tricklers = Executors.newSingleThreadScheduledExecutor();
    private EmulatorFixture f;

    @AfterEach
    void close() throws IOException {
        tricklers.shutdownNow();
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

    /**
     * 300 stalled requests, far more than the emulator has threads, hold none: the SDK's calls on fresh connections are
     * answered within {@code PROMPTLY}. Were each stalled request to hold a thread until the read timeout (set far
     * beyond it here), the pool would be exhausted and the first call would time out.
     */
    @Test
    void hundredsOfStalledRequestsHoldNoThreadAndTheSdkIsAnsweredPromptly() throws IOException {
        f = new EmulatorFixture(ChimeVoiceEmulator.builder().readTimeout(Duration.ofMinutes(5))
                .requestTimeout(Duration.ofMinutes(5)));
        URI endpoint = f.emulator.endpoint();
        for (int i = 0; i < 300; i++) {
            open(endpoint, i % 2 == 0 ? PARTIAL_HEADERS : SHORT_BODY);
        }

        try (ChimeSdkVoiceClient prompt = EmulatorFixture.client(endpoint, PROMPTLY)) {
            assertThat(prompt.listVoiceConnectors(r -> { }).voiceConnectors()).isEmpty();
            String vc = prompt.createVoiceConnector(r -> r.name("among stalled").requireEncryption(true))
                    .voiceConnector().voiceConnectorId();
            prompt.putVoiceConnectorProxy(r -> r.voiceConnectorId(vc).defaultSessionExpiryMinutes(60)
                    .phoneNumberPoolCountries("US"));
            assertThat(prompt.createProxySession(r -> r.voiceConnectorId(vc).participantPhoneNumbers(
                    EmulatorFixture.ALICE, EmulatorFixture.BOB).capabilitiesWithStrings("Voice"))
                    .proxySession().proxySessionId()).isNotNull();
        }
    }

    @Test
    void stalledRequestsAreCutOffByTheReadTimeoutAndAShortBodyIsAnswered408() throws IOException {
        f = new EmulatorFixture(ChimeVoiceEmulator.builder().readTimeout(Duration.ofMillis(500)));
        URI endpoint = f.emulator.endpoint();
        List<Socket> partial = new ArrayList<>();
        List<Socket> shortBody = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            partial.add(open(endpoint, PARTIAL_HEADERS));
            shortBody.add(open(endpoint, SHORT_BODY));
        }
        // Every one of them must be cut off within this bound, 20 times the read timeout: otherwise a read below times
        // out and the test fails.
        long bound = System.nanoTime() + Duration.ofSeconds(10).toNanos();

        for (Socket socket : partial) {
            socket.setSoTimeout(millisUntil(bound));
            assertThat(socket.getInputStream().read()).as("closed without an answer: there was no whole request")
                    .isEqualTo(-1);
        }
        for (Socket socket : shortBody) {
            socket.setSoTimeout(millisUntil(bound));
            InputStream in = socket.getInputStream();
            RawHttp.Answer answer = RawHttp.read(in);
            RawHttp.assertAwsError(answer, "a body shorter than its Content-Length");
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("RequestTimeoutException");
            assertThat(in.read()).as("and closed").isEqualTo(-1);
        }
        assertThat(f.client.listVoiceConnectors(r -> { }).voiceConnectors()).isNotNull();
    }

    /** A socket timeout for reads that must end by {@code bound} ({@link System#nanoTime()}); at least 1 ms. */
    private static int millisUntil(long bound) {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(bound - System.nanoTime()));
    }

    /**
     * A client that never pauses long enough for the read timeout: it sends the start of a request, then one byte every
     * 200 ms, in its headers or in its body. The request deadline cuts it off all the same, one second after its first
     * byte: without a deadline it would hold its connection for as long as it trickles.
     */
    @ParameterizedTest(name = "trickling its {0}")
    @ValueSource(strings = {"headers", "body"})
    void aTricklingRequestIsCutOffByTheRequestDeadline(String where) throws IOException {
        Duration deadline = Duration.ofSeconds(1);
        f = new EmulatorFixture(ChimeVoiceEmulator.builder().readTimeout(Duration.ofSeconds(60))
                .requestTimeout(deadline));
        boolean body = where.equals("body");
        long start = System.nanoTime();
        Socket socket = open(f.emulator.endpoint(), body
                ? "POST /voice-connectors HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{\"Name\":\""
                : "POST /voice-connectors HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        tricklers.scheduleAtFixedRate(() -> {
            try {
                socket.getOutputStream().write('a');
                socket.getOutputStream().flush();
            } catch (IOException closed) {
                throw new IllegalStateException(closed);   // ends the trickle
            }
        }, 200, 200, TimeUnit.MILLISECONDS);

        // Without a deadline nothing would end the wait but this bound (the read timeout never expires).
        socket.setSoTimeout(15_000);
        InputStream in = socket.getInputStream();
        if (body) {
            RawHttp.Answer answer = RawHttp.read(in);
            RawHttp.assertAwsError(answer, "a body trickled past the deadline");
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("RequestTimeoutException");
            assertThat(answer.bodyText()).contains("1 s");
        }
        assertThat(in.read()).as("closed: " + (body ? "after its 408" : "there is no whole request to answer"))
                .isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the deadline").isGreaterThan(deadline);
        assertThat(f.client.listVoiceConnectors(r -> { }).voiceConnectors()).isNotNull();
    }

    /**
     * With as many connections open as the limit allows, the next one waits (in the accept queue, holding no file of the
     * emulator) until one closes; meanwhile the read timeout of the open ones drops, so that idle ones make room. Without
     * the limit the waiting request would be answered at once, while every stalled connection is still open.
     */
    @Test
    void beyondTheConnectionLimitAConnectionWaitsUntilAnIdleOneIsClosed() throws IOException {
        f = new EmulatorFixture(ChimeVoiceEmulator.builder().readTimeout(Duration.ofSeconds(60))
                .requestTimeout(Duration.ofSeconds(60)).connectionLimit(8, Duration.ofMillis(300)));
        URI endpoint = f.emulator.endpoint();
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            stalled.add(open(endpoint, PARTIAL_HEADERS));
        }

        RawHttp.Answer answer = RawHttp.send(endpoint, "GET /voice-connectors HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: " + EmulatorFixture.SIGNED + "\r\nX-Amz-Date: 20261123T100000Z\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        long closed = 0;
        for (Socket socket : stalled) {
            socket.setSoTimeout(1);
            try {
                closed += socket.getInputStream().read() == -1 ? 1 : 0;
            } catch (SocketTimeoutException stillOpen) {
                // not closed by the emulator
            }
        }
        assertThat(closed).as("stalled connections the emulator had closed before it answered the ninth").isPositive();
    }

    /**
     * Slow connections that all close at once (issue 19 §5: 950 of them made 255 threads, 168 of them Jetty's
     * {@code jetty-immediate-executor}, started outside every pool) leave the emulator within its bound of
     * {@value HttpFrontEnd#MAX_THREADS} threads: the JVM's peak, less the threads it had before the emulator started.
     * Only sockets opened on this thread talk to the emulator until then, so that every thread started meanwhile is
     * the emulator's.
     */
    @Test
    void slowConnectionsClosingAtOnceStayWithinTheThreadBound() throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();
        f = new EmulatorFixture(ChimeVoiceEmulator.builder().readTimeout(Duration.ofMinutes(5))
                .requestTimeout(Duration.ofMinutes(5)));
        URI endpoint = f.emulator.endpoint();
        for (int i = 0; i < 950; i++) {
            open(endpoint, i % 2 == 0 ? PARTIAL_HEADERS : SHORT_BODY);
        }
        awaitOpenConnections(950);

        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
        awaitOpenConnections(0);

        int started = threads.getPeakThreadCount() - before;

        assertThat(started).as("threads the emulator started, at their peak").isLessThanOrEqualTo(
                HttpFrontEnd.MAX_THREADS);
        assertThat(RawHttp.send(endpoint, "GET /voice-connectors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                + EmulatorFixture.SIGNED + "\r\nX-Amz-Date: 20261123T100000Z\r\nConnection: close\r\n\r\n")
                .status()).as("still serving").isEqualTo(200);
    }

    /** Waits until the emulator has exactly {@code count} connections open; fails after a minute. */
    private void awaitOpenConnections(int count) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (f.emulator.openConnections() != count) {
            assertThat(System.nanoTime()).as("%d connections open, waiting for %d", f.emulator.openConnections(),
                    count).isLessThan(deadline);
            // Jetty tells no one when it has closed a connection: look again shortly, leaving the cores to it.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
