package io.github.proxysessions.handler;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;

/**
 * {@code Custom::VoiceConnectorProxy}: a voice connector's proxy configuration, its PhysicalResourceId the connector
 * id.
 *
 * <ul>
 *   <li>Create refuses a connector that already has a configuration, unless TakeOver is true, so that a stack never
 *       takes over, and later deletes, a configuration it did not create. A configuration identical in every
 *       declared property counts as this request's own: that is how a retried delivery (or the local runner
 *       finishing a killed run) finds what the first delivery wrote, as the service keeps no marker.</li>
 *   <li>Update puts the configuration in place (no write when nothing differs); a new VoiceConnectorId is a
 *       replacement, with the same take-over rule on the new connector. A failed replacement keeps the old id
 *       and removes what its Put may have written on the new connector, where there was nothing before.</li>
 *   <li>Delete removes the configuration; none there is success, and a failed Create's id makes no call.</li>
 * </ul>
 */
final class VoiceConnectorProxyResource implements ResourceKind {

    /** Marks a failed Create that wrote nothing: its Delete must not touch the connector. */
    static final String NOT_CREATED = "voice-connector-proxy-not-created:";

    /** What a replacing Put leaves of the invocation's time for undoing itself when it fails. */
    static final Duration UNDO_TIME = Duration.ofSeconds(2);

    @Override
    public Outcome create(CustomResourceRequest inv) {
        VoiceConnectorProxyProperties p;
        try {
            p = VoiceConnectorProxyProperties.parse(inv.event().properties());
        } catch (InvalidPropertiesException e) {
            return Outcome.failed(notCreatedId(inv.tag()), e);
        }
        return configure(inv, p, null);
    }

    @Override
    public String notCreatedId(String tag) {
        return NOT_CREATED + tag;
    }

    /**
     * Applies the configuration to a connector this resource does not manage yet.
     *
     * @param replacedId the id of the configuration this one replaces, or null on Create
     */
    private Outcome configure(CustomResourceRequest inv, VoiceConnectorProxyProperties p, String replacedId) {
        boolean putAttempted = false;
        // A replacing Put onto a connector that had no configuration: to be undone if the replacement fails.
        boolean undoable = false;
        try {
            Optional<Proxy> existing = inv.api().getVoiceConnectorProxy(p.voiceConnectorId());
            if (existing.isPresent() && p.isAppliedIn(existing.get())) {
                inv.note("change", "none: already as declared");
                return Outcome.success(p.voiceConnectorId(),
                        VoiceConnectorProxyProperties.data(p.voiceConnectorId(), existing.get()));
            }
            if (existing.isPresent() && !p.takeOver()) {
                Proxy e = existing.get();
                throw new RefusedException("Voice connector " + p.voiceConnectorId() + " already has a proxy "
                        + "configuration (DefaultSessionExpiryMinutes " + e.defaultSessionExpiryMinutes()
                        + ", countries " + e.phoneNumberCountries() + ") that this stack did not create; nothing was "
                        + "changed. Set TakeOver to true to manage it from this stack (it is then deleted with the "
                        + "stack).");
            }
            if (existing.isPresent()) {
                inv.note("change", "taken over");
            }
            putAttempted = true;
            undoable = replacedId != null && existing.isEmpty();
            Proxy put = inv.api().putVoiceConnectorProxy(p.toPutRequest(), undoable ? UNDO_TIME : Duration.ZERO);
            return Outcome.success(p.voiceConnectorId(), VoiceConnectorProxyProperties.data(p.voiceConnectorId(), put));
        } catch (RuntimeException e) {
            if (replacedId == null) {
                // Once a Put was sent it may have taken effect: the connector's id lets the rollback delete it.
                return Outcome.failed(putAttempted ? p.voiceConnectorId() : notCreatedId(inv.tag()), e);
            }
            // A failed update keeps the old id, and CloudFormation's rollback never hears of the new connector: undo
            // a Put that may have taken effect there, unless the configuration was someone else's (taken over).
            if (undoable) {
                undoPut(inv, p.voiceConnectorId());
            }
            return Outcome.failed(replacedId, e);
        }
    }

    private static void undoPut(CustomResourceRequest inv, String voiceConnectorId) {
        try {
            inv.note("undone", inv.api().deleteVoiceConnectorProxy(voiceConnectorId) ? "deleted" : "nothing there");
        } catch (RuntimeException e) {
            inv.note("undone", "failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public Outcome update(CustomResourceRequest inv) {
        String oldId = inv.event().physicalResourceId();
        VoiceConnectorProxyProperties p;
        try {
            p = VoiceConnectorProxyProperties.parse(inv.event().properties());
        } catch (InvalidPropertiesException e) {
            return Outcome.failed(oldId, e);
        }
        if (oldId == null || oldId.startsWith(NOT_CREATED) || !oldId.equals(p.voiceConnectorId())) {
            inv.note("replacement", true);
            return configure(inv, p, oldId);
        }
        try {
            Optional<Proxy> current = inv.api().getVoiceConnectorProxy(oldId);
            if (current.isPresent() && p.isAppliedIn(current.get())) {
                inv.note("change", "none");
                return Outcome.success(oldId, VoiceConnectorProxyProperties.data(oldId, current.get()));
            }
            inv.note("change", "in-place");
            Proxy put = inv.api().putVoiceConnectorProxy(p.toPutRequest());
            return Outcome.success(oldId, VoiceConnectorProxyProperties.data(oldId, put));
        } catch (RuntimeException e) {
            return Outcome.failed(oldId, e);
        }
    }

    @Override
    public Outcome delete(CustomResourceRequest inv) {
        String id = inv.event().physicalResourceId();
        if (id == null || id.startsWith(NOT_CREATED)) {
            inv.note("change", "nothing to delete");
            return Outcome.success(id, null);
        }
        try {
            inv.note("change", inv.api().deleteVoiceConnectorProxy(id) ? "deleted" : "already gone");
            return Outcome.success(id, null);
        } catch (RuntimeException e) {
            return Outcome.failed(id, e);
        }
    }
}
