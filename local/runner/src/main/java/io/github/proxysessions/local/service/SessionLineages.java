package io.github.proxysessions.local.service;

import io.github.proxysessions.rules.ProxySessionLineage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * Which sessions on a connector stand for a recorded {@code Custom::ProxySession} (contract C7): the session whose id
 * is the resource's PhysicalResourceId (generation 0), and the generations renewal made after it, found by the token
 * at the end of their Name. {@code status} compares the current generation with the declaration, and no generation
 * of a recorded lineage is an orphan.
 *
 * <p>The one place the runner reads session names; the format itself is the {@code rules} module's
 * {@link ProxySessionLineage}, which the provider writes with.
 */
public final class SessionLineages {

    private SessionLineages() {
    }

    /** True when the session is a generation of the lineage of {@code p0} on its connector. */
    public static boolean member(String voiceConnectorId, String p0, ProxySession session) {
        return ProxySessionLineage.of(voiceConnectorId, p0).contains(session.proxySessionId(), session.name());
    }

    /** The lineage's generations among a connector's sessions, latest first. */
    public static List<ProxySession> members(String voiceConnectorId, String p0, List<ProxySession> sessions) {
        return sessions.stream().filter(s -> member(voiceConnectorId, p0, s))
                .sorted(Comparator.comparingLong((ProxySession s) -> generation(voiceConnectorId, p0, s)).reversed())
                .toList();
    }

    /**
     * The session that stands for the resource now: the current generation (Open or InProgress, the highest), or
     * when none is, the latest generation the service still lists (Closed); empty when the service holds none.
     */
    public static Optional<ProxySession> current(String voiceConnectorId, String p0, List<ProxySession> sessions) {
        List<ProxySession> members = members(voiceConnectorId, p0, sessions);
        return members.stream().filter(s -> !"Closed".equals(s.statusAsString())).findFirst()
                .or(() -> members.stream().findFirst());
    }

    /** The generation of a member: 0 for the session {@code p0} itself. */
    private static long generation(String voiceConnectorId, String p0, ProxySession session) {
        return ProxySessionLineage.of(voiceConnectorId, p0).generationOf(session.proxySessionId(), session.name())
                .orElse(-1);
    }

    /**
     * True when a session's Name ends as the provider ends every Name it writes: with a token of 7 to 10 letters and
     * digits (a request tag, or a lineage tag and a generation). A Name given by hand may end so too.
     */
    public static boolean providerMade(String serviceName) {
        String token = ProxySessionLineage.lastToken(serviceName);
        return token != null && token.length() >= ProxySessionLineage.TAG_LENGTH
                && token.length() <= ProxySessionLineage.MAX_TOKEN_LENGTH && token.chars().allMatch(
                        c -> c < 128 && Character.isLetterOrDigit(c));
    }

    /** The user's part of a session's Name: what precedes the provider's token; empty when there is none. */
    public static String userName(String serviceName) {
        String token = ProxySessionLineage.lastToken(serviceName);
        return token == null || token.length() == serviceName.length() ? ""
                : serviceName.substring(0, serviceName.length() - token.length() - 1);
    }
}
