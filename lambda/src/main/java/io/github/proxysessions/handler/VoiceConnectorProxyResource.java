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
 *   <li>Delete removes the configuration; none there is success.</li>
 * </ul>
 */
final class VoiceConnectorProxyResource implements ResourceKind {

    /** What a replacing Put leaves of the invocation's time for undoing itself when it fails. */
    static final Duration UNDO_TIME = Duration.ofSeconds(2);

    @Override
    public Outcome create(CustomResourceRequest request) {
        return configure(request, VoiceConnectorProxyProperties.parse(request.event().properties()), false);
    }

    /**
     * Applies the configuration to a connector this resource does not manage yet.
     *
     * @param replacing true for an Update that moves the configuration to a new connector: a failure then keeps the
     *                  old id, and undoes a Put onto a connector that had no configuration before
     */
    private Outcome configure(CustomResourceRequest request, VoiceConnectorProxyProperties p, boolean replacing) {
        Optional<Proxy> existing = request.api().getVoiceConnectorProxy(p.voiceConnectorId());
        if (existing.isPresent() && p.isAppliedIn(existing.get())) {
            request.note("change", "none: already as declared");
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
            request.note("change", "taken over");
        }
        if (!replacing) {
            // Once a Put is sent it may take effect: the connector's id lets the rollback delete it.
            request.answerOnFailure(new PhysicalId.Real(p.voiceConnectorId()));
        }
        boolean undoable = replacing && existing.isEmpty();
        try {
            Proxy put = request.api().putVoiceConnectorProxy(p.toPutRequest(), undoable ? UNDO_TIME : Duration.ZERO);
            return Outcome.success(p.voiceConnectorId(), VoiceConnectorProxyProperties.data(p.voiceConnectorId(), put));
        } catch (RuntimeException e) {
            // A failed update keeps the old id, and CloudFormation's rollback never hears of the new connector: undo
            // a Put that may have taken effect there, unless the configuration was someone else's (taken over).
            if (undoable) {
                undoPut(request, p.voiceConnectorId());
            }
            throw e;
        }
    }

    private static void undoPut(CustomResourceRequest request, String voiceConnectorId) {
        try {
            request.note("undone", request.api().deleteVoiceConnectorProxy(voiceConnectorId) ? "deleted"
                    : "nothing there");
        } catch (RuntimeException e) {
            request.note("undone", "failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public Outcome update(CustomResourceRequest request) {
        PhysicalId old = request.physicalId();
        VoiceConnectorProxyProperties p = VoiceConnectorProxyProperties.parse(request.event().properties());
        if (!old.equals(new PhysicalId.Real(p.voiceConnectorId()))) {
            request.note("replacement", true);
            return configure(request, p, true);
        }
        Optional<Proxy> current = request.api().getVoiceConnectorProxy(p.voiceConnectorId());
        if (current.isPresent() && p.isAppliedIn(current.get())) {
            request.note("change", "none");
            return Outcome.success(old, VoiceConnectorProxyProperties.data(p.voiceConnectorId(), current.get()));
        }
        request.note("change", "in-place");
        Proxy put = request.api().putVoiceConnectorProxy(p.toPutRequest());
        return Outcome.success(old, VoiceConnectorProxyProperties.data(p.voiceConnectorId(), put));
    }

    @Override
    public Outcome delete(CustomResourceRequest request) {
        PhysicalId id = request.physicalId();
        if (!(id instanceof PhysicalId.Real connector)) {
            request.note("change", "nothing to delete");
            return Outcome.success(id, null);
        }
        request.note("change", request.api().deleteVoiceConnectorProxy(connector.id()) ? "deleted" : "already gone");
        return Outcome.success(id, null);
    }
}
