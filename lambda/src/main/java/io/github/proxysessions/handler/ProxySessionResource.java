package io.github.proxysessions.handler;

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
 *   <li>Create: validate, then create the session (once per request, see {@link IdempotencyTag}).</li>
 *   <li>Update: a change of anything but Capabilities and ExpiryMinutes needs a new session (replacement: a new id,
 *       and CloudFormation deletes the old session in its cleanup phase); Capabilities (as a set) and ExpiryMinutes
 *       change in place; no change makes no write call. A session that is gone or Closed is replaced. A failed update
 *       keeps the old id.</li>
 *   <li>Delete: needs only the connector and the id; a session already gone, or one that was never created, is
 *       success.</li>
 * </ul>
 */
final class ProxySessionResource implements ResourceKind {

    /** Marks a failed Create whose request never reached the service: its Delete makes no call. */
    static final String NOT_CREATED = "proxy-session-not-created:";
    /**
     * Marks a failed Create whose CreateProxySession may have taken effect: {@code prefix + connector + ":" + tag}. Its
     * Delete removes any session carrying the tag.
     */
    static final String UNCONFIRMED = "proxy-session-unconfirmed:";

    @Override
    public Outcome create(CustomResourceRequest inv) {
        ProxySessionProperties p;
        try {
            p = ProxySessionProperties.parse(inv.event().properties());
        } catch (InvalidPropertiesException e) {
            return Outcome.failed(notCreatedId(inv.tag()), e);
        }
        try {
            ProxySession session = createOnce(inv, p);
            return Outcome.success(session.proxySessionId(), ProxySessionTranslator.toData(session, p));
        } catch (RuntimeException e) {
            return Outcome.failed(UNCONFIRMED + p.voiceConnectorId() + ":" + inv.tag(), e);
        }
    }

    @Override
    public String notCreatedId(String tag) {
        return NOT_CREATED + tag;
    }

    @Override
    public Outcome update(CustomResourceRequest inv) {
        String oldId = inv.event().physicalResourceId();
        try {
            ProxySessionProperties p = ProxySessionProperties.parse(inv.event().properties());
            Optional<ProxySessionProperties> previous = ProxySessionProperties.parseLenient(
                    inv.event().oldProperties());
            if (isMarker(oldId) || previous.isEmpty() || !p.updatableInPlaceFrom(previous.get())) {
                return replace(inv, p, "properties that need a new session changed");
            }
            Optional<ProxySession> current = inv.api().getProxySession(p.voiceConnectorId(), oldId);
            if (current.isEmpty()) {
                return replace(inv, p, "the session is gone");
            }
            if (current.get().status() == ProxySessionStatus.CLOSED) {
                return replace(inv, p, "the session is Closed (expired)");
            }
            ProxySession session = current.get();
            Integer expiry = desiredExpiry(inv, p, previous.get(), session);
            if (ProxySessionRules.sameCapabilities(p.capabilities(), session.capabilitiesAsStrings())
                    && expiry.equals(session.expiryMinutes())) {
                inv.note("change", "none");
                return Outcome.success(oldId, ProxySessionTranslator.toData(session, p));
            }
            inv.note("change", "in-place");
            ProxySession updated = inv.api().updateProxySession(p.voiceConnectorId(), oldId, p.capabilities(), expiry);
            return Outcome.success(oldId, ProxySessionTranslator.toData(updated, p));
        } catch (RuntimeException e) {
            return Outcome.failed(oldId, e);
        }
    }

    /**
     * The ExpiryMinutes the session should have. Declared: that. Not declared now but declared before: the connector's
     * default, which is what the session would have had without it. Never declared: whatever it has.
     */
    private static Integer desiredExpiry(CustomResourceRequest inv, ProxySessionProperties p, ProxySessionProperties previous,
                                         ProxySession session) {
        if (p.expiryMinutes() != null) {
            return p.expiryMinutes();
        }
        if (previous.expiryMinutes() != null) {
            return inv.api().getVoiceConnectorProxy(p.voiceConnectorId())
                    .map(proxy -> proxy.defaultSessionExpiryMinutes()).orElse(session.expiryMinutes());
        }
        return session.expiryMinutes();
    }

    private Outcome replace(CustomResourceRequest inv, ProxySessionProperties p, String why) {
        inv.note("change", "replacement");
        inv.note("replacementReason", why);
        ProxySession session = createOnce(inv, p);
        return Outcome.success(session.proxySessionId(), ProxySessionTranslator.toData(session, p));
    }

    @Override
    public Outcome delete(CustomResourceRequest inv) {
        String id = inv.event().physicalResourceId();
        try {
            if (id == null || id.startsWith(NOT_CREATED)) {
                inv.note("change", "nothing to delete");
                return Outcome.success(id, null);
            }
            if (id.startsWith(UNCONFIRMED)) {
                String[] parts = id.substring(UNCONFIRMED.length()).split(":", 2);
                deleteTagged(inv, parts[0], parts[1]);
                return Outcome.success(id, null);
            }
            Object connector = inv.event().properties() == null ? null
                    : inv.event().properties().get("VoiceConnectorId");
            if (!(connector instanceof String connectorId) || connectorId.isEmpty()) {
                throw new InvalidPropertiesException(List.of("Property 'VoiceConnectorId' is required to delete "
                        + "proxy session " + id));
            }
            boolean existed = inv.api().deleteProxySession(connectorId, id);
            inv.note("change", existed ? "deleted" : "already gone");
            return Outcome.success(id, null);
        } catch (RuntimeException e) {
            return Outcome.failed(id, e);
        }
    }

    private static boolean isMarker(String id) {
        return id == null || id.startsWith(NOT_CREATED) || id.startsWith(UNCONFIRMED);
    }

    /**
     * Creates the session for this request unless an earlier delivery of it did. See {@link IdempotencyTag} for the
     * mechanism; the second listing also cleans up after the SDK's own retries of a create whose response was lost.
     */
    private static ProxySession createOnce(CustomResourceRequest inv, ProxySessionProperties p) {
        List<ProxySession> earlier = tagged(inv, p);
        if (!earlier.isEmpty()) {
            inv.note("duplicateDelivery", true);
            return settle(inv, p, earlier);
        }
        ProxySession created = inv.api().createProxySession(ProxySessionTranslator.toCreateRequest(p, inv.tag()));
        List<ProxySession> all;
        try {
            all = tagged(inv, p);
        } catch (RuntimeException e) {
            // The session exists; finding racing duplicates is best effort.
            inv.note("duplicateCheck", "skipped: " + e.getClass().getSimpleName());
            return created;
        }
        if (all.stream().noneMatch(s -> s.proxySessionId().equals(created.proxySessionId()))) {
            all.add(created);
        }
        return settle(inv, p, all);
    }

    /** The sessions on the connector that carry this request's tag and were made for these participants. */
    private static List<ProxySession> tagged(CustomResourceRequest inv, ProxySessionProperties p) {
        List<ProxySession> out = new ArrayList<>();
        for (ProxySession s : inv.api().listProxySessions(p.voiceConnectorId())) {
            if (IdempotencyTag.tagged(s.name(), inv.tag()) && ProxySessionTranslator.sameParticipants(s, p)) {
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
    private static ProxySession settle(CustomResourceRequest inv, ProxySessionProperties p, List<ProxySession> candidates) {
        List<ProxySession> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparing(ProxySession::createdTimestamp));
        ProxySession winner = sorted.get(0);
        for (ProxySession extra : sorted.subList(1, sorted.size())) {
            try {
                inv.api().deleteProxySession(p.voiceConnectorId(), extra.proxySessionId());
                inv.note("duplicatesDeleted", sorted.size() - 1);
            } catch (RuntimeException e) {
                inv.note("duplicateNotDeleted", extra.proxySessionId());
            }
        }
        return winner;
    }

    private static void deleteTagged(CustomResourceRequest inv, String connectorId, String tag) {
        Optional<List<ProxySession>> sessions = ChimeApi.unlessNotFound(() -> inv.api().listProxySessions(connectorId));
        if (sessions.isEmpty()) {
            inv.note("change", "connector gone");
            return;
        }
        int deleted = 0;
        for (ProxySession s : sessions.get()) {
            if (IdempotencyTag.tagged(s.name(), tag) && inv.api().deleteProxySession(connectorId, s.proxySessionId())) {
                deleted++;
            }
        }
        inv.note("change", deleted == 0 ? "nothing to delete" : "deleted " + deleted + " unconfirmed");
    }
}
