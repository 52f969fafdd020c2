package io.github.proxysessions.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.model.Capability;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.NumberSelectionBehavior;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySessionStatus;
import software.amazon.awssdk.services.chimesdkvoice.model.Tag;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnector;

/**
 * A state file and journal written by the emulator before its state records were typed (resources
 * {@code previous-version/}: two runs of that version, the first folded into the snapshot, the second left in the
 * journal) are read whole, and read again after this version has rewritten the snapshot.
 */
class PreviousVersionStateTest {

    private static final String LEGACY = "vzph9lzfde34riemj75nrj";
    private static final String DEMO = ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID;
    /** The second run of the previous version ended 5 minutes after the first began, with the clock moved 10. */
    private static final Instant SECOND_RUN = Instant.parse("2026-11-23T10:05:00Z");

    @TempDir
    Path dir;

    private Path copyPreviousVersionState() throws IOException {
        for (String name : List.of("state.json", "state.json.journal")) {
            try (InputStream in = getClass().getResourceAsStream("previous-version/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir.resolve("state.json");
    }

    @Test
    void everythingThePreviousVersionWroteIsReadAndKeptAcrossRestarts() throws IOException {
        Path state = copyPreviousVersionState();
        for (int start = 1; start <= 2; start++) {
            try (EmulatorFixture f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state),
                    new ManualClock(SECOND_RUN))) {
                assertPreviousState(f, "start " + start);
            }
        }
    }

    private static void assertPreviousState(EmulatorFixture f, String when) {
        assertThat(f.emulator.voiceConnectorIds()).as(when).containsExactly(DEMO, LEGACY);
        assertThat(f.emulator.clockOffset()).as(when).isEqualTo(Duration.ofMinutes(10));

        VoiceConnector legacy = f.client.getVoiceConnector(r -> r.voiceConnectorId(LEGACY)).voiceConnector();
        assertThat(legacy.name()).isEqualTo("legacy renamed");
        assertThat(legacy.requireEncryption()).isFalse();
        assertThat(legacy.awsRegion().toString()).isEqualTo("us-west-2");
        assertThat(f.client.listTagsForResource(r -> r.resourceARN(legacy.voiceConnectorArn())).tags())
                .containsExactly(Tag.builder().key("team").value("billing").build(),
                        Tag.builder().key("owner").value("me").build());
        Proxy proxy = f.client.getVoiceConnectorProxy(r -> r.voiceConnectorId(LEGACY)).proxy();
        assertThat(proxy.defaultSessionExpiryMinutes()).isEqualTo(120);
        assertThat(proxy.phoneNumberCountries()).containsExactly("US", "GB");
        assertThat(proxy.fallBackPhoneNumber()).isEqualTo("+12065550150");

        List<ProxySession> sessions = f.client.listProxySessions(r -> r.voiceConnectorId(LEGACY)).proxySessions();
        assertThat(sessions).extracting(ProxySession::proxySessionId).as(when)
                .containsExactly("c82f0b80-3cad-4e68-bef0-a3199378892e", "55a5c37f-afa8-4654-af83-39810826dd6e");
        ProxySession first = sessions.get(0);
        assertThat(first.name()).isEqualTo("First pair");
        assertThat(first.status()).as("ended at 11:00, the clock reads 10:15").isEqualTo(ProxySessionStatus.OPEN);
        assertThat(first.capabilities()).containsExactly(Capability.VOICE, Capability.SMS);
        assertThat(first.participants()).extracting(p -> p.phoneNumber() + ">" + p.proxyPhoneNumber())
                .containsExactly("+12065550153>+14155550100", "+14155550154>+14155550100");
        assertThat(first.numberSelectionBehaviorAsString()).isEqualTo("PreferSticky");
        assertThat(first.geoMatchLevelAsString()).isEqualTo("AreaCode");
        assertThat(first.geoMatchParams().country()).isEqualTo("US");
        assertThat(first.geoMatchParams().areaCode()).isEqualTo("415");
        ProxySession second = sessions.get(1);
        assertThat(second.status()).isEqualTo(ProxySessionStatus.IN_PROGRESS);
        assertThat(second.capabilities()).containsExactly(Capability.VOICE);
        assertThat(second.expiryMinutes()).isEqualTo(300);
        assertThat(second.participants().get(0).proxyPhoneNumber()).isEqualTo("+442079460000");

        assertThat(f.emulator.proxySessionIds(DEMO)).containsExactly("f83ef039-36d7-4be3-b74c-210a6ecf425d");
        assertThatThrownBy(() -> f.client.getVoiceConnectorProxy(r -> r.voiceConnectorId(DEMO)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void stickinessRecordedByThePreviousVersionStillSteersNumbers() throws IOException {
        Path state = copyPreviousVersionState();
        try (EmulatorFixture f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state),
                new ManualClock(SECOND_RUN))) {
            ProxySession again = f.client.createProxySession(r -> r.voiceConnectorId(LEGACY)
                    .participantPhoneNumbers("+14155550152", "+12065550151").capabilities(Capability.VOICE)
                    .numberSelectionBehavior(NumberSelectionBehavior.PREFER_STICKY)).proxySession();

            assertThat(again.participants().get(0).proxyPhoneNumber()).isEqualTo("+12065550100");
        }
    }
}
