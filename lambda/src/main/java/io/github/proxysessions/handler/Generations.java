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

    /** The generations among a connector's sessions, listed at {@code asOf} (null when unknown). */
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

    /**
     * The current generation: the member every racing or repeated delivery keeps, and the one an Update acts on.
     * <ul>
     *   <li>Without stickiness, the Open or InProgress member of the highest generation, the earliest made of equals
     *       ({@link ProxySessionLineage#current}): a renewal makes its successor before it deletes the predecessor, so
     *       the highest is the newest.</li>
     *   <li>With PreferSticky, the earliest made Open or InProgress member. A sticky renewal deletes every predecessor
     *       before it creates, so the first successor made afterwards was the first to ask for a number, and the
     *       service gave it the pair's own: that is the one to keep. A duplicate delivery that listed after the
     *       predecessor was gone recreates with a lower generation than the first delivery's successor and may ask
     *       first; keeping the highest would cost the pair its number. Every delivery tells the earliest from the
     *       listing alone, including one that never saw the predecessor and so cannot know its number.</li>
     * </ul>
     */
    Optional<ProxySession> current(boolean sticky) {
        if (sticky) {
            return members.stream().filter(s -> ProxySessionLineage.isCurrentStatus(s.statusAsString())).findFirst();
        }
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
