package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every id ever answered reads back as what it meant, and each kind formats and parses to itself. */
class PhysicalIdTest {

    @Test
    void eachKindOfIdReadsBackAsItself() {
        PhysicalId[] ids = {
            new PhysicalId.Real("5abd6082-c212-4944-9aaf-748ed84e0648"),
            new PhysicalId.Real("abcdefghij0123456789ab"),
            new PhysicalId.NotCreated("k3J9xQ2"),
            new PhysicalId.Unconfirmed("abcdefghij0123456789ab", "k3J9xQ2"),
        };
        for (PhysicalId id : ids) {
            assertThat(PhysicalId.parse(id.format())).isEqualTo(id);
        }
        assertThat(new PhysicalId.NotCreated("k3J9xQ2").format()).isEqualTo("not-created:k3J9xQ2");
        assertThat(new PhysicalId.Unconfirmed("abcdefghij0123456789ab", "k3J9xQ2").format())
                .isEqualTo("proxy-session-unconfirmed:abcdefghij0123456789ab:k3J9xQ2");
    }

    @Test
    void theMarkersStoredInStacksDeployedBeforeStillRead() {
        assertThat(PhysicalId.parse("proxy-session-not-created:k3J9xQ2"))
                .isEqualTo(new PhysicalId.NotCreated("k3J9xQ2"));
        assertThat(PhysicalId.parse("voice-connector-proxy-not-created:k3J9xQ2"))
                .isEqualTo(new PhysicalId.NotCreated("k3J9xQ2"));
        assertThat(PhysicalId.parse("proxy-session-unconfirmed:abcdefghij0123456789ab:k3J9xQ2"))
                .isEqualTo(new PhysicalId.Unconfirmed("abcdefghij0123456789ab", "k3J9xQ2"));
    }
}
