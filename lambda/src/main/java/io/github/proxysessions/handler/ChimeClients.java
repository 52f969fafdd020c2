package io.github.proxysessions.handler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClientBuilder;

/**
 * Builds the Chime SDK Voice client, once per container.
 *
 * <ul>
 *   <li>HTTP: the url-connection client, which loads fastest and needs neither Netty nor Apache;</li>
 *   <li>region: {@code AWS_REGION}, which Lambda sets;</li>
 *   <li>credentials: the function's role, from the variables Lambda sets, or with SnapStart from the container
 *       credentials endpoint Lambda sets instead ({@link #credentials});</li>
 *   <li>endpoint: the SDK's own resolution, so {@code AWS_ENDPOINT_URL_CHIME_SDK_VOICE} or {@code AWS_ENDPOINT_URL}
 *       point it at any compatible endpoint, such as the emulator;</li>
 *   <li>retries: throttling (429) and 5xx are retried with jittered exponential backoff, as often as the
 *       invocation's time allows: each call is given the time left as its API-call timeout, which is what bounds the
 *       retries. The circuit breaker is off, so that a burst of throttling cannot make the client give up early.</li>
 * </ul>
 */
final class ChimeClients {

    /** High enough that the call's timeout, not the count, ends the retries. */
    static final int MAX_ATTEMPTS = 100;
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(15);

    private ChimeClients() {
    }

    static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .circuitBreakerEnabled(false)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(250),
                        Duration.ofSeconds(10)))
                .build();
    }

    static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(ATTEMPT_TIMEOUT)
                .build();
    }

    static ChimeSdkVoiceClient create() {
        return create(new ExecutionInterceptor[0]);
    }

    /**
     * The same client, with more interceptors after the handler's own: tests use one to run something between two of
     * the handler's calls, and so play a race in a fixed order.
     */
    static ChimeSdkVoiceClient create(ExecutionInterceptor... more) {
        return builder(httpClient(), credentials(), more).build();
    }

    /**
     * The function's credentials: the variables Lambda sets; or, where SnapStart is on (Lambda then sets no key
     * variables), the container credentials endpoint Lambda gives ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and
     * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}); the system properties twinned with the variables for tests.
     */
    static AwsCredentialsProvider credentials() {
        return AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                SystemPropertyCredentialsProvider.create(), ContainerCredentialsProvider.builder().build());
    }

    /** The client's configuration, over any HTTP client and credentials (priming uses placeholders for both). */
    static ChimeSdkVoiceClientBuilder builder(SdkHttpClient http, AwsCredentialsProvider credentials,
                                              ExecutionInterceptor... more) {
        String region = SdkSystemSetting.AWS_REGION.getStringValue().orElseThrow(() -> new IllegalStateException(
                "AWS_REGION is not set: Lambda sets it; elsewhere set AWS_REGION or -Daws.region"));
        List<ExecutionInterceptor> interceptors = new ArrayList<>();
        interceptors.add(new ApiCalls());
        interceptors.addAll(List.of(more));
        return ChimeSdkVoiceClient.builder()
                .httpClient(http)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o
                        .retryStrategy(retryStrategy())
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .executionInterceptors(interceptors));
    }
}
