package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * SnapStart's hooks, called as Lambda calls them (the CRaC resource the handler registers): priming runs the first
 * event's code without reaching any endpoint, and a restored instance uses clients and credentials of its own.
 */
class PrimingTest {

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    @Test
    void primingAnswersEverySampleEventWithoutCallingAnEndpointOrWritingALine() {
        Map<String, Long> calls = f.emulator.requestCounts();

        List<String> results = f.handler.priming().prime();

        // The same paths the first events take, to their success: each sample event answered as it would be.
        assertThat(results).hasSize(4);
        assertThat(results.get(0)).contains("\"Status\":\"SUCCESS\"");
        assertThat(results.get(1)).contains("\"Action\":\"RENEWED\"");
        assertThat(results.get(2)).contains("\"Status\":\"SUCCESS\"");
        assertThat(results.get(3)).contains("\"Status\":\"SUCCESS\"");
        assertThat(f.emulator.requestCounts()).isEqualTo(calls);
        assertThat(f.logs()).as("no log line, no metric document").isEmpty();
    }

    /** A client per build, recording which build made each call and with which access key. */
    private record Call(int client, String accessKey) {
    }

    @Test
    void aRestoredInstanceUsesNewClientsAndCredentialsObtainedAfterTheRestore() throws IOException {
        AtomicReference<String> servedKey = new AtomicReference<>("ASIABEFORESNAPSHOT00");
        AtomicInteger credentialRequests = new AtomicInteger();
        HttpServer credentials = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        credentials.createContext("/credentials", exchange -> {
            credentialRequests.incrementAndGet();
            byte[] body = ("{\"AccessKeyId\":\"" + servedKey.get() + "\",\"SecretAccessKey\":\"secret\","
                    + "\"Token\":\"token\",\"Expiration\":\"2099-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        credentials.start();
        // As with SnapStart: no key variables, a container credentials endpoint instead.
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.setProperty("aws.containerCredentialsFullUri", "http://127.0.0.1:" + credentials.getAddress().getPort()
                + "/credentials");
        System.setProperty("aws.containerAuthorizationToken", "container-token");
        List<Call> made = new CopyOnWriteArrayList<>();
        AtomicInteger builds = new AtomicInteger();
        try {
            ProxySessionHandler handler = new ProxySessionHandler(() -> {
                int client = builds.incrementAndGet();
                ExecutionInterceptor recorder = new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context,
                                                   ExecutionAttributes attributes) {
                        String authorization = context.httpRequest().firstMatchingHeader("Authorization").orElse("");
                        String key = authorization.replaceAll(".*Credential=([^/]+)/.*", "$1");
                        made.add(new Call(client, key));
                    }
                };
                return ChimeClients.builder(ChimeClients.httpClient(), ChimeClients.credentials(), recorder).build();
            }, ResponseClient::httpClient, new PrintStream(f.logBuffer, true, StandardCharsets.UTF_8),
                    Clock.systemUTC());

            handler.priming().beforeCheckpoint(null);
            assertThat(credentialRequests).as("credentials fetched before the snapshot").hasValue(0);
            assertThat(made).isEmpty();

            // Restored in another execution environment, whose credentials are not the snapshot's.
            servedKey.set("ASIAAFTERRESTORE0000");
            handler.priming().afterRestore(null);
            HandlerFixture.Event event = f.event("create", UUID.randomUUID().toString(), "SupportSession",
                    HandlerFixture.SESSION, null, f.props(), null);
            handler.handleRequest(new ByteArrayInputStream(event.json().getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), new TestContext(Duration.ofMinutes(1)));

            assertThat(f.responses.responses(event.responseUrl())).singleElement()
                    .satisfies(r -> assertThat(r.status()).as(r.reason()).isEqualTo("SUCCESS"));
            assertThat(builds).as("clients built: at init, and after the restore").hasValue(2);
            assertThat(made).isNotEmpty().allSatisfy(call -> {
                assertThat(call.client()).isEqualTo(2);
                assertThat(call.accessKey()).isEqualTo("ASIAAFTERRESTORE0000");
            });
            assertThat(credentialRequests.get()).isPositive();
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationToken");
            credentials.stop(0);
        }
    }

    @Test
    void theHandlerLambdaConstructsRegistersItsHooksAndPrimesAtInitOnlyWhenAsked() {
        assertThat(Priming.PRIME_AT_INIT).isEqualTo("PROXY_SESSIONS_PRIME_AT_INIT");
        assertThat(Priming.atInit()).as("not set in the test's environment").isFalse();
    }
}
