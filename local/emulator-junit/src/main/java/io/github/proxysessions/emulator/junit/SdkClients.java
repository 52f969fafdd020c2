package io.github.proxysessions.emulator.junit;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * Builds the SDK clients of {@code ChimeSdkVoiceClient} parameters. The only class of this module that names the SDK,
 * so that it is loaded (and the SDK with it) only when a test declares such a parameter.
 */
final class SdkClients {

    /** The emulator accepts any signed request: these only let the SDK sign. */
    private static final String DUMMY = "emulator";

    private SdkClients() {
    }

    /**
     * A {@code ChimeSdkVoiceClient} pointed at {@code endpoint}, with dummy static credentials and the SDK's default
     * HTTP client; typed as what its caller may name without the SDK.
     */
    static AutoCloseable create(URI endpoint, String region) {
        return ChimeSdkVoiceClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(DUMMY, DUMMY)))
                .build();
    }
}
