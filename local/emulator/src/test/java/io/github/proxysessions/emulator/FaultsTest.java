package io.github.proxysessions.emulator;

import static io.github.proxysessions.emulator.EmulatorFixture.ALICE;
import static io.github.proxysessions.emulator.EmulatorFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.ServiceFailureException;
import software.amazon.awssdk.services.chimesdkvoice.model.ServiceUnavailableException;
import software.amazon.awssdk.services.chimesdkvoice.model.ThrottledClientException;

/** Injected faults reach the SDK as the service's own error classes. */
class FaultsTest {

    private final EmulatorFixture f = new EmulatorFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void throttleLetsTheBurstThroughThenAnswers429() {
        // A rate this low refills nothing during the test: exactly the burst passes.
        f.emulator.faults().throttle(0.001, 3);
        for (int i = 0; i < 3; i++) {
            f.client.listVoiceConnectors(r -> { });
        }

        Throwable throttled = catchThrowable(() -> f.client.listVoiceConnectors(r -> { }));

        assertThat(throttled).isInstanceOf(ThrottledClientException.class);
        assertThat(((ThrottledClientException) throttled).statusCode()).isEqualTo(429);
        assertThat(((ThrottledClientException) throttled).isThrottlingException()).isTrue();
        f.emulator.faults().clear();
        assertThat(f.client.listVoiceConnectors(r -> { }).voiceConnectors()).isEmpty();
    }

    @Test
    void failRateAnswersBoth500And503AndChangesNothing() {
        String vc = f.connectorWithProxy();
        f.emulator.faults().failRate(1.0);

        Set<Class<?>> seen = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            Throwable t = catchThrowable(() -> f.session(vc, ALICE, BOB));
            assertThat(t).isInstanceOfAny(ServiceFailureException.class, ServiceUnavailableException.class);
            seen.add(t.getClass());
        }

        assertThat(seen).containsExactlyInAnyOrder(ServiceFailureException.class, ServiceUnavailableException.class);
        assertThat(f.emulator.proxySessionIds(vc)).isEmpty();
    }

    @Test
    void scriptedFailuresAreRetriedAwayByTheSdksDefaultRetries() {
        f.emulator.faults().failNext(2, 503);
        try (ChimeSdkVoiceClient retrying = ChimeSdkVoiceClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .endpointOverride(f.emulator.endpoint()).build()) {
            assertThat(retrying.listVoiceConnectors(r -> { }).voiceConnectors()).isEmpty();
        }
        assertThat(f.emulator.requestCount("ListVoiceConnectors")).isEqualTo(3);
    }

    @Test
    void lostResponseMeansTheCallTookEffectButTheCallerSawA500() {
        String vc = f.connectorWithProxy();
        f.emulator.faults().loseResponses("CreateProxySession", 1);

        assertThatThrownBy(() -> f.session(vc, ALICE, BOB)).isInstanceOf(ServiceFailureException.class);

        assertThat(f.emulator.proxySessionIds(vc)).hasSize(1);
        assertThat(f.session(vc, "+17025550100", "+18085550100")).isNotNull();
    }

    @Test
    void latencyDelaysEveryRequest() {
        f.emulator.faults().latency(Duration.ofMillis(300));

        long start = System.nanoTime();
        f.client.listVoiceConnectors(r -> { });
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
    }
}
