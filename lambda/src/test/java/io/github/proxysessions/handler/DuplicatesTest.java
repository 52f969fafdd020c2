package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/** The one ordering of sessions that stand for one thing, shared by the Create and renewal. */
class DuplicatesTest {

    private static ProxySession session(String id, String created) {
        return ProxySession.builder().proxySessionId(id)
                .createdTimestamp(created == null ? null : Instant.parse(created)).build();
    }

    @Test
    void theEarliestComesFirstASessionWithoutATimestampLastAndEqualsKeepTheListingsOrder() {
        List<ProxySession> listed = List.of(
                session("no-time", null),
                session("later", "2026-11-23T10:00:01Z"),
                session("first-of-equals", "2026-11-23T10:00:00Z"),
                session("second-of-equals", "2026-11-23T10:00:00Z"));

        List<ProxySession> ordered = Duplicates.inCreationOrder(listed);

        assertThat(ordered).extracting(ProxySession::proxySessionId)
                .containsExactly("first-of-equals", "second-of-equals", "later", "no-time");
        assertThat(listed.get(0).proxySessionId()).as("the listing is left as it was").isEqualTo("no-time");
    }
}
