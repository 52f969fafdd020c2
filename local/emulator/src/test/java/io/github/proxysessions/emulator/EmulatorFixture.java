package io.github.proxysessions.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnector;

/**
 * An emulator on a free port with a movable clock, the real SDK client pointed at it, and a raw HTTP client for what
 * the SDK would never send.
 */
final class EmulatorFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    /** Participants outside the default inventory (contract C3: 555-0150..555-0199), so none is a proxy number. */
    static final String ALICE = "+12065550150";
    static final String BOB = "+14155550151";
    static final String CAROL = "+13125550152";

    final ManualClock clock;
    final ChimeVoiceEmulator emulator;
    final ChimeSdkVoiceClient client;

    EmulatorFixture() {
        this(ChimeVoiceEmulator.builder());
    }

    EmulatorFixture(ChimeVoiceEmulator.Builder builder) {
        this(builder, new ManualClock(START));
    }

    EmulatorFixture(ChimeVoiceEmulator.Builder builder, ManualClock clock) {
        this.clock = clock;
        this.emulator = builder.clock(clock).build();
        this.client = client(emulator.endpoint());
    }

    /** The SDK client as a user would build it, without retries so that every injected fault is visible. */
    static ChimeSdkVoiceClient client(URI endpoint) {
        return builder(endpoint).build();
    }

    /** The same client, whose every call fails with an {@code ApiCallTimeoutException} when not answered in time. */
    static ChimeSdkVoiceClient client(URI endpoint, Duration callTimeout) {
        return builder(endpoint).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(callTimeout)).build();
    }

    private static software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClientBuilder builder(URI endpoint) {
        return ChimeSdkVoiceClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")))
                .endpointOverride(endpoint)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    /** A new connector with a proxy configuration in the US. */
    String connectorWithProxy() {
        String id = connector();
        client.putVoiceConnectorProxy(r -> r.voiceConnectorId(id).defaultSessionExpiryMinutes(60)
                .phoneNumberPoolCountries("US"));
        return id;
    }

    String connector() {
        VoiceConnector c = client.createVoiceConnector(r -> r.name("test connector").requireEncryption(true))
                .voiceConnector();
        return c.voiceConnectorId();
    }

    ProxySession session(String connectorId, String a, String b) {
        return client.createProxySession(r -> r.voiceConnectorId(connectorId)
                .participantPhoneNumbers(a, b).capabilitiesWithStrings("Voice", "SMS")).proxySession();
    }

    /** A SigV4 Authorization header for the chime service (the emulator does not check the signature itself). */
    static final String SIGNED = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/chime/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=0123456789abcdef";

    /** Sends a request exactly as given, signed or not. */
    HttpResponse<String> raw(String method, String path, String body, boolean signed) {
        return raw(method, path, body, signed ? SIGNED : null);
    }

    /** Sends a request exactly as given, with this Authorization header (none when null). */
    HttpResponse<String> raw(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(emulator.endpoint().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization).header("X-Amz-Date", "20261123T100000Z");
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> raw(String method, String path, String body) {
        return raw(method, path, body, true);
    }

    static List<String> numbers(int count, int offset) {
        return java.util.stream.IntStream.range(offset, offset + count)
                .mapToObj(i -> String.format("+1512%07d", i)).toList();
    }

    @Override
    public void close() {
        client.close();
        emulator.close();
    }
}
