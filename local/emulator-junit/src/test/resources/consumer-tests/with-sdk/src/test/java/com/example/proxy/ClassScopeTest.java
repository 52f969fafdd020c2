package com.example.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.SessionBroker;
import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.junit.ChimeVoiceEmulatorExtension;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/** A static field: one emulator for the whole class, @BeforeAll included. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassScopeTest {

    @RegisterExtension
    static ChimeVoiceEmulatorExtension emulator = ChimeVoiceEmulatorExtension.create();

    static String connector;
    static URI endpoint;

    @BeforeAll
    static void configure(ChimeSdkVoiceClient chime, ChimeVoiceEmulator running) {
        connector = running.seedDemoVoiceConnector();
        new SessionBroker(chime, connector).configure(60);
        endpoint = emulator.endpoint();
    }

    @Test
    @Order(1)
    void opensASession(ChimeSdkVoiceClient chime) {
        SessionBroker broker = new SessionBroker(chime, connector);
        assertEquals("Open", broker.status(broker.open("+12065550150", "+14155550151", 30)));
    }

    @Test
    @Order(2)
    void theSameEmulatorServesTheNextTest(ChimeVoiceEmulator running) {
        assertEquals(endpoint, running.endpoint());
        assertEquals(1, running.proxySessionIds(connector).size());
    }
}
