package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.handler.HandlerFixture.Delivery;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Throttling and 5xx are ridden out within the invocation's time, and the answer always goes out before it ends. */
class DeadlineTest {

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    private Delivery createWithin(Duration timeout) {
        return f.deliver(f.event("create", UUID.randomUUID().toString(), "SupportSession", HandlerFixture.SESSION,
                null, f.props(), null), timeout);
    }

    @Test
    void aBurstOfThrottlingIsRetriedAway() {
        f.emulator.faults().failNext(8, 429);

        Delivery d = createWithin(Duration.ofMinutes(2));

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).containsExactly(d.response().physicalResourceId());
        assertThat(f.logs()).contains("\"CreateProxySession x9\"");
    }

    @Test
    void aBurstOf5xxIsRetriedAway() {
        f.emulator.faults().failNext(5, 503);
        Delivery first = createWithin(Duration.ofMinutes(2));
        f.emulator.faults().failNext(5, 500);
        Delivery second = f.create(f.props("ParticipantPhoneNumbers", java.util.List.of("+17025550100",
                "+18085550100")));

        assertThat(first.response().status()).isEqualTo("SUCCESS");
        assertThat(second.response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).hasSize(2);
    }

    @Test
    void aSteadyThrottleIsRiddenOut() {
        // One request every two seconds, and the one the bucket holds is spent: the handler's calls come faster
        // than that, so they are refused with 429 until the bucket refills.
        f.emulator.faults().throttle(0.5, 1);
        f.client.listProxySessions(r -> r.voiceConnectorId(f.connector));

        Delivery d = createWithin(Duration.ofMinutes(2));

        // What a user sees: the session exists and the stack went on; the log says the calls were retried.
        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).containsExactly(d.response().physicalResourceId());
        assertThat(f.emulator.faults().throttledCount()).isPositive();
        assertThat(f.logs()).containsPattern("\"apiCalls\":\\[\"CreateProxySession x[0-9]+\"");
    }

    @Test
    void whenTimeRunsOutTheAnswerIsFailedSaysWhyAndArrivesBeforeTheDeadline() {
        f.emulator.faults().failRate(1.0);
        TestContext context = new TestContext(Duration.ofSeconds(6));
        var event = f.event("create", UUID.randomUUID().toString(), "SupportSession", HandlerFixture.SESSION, null,
                f.props(), null);

        f.invoke(event.json(), context);

        var response = f.responses.responses(event.responseUrl()).get(0);
        assertThat(response.status()).isEqualTo("FAILED");
        assertThat(response.reason()).startsWith("Chime SDK Voice did not respond in time: CreateProxySession did not "
                + "succeed within the").contains("last answer 50");
        assertThat(response.receivedNanos()).isLessThan(context.deadlineNanos());
        assertThat(f.sessionIds()).isEmpty();
    }

    @Test
    void withNoTimeLeftAtAllTheAnswerStillGoesOut() {
        TestContext context = new TestContext(Duration.ofSeconds(2));
        var event = f.event("create", UUID.randomUUID().toString(), "SupportSession", HandlerFixture.SESSION, null,
                f.props(), null);

        f.invoke(event.json(), context);

        var response = f.responses.responses(event.responseUrl()).get(0);
        assertThat(response.status()).isEqualTo("FAILED");
        assertThat(response.reason()).startsWith("Chime SDK Voice did not respond in time: the function's time ran "
                + "out before CreateProxySession");
        assertThat(response.receivedNanos()).isLessThan(context.deadlineNanos());
        assertThat(f.handlerCalls()).isZero();
    }
}
