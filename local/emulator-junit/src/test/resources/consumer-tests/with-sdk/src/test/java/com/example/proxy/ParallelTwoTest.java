package com.example.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.junit.ChimeVoiceEmulatorExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/** Runs at the same time as the other Parallel class (junit-platform.properties), each with its own emulator. */
class ParallelTwoTest {

    @RegisterExtension
    static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.create();

    @Test
    void seesOnlyItsOwnConnector(ChimeSdkVoiceClient chime, ChimeVoiceEmulator running) throws Exception {
        Together.await();
        String mine = chime.createVoiceConnector(r -> r.name("Two").requireEncryption(true)).voiceConnector()
                .voiceConnectorId();
        Together.await();   // the other class has made its connector too
        assertEquals(List.of(mine), running.voiceConnectorIds());
    }
}
