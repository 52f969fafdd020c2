package io.github.proxysessions.handler;

import io.github.proxysessions.rules.ProxySessionLineage;
import io.github.proxysessions.rules.ProxySessionRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySessionStatus;

/**
 * {@code Custom::ProxySession}: one proxy session, its PhysicalResourceId the ProxySessionId of generation 0 (P0).
 * Renewal ({@link ProxySessionRenewal}) may replace it with later generations under the same PhysicalResourceId;
 * Update and Delete act on them ({@link Generations}).
 *
 * <ul>
 *   <li>Create: validate, create the session with this request's tag in its Name, then list the connector once: of
 *       the sessions that carry the tag (racing or repeated deliveries of the request, or the SDK's retry of a create
 *       whose answer was lost), the earliest wins and the others are deleted. Two calls and the listing's pages.</li>
 *   <li>Update: a change of anything but Capabilities, ExpiryMinutes and RenewBeforeExpiryMinutes needs a new session
 *       (replacement: a new id, and CloudFormation deletes the old lineage in its cleanup phase); Capabilities (as a
 *       set) and ExpiryMinutes change in place on the current generation, whose attributes are answered under the
 *       old id; no change makes no write call. When no generation is Open (expired, or gone) the session is replaced.
 *       A failed update keeps the old id.</li>
 *   <li>Delete: needs only the connector and the id; removes every generation; a session already gone is success. A
 *       Create that failed after CreateProxySession may have taken effect answers {@link PhysicalId.Unconfirmed},
 *       whose Delete removes any session carrying the request's tag.</li>
 * </ul>
 */
final class ProxySessionResource implements ResourceKind {

    private static final String NO_OPEN_GENERATION = "no generation of the session is Open: it expired, or is gone";

    @Override
    public Outcome create(CustomResourceRequest request) {
        ProxySessionProperties p = ProxySessionProperties.parse(request.event().properties());
        // From here on CreateProxySession may take effect: the rollback's Delete must look for what it made.
        request.answerOnFailure(new PhysicalId.Unconfirmed(p.voiceConnectorId(), request.tag()));
        ProxySession session = createOnce(request, p);
        // A window the connector's default expiry makes too long: every renewal would fail. Failed with the id above,
        // whose Delete (the rollback's) removes the session.
        refuseWindowAgainst(p, session.expiryMinutes());
        return Outcome.success(session.proxySessionId(), ProxySessionTranslator.toData(session, p));
    }

    /** @throws RefusedException when the renewal window is not shorter than the session's undeclared expiry */
    private static void refuseWindowAgainst(ProxySessionProperties p, Integer expiryMinutes) {
        p.windowAgainst(expiryMinutes).ifPresent(rule -> {
            throw new RefusedException(rule + "; declare ExpiryMinutes longer than the window, or give a shorter "
                    + "window");
        });
    }

    @Override
    public Outcome update(CustomResourceRequest request) {
        PhysicalId old = request.physicalId();
        ProxySessionProperties p = ProxySessionProperties.parse(request.event().properties());
        Optional<ProxySessionProperties> previous = ProxySessionProperties.parseLenient(
                request.event().oldProperties());
        if (!(old instanceof PhysicalId.Real p0) || previous.isEmpty() || !ProxySessionRules.replacingChanges(
                request.event().oldProperties(), request.event().properties()).isEmpty()) {
            return replace(request, p, "properties that need a new session changed");
        }
        boolean renewed = p.renews() || previous.get().renews();
        for (boolean retried = false; ; retried = true) {
            Optional<ProxySession> current = currentGeneration(request, p, p0.id(), renewed || retried);
            if (current.isEmpty()) {
                return replace(request, p, NO_OPEN_GENERATION);
            }
            try {
                return updateInPlace(request, p, previous.get(), old, current.get());
            } catch (ChimeApi.CallFailed e) {
                if (retried || !e.notFound()) {
                    throw e;
                }
                // A renewal replaced the generation meanwhile: act on its successor, once.
            }
        }
    }

    private static Outcome updateInPlace(CustomResourceRequest request, ProxySessionProperties p,
                                         ProxySessionProperties previous, PhysicalId old, ProxySession session) {
        Integer expiry = desiredExpiry(request, p, previous, session);
        refuseWindowAgainst(p, expiry);
        if (ProxySessionRules.sameCapabilities(p.capabilities(), session.capabilitiesAsStrings())
                && expiry.equals(session.expiryMinutes())) {
            request.note("change", "none");
            return Outcome.success(old, ProxySessionTranslator.toData(session, p));
        }
        request.note("change", "in-place");
        ProxySession updated = request.api().updateProxySession(
                ProxySessionTranslator.toUpdateRequest(session, p, expiry));
        return Outcome.success(old, ProxySessionTranslator.toData(updated, p));
    }

    /**
     * The generation an Update acts on. A session never renewed is P0 itself, one call away; otherwise, or when P0 is
     * gone or Closed, the lineage's current generation, whose stale predecessors go as well.
     */
    private static Optional<ProxySession> currentGeneration(CustomResourceRequest request, ProxySessionProperties p,
                                                            String p0, boolean renewed) {
        if (!renewed) {
            Optional<ProxySession> first = request.api().getProxySession(p.voiceConnectorId(), p0);
            if (first.isPresent() && first.get().status() != ProxySessionStatus.CLOSED) {
                return first;
            }
        }
        Generations generations = Generations.list(request.api(), ProxySessionLineage.of(p.voiceConnectorId(), p0));
        Optional<ProxySession> current = generations.current(p.sticky());
        current.ifPresent(c -> {
            if (!c.proxySessionId().equals(p0)) {
                request.note("generation", generations.generationOf(c));
            }
            int removed = generations.deleteAllBut(request, request.api(), c);
            if (removed > 0) {
                request.note("earlierGenerationsDeleted", removed);
            }
        });
        return current;
    }

    /**
     * The ExpiryMinutes the session should have. Declared: that. Not declared now but declared before: the connector's
     * default, which is what the session would have had without it. Never declared: whatever it has.
     */
    private static Integer desiredExpiry(CustomResourceRequest request, ProxySessionProperties p,
                                         ProxySessionProperties previous, ProxySession session) {
        if (p.expiryMinutes() != null) {
            return p.expiryMinutes();
        }
        if (previous.expiryMinutes() != null) {
            return request.api().getVoiceConnectorProxy(p.voiceConnectorId())
                    .map(proxy -> proxy.defaultSessionExpiryMinutes()).orElse(session.expiryMinutes());
        }
        return session.expiryMinutes();
    }

    /** A new session for an Update; a failure keeps the old id, so CloudFormation's rollback finds the session. */
    private static Outcome replace(CustomResourceRequest request, ProxySessionProperties p, String why) {
        request.note("change", "replacement");
        request.note("replacementReason", why);
        ProxySession session = createOnce(request, p);
        try {
            refuseWindowAgainst(p, session.expiryMinutes());
        } catch (RefusedException e) {
            // The Update fails with the old id, which its rollback keeps: nothing would delete the new session.
            Duplicates.deleteAllBut(request.api(), request, p.voiceConnectorId(), List.of(session), null);
            throw e;
        }
        return Outcome.success(session.proxySessionId(), ProxySessionTranslator.toData(session, p));
    }

    @Override
    public Outcome delete(CustomResourceRequest request) {
        PhysicalId id = request.physicalId();
        if (id instanceof PhysicalId.Unconfirmed unconfirmed) {
            deleteTagged(request, unconfirmed.voiceConnectorId(), unconfirmed.tag());
            return Outcome.success(id, null);
        }
        ProxySessionProperties.DeleteTarget target = ProxySessionProperties.forDelete(request.event().properties(),
                id.format());
        String connectorId = target.voiceConnectorId();
        // A session never renewed is P0 alone: one call. Otherwise every generation goes.
        if (!target.renews() && request.api().deleteProxySession(connectorId, id.format())) {
            request.note("change", "deleted");
            return Outcome.success(id, null);
        }
        ProxySessionLineage lineage = ProxySessionLineage.of(connectorId, id.format());
        if (target.renews()) {
            // Before listing: a renewal in flight that creates after this listing reads it, and deletes what it made.
            String why = LineageTombstones.write(request.api(), ConfigurationOwner.voiceConnectorArn(
                    request.event().stackId(), connectorId), lineage, Instant.now());
            if (why != null) {
                request.note("tombstone", why);
            }
        }
        OptionalInt deleted = deleteGenerations(request, lineage);
        if (deleted.isEmpty()) {
            request.note("change", "connector gone");
            return Outcome.success(id, null);
        }
        int total = deleted.getAsInt();
        if (target.renews()) {
            // A second pass: a renewal that listed before this Delete may have made a generation since. Where the
            // tombstone could not be written, it narrows the race to a renewal whose create lands after this listing
            // (see docs/HANDLER.md, Renewal).
            int meanwhile = deleteGenerations(request, lineage).orElse(0);
            if (meanwhile > 0) {
                request.note("madeMeanwhile", meanwhile);
            }
            total += meanwhile;
        }
        request.note("change", total == 0 ? "already gone" : "deleted " + total
                + (total == 1 ? " generation" : " generations"));
        return Outcome.success(id, null);
    }

    /** Lists the lineage and deletes every member: how many it deleted, or empty when the connector is gone. */
    private static OptionalInt deleteGenerations(CustomResourceRequest request, ProxySessionLineage lineage) {
        Optional<Generations> generations = ChimeApi.unlessNotFound(() -> Generations.list(request.api(), lineage));
        if (generations.isEmpty()) {
            return OptionalInt.empty();
        }
        int deleted = 0;
        for (ProxySession s : generations.get().members()) {
            if (request.api().deleteProxySession(lineage.voiceConnectorId(), s.proxySessionId())) {
                deleted++;
            }
        }
        return OptionalInt.of(deleted);
    }

    /**
     * Creates the session of this request once, however often the request is delivered: create, then list the
     * connector once, and of the sessions that carry the request's tag (and these participants) keep the earliest and
     * delete the others. Every delivery agrees on the winner, including one that saw only its own session and
     * answered it, since that one was created first: the order is creation time, and for sessions created within the
     * same millisecond the service's listing order, which is stable (the sort is stable and candidates come in
     * listing order). The listing also cleans up after the SDK's own retries of a create whose answer was lost.
     *
     * <p>A create the service refuses may be a repeated delivery whose first delivery holds what it needed (the
     * pair's only free proxy number, say): then, and only then, the connector is listed for the request's sessions,
     * and the earliest is the answer. With none, the refusal is the answer. A create that timed out is not looked
     * behind: the time is gone, and the rollback's Delete finds what it may have made. The common path makes no
     * extra call.
     */
    private static ProxySession createOnce(CustomResourceRequest request, ProxySessionProperties p) {
        ProxySession created;
        try {
            created = request.api().createProxySession(ProxySessionTranslator.toCreateRequest(p, request.tag()));
        } catch (ChimeApi.CallFailed refused) {
            if (!refused.serviceError()) {
                throw refused;
            }
            List<ProxySession> earlier;
            try {
                earlier = sessionsOfRequest(request, p);
            } catch (RuntimeException e) {
                throw refused;
            }
            if (earlier.isEmpty()) {
                throw refused;
            }
            request.note("createFailedFoundEarlier", refused.getMessage());
            return keepEarliest(request, p, earlier, null);
        }
        List<ProxySession> candidates;
        try {
            candidates = sessionsOfRequest(request, p);
        } catch (RuntimeException e) {
            // The session exists; settling racing or repeated deliveries is best effort.
            request.note("duplicateCheck", "skipped: " + e.getClass().getSimpleName());
            return created;
        }
        if (candidates.stream().noneMatch(s -> s.proxySessionId().equals(created.proxySessionId()))) {
            candidates.add(created);
        }
        return keepEarliest(request, p, candidates, created);
    }

    /** The connector's sessions that carry this request's tag and participants, in listing order: one listing. */
    private static List<ProxySession> sessionsOfRequest(CustomResourceRequest request, ProxySessionProperties p) {
        List<ProxySession> tagged = new ArrayList<>();
        for (ProxySession s : request.api().listProxySessions(p.voiceConnectorId())) {
            if (ProxySessionLineage.endsWithToken(s.name(), request.tag())
                    && ProxySessionTranslator.sameParticipants(s, p)) {
                tagged.add(s);
            }
        }
        return tagged;
    }

    /**
     * Of a request's sessions, the earliest stays and the others are deleted; it is the answer.
     *
     * @param mine the session this delivery made, or null when it made none
     */
    private static ProxySession keepEarliest(CustomResourceRequest request, ProxySessionProperties p,
                                             List<ProxySession> sessions, ProxySession mine) {
        List<ProxySession> inOrder = Duplicates.inCreationOrder(sessions);
        ProxySession winner = inOrder.get(0);
        if (mine == null || !winner.proxySessionId().equals(mine.proxySessionId())) {
            request.note("duplicateDelivery", true);
        }
        int deleted = Duplicates.deleteAllBut(request.api(), request, p.voiceConnectorId(), inOrder, winner);
        if (deleted > 0) {
            request.note("duplicatesDeleted", deleted);
        }
        return winner;
    }

    private static void deleteTagged(CustomResourceRequest request, String connectorId, String tag) {
        Optional<List<ProxySession>> sessions = ChimeApi.unlessNotFound(
                () -> request.api().listProxySessions(connectorId));
        if (sessions.isEmpty()) {
            request.note("change", "connector gone");
            return;
        }
        int deleted = 0;
        for (ProxySession s : sessions.get()) {
            if (ProxySessionLineage.endsWithToken(s.name(), tag)
                    && request.api().deleteProxySession(connectorId, s.proxySessionId())) {
                deleted++;
            }
        }
        request.note("change", deleted == 0 ? "nothing to delete" : "deleted " + deleted + " unconfirmed");
    }
}
