package com.example.plain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.junit.ChimeVoiceEmulatorExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension without the AWS SDK: the emulator parameter, its endpoint over plain HTTP. */
class EmulatorOnlyTest {

    @RegisterExtension
    static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.builder()
            .seed(ChimeVoiceEmulator::seedDemoVoiceConnector)
            .build();

    @Test
    void theSdkIsNotOnTheClassPath() {
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient"));
    }

    @Test
    void theEmulatorServesItsEndpoint(ChimeVoiceEmulator running) throws Exception {
        HttpResponse<String> clock = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(emulator.endpoint().resolve("/_emulator/clock")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, clock.statusCode());
        assertTrue(clock.body().contains("\"offsetMinutes\":0"), clock.body());
        assertEquals(List.of(ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID), running.voiceConnectorIds());
    }
}
