package io.github.proxysessions.emulator;

import static io.github.proxysessions.emulator.EmulatorFixture.ALICE;
import static io.github.proxysessions.emulator.EmulatorFixture.BOB;
import static io.github.proxysessions.emulator.EmulatorFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.model.Capability;
import software.amazon.awssdk.services.chimesdkvoice.model.GeoMatchLevel;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.NumberSelectionBehavior;
import software.amazon.awssdk.services.chimesdkvoice.model.Participant;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySessionStatus;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnector;

/** Every operation through the real SDK client, and the wire format the SDK hides. */
class OperationsTest {

    private final EmulatorFixture f = new EmulatorFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void voiceConnectorsAreCreatedListedReadAndDeleted() {
        VoiceConnector created = f.client.createVoiceConnector(r -> r.name("Support").requireEncryption(true)
                .awsRegion("us-west-2")).voiceConnector();

        assertThat(created.voiceConnectorId()).matches("[a-z0-9]{22}");
        assertThat(created.awsRegionAsString()).isEqualTo("us-west-2");
        assertThat(created.outboundHostName()).isEqualTo(created.voiceConnectorId() + ".voiceconnector.chime.aws");
        assertThat(created.voiceConnectorArn()).endsWith(":vc/" + created.voiceConnectorId());
        assertThat(created.createdTimestamp()).isEqualTo(START);
        assertThat(f.client.getVoiceConnector(r -> r.voiceConnectorId(created.voiceConnectorId())).voiceConnector())
                .isEqualTo(created);
        assertThat(f.client.listVoiceConnectors(r -> { }).voiceConnectors()).containsExactly(created);

        f.client.deleteVoiceConnector(r -> r.voiceConnectorId(created.voiceConnectorId()));

        assertThatThrownBy(() -> f.client.getVoiceConnector(r -> r.voiceConnectorId(created.voiceConnectorId())))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(created.voiceConnectorId());
        assertThat(f.client.listVoiceConnectors(r -> { }).voiceConnectors()).isEmpty();
    }

    @Test
    void proxyConfigurationIsPutReadReplacedAndDeleted() {
        String vc = f.connector();

        Proxy put = f.client.putVoiceConnectorProxy(r -> r.voiceConnectorId(vc).defaultSessionExpiryMinutes(60)
                .phoneNumberPoolCountries("US")).proxy();

        // As in AWS's example: the input list comes back renamed, and Disabled defaults to false.
        assertThat(put.defaultSessionExpiryMinutes()).isEqualTo(60);
        assertThat(put.phoneNumberCountries()).containsExactly("US");
        assertThat(put.disabled()).isFalse();
        assertThat(put.fallBackPhoneNumber()).isNull();
        assertThat(f.client.getVoiceConnectorProxy(r -> r.voiceConnectorId(vc)).proxy()).isEqualTo(put);

        Proxy replaced = f.client.putVoiceConnectorProxy(r -> r.voiceConnectorId(vc).defaultSessionExpiryMinutes(30)
                .phoneNumberPoolCountries("US", "CA").fallBackPhoneNumber(ALICE).disabled(true)).proxy();
        assertThat(replaced.phoneNumberCountries()).containsExactly("US", "CA");
        assertThat(replaced.fallBackPhoneNumber()).isEqualTo(ALICE);
        assertThat(replaced.disabled()).isTrue();

        f.client.deleteVoiceConnectorProxy(r -> r.voiceConnectorId(vc));
        assertThatThrownBy(() -> f.client.getVoiceConnectorProxy(r -> r.voiceConnectorId(vc)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no proxy configuration");
        assertThatThrownBy(() -> f.client.deleteVoiceConnectorProxy(r -> r.voiceConnectorId(vc)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void sessionIsCreatedWithEveryMemberEchoedAndBothParticipantsOnOneProxyNumber() {
        String vc = f.connectorWithProxy();

        ProxySession s = f.client.createProxySession(r -> r.voiceConnectorId(vc)
                .participantPhoneNumbers(BOB, ALICE).name("Support line").expiryMinutes(30)
                .capabilities(Capability.VOICE, Capability.SMS)
                .numberSelectionBehavior(NumberSelectionBehavior.PREFER_STICKY)
                .geoMatchLevel(GeoMatchLevel.AREA_CODE)
                .geoMatchParams(g -> g.country("US").areaCode("206"))).proxySession();

        assertThat(s.voiceConnectorId()).isEqualTo(vc);
        assertThat(s.proxySessionId()).isNotBlank();
        assertThat(s.name()).isEqualTo("Support line");
        assertThat(s.status()).isEqualTo(ProxySessionStatus.OPEN);
        assertThat(s.expiryMinutes()).isEqualTo(30);
        assertThat(s.capabilities()).containsExactly(Capability.VOICE, Capability.SMS);
        assertThat(s.createdTimestamp()).isEqualTo(START);
        assertThat(s.updatedTimestamp()).isEqualTo(START);
        assertThat(s.endedTimestamp()).isNull();
        assertThat(s.numberSelectionBehavior()).isEqualTo(NumberSelectionBehavior.PREFER_STICKY);
        assertThat(s.geoMatchLevel()).isEqualTo(GeoMatchLevel.AREA_CODE);
        assertThat(s.geoMatchParams().country()).isEqualTo("US");
        assertThat(s.geoMatchParams().areaCode()).isEqualTo("206");
        // Not in input order: the service sorts them, as in AWS's own example.
        assertThat(s.participants()).extracting(Participant::phoneNumber).containsExactly(ALICE, BOB);
        assertThat(s.participants()).extracting(Participant::proxyPhoneNumber).containsOnly(
                s.participants().get(0).proxyPhoneNumber()).doesNotContainNull();
        assertThat(f.client.getProxySession(r -> r.voiceConnectorId(vc).proxySessionId(s.proxySessionId()))
                .proxySession()).isEqualTo(s);
    }

    @Test
    void absentMembersAreOmittedAndTimestampsAreIsoStringsOnTheWire() throws Exception {
        String vc = f.connectorWithProxy();

        HttpResponse<String> created = f.raw("POST", "/voice-connectors/" + vc + "/proxy-sessions",
                "{\"ParticipantPhoneNumbers\":[\"" + ALICE + "\",\"" + BOB + "\"],\"Capabilities\":[\"Voice\"]}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(created.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(
                id -> assertThat(id).matches("[0-9a-f-]{36}"));
        JsonNode session = Json.MAPPER.readTree(created.body()).get("ProxySession");
        assertThat(session.get("CreatedTimestamp").isTextual()).isTrue();
        assertThat(session.get("CreatedTimestamp").asText()).isEqualTo("2026-11-23T10:00:00.000Z");
        // Expiry defaults to the connector's DefaultSessionExpiryMinutes, and unset members are left out, not null.
        assertThat(session.get("ExpiryMinutes").asInt()).isEqualTo(60);
        for (String absent : List.of("Name", "EndedTimestamp", "GeoMatchLevel", "GeoMatchParams",
                "NumberSelectionBehavior")) {
            assertThat(session.has(absent)).as(absent).isFalse();
        }
        String id = session.get("ProxySessionId").asText();

        HttpResponse<String> updated = f.raw("POST", "/voice-connectors/" + vc + "/proxy-sessions/" + id,
                "{\"Capabilities\":[\"SMS\"]}");
        assertThat(updated.statusCode()).isEqualTo(201);
        assertThat(f.raw("GET", "/voice-connectors/" + vc + "/proxy-sessions/" + id, null).statusCode())
                .isEqualTo(200);
        assertThat(f.raw("GET", "/voice-connectors/" + vc + "/proxy-sessions", null).statusCode()).isEqualTo(200);
        HttpResponse<String> deleted = f.raw("DELETE", "/voice-connectors/" + vc + "/proxy-sessions/" + id, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(f.raw("GET", "/voice-connectors/" + vc + "/programmable-numbers/proxy", null).statusCode())
                .isEqualTo(200);
        assertThat(f.raw("DELETE", "/voice-connectors/" + vc + "/programmable-numbers/proxy", null).statusCode())
                .isEqualTo(204);
    }

    @Test
    void updateChangesOnlyCapabilitiesAndExpiryAndBumpsUpdatedTimestamp() {
        String vc = f.connectorWithProxy();
        ProxySession s = f.client.createProxySession(r -> r.voiceConnectorId(vc).participantPhoneNumbers(ALICE, BOB)
                .name("Before").expiryMinutes(30).capabilities(Capability.VOICE)).proxySession();
        f.clock.advance(Duration.ofMinutes(5));

        ProxySession updated = f.client.updateProxySession(r -> r.voiceConnectorId(vc)
                .proxySessionId(s.proxySessionId()).capabilities(Capability.SMS).expiryMinutes(90)).proxySession();

        assertThat(updated.capabilities()).containsExactly(Capability.SMS);
        assertThat(updated.expiryMinutes()).isEqualTo(90);
        assertThat(updated.updatedTimestamp()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        assertThat(updated.createdTimestamp()).isEqualTo(s.createdTimestamp());
        assertThat(updated.name()).isEqualTo("Before");
        assertThat(updated.participants()).isEqualTo(s.participants());

        ProxySession capabilitiesOnly = f.client.updateProxySession(r -> r.voiceConnectorId(vc)
                .proxySessionId(s.proxySessionId()).capabilities(Capability.VOICE)).proxySession();
        assertThat(capabilitiesOnly.expiryMinutes()).as("ExpiryMinutes kept when not sent").isEqualTo(90);
    }

    @Test
    void deletedSessionIsGone() {
        String vc = f.connectorWithProxy();
        ProxySession s = f.session(vc, ALICE, BOB);

        f.client.deleteProxySession(r -> r.voiceConnectorId(vc).proxySessionId(s.proxySessionId()));

        assertThatThrownBy(() -> f.client.getProxySession(r -> r.voiceConnectorId(vc)
                .proxySessionId(s.proxySessionId()))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(s.proxySessionId());
        assertThatThrownBy(() -> f.client.deleteProxySession(r -> r.voiceConnectorId(vc)
                .proxySessionId(s.proxySessionId()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.client.updateProxySession(r -> r.voiceConnectorId(vc)
                .proxySessionId(s.proxySessionId()).capabilities(Capability.VOICE)))
                .isInstanceOf(NotFoundException.class);
        assertThat(f.client.listProxySessions(r -> r.voiceConnectorId(vc)).proxySessions()).isEmpty();
    }

    @Test
    void unknownConnectorIsNotFoundForEveryOperation() {
        String missing = "abcdefghij0123456789ab";
        String missingArn = "arn:aws:chime:us-east-1:123456789012:vc/" + missing;
        List<Runnable> calls = List.of(
                () -> f.client.getVoiceConnector(r -> r.voiceConnectorId(missing)),
                () -> f.client.deleteVoiceConnector(r -> r.voiceConnectorId(missing)),
                () -> f.client.putVoiceConnectorProxy(r -> r.voiceConnectorId(missing)
                        .defaultSessionExpiryMinutes(60).phoneNumberPoolCountries("US")),
                () -> f.client.getVoiceConnectorProxy(r -> r.voiceConnectorId(missing)),
                () -> f.client.deleteVoiceConnectorProxy(r -> r.voiceConnectorId(missing)),
                () -> f.client.createProxySession(r -> r.voiceConnectorId(missing)
                        .participantPhoneNumbers(ALICE, BOB).capabilities(Capability.VOICE)),
                () -> f.client.listProxySessions(r -> r.voiceConnectorId(missing)),
                () -> f.client.getProxySession(r -> r.voiceConnectorId(missing).proxySessionId("x")),
                () -> f.client.updateProxySession(r -> r.voiceConnectorId(missing).proxySessionId("x")
                        .capabilities(Capability.VOICE)),
                () -> f.client.deleteProxySession(r -> r.voiceConnectorId(missing).proxySessionId("x")),
                () -> f.client.updateVoiceConnector(r -> r.voiceConnectorId(missing).name("n")
                        .requireEncryption(true)),
                () -> f.client.listTagsForResource(r -> r.resourceARN(missingArn)),
                () -> f.client.tagResource(r -> r.resourceARN(missingArn).tags(t -> t.key("k").value("v"))),
                () -> f.client.untagResource(r -> r.resourceARN(missingArn).tagKeys("k")));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(NotFoundException.class)
                    .satisfies(e -> assertThat(((NotFoundException) e).statusCode()).isEqualTo(404));
        }
    }

    @Test
    void connectorWithSessionsCannotBeDeleted() {
        String vc = f.connectorWithProxy();
        ProxySession s = f.session(vc, ALICE, BOB);

        assertThatThrownBy(() -> f.client.deleteVoiceConnector(r -> r.voiceConnectorId(vc)))
                .isInstanceOf(software.amazon.awssdk.services.chimesdkvoice.model.ConflictException.class)
                .hasMessageContaining("1 proxy sessions");

        f.client.deleteProxySession(r -> r.voiceConnectorId(vc).proxySessionId(s.proxySessionId()));
        f.client.deleteVoiceConnector(r -> r.voiceConnectorId(vc));
        assertThat(f.emulator.voiceConnectorIds()).doesNotContain(vc);
    }
}
