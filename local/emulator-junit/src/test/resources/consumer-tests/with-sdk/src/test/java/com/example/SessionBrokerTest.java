package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.ManualClock;
import io.github.proxysessions.emulator.junit.ChimeVoiceEmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

class SessionBrokerTest {

    static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-12-01T09:00:00Z"));

    // A static field: one emulator for the class. An instance field: one for each test.
    @RegisterExtension
    static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.builder()
            .clock(CLOCK)                                              // optional: expiry follows this clock
            .seed(ChimeVoiceEmulator::seedDemoVoiceConnector)          // optional: data each emulator starts with
            .build();                                                  // or ChimeVoiceEmulatorExtension.create()

    @BeforeAll
    static void configure(ChimeSdkVoiceClient chime) {
        chime.putVoiceConnectorProxy(r -> r.voiceConnectorId(ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID)
                .defaultSessionExpiryMinutes(60).phoneNumberPoolCountries("US"));
    }

    @Test
    void aSessionClosesWhenItsTimeIsUp(ChimeSdkVoiceClient chime, ChimeVoiceEmulator running) {
        SessionBroker broker = new SessionBroker(chime, ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID);
        String id = broker.open("+12065550150", "+14155550151", 30);

        CLOCK.advance(Duration.ofMinutes(31));              // or running.advanceClock(Duration.ofMinutes(31))

        assertEquals("Closed", broker.status(id));
        assertEquals(1, running.proxySessionIds(ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID).size());
    }
}
