package io.github.proxysessions.handler;

import static io.github.proxysessions.handler.HandlerFixture.ALICE;
import static io.github.proxysessions.handler.HandlerFixture.CAROL;
import static io.github.proxysessions.handler.HandlerFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.handler.HandlerFixture.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CloudFormation may deliver a request twice, with the same RequestId: one session either way. */
class DuplicateDeliveryTest {

    /** Participants outside the emulator's inventory (contract C3). */
    static final String DAN = "+12065550150";
    static final String ERIN = "+14155550151";

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    private HandlerFixture.Event createEvent(Map<String, Object> props) {
        return f.event("create", UUID.randomUUID().toString(), "SupportSession", HandlerFixture.SESSION, null,
                props, null);
    }

    @Test
    void aSecondDeliveryOfACreateFindsTheFirstSession() {
        HandlerFixture.Event event = createEvent(f.props("Name", "Support"));

        Delivery first = f.deliver(event, Duration.ofMinutes(5));
        Delivery second = f.redeliver(event);

        assertThat(second.response().status()).isEqualTo("SUCCESS");
        assertThat(second.response().physicalResourceId()).isEqualTo(first.response().physicalResourceId());
        assertThat(second.response().data()).isEqualTo(first.response().data());
        assertThat(f.sessionIds()).containsExactly(first.response().physicalResourceId());
        // The second delivery creates, finds the first delivery's session earlier, and deletes its own.
        assertThat(f.emulator.requestCount("CreateProxySession")).isEqualTo(2);
        assertThat(f.emulator.requestCount("DeleteProxySession")).isEqualTo(1);
        assertThat(f.logs()).contains("\"duplicateDelivery\":true");
    }

    @Test
    void aRedeliveryWhoseCreateFindsNoFreeNumberAnswersTheFirstDeliverysSession() {
        // One proxy number: the first delivery's session holds it, so the second delivery's create is refused (400).
        f.emulator.setPhoneNumberInventory(f.connector, List.of("+12065550120"));
        HandlerFixture.Event event = createEvent(f.props("ParticipantPhoneNumbers", List.of(DAN, ERIN)));

        Delivery first = f.deliver(event, Duration.ofMinutes(5));
        Delivery second = f.redeliver(event);

        assertThat(first.response().status()).isEqualTo("SUCCESS");
        assertThat(second.response().status()).as(second.response().reason()).isEqualTo("SUCCESS");
        assertThat(second.response().physicalResourceId()).isEqualTo(first.response().physicalResourceId());
        assertThat(second.response().data()).isEqualTo(first.response().data());
        assertThat(f.sessionIds()).containsExactly(first.response().physicalResourceId());
        assertThat(f.logs()).contains("\"apiCalls\":[\"CreateProxySession\",\"ListProxySessions\"]",
                "\"createFailedFoundEarlier\"");
    }

    @Test
    void aCreateThatFailsWithNoSessionOfItsRequestStillFails() {
        f.emulator.setPhoneNumberInventory(f.connector, List.of());

        Delivery d = f.create(f.props("ParticipantPhoneNumbers", List.of(DAN, ERIN)));

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().reason()).startsWith("CreateProxySession failed: BadRequestException (HTTP 400)");
        assertThat(f.sessionIds()).isEmpty();
    }

    @Test
    void concurrentDeliveriesOfACreateAgreeOnOneSession() throws Exception {
        for (int round = 0; round < 15; round++) {
            HandlerFixture.Event event = createEvent(f.props("ParticipantPhoneNumbers",
                    List.of(String.format("+1702555%04d", round), String.format("+1808555%04d", round))));
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Delivery> a = CompletableFuture.supplyAsync(() -> await(go, () -> f.redeliver(event)));
            CompletableFuture<Delivery> b = CompletableFuture.supplyAsync(() -> await(go, () -> f.redeliver(event)));
            go.countDown();

            String idA = a.get().response().physicalResourceId();
            String idB = b.get().response().physicalResourceId();

            assertThat(idA).as("round " + round).isEqualTo(idB);
            assertThat(f.sessionIds()).as("round " + round).containsExactly(idA);
            f.client.deleteProxySession(r -> r.voiceConnectorId(f.connector).proxySessionId(idA));
        }
    }


    @Test
    void aSecondDeliveryOfAReplacingUpdateFindsTheFirstReplacement() {
        Map<String, Object> old = f.props();
        String id = f.create(old).response().physicalResourceId();
        HandlerFixture.Event update = f.event("update", UUID.randomUUID().toString(), "SupportSession",
                HandlerFixture.SESSION, id, f.props("ParticipantPhoneNumbers", List.of(ALICE, CAROL)), old);

        Delivery first = f.deliver(update, Duration.ofMinutes(5));
        Delivery second = f.redeliver(update);

        String replacement = first.response().physicalResourceId();
        assertThat(replacement).isNotEqualTo(id);
        assertThat(second.response().physicalResourceId()).isEqualTo(replacement);
        assertThat(f.sessionIds()).containsExactly(id, replacement);
    }

    @Test
    void aCreateWhoseResponseWasLostAndRetriedByTheSdkLeavesOneSession() {
        f.emulator.faults().loseResponses("CreateProxySession", 1);

        Delivery d = f.create(f.props());

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.emulator.requestCount("CreateProxySession")).isEqualTo(2);
        assertThat(f.sessionIds()).containsExactly(d.response().physicalResourceId());
        assertThat(f.logs()).contains("\"duplicatesDeleted\":1");
    }

    @Test
    void aSecondDeliveryOfADeleteSucceeds() {
        Map<String, Object> props = f.props();
        String id = f.create(props).response().physicalResourceId();
        HandlerFixture.Event delete = f.event("delete", UUID.randomUUID().toString(), "SupportSession",
                HandlerFixture.SESSION, id, props, null);

        assertThat(f.deliver(delete, Duration.ofMinutes(5)).response().status()).isEqualTo("SUCCESS");
        assertThat(f.redeliver(delete).response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).isEmpty();
    }
}
