package com.example.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.SessionBroker;
import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.junit.ChimeVoiceEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/** Code that takes its endpoint from the SDK's settings, pointed at the emulator by the system property. */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class EndpointPropertyTest {

    @RegisterExtension
    static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.builder()
            .endpointSystemProperty()
            .seed(ChimeVoiceEmulator::seedDemoVoiceConnector)
            .build();

    @Test
    void reachesTheEmulator(ChimeVoiceEmulator running) {
        try (ChimeSdkVoiceClient chime = SessionBroker.clientFromSdkSettings(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
            SessionBroker broker = new SessionBroker(chime, ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID);
            broker.configure(60);
            broker.open("+12065550180", "+14155550181", 30);
        }
        assertEquals(1, running.proxySessionIds(ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID).size());
    }
}
