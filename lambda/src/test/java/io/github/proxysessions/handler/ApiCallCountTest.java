package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.handler.HandlerFixture.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a deploy costs in Chime SDK Voice calls, counted by the emulator. */
class ApiCallCountTest {

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    @Test
    void aFortySessionDeployCostsAtMostTwoPointTwoCallsPerSessionTheConfigurationIncluded() {
        String vc = f.bareConnector();
        f.emulator.resetRequestCounts();

        Map<String, Object> configuration = Map.of("ServiceToken", "arn", "VoiceConnectorId", vc,
                "DefaultSessionExpiryMinutes", "60", "PhoneNumberPoolCountries", List.of("US"));
        Delivery config = f.deliver(f.event("create", UUID.randomUUID().toString(), "Proxy",
                "Custom::VoiceConnectorProxy", null, configuration, null), Duration.ofMinutes(1));
        assertThat(config.response().status()).isEqualTo("SUCCESS");
        long configurationCalls = total();

        for (int i = 0; i < 40; i++) {
            long before = total();
            Delivery d = f.create(f.props("VoiceConnectorId", vc, "ParticipantPhoneNumbers",
                    List.of(String.format("+1702555%04d", i), String.format("+1808555%04d", i))));
            assertThat(d.response().status()).isEqualTo("SUCCESS");
            // Create, then one listing (one page up to 100 sessions) that settles repeated deliveries.
            assertThat(total() - before).as("calls of create " + i).isEqualTo(2);
        }

        // Tags and configuration read; the claim (tag, read every tag back), the owner tag, the claim removed; put.
        assertThat(configurationCalls).isEqualTo(7);
        assertThat(f.emulator.requestCounts()).containsOnlyKeys("ListTagsForResource", "GetVoiceConnectorProxy",
                "TagResource", "UntagResource", "PutVoiceConnectorProxy", "CreateProxySession", "ListProxySessions");
        assertThat(total() / 40.0).isLessThanOrEqualTo(2.2);
    }

    private long total() {
        return f.emulator.requestCounts().values().stream().mapToLong(Long::longValue).sum();
    }
}
