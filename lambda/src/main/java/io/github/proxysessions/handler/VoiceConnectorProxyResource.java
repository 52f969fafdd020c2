package io.github.proxysessions.handler;

import io.github.proxysessions.rules.VoiceConnectorProxyRules;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;

/**
 * {@code Custom::VoiceConnectorProxy}: a voice connector's proxy configuration, its PhysicalResourceId the connector
 * id. Which resource owns a connector's configuration is told by a tag on the connector ({@link ConfigurationOwner}).
 *
 * <ul>
 *   <li>Create tags the connector with this resource as owner, then puts the configuration. It never adopts a
 *       configuration it did not write, identical or not: one another resource owns, or one that no resource owns
 *       (made by hand, or by a stack deployed before the tag), fails the Create and changes nothing, unless TakeOver
 *       is true. A redelivery of the same Create finds its own tag and answers what the first delivery wrote.</li>
 *   <li>Update puts the configuration in place (no write when nothing differs), refusing one that another resource
 *       took over; it tags a configuration deployed before the tag existed. A new VoiceConnectorId is a replacement,
 *       with the Create's rules on the new connector. A failed replacement keeps the old id and removes what it wrote
 *       on the new connector, where there was nothing before.</li>
 *   <li>Delete removes the configuration and the tag; none there is success. A configuration another resource owns
 *       is left alone.</li>
 * </ul>
 */
final class VoiceConnectorProxyResource implements ResourceKind {

    /** What a replacing Put leaves of the invocation's time for undoing itself when it fails. */
    static final Duration UNDO_TIME = Duration.ofSeconds(2);

    /** The connector a configuration is for, as this resource addresses it. */
    private record Connector(String id, String arn, ConfigurationOwner me) {
        static Connector of(CustomResourceRequest request, String id) {
            CloudFormationEvent event = request.event();
            return new Connector(id, ConfigurationOwner.voiceConnectorArn(event.stackId(), id),
                    ConfigurationOwner.of(event.stackId(), event.logicalResourceId()));
        }

        Optional<ConfigurationOwner> owner(ChimeApi api) {
            return api.tagValue(arn, ConfigurationOwner.KEY).map(ConfigurationOwner::new);
        }
    }

    @Override
    public Outcome create(CustomResourceRequest request) {
        return configure(request, VoiceConnectorProxyProperties.parse(request.event().properties()), false);
    }

    /**
     * Applies the configuration to a connector this resource does not manage yet, or whose configuration an earlier
     * delivery of this request wrote.
     *
     * @param replacing true for an Update that moves the configuration to a new connector: a failure then keeps the
     *                  old id, and undoes what was written on a connector that had nothing before
     */
    private Outcome configure(CustomResourceRequest request, VoiceConnectorProxyProperties p, boolean replacing) {
        ChimeApi api = request.api();
        Connector connector = Connector.of(request, p.voiceConnectorId());
        Optional<ConfigurationOwner> owner = connector.owner(api);
        Optional<Proxy> existing = api.getVoiceConnectorProxy(connector.id());
        if (owner.filter(connector.me()::sameAs).isPresent()) {
            // An earlier delivery of this request (or this resource before a failed replacement) tagged it.
            request.note("owner", "this resource");
            Optional<Outcome> unchanged = alreadyAsDeclared(request, p, existing, new PhysicalId.Real(connector.id()),
                    connector.id(), "none: already as declared");
            if (unchanged.isPresent()) {
                return unchanged.get();
            }
            if (!replacing) {
                request.answerOnFailure(new PhysicalId.Real(connector.id()));
            }
            return put(request, p, Duration.ZERO);
        }
        refuseUnlessTakeOver(p, owner, existing);
        boolean takingOver = owner.isPresent() || existing.isPresent();
        if (takingOver) {
            request.note("change", "taken over" + owner.map(o -> " from " + o.value()).orElse(""));
        } else if (!replacing) {
            // Nothing was there: from the tag on, the rollback's Delete removes what this Create wrote.
            request.answerOnFailure(new PhysicalId.Real(connector.id()));
        }
        boolean undoable = replacing && !takingOver;
        api.tagResource(connector.arn(), ConfigurationOwner.KEY, connector.me().value());
        try {
            return put(request, p, undoable ? UNDO_TIME : Duration.ZERO);
        } catch (RuntimeException e) {
            // A failed take-over leaves the connector to its owner; a failed replacement leaves the new connector as
            // it found it, since CloudFormation's rollback never hears of it.
            if (takingOver) {
                restoreOwner(request, connector, owner);
            } else if (undoable) {
                undo(request, connector);
            }
            throw e;
        }
    }

    /**
     * The success to answer, noted as {@code change}, when the connector's configuration is already as declared;
     * empty when there is none or it differs.
     */
    private static Optional<Outcome> alreadyAsDeclared(CustomResourceRequest request, VoiceConnectorProxyProperties p,
                                                       Optional<Proxy> proxy, PhysicalId id, String connectorId,
                                                       String change) {
        if (proxy.isPresent() && p.isAppliedIn(proxy.get())) {
            request.note("change", change);
            return Optional.of(Outcome.success(id, VoiceConnectorProxyProperties.data(connectorId, proxy.get())));
        }
        return Optional.empty();
    }

    private static void refuseUnlessTakeOver(VoiceConnectorProxyProperties p, Optional<ConfigurationOwner> owner,
                                             Optional<Proxy> existing) {
        if (p.takeOver()) {
            return;
        }
        if (owner.isPresent()) {
            throw new RefusedException("The proxy configuration of voice connector " + p.voiceConnectorId()
                    + " belongs to " + owner.get().value() + " (stack/logical id/hash, in the connector's tag "
                    + ConfigurationOwner.KEY + "); nothing was changed. A connector has one configuration: share "
                    + "that resource, or set TakeOver to true to manage it from this stack instead (the other "
                    + "resource then leaves it alone, and this stack deletes it).");
        }
        if (existing.isPresent()) {
            Proxy e = existing.get();
            throw new RefusedException("Voice connector " + p.voiceConnectorId() + " already has a proxy "
                    + "configuration (DefaultSessionExpiryMinutes " + e.defaultSessionExpiryMinutes() + ", countries "
                    + e.phoneNumberCountries() + ") that no stack's resource owns (the connector has no "
                    + ConfigurationOwner.KEY + " tag): it may have been set up by hand, or by a stack deployed "
                    + "before that tag; nothing was changed. Set TakeOver to true to manage it from this stack (it is "
                    + "then deleted with the stack).");
        }
    }

    private static Outcome put(CustomResourceRequest request, VoiceConnectorProxyProperties p, Duration keepBack) {
        Proxy put = request.api().putVoiceConnectorProxy(p.toPutRequest(), keepBack);
        return Outcome.success(p.voiceConnectorId(), VoiceConnectorProxyProperties.data(p.voiceConnectorId(), put));
    }

    private static void restoreOwner(CustomResourceRequest request, Connector connector,
                                     Optional<ConfigurationOwner> previous) {
        try {
            if (previous.isPresent()) {
                request.api().tagResource(connector.arn(), ConfigurationOwner.KEY, previous.get().value());
            } else {
                request.api().untagResource(connector.arn(), ConfigurationOwner.KEY);
            }
            request.note("ownerRestored", true);
        } catch (RuntimeException e) {
            request.note("ownerRestored", "failed: " + e.getClass().getSimpleName());
        }
    }

    private static void undo(CustomResourceRequest request, Connector connector) {
        try {
            request.note("undone", request.api().deleteVoiceConnectorProxy(connector.id()) ? "deleted"
                    : "nothing there");
            request.api().untagResource(connector.arn(), ConfigurationOwner.KEY);
        } catch (RuntimeException e) {
            request.note("undone", "failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public Outcome update(CustomResourceRequest request) {
        PhysicalId old = request.physicalId();
        VoiceConnectorProxyProperties p = VoiceConnectorProxyProperties.parse(request.event().properties());
        if (!VoiceConnectorProxyRules.replacingChanges(old.format(), request.event().properties()).isEmpty()) {
            request.note("replacement", true);
            return configure(request, p, true);
        }
        ChimeApi api = request.api();
        Connector connector = Connector.of(request, p.voiceConnectorId());
        Optional<ConfigurationOwner> owner = connector.owner(api);
        boolean mine = owner.filter(connector.me()::sameAs).isPresent();
        if (owner.isPresent() && !mine && !p.takeOver()) {
            throw new RefusedException("The proxy configuration of voice connector " + p.voiceConnectorId()
                    + " now belongs to " + owner.get().value() + " (in the connector's tag " + ConfigurationOwner.KEY
                    + "), which took it over; nothing was changed. Set TakeOver to true to take it back, or remove "
                    + "this resource from the stack (its Delete leaves the other's configuration alone).");
        }
        Optional<Proxy> current = api.getVoiceConnectorProxy(connector.id());
        if (!mine) {
            // Deployed before the tag existed, or taken back: from now on the tag says whose it is.
            api.tagResource(connector.arn(), ConfigurationOwner.KEY, connector.me().value());
            request.note("owner", owner.isPresent() ? "taken back from " + owner.get().value() : "tagged");
        }
        Optional<Outcome> unchanged = alreadyAsDeclared(request, p, current, old, connector.id(), "none");
        if (unchanged.isPresent()) {
            return unchanged.get();
        }
        request.note("change", "in-place");
        return put(request, p, Duration.ZERO);
    }

    @Override
    public Outcome delete(CustomResourceRequest request) {
        PhysicalId id = request.physicalId();
        if (!(id instanceof PhysicalId.Real real)) {
            request.note("change", "nothing to delete");
            return Outcome.success(id, null);
        }
        ChimeApi api = request.api();
        Connector connector = Connector.of(request, real.id());
        Optional<Optional<ConfigurationOwner>> owner = ChimeApi.unlessNotFound(() -> connector.owner(api));
        if (owner.isEmpty()) {
            request.note("change", "connector gone");
            return Outcome.success(id, null);
        }
        if (owner.get().isPresent() && !connector.me().sameAs(owner.get().get())) {
            request.note("change", "left alone: owned by " + owner.get().get().value());
            return Outcome.success(id, null);
        }
        request.note("change", api.deleteVoiceConnectorProxy(connector.id()) ? "deleted" : "already gone");
        if (owner.get().isPresent()) {
            api.untagResource(connector.arn(), ConfigurationOwner.KEY);
        }
        return Outcome.success(id, null);
    }
}
