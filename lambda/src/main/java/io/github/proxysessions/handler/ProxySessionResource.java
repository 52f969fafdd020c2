package io.github.proxysessions.handler;

import io.github.proxysessions.rules.ProxySessionLineage;
import io.github.proxysessions.rules.ProxySessionRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySessionStatus;

/**
 * {@code Custom::ProxySession}: one proxy session, its PhysicalResourceId the ProxySessionId.
 *
 * <ul>
 *   <li>Create: validate, then create the session (once per request, see {@link ProxySessionLineage}).</li>
 *   <li>Update: a change of anything but Capabilities and ExpiryMinutes needs a new session (replacement: a new id,
 *       and CloudFormation deletes the old session in its cleanup phase); Capabilities (as a set) and ExpiryMinutes
 *       change in place; no change makes no write call. A session that is gone or Closed is replaced. A failed update
 *       keeps the old id.</li>
 *   <li>Delete: needs only the connector and the id; a session already gone is success. A Create that failed after
 *       CreateProxySession may have taken effect answers {@link PhysicalId.Unconfirmed}, whose Delete removes any
 *       session carrying the request's tag.</li>
 * </ul>
 */
final class ProxySessionResource implements ResourceKind {

    @Override
    public Outcome create(CustomResourceRequest request) {
        ProxySessionProperties p = ProxySessionProperties.parse(request.event().properties());
        // From here on CreateProxySession may take effect: the rollback's Delete must look for what it made.
        request.answerOnFailure(new PhysicalId.Unconfirmed(p.voiceConnectorId(), request.tag()));
        ProxySession session = createOnce(request, p);
        return Outcome.success(session.proxySessionId(), ProxySessionTranslator.toData(session, p));
    }

    @Override
    public Outcome update(CustomResourceRequest request) {
        PhysicalId old = request.physicalId();
        ProxySessionProperties p = ProxySessionProperties.parse(request.event().properties());
        Optional<ProxySessionProperties> previous = ProxySessionProperties.parseLenient(
                request.event().oldProperties());
        if (!(old instanceof PhysicalId.Real real) || previous.isEmpty() || !p.updatableInPlaceFrom(previous.get())) {
            return replace(request, p, "properties that need a new session changed");
        }
        Optional<ProxySession> current = request.api().getProxySession(p.voiceConnectorId(), real.id());
        if (current.isEmpty()) {
            return replace(request, p, "the session is gone");
        }
        if (current.get().status() == ProxySessionStatus.CLOSED) {
            return replace(request, p, "the session is Closed (expired)");
        }
        ProxySession session = current.get();
        Integer expiry = desiredExpiry(request, p, previous.get(), session);
        if (ProxySessionRules.sameCapabilities(p.capabilities(), session.capabilitiesAsStrings())
                && expiry.equals(session.expiryMinutes())) {
            request.note("change", "none");
            return Outcome.success(old, ProxySessionTranslator.toData(session, p));
        }
        request.note("change", "in-place");
        ProxySession updated = request.api().updateProxySession(p.voiceConnectorId(), real.id(), p.capabilities(),
                expiry);
        return Outcome.success(old, ProxySessionTranslator.toData(updated, p));
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
    private Outcome replace(CustomResourceRequest request, ProxySessionProperties p, String why) {
        request.note("change", "replacement");
        request.note("replacementReason", why);
        ProxySession session = createOnce(request, p);
        return Outcome.success(session.proxySessionId(), ProxySessionTranslator.toData(session, p));
    }

    @Override
    public Outcome delete(CustomResourceRequest request) {
        PhysicalId id = request.physicalId();
        if (id instanceof PhysicalId.Unconfirmed unconfirmed) {
            deleteTagged(request, unconfirmed.voiceConnectorId(), unconfirmed.tag());
            return Outcome.success(id, null);
        }
        Object connector = request.event().properties() == null ? null
                : request.event().properties().get("VoiceConnectorId");
        if (!(connector instanceof String connectorId) || connectorId.isEmpty()) {
            throw new InvalidPropertiesException(List.of("Property 'VoiceConnectorId' is required to delete "
                    + "proxy session " + id.format()));
        }
        boolean existed = request.api().deleteProxySession(connectorId, id.format());
        request.note("change", existed ? "deleted" : "already gone");
        return Outcome.success(id, null);
    }

    /**
     * Creates the session for this request unless an earlier delivery of it did. See {@link ProxySessionLineage} for the
     * mechanism; the second listing also cleans up after the SDK's own retries of a create whose response was lost.
     */
    private static ProxySession createOnce(CustomResourceRequest request, ProxySessionProperties p) {
        List<ProxySession> earlier = tagged(request, p);
        if (!earlier.isEmpty()) {
            request.note("duplicateDelivery", true);
            return settle(request, p, earlier);
        }
        ProxySession created = request.api().createProxySession(ProxySessionTranslator.toCreateRequest(p, request.tag()));
        List<ProxySession> all;
        try {
            all = tagged(request, p);
        } catch (RuntimeException e) {
            // The session exists; finding racing duplicates is best effort.
            request.note("duplicateCheck", "skipped: " + e.getClass().getSimpleName());
            return created;
        }
        if (all.stream().noneMatch(s -> s.proxySessionId().equals(created.proxySessionId()))) {
            all.add(created);
        }
        return settle(request, p, all);
    }

    /** The sessions on the connector that carry this request's tag and were made for these participants. */
    private static List<ProxySession> tagged(CustomResourceRequest request, ProxySessionProperties p) {
        List<ProxySession> out = new ArrayList<>();
        for (ProxySession s : request.api().listProxySessions(p.voiceConnectorId())) {
            if (ProxySessionLineage.endsWithToken(s.name(), request.tag()) && ProxySessionTranslator.sameParticipants(s, p)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Keeps the earliest session of a request and deletes the others. Every delivery must agree on the winner, including
     * one that saw only its own session and answered it: that one was created first. So the order is creation time,
     * and for sessions created within the same millisecond, the service's listing order, which is stable (the sort
     * is stable and {@code candidates} come in listing order).
     */
    private static ProxySession settle(CustomResourceRequest request, ProxySessionProperties p, List<ProxySession> candidates) {
        List<ProxySession> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparing(ProxySession::createdTimestamp));
        ProxySession winner = sorted.get(0);
        for (ProxySession extra : sorted.subList(1, sorted.size())) {
            try {
                request.api().deleteProxySession(p.voiceConnectorId(), extra.proxySessionId());
                request.note("duplicatesDeleted", sorted.size() - 1);
            } catch (RuntimeException e) {
                request.note("duplicateNotDeleted", extra.proxySessionId());
            }
        }
        return winner;
    }

    private static void deleteTagged(CustomResourceRequest request, String connectorId, String tag) {
        Optional<List<ProxySession>> sessions = ChimeApi.unlessNotFound(() -> request.api().listProxySessions(connectorId));
        if (sessions.isEmpty()) {
            request.note("change", "connector gone");
            return;
        }
        int deleted = 0;
        for (ProxySession s : sessions.get()) {
            if (ProxySessionLineage.endsWithToken(s.name(), tag) && request.api().deleteProxySession(connectorId, s.proxySessionId())) {
                deleted++;
            }
        }
        request.note("change", deleted == 0 ? "nothing to delete" : "deleted " + deleted + " unconfirmed");
    }
}
