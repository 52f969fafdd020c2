package com.example.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.proxysessions.emulator.junit.ChimeVoiceEmulatorExtension;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/** An instance field: each test gets an empty emulator of its own. */
class TestScopeTest {

    static final Set<URI> ENDPOINTS = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.create();

    @Test
    void one(ChimeSdkVoiceClient chime) {
        assertTrue(chime.listVoiceConnectors(r -> { }).voiceConnectors().isEmpty());
        chime.createVoiceConnector(r -> r.name("one").requireEncryption(true));
        ENDPOINTS.add(emulator.endpoint());
    }

    @Test
    void two(ChimeSdkVoiceClient chime) {
        assertTrue(chime.listVoiceConnectors(r -> { }).voiceConnectors().isEmpty());
        chime.createVoiceConnector(r -> r.name("two").requireEncryption(true));
        ENDPOINTS.add(emulator.endpoint());
    }

    @AfterAll
    static void eachTestHadAnEmulatorOfItsOwn() {
        assertEquals(2, ENDPOINTS.size());
    }
}
