package io.github.proxysessions.handler;

import static io.github.proxysessions.handler.HandlerFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.proxysessions.handler.HandlerFixture.Delivery;
import io.github.proxysessions.rules.ProxySessionLineage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.Tag;

/**
 * Renewal (contract C8) on the emulator's clock, moved by the test: the function keeps one Open session per
 * declaration, and CloudFormation's later events act on the generation that is current.
 */
class RenewalTest {

    /** Participants outside the emulator's inventory (contract C3). */
    static final String DAN = "+12065550150";
    static final String ERIN = "+14155550151";

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    /** A session of 60 minutes, renewed 10 minutes before its end. */
    private Map<String, Object> renewed(Object... more) {
        Map<String, Object> props = f.props("ParticipantPhoneNumbers", List.of(DAN, ERIN), "ExpiryMinutes", "60",
                "RenewBeforeExpiryMinutes", "10");
        for (int i = 0; i < more.length; i += 2) {
            props.put((String) more[i], more[i + 1]);
        }
        return props;
    }

    private String created(Map<String, Object> props) {
        Delivery d = f.create(props);
        assertThat(d.response().status()).as(d.response().reason()).isEqualTo("SUCCESS");
        return d.response().physicalResourceId();
    }

    private String proxyNumber(String sessionId) {
        return f.session(sessionId).participants().get(0).proxyPhoneNumber();
    }

    @Test
    void renewalKeepsOneOpenSessionForTheDeclarationGenerationAfterGeneration() {
        Map<String, Object> props = renewed("Name", "Support line");
        String p0 = created(props);
        ProxySessionLineage lineage = ProxySessionLineage.of(f.connector, p0);

        JsonNode early = f.renew(p0, props);
        assertThat(early.path("Action").asText()).isEqualTo("LEFT_ALONE");
        assertThat(early.path("ProxySessionId").asText()).isEqualTo(p0);
        assertThat(early.path("LogicalResourceId").asText()).isEqualTo("SupportSession");
        assertThat(early.path("PhysicalResourceId").asText()).isEqualTo(p0);
        assertThat(early.path("Detail").asText()).contains("more than 10 minutes away");

        String previous = p0;
        for (int generation = 1; generation <= 3; generation++) {
            f.clock.advance(Duration.ofMinutes(51));
            JsonNode result = f.renew(p0, props);

            assertThat(result.path("Action").asText()).isEqualTo("RENEWED");
            String current = result.path("ProxySessionId").asText();
            assertThat(current).isNotEqualTo(previous);
            assertThat(f.sessionIds()).containsExactly(current);
            assertThat(f.openSessionIds()).containsExactly(current);
            ProxySession s = f.session(current);
            assertThat(s.name()).isEqualTo("Support line " + lineage.token(generation));
            assertThat(s.expiryMinutes()).isEqualTo(60);
            assertThat(s.capabilitiesAsStrings()).containsExactly("Voice", "SMS");
            previous = current;
        }
        assertThat(f.renew(p0, props).path("Action").asText()).isEqualTo("LEFT_ALONE");
        assertThat(f.logs()).contains("\"requestType\":\"Renewal\"", "\"action\":\"RENEWED\"")
                .doesNotContain("2065550150", "4155550151");
    }

    @Test
    void theServicesTimeDecidesWhetherASessionIsDueNotTheFunctionsClock() {
        Map<String, Object> props = renewed();
        String p0 = created(props);

        // Only the service's clock moves (as POST /_emulator/clock moves it): 55 of the session's 60 minutes are
        // gone, so it is inside its 10-minute window although the function's own clock has not moved.
        f.emulator.advanceClock(Duration.ofMinutes(55));
        JsonNode result = f.renew(p0, props);

        assertThat(result.path("Action").asText()).as(result.path("Detail").asText()).isEqualTo("RENEWED");
        assertThat(f.openSessionIds()).containsExactly(result.path("ProxySessionId").asText());
    }

    @Test
    void withPreferStickyTheSuccessorKeepsThePairsProxyNumber() {
        Map<String, Object> sticky = renewed("NumberSelectionBehavior", "PreferSticky");
        String p0 = created(sticky);
        String number = proxyNumber(p0);

        for (int round = 0; round < 3; round++) {
            f.clock.advance(Duration.ofMinutes(55));
            String current = f.renew(p0, sticky).path("ProxySessionId").asText();

            assertThat(f.openSessionIds()).containsExactly(current);
            assertThat(proxyNumber(current)).isEqualTo(number);
        }
    }

    @Test
    void withoutStickinessTheSuccessorIsMadeBeforeThePredecessorGoes() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        String number = proxyNumber(p0);
        f.clock.advance(Duration.ofMinutes(55));

        String current = f.renew(p0, props).path("ProxySessionId").asText();

        // Both were Open at once, so the pair got another number.
        assertThat(proxyNumber(current)).isNotEqualTo(number);
        assertThat(f.sessionIds()).containsExactly(current);
    }

    @Test
    void aSessionDeletedOutOfBandOrExpiredIsRecreated() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        f.client.deleteProxySession(r -> r.voiceConnectorId(f.connector).proxySessionId(p0));

        JsonNode recreated = f.renew(p0, props);

        assertThat(recreated.path("Action").asText()).isEqualTo("RECREATED");
        String current = recreated.path("ProxySessionId").asText();
        assertThat(f.openSessionIds()).containsExactly(current);

        f.clock.advance(Duration.ofMinutes(61));
        JsonNode afterExpiry = f.renew(p0, props);

        assertThat(afterExpiry.path("Action").asText()).isEqualTo("RECREATED");
        assertThat(afterExpiry.path("Detail").asText()).contains("is Closed");
        assertThat(f.sessionIds()).containsExactly(afterExpiry.path("ProxySessionId").asText());
    }

    @Test
    void aLateRenewalAfterTheStacksDeleteMakesNothing() {
        // A window of 10 minutes: the schedule runs every 5.
        Map<String, Object> props = renewed();
        String p0 = created(props);
        assertThat(f.delete(p0, props).response().status()).isEqualTo("SUCCESS");
        long calls = f.handlerCalls();

        // A run scheduled 6 minutes ago (a retry, or one that waited in a queue) arrives after the stack deleted the
        // session. Emptiness alone would make it recreate generation 1, which no stack would ever delete.
        String sixMinutesAgo = f.clock.instant().minus(Duration.ofMinutes(6)).toString();
        JsonNode late = f.renew(p0, props, sixMinutesAgo);

        assertThat(late.path("Action").asText()).isEqualTo("LEFT_ALONE");
        assertThat(late.path("Detail").asText()).contains("stale", "scheduled at " + sixMinutesAgo,
                "older than the schedule's interval of 5 minutes");
        assertThat(late.path("PhysicalResourceId").asText()).isEqualTo(p0);
        assertThat(f.sessionIds()).isEmpty();
        assertThat(f.handlerCalls()).isEqualTo(calls);
        assertThat(f.logs()).contains("\"level\":\"WARN\"", "\"action\":\"LEFT_ALONE\"", "stale");
    }

    @Test
    void aRenewalOnTimeAfterAnOutOfBandDeleteRecreatesTheSession() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        f.client.deleteProxySession(r -> r.voiceConnectorId(f.connector).proxySessionId(p0));

        // Scheduled 4 minutes ago: within the 5-minute interval, so it acts.
        JsonNode onTime = f.renew(p0, props, f.clock.instant().minus(Duration.ofMinutes(4)).toString());

        assertThat(onTime.path("Action").asText()).isEqualTo("RECREATED");
        assertThat(f.openSessionIds()).containsExactly(onTime.path("ProxySessionId").asText());
    }

    @Test
    void anUnsubstitutedScheduledTimeMeansNow() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        f.client.deleteProxySession(r -> r.voiceConnectorId(f.connector).proxySessionId(p0));

        // What an invocation by hand, or a runner that does not substitute, sends.
        JsonNode result = f.renew(p0, props, "<aws.scheduler.scheduled-time>");

        assertThat(result.path("Action").asText()).isEqualTo("RECREATED");
        assertThatThrownBy(() -> f.renew(p0, props, "yesterday")).isInstanceOf(ProxySessionHandler.RenewalFailed.class)
                .hasMessageContaining("ScheduledTime must be an ISO-8601 time such as 2026-11-23T10:00:00Z; got "
                        + "'yesterday'");
    }

    @Test
    void aDuplicateRenewalMakesOneSuccessor() throws Exception {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        f.clock.advance(Duration.ofMinutes(55));

        String first = f.renew(p0, props).path("ProxySessionId").asText();
        JsonNode again = f.renew(p0, props);

        assertThat(again.path("Action").asText()).isEqualTo("LEFT_ALONE");
        assertThat(again.path("ProxySessionId").asText()).isEqualTo(first);
        assertThat(f.sessionIds()).containsExactly(first);

        for (int round = 0; round < 8; round++) {
            f.clock.advance(Duration.ofMinutes(55));
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<JsonNode> a = CompletableFuture.supplyAsync(() -> await(go, () -> f.renew(p0, props)));
            CompletableFuture<JsonNode> b = CompletableFuture.supplyAsync(() -> await(go, () -> f.renew(p0, props)));
            go.countDown();
            a.get();
            b.get();

            assertThat(f.sessionIds()).as("round " + round).hasSize(1);
            assertThat(f.openSessionIds()).as("round " + round).hasSize(1);
        }
    }

    @Test
    void aDuplicateStickyRenewalThatListsAfterTheDeleteDoesNotCostThePairItsNumber() {
        Map<String, Object> sticky = renewed("NumberSelectionBehavior", "PreferSticky");
        String p0 = created(sticky);
        String number = proxyNumber(p0);
        f.clock.advance(Duration.ofMinutes(55));
        f.renew(p0, sticky);
        f.clock.advance(Duration.ofMinutes(55));
        // Delivery 1 deletes generation 1; delivery 2 of the same run lists right then, finds nothing Open, recreates
        // and takes the pair's number first; delivery 1 then makes generation 2 on another number. Both settle.
        JsonNode[] second = new JsonNode[1];
        f.hooks.afterNext("DeleteProxySession", () -> second[0] = f.renew(p0, sticky));
        JsonNode first = f.renew(p0, sticky);

        assertThat(second[0].path("Action").asText()).isEqualTo("RECREATED");
        String kept = first.path("ProxySessionId").asText();
        assertThat(second[0].path("ProxySessionId").asText()).isEqualTo(kept);
        assertThat(f.openSessionIds()).containsExactly(kept);
        assertThat(proxyNumber(kept)).isEqualTo(number);
    }

    @Test
    void aStickyRenewalWhoseCreateFailsAfterTheDeleteIsFinishedByTheNextRun() {
        List<String> inventory = List.of("+12065550100", "+12065550101", "+12065550102");
        f.emulator.setPhoneNumberInventory(f.connector, inventory);
        Map<String, Object> sticky = renewed("NumberSelectionBehavior", "PreferSticky");
        String p0 = created(sticky);
        String number = proxyNumber(p0);
        f.clock.advance(Duration.ofMinutes(55));
        // No number to give: the create fails after the predecessor was deleted.
        f.emulator.setPhoneNumberInventory(f.connector, List.of());

        assertThatThrownBy(() -> f.renew(p0, sticky)).isInstanceOf(ProxySessionHandler.RenewalFailed.class)
                .hasMessageStartingWith("CreateProxySession failed: BadRequestException (HTTP 400)");
        assertThat(f.sessionIds()).isEmpty();
        assertThat(f.logs()).contains("\"level\":\"ERROR\"", "Renewal Custom::ProxySession failed");

        f.emulator.setPhoneNumberInventory(f.connector, inventory);
        JsonNode retried = f.renew(p0, sticky);

        assertThat(retried.path("Action").asText()).isEqualTo("RECREATED");
        String current = retried.path("ProxySessionId").asText();
        assertThat(f.openSessionIds()).containsExactly(current);
        assertThat(proxyNumber(current)).isEqualTo(number);
    }

    @Test
    void anUpdateAfterRenewalActsOnTheCurrentGenerationAndAnswersItsAttributes() {
        Map<String, Object> old = renewed();
        String p0 = created(old);
        f.clock.advance(Duration.ofMinutes(55));
        String current = f.renew(p0, old).path("ProxySessionId").asText();

        Delivery d = f.update(p0, renewed("Capabilities", List.of("Voice"), "ExpiryMinutes", "120"), old);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(d.response().physicalResourceId()).isEqualTo(p0);
        assertThat(d.response().data().get("ProxySessionId").asText()).isEqualTo(current);
        assertThat(d.response().data().get("ExpiryMinutes").asText()).isEqualTo("120");
        assertThat(f.session(current).capabilitiesAsStrings()).containsExactly("Voice");
        assertThat(f.sessionIds()).containsExactly(current);
        assertThat(f.emulator.requestCount("UpdateProxySession")).isEqualTo(1);

        // Renewal itself changes nothing in place: RenewBeforeExpiryMinutes changes without a call.
        long calls = f.writeCalls();
        Map<String, Object> now = renewed("Capabilities", List.of("Voice"), "ExpiryMinutes", "120");
        Delivery window = f.update(p0, renewed("Capabilities", List.of("Voice"), "ExpiryMinutes", "120",
                "RenewBeforeExpiryMinutes", "30"), now);
        assertThat(window.response().physicalResourceId()).isEqualTo(p0);
        assertThat(f.writeCalls()).isEqualTo(calls);
    }

    @Test
    void eachRunBringsTheCurrentGenerationToTheDeclaredCapabilitiesAndExpiry() {
        Map<String, Object> old = renewed();
        String p0 = created(old);
        Map<String, Object> declared = renewed("Capabilities", List.of("SMS"), "ExpiryMinutes", "120");

        // Not due: left alone, but its capabilities (as a set) and declared expiry follow the event's properties.
        JsonNode first = f.renew(p0, declared);

        assertThat(first.path("Action").asText()).isEqualTo("LEFT_ALONE");
        assertThat(first.path("Detail").asText()).contains("updated generation 0", "Capabilities", "ExpiryMinutes");
        assertThat(f.session(p0).capabilitiesAsStrings()).containsExactly("SMS");
        assertThat(f.session(p0).expiryMinutes()).isEqualTo(120);
        assertThat(f.emulator.requestCount("UpdateProxySession")).isEqualTo(1);

        // Nothing differs any more: no call but the listing. The order of capabilities is no difference.
        JsonNode second = f.renew(p0, renewed("Capabilities", List.of("SMS"), "ExpiryMinutes", "120"));
        f.client.updateProxySession(r -> r.voiceConnectorId(f.connector).proxySessionId(p0)
                .capabilitiesWithStrings("Voice", "SMS"));
        JsonNode reordered = f.renew(p0, renewed("Capabilities", List.of("SMS", "Voice"), "ExpiryMinutes", "120"));

        assertThat(second.path("Detail").asText()).doesNotContain("updated");
        assertThat(reordered.path("Detail").asText()).doesNotContain("updated");
        assertThat(f.emulator.requestCount("UpdateProxySession")).isEqualTo(2);
    }

    @Test
    void anUpdateThatARenewalOverranIsRestoredByTheNextRun() {
        Map<String, Object> old = renewed();
        String p0 = created(old);
        f.clock.advance(Duration.ofMinutes(55));
        Map<String, Object> changed = renewed("Capabilities", List.of("SMS"));
        // The Update changes generation 0 in place right after the renewal (with the schedule's old Input) listed it:
        // the renewal then makes generation 1 with the old capabilities and deletes generation 0.
        f.hooks.afterNext("ListProxySessions", () -> assertThat(f.update(p0, changed, old).response().status())
                .isEqualTo("SUCCESS"));
        String overran = f.renew(p0, old).path("ProxySessionId").asText();
        assertThat(f.session(overran).capabilitiesAsStrings()).containsExactlyInAnyOrder("Voice", "SMS");

        // CloudFormation has updated the schedule's Input: the next run restores what the Update declared.
        JsonNode next = f.renew(p0, changed);

        assertThat(next.path("ProxySessionId").asText()).isEqualTo(overran);
        assertThat(f.session(overran).capabilitiesAsStrings()).containsExactly("SMS");
        assertThat(f.openSessionIds()).containsExactly(overran);
    }

    @Test
    void aRenewalRacingAnUpdateLeavesOneSession() throws Exception {
        for (String behavior : List.of("AvoidSticky", "PreferSticky")) {
            for (int round = 0; round < 4; round++) {
                Map<String, Object> old = renewed("NumberSelectionBehavior", behavior);
                String p0 = created(old);
                f.clock.advance(Duration.ofMinutes(55));
                Map<String, Object> changed = renewed("NumberSelectionBehavior", behavior, "Capabilities",
                        List.of("SMS"));
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<Delivery> update = CompletableFuture.supplyAsync(() -> await(go,
                        () -> f.update(p0, changed, old)));
                CompletableFuture<JsonNode> renewal = CompletableFuture.supplyAsync(() -> await(go, () -> {
                    try {
                        return f.renew(p0, old);
                    } catch (ProxySessionHandler.RenewalFailed e) {
                        return null;
                    }
                }));
                go.countDown();
                Delivery updated = update.get();
                renewal.get();
                assertThat(updated.response().status()).isEqualTo("SUCCESS");
                String answered = updated.response().physicalResourceId();
                if (!answered.equals(p0)) {
                    // A replacement: CloudFormation's cleanup deletes the old resource.
                    f.delete(p0, old);
                }

                assertThat(f.openSessionIds()).as(behavior + " round " + round).hasSize(1);
                // A renewal that read the old properties may have made the survivor with them; the next run, with
                // the schedule's Input updated, brings it to the declaration.
                JsonNode next = f.renew(answered, changed);
                String survivor = next.path("ProxySessionId").asText();
                assertThat(f.openSessionIds()).as(behavior + " round " + round).containsExactly(survivor);
                assertThat(f.session(survivor).capabilitiesAsStrings()).as(behavior + " round " + round)
                        .containsExactly("SMS");
                f.delete(answered, changed);
                assertThat(f.sessionIds()).as(behavior + " round " + round).isEmpty();
            }
        }
    }

    @Test
    void aDeleteAfterRenewalsLeavesNoSession() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        for (int i = 0; i < 3; i++) {
            f.clock.advance(Duration.ofMinutes(55));
            f.renew(p0, props);
        }
        assertThat(f.sessionIds()).hasSize(1).doesNotContain(p0);

        Delivery d = f.delete(p0, props);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).isEmpty();
        assertThat(f.delete(p0, props).response().status()).isEqualTo("SUCCESS");
    }

    @Test
    void aGenerationARenewalInFlightMakesWhileTheStackDeletesIsDeletedToo() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        ProxySessionLineage lineage = ProxySessionLineage.of(f.connector, p0);
        // A renewal that listed before the Delete and creates its successor just after the Delete's listing.
        f.hooks.afterNext("ListProxySessions", () -> f.client.createProxySession(r -> r
                .voiceConnectorId(f.connector).participantPhoneNumbers(DAN, ERIN)
                .capabilitiesWithStrings("Voice", "SMS")
                .expiryMinutes(60).name(lineage.serviceNameOf(null, 1))));

        Delivery d = f.delete(p0, props);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).isEmpty();
        assertThat(f.logs()).contains("\"apiCalls\":[\"ListTagsForResource\",\"TagResource\",\"ListProxySessions\","
                + "\"DeleteProxySession\",\"ListProxySessions\",\"DeleteProxySession\"]");
    }

    @Test
    void aRenewalWhoseCreateLandsAfterTheDeletesLastListingDeletesWhatItMade() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        ProxySessionLineage lineage = ProxySessionLineage.of(f.connector, p0);
        f.clock.advance(Duration.ofMinutes(51));
        // The stack's Delete runs whole between the renewal's listing and its create: no listing of the Delete can
        // see the successor.
        f.hooks.afterNext("ListProxySessions", () ->
                assertThat(f.delete(p0, props).response().status()).isEqualTo("SUCCESS"));

        JsonNode result = f.renew(p0, props);

        assertThat(result.path("Action").asText()).isEqualTo("LEFT_ALONE");
        assertThat(result.path("ProxySessionId").isNull()).isTrue();
        assertThat(result.path("Detail").asText()).startsWith("the stack deleted the session while this run renewed "
                + "it (the connector's " + LineageTombstones.key(lineage) + " tag): deleted the 1 generation(s)");
        assertThat(f.sessionIds()).isEmpty();
        assertThat(f.logs()).contains("\"level\":\"WARN\",\"message\":\"Renewal Custom::ProxySession SupportSession: "
                + "LEFT_ALONE\"");
    }

    @Test
    void aTombstoneOutlivesNoRunAndIsRemovedByTheNextReaderOfTheConnectorsTags() {
        String arn = "arn:aws:chime:us-east-1:123456789012:vc/" + f.connector;
        String old = LineageTombstones.PREFIX + "0ldLine";
        f.client.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key(old)
                .value(Instant.now().minus(LineageTombstones.KEPT).minusSeconds(60).toString()).build()));
        Map<String, Object> props = renewed();
        String p0 = created(props);
        f.clock.advance(Duration.ofMinutes(51));

        assertThat(f.renew(p0, props).path("Action").asText()).isEqualTo("RENEWED");

        assertThat(f.client.listTagsForResource(r -> r.resourceARN(arn)).tags()).noneMatch(t -> t.key().equals(old));
    }

    @Test
    void aDeleteFindsEveryGenerationEvenWhenTheWindowWouldNotValidateToday() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        f.clock.advance(Duration.ofMinutes(55));
        f.renew(p0, props);

        Delivery d = f.delete(p0, renewed("RenewBeforeExpiryMinutes", "1e1"));

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).isEmpty();
    }

    @Test
    void aDeleteFindsGenerationsWhenRenewalWasTurnedOffAfterwards() {
        Map<String, Object> props = renewed();
        String p0 = created(props);
        f.clock.advance(Duration.ofMinutes(55));
        f.renew(p0, props);
        Map<String, Object> withoutRenewal = renewed("RenewBeforeExpiryMinutes", null);
        withoutRenewal.remove("RenewBeforeExpiryMinutes");
        assertThat(f.update(p0, withoutRenewal, props).response().status()).isEqualTo("SUCCESS");

        f.delete(p0, withoutRenewal);

        assertThat(f.sessionIds()).isEmpty();
    }

    @Test
    void theNameBudgetLeavesRoomForTheGenerationToken() {
        assertThat(f.create(renewed("Name", "a".repeat(20))).response().reason())
                .contains("Property 'Name' must be at most 19 characters");
        assertThat(f.create(f.props("Name", "a".repeat(20))).response().status()).isEqualTo("SUCCESS");

        String p0 = created(renewed("Name", "a".repeat(19)));
        f.clock.advance(Duration.ofMinutes(55));
        String current = f.renew(p0, renewed("Name", "a".repeat(19))).path("ProxySessionId").asText();
        assertThat(f.session(current).name()).hasSize(19 + 1 + 7 + 1);
        assertThat(ProxySessionLineage.of(f.connector, p0).serviceNameOf("a".repeat(19),
                ProxySessionLineage.MAX_GENERATION)).hasSize(30);
    }

    @Test
    void theRenewalWindowIsValidated() {
        assertThat(f.create(renewed("RenewBeforeExpiryMinutes", "60")).response().reason())
                .contains("Property 'RenewBeforeExpiryMinutes' must be shorter than the session's expiry (60 minutes)");
        assertThat(f.create(renewed("RenewBeforeExpiryMinutes", "0")).response().reason())
                .contains("Property 'RenewBeforeExpiryMinutes' must be from 1 to 719 minutes");
        assertThat(f.create(renewed("RenewBeforeExpiryMinutes", "1e1")).response().reason())
                .contains("Property 'RenewBeforeExpiryMinutes' must be a whole number");

        // Without a declared expiry, the session's real one is checked at renewal too: here it was shortened by hand.
        Map<String, Object> props = renewed("RenewBeforeExpiryMinutes", "30");
        props.remove("ExpiryMinutes");
        String p0 = created(props);
        f.client.updateProxySession(r -> r.voiceConnectorId(f.connector).proxySessionId(p0)
                .capabilitiesWithStrings("Voice", "SMS").expiryMinutes(20));
        assertThatThrownBy(() -> f.renew(p0, props)).isInstanceOf(ProxySessionHandler.RenewalFailed.class)
                .hasMessageContaining("Property 'RenewBeforeExpiryMinutes' must be shorter than the session's expiry "
                        + "(20 minutes, as ExpiryMinutes is not declared); got 30, so the session was not renewed");
        assertThat(f.sessionIds()).containsExactly(p0);
    }

    @Test
    void aCreateWhoseWindowIsNotShorterThanTheConnectorsDefaultExpiryFailsAndItsRollbackDeletesTheSession() {
        // No ExpiryMinutes: the session gets the connector's 60 minutes, which the window of 90 is not shorter than.
        // Every renewal would fail later; the Create says so now.
        Map<String, Object> props = renewed("RenewBeforeExpiryMinutes", "90");
        props.remove("ExpiryMinutes");

        Delivery d = f.create(props);

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().reason()).startsWith("Property 'RenewBeforeExpiryMinutes' must be shorter than the "
                + "session's expiry (60 minutes, as ExpiryMinutes is not declared); got 90")
                .contains("declare ExpiryMinutes");
        assertThat(d.response().physicalResourceId()).startsWith("proxy-session-unconfirmed:" + f.connector + ":");
        assertThat(f.sessionIds()).hasSize(1);

        // CloudFormation's rollback deletes what the failed Create made.
        assertThat(f.delete(d.response().physicalResourceId(), props).response().status()).isEqualTo("SUCCESS");
        assertThat(f.sessionIds()).isEmpty();
    }

    @Test
    void anUpdateThatAddsAWindowNotShorterThanTheSessionsExpiryFailsAndChangesNothing() {
        Map<String, Object> plain = f.props("ParticipantPhoneNumbers", List.of(DAN, ERIN));
        String id = created(plain);
        long writes = f.writeCalls();
        Map<String, Object> inPlace = f.props("ParticipantPhoneNumbers", List.of(DAN, ERIN),
                "RenewBeforeExpiryMinutes", "60");
        Map<String, Object> replacing = f.props("ParticipantPhoneNumbers", List.of(DAN, ERIN), "Name", "Renamed",
                "RenewBeforeExpiryMinutes", "60");

        Delivery added = f.update(id, inPlace, plain);
        Delivery replaced = f.update(id, replacing, plain);

        for (Delivery d : List.of(added, replaced)) {
            assertThat(d.response().status()).isEqualTo("FAILED");
            assertThat(d.response().reason()).contains("Property 'RenewBeforeExpiryMinutes' must be shorter than the "
                    + "session's expiry (60 minutes, as ExpiryMinutes is not declared); got 60");
            assertThat(d.response().physicalResourceId()).isEqualTo(id);
        }
        // The replacement's new session is gone again; the in-place Update made no call that changes anything.
        assertThat(f.sessionIds()).containsExactly(id);
        assertThat(f.emulator.requestCount("UpdateProxySession")).isZero();
        assertThat(f.writeCalls() - writes).isEqualTo(2);
    }

    @Test
    void aRenewalEventThatCannotBeActedOnFailsTheInvocationSayingWhy() {
        assertThatThrownBy(() -> f.invoke("{\"ProxySessionRenewal\":{\"StackId\":\"s\"}}",
                new TestContext(Duration.ofMinutes(1)))).isInstanceOf(ProxySessionHandler.RenewalFailed.class)
                .hasMessage("The renewal event has no ResourceProperties object");
        Map<String, Object> props = f.props("ParticipantPhoneNumbers", List.of(DAN, ERIN));
        assertThatThrownBy(() -> f.renew(UUID.randomUUID().toString(), props))
                .hasMessageContaining("declares no RenewBeforeExpiryMinutes");
        assertThatThrownBy(() -> f.renew("not-created:k3J9xQ2", renewed()))
                .hasMessageContaining("names no session");
        assertThat(f.handlerCalls()).isZero();
    }
}
