package io.github.proxysessions.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.rules.Masking;
import io.github.proxysessions.rules.ProxySessionLineage;
import io.github.proxysessions.rules.ProxySessionRenewalEvent;
import io.github.proxysessions.rules.ProxySessionRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * Renewal of a {@code Custom::ProxySession} that declares {@code RenewBeforeExpiryMinutes} (contract C8): the event a
 * schedule sends, the renewal itself and its result.
 *
 * <p>The lineage's current generation is left alone while it is Open or InProgress and more than the window from its
 * end. Otherwise generation n+1 is made with the declared properties and the predecessors go: with PreferSticky the
 * predecessors first (a number is free for a pair only when neither participant has an Open session on it, so the
 * successor keeps the pair's proxy number, at the cost of a moment without a session), otherwise the successor first
 * (no gap, but the number may change). After creating, one listing settles racing or repeated deliveries: of the
 * lineage's Open members the highest generation, the earliest made, stays, and every other member goes. So a duplicate
 * delivery makes one successor, and a run that failed half-way (a create that failed after the delete, a delete that
 * failed after the create) is finished by the next.
 */
final class ProxySessionRenewal {

    /** What a renewal did. */
    enum Action {
        /** The current generation was within the window from its end (or past it): a successor took its place. */
        RENEWED,
        /** The lineage had no Open or InProgress session (closed, or deleted out of band): a new generation. */
        RECREATED,
        /** The current generation has more than the window left. */
        LEFT_ALONE
    }

    /**
     * The event's {@code ProxySessionRenewal} member.
     *
     * @param physicalResourceId P0, the resource's PhysicalResourceId
     * @param properties         the session's properties, without ServiceToken and ServiceTimeout
     * @param scheduledTime      when the schedule's run was due, or null for "now": the member is missing, empty, or
     *                           EventBridge Scheduler's attribute unsubstituted (an invocation by hand)
     */
    record Event(String stackId, String logicalResourceId, String physicalResourceId, Map<String, Object> properties,
                 Instant scheduledTime) {

        static Event from(JsonNode renewal) {
            if (renewal == null || !renewal.isObject()) {
                throw new RefusedException("The renewal event's " + ProxySessionRenewalEvent.MEMBER
                        + " must be a JSON object");
            }
            JsonNode properties = renewal.get("ResourceProperties");
            if (properties == null || !properties.isObject()) {
                throw new RefusedException("The renewal event has no ResourceProperties object");
            }
            return new Event(text(renewal, "StackId"), text(renewal, "LogicalResourceId"),
                    text(renewal, "PhysicalResourceId"), CloudFormationEvent.asMap(properties),
                    scheduledTime(renewal.get(ProxySessionRenewalEvent.SCHEDULED_TIME)));
        }

        private static Instant scheduledTime(JsonNode value) {
            if (value == null || value.isNull() || (value.isTextual() && (value.asText().isEmpty()
                    || value.asText().equals(ProxySessionRenewalEvent.SCHEDULED_TIME_ATTRIBUTE)))) {
                return null;
            }
            try {
                if (value.isTextual()) {
                    return Instant.parse(value.asText());
                }
            } catch (DateTimeParseException e) {
                // Refused below, saying what it should be.
            }
            throw new RefusedException("The renewal event's " + ProxySessionRenewalEvent.SCHEDULED_TIME + " must be "
                    + "an ISO-8601 time such as 2026-11-23T10:00:00Z; got '" + Masking.abbreviate(value.isTextual()
                    ? value.asText() : value.toString()) + "'");
        }

        private static String text(JsonNode renewal, String name) {
            JsonNode value = renewal.get(name);
            if (value == null || !value.isTextual() || value.asText().isEmpty()) {
                throw new RefusedException("The renewal event has no " + name);
            }
            return value.asText();
        }
    }

    /**
     * The function's result for a renewal.
     *
     * @param proxySessionId the current generation after the run; null when the run looked at nothing (a stale event)
     * @param detail         one line for people, phone numbers masked
     * @param stale          true when the event was ignored as too late: logged as a warning
     */
    record Result(String logicalResourceId, String physicalResourceId, String proxySessionId, Action action,
                  String detail, boolean stale) {

        Result(String logicalResourceId, String physicalResourceId, String proxySessionId, Action action,
               String detail) {
            this(logicalResourceId, physicalResourceId, proxySessionId, action, detail, false);
        }

        ObjectNode toJson() {
            return CloudFormationEvent.MAPPER.createObjectNode()
                    .put("LogicalResourceId", logicalResourceId)
                    .put("PhysicalResourceId", physicalResourceId)
                    .put("ProxySessionId", proxySessionId)
                    .put("Action", action.name())
                    .put("Detail", Masking.maskPhoneNumbersIn(detail));
        }
    }

    private ProxySessionRenewal() {
    }

    /**
     * A run scheduled more than one interval ago is ignored: the next run, due by then, does the same work, and a
     * late one (a retry, Lambda's own retry of a failed run, one held in a queue) may arrive after the stack deleted
     * the session, when an empty lineage would make it recreate a session no stack owns. No API call.
     */
    private static Optional<Result> ignoredAsStale(Event event, ProxySessionProperties p, Clock clock) {
        if (event.scheduledTime() == null) {
            return Optional.empty();
        }
        long intervalMinutes = ProxySessionRenewalEvent.intervalMinutes(p.renewBeforeExpiryMinutes());
        Duration age = Duration.between(event.scheduledTime(), clock.instant());
        if (age.compareTo(Duration.ofMinutes(intervalMinutes)) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Result(event.logicalResourceId(), event.physicalResourceId(), null, Action.LEFT_ALONE,
                "stale event, nothing done: scheduled at " + event.scheduledTime() + ", " + age.toSeconds()
                + " s ago, older than the schedule's interval of " + intervalMinutes + " minute"
                + (intervalMinutes == 1 ? "" : "s") + "; the next run acts if the session is still declared", true));
    }

    /**
     * Renews the session if it is due.
     *
     * @param clock the function's own clock, which a run's ScheduledTime is compared with (both are real time); and
     *              what "now" is when the service's answer carries no time ({@code Date} header): the session's end
     *              is compared with the service's time, the clock its timestamps come from
     * @throws RuntimeException when the renewal failed: the message says why
     */
    static Result renew(Event event, ChimeApi api, Clock clock, Notes notes) {
        ProxySessionProperties p = ProxySessionProperties.parse(event.properties());
        if (!p.renews()) {
            throw new RefusedException("The session declares no RenewBeforeExpiryMinutes, so there is nothing to "
                    + "renew; a schedule that outlived the property sends this");
        }
        if (!(PhysicalId.parse(event.physicalResourceId()) instanceof PhysicalId.Real)) {
            throw new RefusedException("PhysicalResourceId " + event.physicalResourceId() + " names no session: its "
                    + "Create failed");
        }
        Optional<Result> stale = ignoredAsStale(event, p, clock);
        if (stale.isPresent()) {
            return stale.get();
        }
        ProxySessionLineage lineage = ProxySessionLineage.of(p.voiceConnectorId(), event.physicalResourceId());
        Generations before = Generations.list(api, lineage);
        Optional<ProxySession> current = before.current(p.sticky());
        Duration window = Duration.ofMinutes(p.renewBeforeExpiryMinutes());
        String was;
        if (current.isPresent()) {
            ProxySession c = current.get();
            p.windowAgainst(c.expiryMinutes()).ifPresent(rule -> {
                throw new RefusedException(rule + ", so the session was not renewed");
            });
            // Its end as declared: a declared ExpiryMinutes the session lacks (an Update a renewal overran) is what
            // the reconciliation below gives it.
            int expiry = p.expiryMinutes() != null ? p.expiryMinutes() : c.expiryMinutes();
            Instant end = c.createdTimestamp().plus(Duration.ofMinutes(expiry));
            String generation = "generation " + before.generationOf(c) + " (" + c.proxySessionId() + ")";
            // The service's own time when it listed them, so that a session's end and "now" come from one clock.
            Instant now = before.asOf().orElseGet(clock::instant);
            if (Duration.between(now, end).compareTo(window) > 0) {
                int removed = before.deleteAllBut(notes, api, c);
                return new Result(event.logicalResourceId(), event.physicalResourceId(), c.proxySessionId(),
                        Action.LEFT_ALONE, generation + " ends at " + end + ", more than " + window.toMinutes()
                        + " minutes away" + (removed == 0 ? "" : "; deleted " + removed + " earlier")
                        + reconcile(api, p, c, generation, notes));
            }
            was = generation + " ends at " + end;
        } else {
            was = before.members().isEmpty() ? "no generation was left"
                    : "no generation was Open (generation " + before.highest() + " is Closed)";
        }
        long next = before.highest() + 1;
        if (p.sticky()) {
            // The predecessors go first, so that the pair's proxy number is free for the successor.
            for (ProxySession s : before.members()) {
                api.deleteProxySession(p.voiceConnectorId(), s.proxySessionId());
            }
        }
        ProxySession created = api.createProxySession(ProxySessionTranslator.toCreateRequest(p, lineage.token(next)));
        ProxySession kept = created;
        int removed = 0;
        try {
            Generations after = Generations.list(api, lineage);
            kept = after.current(p.sticky()).orElse(created);
            removed = after.deleteAllBut(notes, api, kept);
        } catch (RuntimeException e) {
            // The successor exists; the next run settles what this one could not.
            notes.note("settle", "skipped: " + e.getClass().getSimpleName());
        }
        if (LineageTombstones.deleted(api, ConfigurationOwner.voiceConnectorArn(event.stackId(),
                p.voiceConnectorId()), lineage, Instant.now(), notes)) {
            // The stack deleted the session while this run renewed it: nothing it made may outlive the stack.
            List<ProxySession> made = new ArrayList<>(List.of(created));
            if (!kept.proxySessionId().equals(created.proxySessionId())) {
                made.add(kept);
            }
            int gone = Duplicates.deleteAllBut(api, notes, p.voiceConnectorId(), made, null);
            return new Result(event.logicalResourceId(), event.physicalResourceId(), null, Action.LEFT_ALONE,
                    "the stack deleted the session while this run renewed it (the connector's "
                    + LineageTombstones.key(lineage) + " tag): deleted the " + gone + " generation(s) it made or kept",
                    true);
        }
        String made = "made generation " + next + " (" + created.proxySessionId() + ")"
                + (p.sticky() ? " after deleting its predecessors, to keep the proxy number" : "");
        if (!kept.proxySessionId().equals(created.proxySessionId())) {
            notes.note("keptEarlierSuccessor", kept.proxySessionId());
            made += ", and kept generation " + lineage.generationOf(kept.proxySessionId(), kept.name()).orElse(next)
                    + " (" + kept.proxySessionId() + "), which a repeated run made first";
        }
        Action action = current.isPresent() ? Action.RENEWED : Action.RECREATED;
        return new Result(event.logicalResourceId(), event.physicalResourceId(), kept.proxySessionId(), action,
                was + "; " + made
                + (removed == 0 ? "" : "; deleted " + removed + (p.sticky() ? " more" : " predecessor(s)"))
                + reconcile(api, p, kept, "the kept generation (" + kept.proxySessionId() + ")", notes));
    }

    /**
     * Brings the current generation to the declaration in the event: its Capabilities (as a set) and, when declared,
     * its ExpiryMinutes, with one UpdateProxySession when they differ and no call when they do not. A renewal that
     * read the schedule's Input before an Update changed it makes its successor with the old properties; this bounds
     * the drift to one interval once CloudFormation has updated the Input. Best effort: what it could not update, the
     * next run tries again.
     *
     * @return what it did, for the Detail: empty when nothing differed
     */
    private static String reconcile(ChimeApi api, ProxySessionProperties p, ProxySession session, String which,
                                    Notes notes) {
        List<String> changed = new ArrayList<>();
        if (!ProxySessionRules.sameCapabilities(p.capabilities(), session.capabilitiesAsStrings())) {
            changed.add("Capabilities from " + session.capabilitiesAsStrings() + " to " + p.capabilities());
        }
        if (p.expiryMinutes() != null && !p.expiryMinutes().equals(session.expiryMinutes())) {
            changed.add("ExpiryMinutes from " + session.expiryMinutes() + " to " + p.expiryMinutes());
        }
        if (changed.isEmpty()) {
            return "";
        }
        try {
            api.updateProxySession(ProxySessionTranslator.toUpdateRequest(session, p, p.expiryMinutes()));
            notes.note("reconciled", String.join(", ", changed));
            return "; updated " + which + "'s " + String.join(" and ", changed) + ", as declared";
        } catch (RuntimeException e) {
            notes.note("notReconciled", e.getMessage());
            return "; could not update " + which + "'s " + String.join(" and ", changed) + " (" + e.getMessage()
                    + "); the next run tries again";
        }
    }
}
