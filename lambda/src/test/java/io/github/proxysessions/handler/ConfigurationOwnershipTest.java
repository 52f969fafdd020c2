package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxysessions.handler.HandlerFixture.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;

/**
 * Ownership of a connector's proxy configuration across stacks: a take-over is given back when the taker goes (its
 * rollback, or its destroy), unless the former owner went first; of two stacks creating at the same moment, exactly one
 * wins, and its tag and values agree.
 */
class ConfigurationOwnershipTest {

    static final String TYPE = "Custom::VoiceConnectorProxy";
    static final String STACK_A = HandlerFixture.STACK_ID;
    static final String STACK_B = "arn:aws:cloudformation:us-east-1:123456789012:stack/OtherStack/"
            + "9c1d2e30-c82e-11ef-9d1b-0affd4a1b2c3";

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    private Map<String, Object> props(String connector, Object... more) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:ProxySessionProvider");
        props.put("VoiceConnectorId", connector);
        props.put("DefaultSessionExpiryMinutes", "60");
        props.put("PhoneNumberPoolCountries", List.of("US"));
        for (int i = 0; i < more.length; i += 2) {
            props.put((String) more[i], more[i + 1]);
        }
        return props;
    }

    private HandlerFixture.Event event(String stackId, String type, String physicalId, Map<String, Object> props,
                                       Map<String, Object> old) {
        HandlerFixture.Event event = f.event(type, UUID.randomUUID().toString(), "Proxy", TYPE, physicalId, props,
                old);
        return new HandlerFixture.Event(event.json().replace(event.stackId(), stackId), event.responseUrl(), stackId,
                event.requestId());
    }

    private Delivery send(String stackId, String type, String physicalId, Map<String, Object> props) {
        return f.deliver(event(stackId, type, physicalId, props, type.equals("update") ? props : null),
                Duration.ofMinutes(1));
    }

    private Proxy proxy(String connector) {
        return f.client.getVoiceConnectorProxy(r -> r.voiceConnectorId(connector)).proxy();
    }

    private Map<String, String> tags(String connector) {
        return f.client.listTagsForResource(r -> r.resourceARN("arn:aws:chime:us-east-1:123456789012:vc/"
                + connector)).tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }

    private String owner(String connector) {
        return tags(connector).get(ConfigurationOwner.KEY);
    }

    @Test
    void aRolledBackTakeOverGivesTheFormerOwnerItsValuesAndTagAndItsStackKeepsWorking() {
        String vc = f.bareConnector();
        Map<String, Object> a = props(vc, "FallBackPhoneNumber", "+12065550199", "PhoneNumberPoolCountries",
                List.of("US", "CA"));
        assertThat(send(STACK_A, "create", null, a).response().status()).isEqualTo("SUCCESS");
        String ownerA = owner(vc);

        Delivery takeOver = send(STACK_B, "create", null, props(vc, "DefaultSessionExpiryMinutes", "30",
                "PhoneNumberPoolCountries", List.of("GB"), "Disabled", "true", "TakeOver", "true"));
        assertThat(takeOver.response().status()).isEqualTo("SUCCESS");
        assertThat(proxy(vc).defaultSessionExpiryMinutes()).isEqualTo(30);

        // Stack B's creation fails further on, and CloudFormation's rollback deletes what it created.
        Delivery rollback = send(STACK_B, "delete", takeOver.response().physicalResourceId(), props(vc));

        assertThat(rollback.response().status()).isEqualTo("SUCCESS");
        Proxy back = proxy(vc);
        assertThat(back.defaultSessionExpiryMinutes()).isEqualTo(60);
        assertThat(back.phoneNumberCountries()).containsExactlyInAnyOrder("US", "CA");
        assertThat(back.fallBackPhoneNumber()).isEqualTo("+12065550199");
        assertThat(back.disabled()).isFalse();
        assertThat(tags(vc)).containsOnlyKeys(ConfigurationOwner.KEY).containsEntry(ConfigurationOwner.KEY, ownerA);
        assertThat(f.logs()).contains("handed back to " + ownerA);
        // Stack A still manages its configuration: an Update, then its Delete.
        Delivery update = send(STACK_A, "update", vc, props(vc, "FallBackPhoneNumber", "+12065550199",
                "PhoneNumberPoolCountries", List.of("US", "CA"), "DefaultSessionExpiryMinutes", "90"));
        assertThat(update.response().status()).as(update.response().reason()).isEqualTo("SUCCESS");
        assertThat(proxy(vc).defaultSessionExpiryMinutes()).isEqualTo(90);
        assertThat(send(STACK_A, "delete", vc, a).response().status()).isEqualTo("SUCCESS");
        assertThatThrownBy(() -> proxy(vc)).isInstanceOf(NotFoundException.class);
        assertThat(tags(vc)).isEmpty();
    }

    @Test
    void aDeliveryThatReadTheTagsJustBeforeAnEarlierDeliveryOfItsRequestTaggedAndPutAnswersAsThatOneDid() {
        String vc = f.bareConnector();
        HandlerFixture.Event create = event(STACK_A, "create", null, props(vc), null);
        // CloudFormation delivers a request at least once: this delivery reads the connector's tags (no owner yet),
        // and right then another delivery of the same Create runs in full, tagging the connector and putting the
        // configuration. This one then finds a configuration whose owner is this very resource.
        Delivery[] earlier = new Delivery[1];
        f.hooks.afterNext("ListTagsForResource", () -> earlier[0] = f.redeliver(create));

        Delivery later = f.deliver(create, Duration.ofMinutes(1));

        assertThat(earlier[0].response().status()).as(earlier[0].response().reason()).isEqualTo("SUCCESS");
        assertThat(later.response().status()).as(later.response().reason()).isEqualTo("SUCCESS");
        assertThat(later.response().physicalResourceId()).isEqualTo(earlier[0].response().physicalResourceId())
                .isEqualTo(vc);
        assertThat(owner(vc)).startsWith("ProxySessionsExample/Proxy/");
        assertThat(tags(vc)).containsOnlyKeys(ConfigurationOwner.KEY);
        assertThat(proxy(vc).defaultSessionExpiryMinutes()).isEqualTo(60);
    }

    @Test
    void aTakeOverOfAConfigurationMadeByHandPutsItBackAsFoundWithNoOwner() {
        // f.connector's configuration was made by hand: 60 minutes, US, no tag.
        Delivery takeOver = send(STACK_B, "create", null, props(f.connector, "DefaultSessionExpiryMinutes", "30",
                "TakeOver", "true"));
        assertThat(takeOver.response().status()).isEqualTo("SUCCESS");

        assertThat(send(STACK_B, "delete", f.connector, props(f.connector)).response().status())
                .isEqualTo("SUCCESS");

        assertThat(proxy(f.connector).defaultSessionExpiryMinutes()).isEqualTo(60);
        assertThat(proxy(f.connector).phoneNumberCountries()).containsExactly("US");
        assertThat(tags(f.connector)).isEmpty();
    }

    @Test
    void whenTheFormerOwnerIsDeletedFirstTheTakerKeepsTheConfigurationAndItsDeleteRemovesIt() {
        String vc = f.bareConnector();
        send(STACK_A, "create", null, props(vc));
        send(STACK_B, "create", null, props(vc, "DefaultSessionExpiryMinutes", "30", "TakeOver", "true"));
        String ownerB = owner(vc);

        // Stack A is destroyed while B holds the configuration: A's Delete leaves it, and gives up getting it back.
        assertThat(send(STACK_A, "delete", vc, props(vc)).response().status()).isEqualTo("SUCCESS");
        assertThat(proxy(vc).defaultSessionExpiryMinutes()).isEqualTo(30);
        assertThat(tags(vc)).containsOnlyKeys(ConfigurationOwner.KEY).containsEntry(ConfigurationOwner.KEY, ownerB);

        // B's Delete then deletes it like any configuration it made: nothing is left that no stack owns.
        assertThat(send(STACK_B, "delete", vc, props(vc)).response().status()).isEqualTo("SUCCESS");
        assertThatThrownBy(() -> proxy(vc)).isInstanceOf(NotFoundException.class);
        assertThat(tags(vc)).isEmpty();
    }

    @Test
    void aPoolOfOneHundredCountriesIsHandedBackWhole() {
        String vc = f.bareConnector();
        List<String> countries = new ArrayList<>();
        for (String code : Locale.getISOCountries()) {
            if (countries.size() < 100) {
                countries.add(code);
            }
        }
        send(STACK_A, "create", null, props(vc, "PhoneNumberPoolCountries", countries));
        send(STACK_B, "create", null, props(vc, "PhoneNumberPoolCountries", List.of("US"), "TakeOver", "true"));
        assertThat(tags(vc)).containsKey(ConfigurationHandover.PREVIOUS_MORE);

        send(STACK_B, "delete", vc, props(vc));

        assertThat(proxy(vc).phoneNumberCountries()).containsExactlyInAnyOrderElementsOf(countries);
    }

    /**
     * Two stacks create configurations with different values on one bare connector, released together, with latency
     * on every call so that their calls interleave; many times over. Each time exactly one succeeds, the other fails
     * naming it, and the connector's tag and values are the winner's.
     */
    @Test
    void ofTwoStacksCreatingAtTheSameMomentExactlyOneWinsAndItsTagAndValuesAgree() throws Exception {
        f.emulator.faults().latency(Duration.ofMillis(15));
        int races = 0;
        for (int round = 0; round < 12; round++) {
            String vc = f.bareConnector();
            long tagsBefore = f.emulator.requestCount("TagResource");
            HandlerFixture.Event a = event(STACK_A, "create", null, props(vc, "DefaultSessionExpiryMinutes", "30"),
                    null);
            HandlerFixture.Event b = event(STACK_B, "create", null, props(vc, "DefaultSessionExpiryMinutes", "90"),
                    null);
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Delivery> first = CompletableFuture.supplyAsync(() -> HandlerFixture.await(go,
                    () -> f.deliver(a, Duration.ofMinutes(1))));
            CompletableFuture<Delivery> second = CompletableFuture.supplyAsync(() -> HandlerFixture.await(go,
                    () -> f.deliver(b, Duration.ofMinutes(1))));
            go.countDown();
            Delivery da = first.get();
            Delivery db = second.get();
            // Both claimed (two claim tags and the winner's owner tag): both had found the connector without an owner,
            // so the election decided.
            races += f.emulator.requestCount("TagResource") - tagsBefore == 3 ? 1 : 0;

            List<String> statuses = List.of(da.response().status(), db.response().status());
            assertThat(statuses).as("round " + round + "\n" + f.logs()).containsExactlyInAnyOrder("SUCCESS", "FAILED");
            boolean aWon = da.response().status().equals("SUCCESS");
            Delivery loser = aWon ? db : da;
            String winnerTag = owner(vc);
            assertThat(winnerTag).as("round " + round).startsWith(aWon ? "ProxySessionsExample/Proxy/"
                    : "OtherStack/Proxy/");
            assertThat(loser.response().reason()).as("round " + round).contains("belongs to " + winnerTag);
            assertThat(proxy(vc).defaultSessionExpiryMinutes()).as("round " + round).isEqualTo(aWon ? 30 : 90);
            // The loser's rollback leaves the winner's configuration alone.
            f.deliver(event(aWon ? STACK_B : STACK_A, "delete", loser.response().physicalResourceId(),
                    props(vc), null), Duration.ofMinutes(1));
            assertThat(proxy(vc).defaultSessionExpiryMinutes()).as("round " + round).isEqualTo(aWon ? 30 : 90);
            assertThat(owner(vc)).isEqualTo(winnerTag);
        }
        f.emulator.faults().clear();
        assertThat(races).as("rounds in which both stacks claimed the connector").isPositive();
    }
}
