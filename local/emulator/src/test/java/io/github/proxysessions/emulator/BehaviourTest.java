package io.github.proxysessions.emulator;

import static io.github.proxysessions.emulator.EmulatorFixture.ALICE;
import static io.github.proxysessions.emulator.EmulatorFixture.BOB;
import static io.github.proxysessions.emulator.EmulatorFixture.CAROL;
import static io.github.proxysessions.emulator.EmulatorFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkvoice.model.Capability;
import software.amazon.awssdk.services.chimesdkvoice.model.GeoMatchLevel;
import software.amazon.awssdk.services.chimesdkvoice.model.NumberSelectionBehavior;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySessionStatus;

/** The service's behaviour beyond the wire format: prerequisites, number assignment, expiry. */
class BehaviourTest {

    private final EmulatorFixture f = new EmulatorFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static String proxyNumber(ProxySession s) {
        return s.participants().get(0).proxyPhoneNumber();
    }

    private ProxySession create(String vc, String a, String b, NumberSelectionBehavior behavior) {
        return f.client.createProxySession(r -> r.voiceConnectorId(vc).participantPhoneNumbers(a, b)
                .capabilities(Capability.VOICE).numberSelectionBehavior(behavior)).proxySession();
    }

    @Test
    void sessionNeedsAnEnabledProxyConfiguration() {
        String vc = f.connector();

        assertThatThrownBy(() -> f.session(vc, ALICE, BOB)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("has no proxy configuration; call PutVoiceConnectorProxy first");

        f.client.putVoiceConnectorProxy(r -> r.voiceConnectorId(vc).defaultSessionExpiryMinutes(60)
                .phoneNumberPoolCountries("US").disabled(true));
        assertThatThrownBy(() -> f.session(vc, ALICE, BOB)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("disabled");
        assertThat(f.emulator.proxySessionIds(vc)).isEmpty();
    }

    @Test
    void sessionClosesWhenItsExpiryPasses() {
        String vc = f.connectorWithProxy();
        ProxySession s = expiringIn(vc, 30);

        f.clock.advance(Duration.ofMinutes(29));
        ProxySession before = get(vc, s.proxySessionId());
        assertThat(before.status()).isEqualTo(ProxySessionStatus.OPEN);
        assertThat(before.endedTimestamp()).isNull();

        f.clock.advance(Duration.ofMinutes(1));
        ProxySession after = get(vc, s.proxySessionId());
        assertThat(after.status()).isEqualTo(ProxySessionStatus.CLOSED);
        assertThat(after.endedTimestamp()).isEqualTo(START.plus(Duration.ofMinutes(30)));

        assertThatThrownBy(() -> f.client.updateProxySession(r -> r.voiceConnectorId(vc)
                .proxySessionId(s.proxySessionId()).capabilities(Capability.SMS)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("is Closed");
        // A closed session stays until deleted, and can be deleted.
        f.client.deleteProxySession(r -> r.voiceConnectorId(vc).proxySessionId(s.proxySessionId()));
        assertThat(f.emulator.proxySessionIds(vc)).isEmpty();
    }

    @Test
    void updatedExpiryCountsFromCreation() {
        String vc = f.connectorWithProxy();
        ProxySession s = expiringIn(vc, 30);
        f.clock.advance(Duration.ofMinutes(20));
        f.client.updateProxySession(r -> r.voiceConnectorId(vc).proxySessionId(s.proxySessionId())
                .capabilities(Capability.VOICE).expiryMinutes(60));

        f.clock.advance(Duration.ofMinutes(39));
        assertThat(get(vc, s.proxySessionId()).status()).isEqualTo(ProxySessionStatus.OPEN);
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(get(vc, s.proxySessionId()).endedTimestamp()).isEqualTo(START.plus(Duration.ofMinutes(60)));
    }

    @Test
    void shorteningExpiryBelowTheSessionsAgeClosesItAtOnce() {
        String vc = f.connectorWithProxy();
        ProxySession s = f.session(vc, ALICE, BOB);
        f.clock.advance(Duration.ofMinutes(45));

        f.client.updateProxySession(r -> r.voiceConnectorId(vc).proxySessionId(s.proxySessionId())
                .capabilities(Capability.VOICE).expiryMinutes(30));

        ProxySession closed = get(vc, s.proxySessionId());
        assertThat(closed.status()).isEqualTo(ProxySessionStatus.CLOSED);
        assertThat(closed.endedTimestamp()).isEqualTo(START.plus(Duration.ofMinutes(45)));
    }

    @Test
    void inProgressIsReportedUntilExpiry() {
        String vc = f.connectorWithProxy();
        ProxySession s = f.session(vc, ALICE, BOB);

        f.emulator.markInProgress(vc, s.proxySessionId());

        assertThat(get(vc, s.proxySessionId()).status()).isEqualTo(ProxySessionStatus.IN_PROGRESS);
        f.clock.advance(Duration.ofMinutes(60));
        assertThat(get(vc, s.proxySessionId()).status()).isEqualTo(ProxySessionStatus.CLOSED);
    }

    @Test
    void preferStickyGivesThePairItsPreviousNumberWhenFree() {
        String vc = f.connectorWithProxy();
        ProxySession first = create(vc, ALICE, BOB, null);
        f.client.deleteProxySession(r -> r.voiceConnectorId(vc).proxySessionId(first.proxySessionId()));
        // Another pair takes the least-used number meanwhile, which would otherwise be the next choice.
        create(vc, CAROL, "+17025550199", null);

        ProxySession sticky = create(vc, BOB, ALICE, NumberSelectionBehavior.PREFER_STICKY);

        assertThat(proxyNumber(sticky)).isEqualTo(proxyNumber(first));
    }

    @Test
    void avoidStickyGivesThePairADifferentNumber() {
        String vc = f.connectorWithProxy();
        ProxySession first = create(vc, ALICE, BOB, null);
        f.client.deleteProxySession(r -> r.voiceConnectorId(vc).proxySessionId(first.proxySessionId()));

        ProxySession avoided = create(vc, ALICE, BOB, NumberSelectionBehavior.AVOID_STICKY);

        assertThat(proxyNumber(avoided)).isNotEqualTo(proxyNumber(first));
    }

    @Test
    void preferStickyFallsBackWhenThePreviousNumberIsBusy() {
        String vc = f.connectorWithProxy();
        ProxySession first = create(vc, ALICE, BOB, null);

        // The first session is still open: its number is busy for both participants.
        ProxySession second = create(vc, ALICE, BOB, NumberSelectionBehavior.PREFER_STICKY);

        assertThat(proxyNumber(second)).isNotEqualTo(proxyNumber(first));
    }

    @Test
    void areaCodeMatchFollowsTheFirstParticipantOrExplicitParams() {
        String vc = f.connectorWithProxy();

        ProxySession byParticipant = f.client.createProxySession(r -> r.voiceConnectorId(vc)
                .participantPhoneNumbers("+14155550123", "+12125550123").capabilities(Capability.VOICE)
                .geoMatchLevel(GeoMatchLevel.AREA_CODE)).proxySession();
        assertThat(proxyNumber(byParticipant)).startsWith("+1415");

        ProxySession byParams = f.client.createProxySession(r -> r.voiceConnectorId(vc)
                .participantPhoneNumbers("+14155550124", "+12125550124").capabilities(Capability.VOICE)
                .geoMatchLevel(GeoMatchLevel.AREA_CODE).geoMatchParams(g -> g.country("US").areaCode("617")))
                .proxySession();
        assertThat(proxyNumber(byParams)).startsWith("+1617");
    }

    @Test
    void countryMatchPicksANumberOfThatCountry() {
        String vc = f.connector();
        f.client.putVoiceConnectorProxy(r -> r.voiceConnectorId(vc).defaultSessionExpiryMinutes(60)
                .phoneNumberPoolCountries("US", "GB"));

        ProxySession british = f.client.createProxySession(r -> r.voiceConnectorId(vc)
                .participantPhoneNumbers("+447700900123", ALICE).capabilities(Capability.VOICE)
                .geoMatchLevel(GeoMatchLevel.COUNTRY)).proxySession();
        assertThat(proxyNumber(british)).startsWith("+44");

        ProxySession american = f.client.createProxySession(r -> r.voiceConnectorId(vc)
                .participantPhoneNumbers(ALICE, "+447700900124").capabilities(Capability.VOICE)
                .geoMatchLevel(GeoMatchLevel.COUNTRY)).proxySession();
        assertThat(proxyNumber(american)).startsWith("+1");
    }

    @Test
    void geoMatchIsAPreferenceThatFallsBackToAnyFreeNumber() {
        String vc = f.connectorWithProxy();

        ProxySession s = f.client.createProxySession(r -> r.voiceConnectorId(vc)
                .participantPhoneNumbers(ALICE, BOB).capabilities(Capability.VOICE)
                .geoMatchLevel(GeoMatchLevel.AREA_CODE).geoMatchParams(g -> g.country("US").areaCode("999")))
                .proxySession();

        assertThat(proxyNumber(s)).startsWith("+1");
    }

    @Test
    void proxyNumbersComeOnlyFromTheConfiguredCountries() {
        String vc = f.connector();
        f.client.putVoiceConnectorProxy(r -> r.voiceConnectorId(vc).defaultSessionExpiryMinutes(60)
                .phoneNumberPoolCountries("DE"));

        assertThat(proxyNumber(f.session(vc, ALICE, BOB))).startsWith("+49");

        f.client.putVoiceConnectorProxy(r -> r.voiceConnectorId(vc).defaultSessionExpiryMinutes(60)
                .phoneNumberPoolCountries("BR"));
        assertThatThrownBy(() -> f.session(vc, ALICE, CAROL)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("no phone numbers in the proxy configuration's countries [BR]");
    }

    @Test
    void aParticipantCannotHoldMoreOpenSessionsThanThePoolHasNumbers() {
        String vc = f.connectorWithProxy();
        f.emulator.setPhoneNumberInventory(vc, List.of("+12065550100", "+12065550101"));

        ProxySession one = f.session(vc, ALICE, BOB);
        ProxySession two = f.session(vc, ALICE, CAROL);
        assertThat(proxyNumber(one)).isNotEqualTo(proxyNumber(two));

        assertThatThrownBy(() -> f.session(vc, ALICE, "+17025550123")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("No proxy phone number is available");
        // Other pairs still fit: a proxy number serves many sessions without a shared participant.
        assertThat(f.session(vc, "+17025550123", "+18085550123")).isNotNull();

        // Expired sessions free their numbers.
        f.clock.advance(Duration.ofMinutes(60));
        assertThat(f.session(vc, ALICE, "+17025550124")).isNotNull();
    }

    private ProxySession expiringIn(String vc, int minutes) {
        return f.client.createProxySession(r -> r.voiceConnectorId(vc).participantPhoneNumbers(ALICE, BOB)
                .capabilities(Capability.VOICE).expiryMinutes(minutes)).proxySession();
    }

    private ProxySession get(String vc, String id) {
        return f.client.getProxySession(r -> r.voiceConnectorId(vc).proxySessionId(id)).proxySession();
    }

    @Test
    void aProxyNumberIsNeverOneOfTheSessionsParticipants() {
        String vc = f.connectorWithProxy();
        // Both participants are numbers of the inventory, the first of them the least used in its order.
        ProxySession s = f.session(vc, "+12065550100", "+14155550101");

        assertThat(proxyNumber(s)).isNotIn("+12065550100", "+14155550101");
        assertThat(s.participants()).allSatisfy(p -> assertThat(p.proxyPhoneNumber()).isEqualTo(proxyNumber(s)));
    }
}
