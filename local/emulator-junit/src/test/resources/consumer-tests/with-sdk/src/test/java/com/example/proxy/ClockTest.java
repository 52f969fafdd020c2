package com.example.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.SessionBroker;
import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.ManualClock;
import io.github.proxysessions.emulator.junit.ChimeVoiceEmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/** Sessions expire as the test moves the clock, without waiting. */
class ClockTest {

    static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-12-01T09:00:00Z"));

    @RegisterExtension
    static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.builder()
            .clock(CLOCK)
            .seed(ChimeVoiceEmulator::seedDemoVoiceConnector)
            .build();

    @Test
    void aSessionClosesWhenTheClockPassesItsExpiry(ChimeSdkVoiceClient chime) {
        SessionBroker broker = new SessionBroker(chime, ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID);
        broker.configure(60);
        String id = broker.open("+12065550160", "+14155550161", 30);
        assertEquals("Open", broker.status(id));

        CLOCK.advance(Duration.ofMinutes(31));

        assertEquals("Closed", broker.status(id));
    }

    @Test
    void theEmulatorsOwnClockMovesItToo(ChimeSdkVoiceClient chime, ChimeVoiceEmulator running) {
        SessionBroker broker = new SessionBroker(chime, ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID);
        broker.configure(60);
        String id = broker.open("+12065550170", "+14155550171", 120);

        running.advanceClock(Duration.ofMinutes(121));

        assertEquals("Closed", broker.status(id));
    }
}
