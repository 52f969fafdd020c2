package io.github.proxysessions.handler;

import io.github.proxysessions.rules.VoiceConnectorProxyRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *       is left alone. A configuration this resource took over is handed back ({@link ConfigurationHandover}).</li>
 * </ul>
 *
 * <p>Tags are no compare-and-swap, so a resource that creates a configuration is first elected among those creating one
 * on the connector at the same moment ({@link #elect}); only the elected one tags and puts, so its tag and values
 * agree, and the others fail naming it (see docs/HANDLER.md, Ownership).
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

        Map<String, String> tags(ChimeApi api) {
            return api.tags(arn);
        }

        boolean mine(Optional<ConfigurationOwner> owner) {
            return owner.filter(me::sameAs).isPresent();
        }

        String claimKey() {
            return CLAIM_PREFIX + me.hash();
        }
    }

    /** The key prefix of a claim tag: one per resource creating a configuration, its value the owner tag it writes. */
    static final String CLAIM_PREFIX = "proxy-sessions:proxy-configuration-claim-";
    /** How long a resource that sees an earlier claimant waits before it reads the tags again. */
    static final Duration CLAIM_POLL = Duration.ofMillis(200);

    private static Optional<ConfigurationOwner> ownerIn(Map<String, String> tags) {
        return Optional.ofNullable(tags.get(ConfigurationOwner.KEY)).map(ConfigurationOwner::new);
    }

    /** Another resource wrote the owner tag after this one: it won, and this request yields. */
    private static final class ClaimLost extends RefusedException {
        ClaimLost(String connectorId, ConfigurationOwner winner) {
            super("The proxy configuration of voice connector " + connectorId + " belongs to " + winner.value()
                    + " (stack/logical id/hash, in the connector's tag " + ConfigurationOwner.KEY + "), which "
                    + "claimed it at the same moment as this resource and won; this resource changed nothing that "
                    + "stays. A connector has one configuration: share that resource, or set TakeOver to true to "
                    + "manage it from this stack instead.");
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
        Optional<ConfigurationOwner> owner = ownerIn(connector.tags(api));
        Optional<Proxy> existing = api.getVoiceConnectorProxy(connector.id());
        if (owner.isEmpty() && existing.isPresent()) {
            // Read a moment apart: another resource, or another delivery of this very request, may have tagged and
            // put in between. Name it if so, and know it if it is this resource.
            owner = ownerIn(connector.tags(api));
        }
        if (connector.mine(owner)) {
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
        Map<String, String> claim = new LinkedHashMap<>();
        claim.put(ConfigurationOwner.KEY, connector.me().value());
        if (takingOver) {
            request.note("change", "taken over" + owner.map(o -> " from " + o.value()).orElse(""));
            // What the taker's Delete needs to give it back (a rollback's Delete looks like any other).
            claim.putAll(ConfigurationHandover.of(owner, existing).toTags());
        } else if (!replacing) {
            // Nothing was there: from the tag on, the rollback's Delete removes what this Create wrote.
            request.answerOnFailure(new PhysicalId.Real(connector.id()));
        }
        boolean undoable = replacing && !takingOver;
        elect(request, connector, owner);
        api.tagResource(connector.arn(), claim);
        api.untagResource(connector.arn(), List.of(connector.claimKey()));
        try {
            return put(request, p, undoable ? UNDO_TIME : Duration.ZERO);
        } catch (ClaimLost lost) {
            // The winner's tag stands and the winner checks its values; nothing of this request's is left to undo.
            if (!replacing) {
                request.answerOnFailure(new PhysicalId.NotCreated(request.tag()));
            }
            throw lost;
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
     * Decides which of the resources creating a configuration on the connector at the same moment writes it; the
     * service has no compare-and-swap, so each writes a claim tag of its own, then reads every tag:
     * <ul>
     *   <li>an owner tag that is not this resource's: another finished first; yield;</li>
     *   <li>no other claim: this one is elected;</li>
     *   <li>another claim of a lower hash: yield to it;</li>
     *   <li>only claims of a higher hash: wait until they are gone (each of them yields to this one, or was elected
     *       before it saw this one and writes its owner tag), then read again.</li>
     * </ul>
     * Of two claimants, at least one reads the other's claim (each writes before it reads), so never both are
     * elected, and the lower hash wins when both see each other. A claimant that yields removes its claim.
     *
     * @param takenOver the owner a take-over replaces: its tag is no rival
     * @throws ClaimLost when another resource is elected or already owns the configuration
     */
    private static void elect(CustomResourceRequest request, Connector connector,
                              Optional<ConfigurationOwner> takenOver) {
        ChimeApi api = request.api();
        api.tagResource(connector.arn(), Map.of(connector.claimKey(), connector.me().value()));
        for (boolean waited = false; ; waited = true) {
            Map<String, String> tags = connector.tags(api);
            Optional<ConfigurationOwner> owner = ownerIn(tags);
            Optional<ConfigurationOwner> other = owner.filter(o -> !connector.mine(owner)
                    && takenOver.filter(o::sameAs).isEmpty());
            Optional<String> lower = Optional.empty();
            boolean higher = false;
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                if (tag.getKey().startsWith(CLAIM_PREFIX) && !tag.getKey().equals(connector.claimKey())) {
                    String hash = tag.getKey().substring(CLAIM_PREFIX.length());
                    if (hash.compareTo(connector.me().hash()) < 0) {
                        lower = Optional.of(tag.getValue());
                    } else {
                        higher = true;
                    }
                }
            }
            if (other.isEmpty()) {
                other = lower.map(ConfigurationOwner::new);
            }
            if (other.isPresent()) {
                api.untagResource(connector.arn(), List.of(connector.claimKey()));
                request.note("claim", "lost to " + other.get().value());
                throw new ClaimLost(connector.id(), other.get());
            }
            if (!higher) {
                if (waited) {
                    request.note("claim", "won after waiting");
                }
                return;
            }
            // Only later claimants: they yield to this one, or one of them was elected before it saw this claim.
            Duration left = api.budget().forCalls();
            if (left.compareTo(CLAIM_POLL.multipliedBy(5)) < 0) {
                api.untagResource(connector.arn(), List.of(connector.claimKey()));
                throw new RefusedException("Another stack's resource is creating the proxy configuration of voice "
                        + "connector " + connector.id() + " at the same moment, and it did not finish in time; "
                        + "nothing was changed. Try again.");
            }
            try {
                Thread.sleep(CLAIM_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a claim", e);
            }
        }
    }

    /** Puts the configuration: only a resource whose tag is on the connector gets here, so no one else puts. */
    private static Outcome put(CustomResourceRequest request, VoiceConnectorProxyProperties p, Duration keepBack) {
        Proxy put = request.api().putVoiceConnectorProxy(p.toPutRequest(), keepBack);
        return Outcome.success(p.voiceConnectorId(), VoiceConnectorProxyProperties.data(p.voiceConnectorId(), put));
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
                    + "resource then leaves it alone, and gets it back when this one is deleted).");
        }
        if (existing.isPresent()) {
            Proxy e = existing.get();
            throw new RefusedException("Voice connector " + p.voiceConnectorId() + " already has a proxy "
                    + "configuration (DefaultSessionExpiryMinutes " + e.defaultSessionExpiryMinutes() + ", countries "
                    + e.phoneNumberCountries() + ") that no stack's resource owns (the connector has no "
                    + ConfigurationOwner.KEY + " tag): it may have been set up by hand, or by a stack deployed "
                    + "before that tag; nothing was changed. Set TakeOver to true to manage it from this stack (it is "
                    + "put back as it was when this stack's resource is deleted).");
        }
    }

    /** Gives the owner tag back after a failed take-over, and removes the record of what it took over. */
    private static void restoreOwner(CustomResourceRequest request, Connector connector,
                                     Optional<ConfigurationOwner> previous) {
        try {
            if (previous.isPresent()) {
                request.api().tagResource(connector.arn(), Map.of(ConfigurationOwner.KEY, previous.get().value()));
            }
            List<String> remove = new ArrayList<>(ConfigurationHandover.KEYS);
            if (previous.isEmpty()) {
                remove.add(ConfigurationOwner.KEY);
            }
            request.api().untagResource(connector.arn(), remove);
            request.note("ownerRestored", true);
        } catch (RuntimeException e) {
            request.note("ownerRestored", "failed: " + e.getClass().getSimpleName());
        }
    }

    private static void undo(CustomResourceRequest request, Connector connector) {
        try {
            request.note("undone", request.api().deleteVoiceConnectorProxy(connector.id()) ? "deleted"
                    : "nothing there");
            request.api().untagResource(connector.arn(), List.of(ConfigurationOwner.KEY));
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
        Optional<ConfigurationOwner> owner = ownerIn(connector.tags(api));
        boolean mine = connector.mine(owner);
        if (owner.isPresent() && !mine && !p.takeOver()) {
            throw new RefusedException("The proxy configuration of voice connector " + p.voiceConnectorId()
                    + " now belongs to " + owner.get().value() + " (in the connector's tag " + ConfigurationOwner.KEY
                    + "), which took it over; nothing was changed. Set TakeOver to true to take it back, or remove "
                    + "this resource from the stack (its Delete leaves the other's configuration alone).");
        }
        Optional<Proxy> current = api.getVoiceConnectorProxy(connector.id());
        if (!mine) {
            // Deployed before the tag existed, or taken back: from now on the tag says whose it is. Taken back from
            // another resource, that one gets it back when this one is deleted, as after any take-over.
            Map<String, String> claim = new LinkedHashMap<>();
            claim.put(ConfigurationOwner.KEY, connector.me().value());
            owner.ifPresent(o -> claim.putAll(ConfigurationHandover.of(owner, current).toTags()));
            api.tagResource(connector.arn(), claim);
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
        Optional<Map<String, String>> tags = ChimeApi.unlessNotFound(() -> connector.tags(api));
        if (tags.isEmpty()) {
            request.note("change", "connector gone");
            return Outcome.success(id, null);
        }
        Optional<ConfigurationOwner> owner = ownerIn(tags.get());
        Optional<ConfigurationHandover> handover = ConfigurationHandover.in(tags.get());
        if (owner.isPresent() && !connector.mine(owner)) {
            if (handover.flatMap(ConfigurationHandover::formerOwner).filter(connector.me()::sameAs).isPresent()) {
                // This resource is the one the configuration would go back to: it goes, so nothing goes back.
                api.untagResource(connector.arn(), ConfigurationHandover.KEYS);
                request.note("change", "left alone: owned by " + owner.get().value() + ", which took it over and "
                        + "now keeps it");
            } else {
                request.note("change", "left alone: owned by " + owner.get().value());
            }
            return Outcome.success(id, null);
        }
        if (owner.isPresent() && handover.isPresent()) {
            handBack(request, connector, handover.get());
            return Outcome.success(id, null);
        }
        request.note("change", api.deleteVoiceConnectorProxy(connector.id()) ? "deleted" : "already gone");
        if (owner.isPresent()) {
            api.untagResource(connector.arn(), List.of(ConfigurationOwner.KEY));
        }
        return Outcome.success(id, null);
    }

    /**
     * Gives a configuration this resource took over back as it found it: the former values (or none), then the former
     * owner's tag (or none), and the record goes. Each step can be repeated: a Delete that failed half-way is finished
     * by the next.
     */
    private static void handBack(CustomResourceRequest request, Connector connector, ConfigurationHandover handover) {
        ChimeApi api = request.api();
        if (handover.formerValues().isPresent()) {
            api.putVoiceConnectorProxy(handover.formerValues().get().toPutRequest(connector.id()), Duration.ZERO);
        } else {
            api.deleteVoiceConnectorProxy(connector.id());
        }
        List<String> remove = new ArrayList<>(ConfigurationHandover.KEYS);
        if (handover.formerOwner().isPresent()) {
            api.tagResource(connector.arn(), Map.of(ConfigurationOwner.KEY, handover.formerOwner().get().value()));
        } else {
            remove.add(ConfigurationOwner.KEY);
        }
        api.untagResource(connector.arn(), remove);
        request.note("change", "handed back to " + handover.formerOwnerText());
    }
}
