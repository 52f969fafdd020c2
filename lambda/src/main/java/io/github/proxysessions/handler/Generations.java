package io.github.proxysessions.handler;

import io.github.proxysessions.rules.ProxySessionLineage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * The generations of one declared session, as one listing of its connector shows them: P0 (the resource's
 * PhysicalResourceId) and every session renewal made in its place ({@link ProxySessionLineage}).
 */
final class Generations {

    private final ProxySessionLineage lineage;
    /** The lineage's sessions, in the order they were created (the listing's order for the same instant). */
    private final List<ProxySession> members;
    /** The service's time when it listed them, or null when its answer did not say. */
    private final Instant asOf;

    private Generations(ProxySessionLineage lineage, List<ProxySession> members, Instant asOf) {
        this.lineage = lineage;
        this.members = members;
        this.asOf = asOf;
    }

    /** The generations among a connector's sessions. */
    static Generations of(ProxySessionLineage lineage, List<ProxySession> sessions) {
        return of(lineage, sessions, null);
    }

    private static Generations of(ProxySessionLineage lineage, List<ProxySession> sessions, Instant asOf) {
        List<ProxySession> members = new ArrayList<>();
        for (ProxySession s : sessions) {
            if (lineage.contains(s.proxySessionId(), s.name())) {
                members.add(s);
            }
        }
        return new Generations(lineage, Duplicates.inCreationOrder(members), asOf);
    }

    /** The generations on the connector now: one listing, all pages. */
    static Generations list(ChimeApi api, ProxySessionLineage lineage) {
        ChimeApi.SessionListing listing = api.listProxySessionsAsOf(lineage.voiceConnectorId());
        return of(lineage, listing.sessions(), listing.serviceTime());
    }

    /** The service's time when it listed the generations, if its answer said. */
    Optional<Instant> asOf() {
        return Optional.ofNullable(asOf);
    }

    List<ProxySession> members() {
        return members;
    }

    /** The Open or InProgress member of the highest generation; the earliest made of equals. */
    Optional<ProxySession> current() {
        return lineage.current(members, ProxySession::proxySessionId, ProxySession::name,
                ProxySession::statusAsString);
    }

    long generationOf(ProxySession session) {
        return lineage.generationOf(session.proxySessionId(), session.name()).orElseThrow();
    }

    /** The highest generation on the connector, of any status; 0 when none is left. */
    long highest() {
        return members.stream().mapToLong(this::generationOf).max().orElse(0);
    }

    /**
     * Deletes every member but {@code keep} (none when null), any status, as far as it can: what it could not delete,
     * the next renewal or the resource's Delete removes.
     *
     * @return how many it deleted
     */
    int deleteAllBut(Notes notes, ChimeApi api, ProxySession keep) {
        return Duplicates.deleteAllBut(api, notes, lineage.voiceConnectorId(), members, keep);
    }
}
