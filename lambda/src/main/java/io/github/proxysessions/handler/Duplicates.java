package io.github.proxysessions.handler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * The step every racing or repeated delivery ends with when several sessions stand for one thing (the session of one
 * CloudFormation request, the current generation of one lineage): one stays, every other is deleted. The one place
 * that orders such sessions and deletes all but one, so that the Create and renewal agree on what "earliest" means.
 */
final class Duplicates {

    /**
     * Creation order: by {@code CreatedTimestamp}, a session without one last. Used with a stable sort on sessions in
     * the service's listing order, which is stable, so sessions created within the same millisecond keep that order
     * and every delivery sorts alike.
     */
    static final Comparator<ProxySession> CREATION_ORDER = Comparator.comparing(ProxySession::createdTimestamp,
            Comparator.nullsLast(Comparator.naturalOrder()));

    private Duplicates() {
    }

    /** The sessions in creation order: a new list, the earliest first. */
    static List<ProxySession> inCreationOrder(Collection<ProxySession> sessions) {
        List<ProxySession> sorted = new ArrayList<>(sessions);
        sorted.sort(CREATION_ORDER);
        return sorted;
    }

    /**
     * Deletes every session but {@code keep} (none when null), as far as it can: one it could not delete is noted, for
     * the next renewal or the resource's Delete to remove.
     *
     * @return how many it deleted (a session already gone does not count)
     */
    static int deleteAllBut(ChimeApi api, Notes notes, String voiceConnectorId, List<ProxySession> sessions,
                            ProxySession keep) {
        int deleted = 0;
        for (ProxySession s : sessions) {
            if (keep != null && s.proxySessionId().equals(keep.proxySessionId())) {
                continue;
            }
            try {
                if (api.deleteProxySession(voiceConnectorId, s.proxySessionId())) {
                    deleted++;
                }
            } catch (RuntimeException e) {
                notes.note("notDeleted", s.proxySessionId());
            }
        }
        return deleted;
    }
}
