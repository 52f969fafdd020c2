package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.handler.HandlerFixture.Delivery;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What reaches the ResponseURL: always there, always within 4096 bytes. */
class ResponseTest {

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    @Test
    void aReasonTooLongForCloudFormationIsCutToFit() {
        Map<String, Object> props = f.props();
        for (int i = 0; i < 60; i++) {
            props.put("UnsupportedPropertyWithAVeryLongNameNumber" + i, "x");
        }

        Delivery d = f.create(props);

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().body().length).isLessThanOrEqualTo(4096).isGreaterThan(4000);
        assertThat(d.response().reason()).startsWith("Invalid properties").endsWith(" [...]");
    }

    @Test
    void aResponseUrlThatTricklesItsAnswerCannotKeepTheFunctionPastItsDeadline() throws Exception {
        try (TricklingResponseUrl trickling = new TricklingResponseUrl()) {
            HandlerFixture.Event event = f.event("create", UUID.randomUUID().toString(), "SupportSession",
                    HandlerFixture.SESSION, null, f.props(), null);
            TestContext context = new TestContext(Duration.ofSeconds(8));

            f.invoke(event.json().replace(event.responseUrl(), trickling.url()), context);

            assertThat(System.nanoTime()).as("returned before Lambda's deadline").isLessThan(context.deadlineNanos());
            assertThat(trickling.requests()).isPositive();
            assertThat(f.logs()).contains("could not send the response to CloudFormation")
                    .doesNotContain("0bad5ecret");
        }
    }

    @Test
    void aResponseUrlThatFailsOnceIsTriedAgain() {
        f.responses.failNext(1);

        Delivery d = f.create(f.props());

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).containsExactly(d.response().physicalResourceId());
    }
}
