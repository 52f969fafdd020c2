package io.github.proxysessions.handler;

import static io.github.proxysessions.handler.HandlerFixture.ALICE;
import static io.github.proxysessions.handler.HandlerFixture.BOB;
import static io.github.proxysessions.handler.HandlerFixture.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.handler.HandlerFixture.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/** Update (in place, replacement, no-op) and Delete, as CloudFormation sends them. */
class UpdateDeleteTest {

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    private String created(Map<String, Object> props) {
        Delivery d = f.create(props);
        assertThat(d.response().status()).isEqualTo("SUCCESS");
        return d.response().physicalResourceId();
    }

    @Test
    void capabilitiesAndExpiryChangeInPlace() {
        Map<String, Object> old = f.props("ExpiryMinutes", "30");
        String id = created(old);
        long writes = f.writeCalls();

        Delivery d = f.update(id, f.props("Capabilities", List.of("SMS"), "ExpiryMinutes", "90"), old);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(d.response().physicalResourceId()).isEqualTo(id);
        assertThat(f.writeCalls() - writes).isEqualTo(1);
        assertThat(f.emulator.requestCount("UpdateProxySession")).isEqualTo(1);
        ProxySession s = f.session(id);
        assertThat(s.capabilitiesAsStrings()).containsExactly("SMS");
        assertThat(s.expiryMinutes()).isEqualTo(90);
        assertThat(d.response().data().get("ExpiryMinutes").asText()).isEqualTo("90");
        assertThat(f.sessionIds()).containsExactly(id);
    }

    static Stream<Arguments> replacingChanges() {
        return Stream.of(
                Arguments.of("ParticipantPhoneNumbers", List.of(ALICE, CAROL)),
                Arguments.of("ParticipantPhoneNumbers", List.of(BOB, ALICE)),
                Arguments.of("Name", "Renamed"),
                Arguments.of("NumberSelectionBehavior", "AvoidSticky"),
                Arguments.of("GeoMatchLevel", "Country"),
                Arguments.of("GeoMatchParams", Map.of("Country", "US", "AreaCode", "312")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("replacingChanges")
    void changesOtherThanCapabilitiesAndExpiryReplaceTheSession(String property, Object value) {
        Map<String, Object> old = f.props("GeoMatchLevel", "AreaCode",
                "GeoMatchParams", Map.of("Country", "US", "AreaCode", "206"));
        String id = created(old);
        Map<String, Object> changed = f.props("GeoMatchLevel", "AreaCode",
                "GeoMatchParams", Map.of("Country", "US", "AreaCode", "206"));
        changed.put(property, value);

        Delivery d = f.update(id, changed, old);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        String newId = d.response().physicalResourceId();
        assertThat(newId).isNotEqualTo(id);
        assertThat(d.response().data().get("ProxySessionId").asText()).isEqualTo(newId);
        // The old session stays until CloudFormation's cleanup phase deletes it.
        assertThat(f.sessionIds()).containsExactly(id, newId);
        assertThat(f.emulator.requestCount("UpdateProxySession")).isZero();
    }

    @Test
    void aNewConnectorReplacesTheSession() {
        Map<String, Object> old = f.props();
        String id = created(old);
        String other = f.newConnector();

        Delivery d = f.update(id, f.props("VoiceConnectorId", other), old);

        String newId = d.response().physicalResourceId();
        assertThat(newId).isNotEqualTo(id);
        assertThat(f.emulator.proxySessionIds(other)).containsExactly(newId);
    }

    @Test
    void noEffectiveChangeMakesNoWriteCallAndAnswersCurrentAttributes() {
        Map<String, Object> old = f.props("ExpiryMinutes", "30", "Capabilities", List.of("Voice", "SMS"));
        String id = created(old);
        long writes = f.writeCalls();

        // Reordered capabilities and a number for a string are no change at all.
        Delivery d = f.update(id, f.props("ExpiryMinutes", 30, "Capabilities", List.of("SMS", "Voice")), old);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(d.response().physicalResourceId()).isEqualTo(id);
        assertThat(f.writeCalls()).isEqualTo(writes);
        assertThat(d.response().data().get("ProxySessionId").asText()).isEqualTo(id);
        assertThat(d.response().data().get("ExpiryMinutes").asText()).isEqualTo("30");
    }

    @Test
    void removingExpiryReturnsTheSessionToTheConnectorsDefault() {
        Map<String, Object> old = f.props("ExpiryMinutes", "30");
        String id = created(old);

        Delivery d = f.update(id, f.props(), old);

        assertThat(d.response().physicalResourceId()).isEqualTo(id);
        assertThat(f.session(id).expiryMinutes()).isEqualTo(60);
    }

    @Test
    void anExpiredSessionIsReplaced() {
        Map<String, Object> old = f.props("ExpiryMinutes", "30");
        String id = created(old);
        f.clock.advance(Duration.ofMinutes(31));

        Delivery d = f.update(id, f.props("ExpiryMinutes", "60"), old);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        String newId = d.response().physicalResourceId();
        assertThat(newId).isNotEqualTo(id);
        assertThat(f.session(newId).statusAsString()).isEqualTo("Open");
        assertThat(f.session(newId).expiryMinutes()).isEqualTo(60);
    }

    @Test
    void aDeletedSessionIsReplaced() {
        Map<String, Object> old = f.props();
        String id = created(old);
        f.client.deleteProxySession(r -> r.voiceConnectorId(f.connector).proxySessionId(id));

        Delivery d = f.update(id, f.props("Capabilities", List.of("Voice")), old);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(d.response().physicalResourceId()).isNotEqualTo(id);
        assertThat(f.sessionIds()).containsExactly(d.response().physicalResourceId());
    }

    @Test
    void aFailedUpdateKeepsTheOldId() {
        Map<String, Object> old = f.props();
        String id = created(old);

        Delivery invalid = f.update(id, f.props("ExpiryMinutes", "721"), old);
        assertThat(invalid.response().status()).isEqualTo("FAILED");
        assertThat(invalid.response().physicalResourceId()).isEqualTo(id);
        assertThat(invalid.response().reason()).contains("Property 'ExpiryMinutes' must be from 1 to 720");

        f.emulator.faults().failRate(1.0);
        Delivery failing = f.deliver(f.event("update", java.util.UUID.randomUUID().toString(), "SupportSession",
                HandlerFixture.SESSION, id, f.props("ExpiryMinutes", "90"), old), Duration.ofSeconds(5));
        assertThat(failing.response().status()).isEqualTo("FAILED");
        assertThat(failing.response().physicalResourceId()).isEqualTo(id);
        f.emulator.faults().clear();
        assertThat(f.session(id).expiryMinutes()).isEqualTo(60);
    }

    @Test
    void deleteRemovesTheSession() {
        Map<String, Object> props = f.props();
        String id = created(props);

        Delivery d = f.delete(id, props);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(d.response().physicalResourceId()).isEqualTo(id);
        assertThat(f.sessionIds()).isEmpty();
    }

    @Test
    void deleteOfASessionAlreadyGoneSucceeds() {
        Map<String, Object> props = f.props();
        String id = created(props);
        f.client.deleteProxySession(r -> r.voiceConnectorId(f.connector).proxySessionId(id));

        Delivery d = f.delete(id, props);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.emulator.requestCount("DeleteProxySession")).isEqualTo(2);
    }

    @Test
    void deleteNeedsOnlyTheConnectorEvenWhenOtherPropertiesWouldNotValidateToday() {
        Map<String, Object> props = f.props();
        String id = created(props);

        Delivery d = f.delete(id, f.props("Name", "Far too long a name for the rules of today",
                "ExpiryMinutes", "9999", "Unknown", "x"));

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).isEmpty();
    }

    @Test
    void deleteWithoutAConnectorIdFailsSayingWhatItNeeds() {
        String id = created(f.props());

        Delivery d = f.delete(id, f.props("VoiceConnectorId", null));

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().reason()).contains("Property 'VoiceConnectorId' is required to delete proxy session "
                + id);
        assertThat(f.sessionIds()).containsExactly(id);
    }

    @Test
    void deleteAfterAFailedCreateSucceedsWithoutAnyCall() {
        Delivery failed = f.create(f.props("ExpiryMinutes", "0"));
        long calls = f.handlerCalls();

        Delivery d = f.delete(failed.response().physicalResourceId(), f.props("ExpiryMinutes", "0"));

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(d.response().physicalResourceId()).isEqualTo(failed.response().physicalResourceId());
        assertThat(f.handlerCalls()).isEqualTo(calls);
    }

    @Test
    void deleteAfterACreateWhoseOutcomeIsUnknownRemovesWhatItMayHaveCreated() {
        // Every attempt takes effect but its answer is lost, until the invocation's time runs out.
        f.emulator.faults().loseResponses("CreateProxySession", 1000);
        Delivery failed = f.deliver(f.event("create", java.util.UUID.randomUUID().toString(), "SupportSession",
                HandlerFixture.SESSION, null, f.props(), null), Duration.ofSeconds(4));
        assertThat(failed.response().status()).isEqualTo("FAILED");
        assertThat(PhysicalId.parse(failed.response().physicalResourceId())).isInstanceOf(PhysicalId.Unconfirmed.class);
        assertThat(failed.response().reason()).startsWith("Chime SDK Voice did not respond in time: "
                + "CreateProxySession did not succeed");
        assertThat(f.sessionIds()).isNotEmpty();
        f.emulator.faults().clear();

        Delivery d = f.delete(failed.response().physicalResourceId(), f.props());

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).isEmpty();
    }

    @Test
    void deleteOfAnUnconfirmedCreateOnAConnectorThatIsGoneSucceeds() {
        String id = "proxy-session-unconfirmed:abcdefghij0123456789ab:k3J9xQ2";

        Delivery d = f.delete(id, f.props("VoiceConnectorId", "abcdefghij0123456789ab"));

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(d.response().physicalResourceId()).isEqualTo(id);
        assertThat(f.logs()).contains("\"change\":\"connector gone\"");
        assertThat(f.emulator.requestCount("DeleteProxySession")).isZero();
    }

    @Test
    void unsupportedResourceTypesAreRefusedOnCreateAndIgnoredOnDelete() {
        Delivery create = f.deliver(f.event("create", "r1", "Thing", "Custom::Thing", null, f.props(), null),
                Duration.ofMinutes(1));
        assertThat(create.response().status()).isEqualTo("FAILED");
        assertThat(create.response().reason()).startsWith("Resource type Custom::Thing is not served by this function");

        Delivery delete = f.deliver(f.event("delete", "r2", "Thing", "Custom::Thing",
                create.response().physicalResourceId(), f.props(), null), Duration.ofMinutes(1));
        assertThat(delete.response().status()).isEqualTo("SUCCESS");
        assertThat(f.handlerCalls()).isZero();
    }
}
