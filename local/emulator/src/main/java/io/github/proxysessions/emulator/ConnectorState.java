package io.github.proxysessions.emulator;

import io.github.proxysessions.emulator.Records.ConnectorRec;
import io.github.proxysessions.emulator.Records.ParticipantRec;
import io.github.proxysessions.emulator.Records.ProxyRec;
import io.github.proxysessions.emulator.Records.SessionRec;
import io.github.proxysessions.emulator.Records.TagRec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The mutable state of one voice connector. Only {@link ServiceState}'s applier changes it, under {@link #lock};
 * the volatile fields and the concurrent maps may be read without the lock, the other maps only under it.
 */
final class ConnectorState {
    volatile ConnectorRec connector;
    /** The connector's tags in the order they were first added; replaced whole on every change. */
    volatile List<TagRec> tags = List.of();
    final ReentrantLock lock = new ReentrantLock();
    final NavigableMap<Long, SessionRec> bySeq = new ConcurrentSkipListMap<>();
    final Map<String, SessionRec> byId = new ConcurrentHashMap<>();
    final Map<String, Set<String>> sessionsByParticipant = new HashMap<>();
    final Map<String, Integer> sessionsByProxyNumber = new HashMap<>();
    /** The proxy number each participant pair had last: the basis of stickiness. */
    final Map<String, String> lastProxyNumberByPair = new HashMap<>();
    volatile ProxyRec proxy;
    volatile List<String> inventory;
    volatile boolean deleted;

    ConnectorState(ConnectorRec connector, List<String> inventory) {
        this.connector = connector;
        this.inventory = List.copyOf(inventory);
    }

    /** The key of an unordered pair of participants, by their digits. */
    static String pairKey(String a, String b) {
        String x = PhoneNumbers.digits(a);
        String y = PhoneNumbers.digits(b);
        return x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
    }

    void put(SessionRec session) {
        SessionRec previous = byId.put(session.id(), session);
        bySeq.put(session.seq(), session);
        if (previous == null) {
            for (ParticipantRec p : session.participants()) {
                sessionsByParticipant.computeIfAbsent(PhoneNumbers.digits(p.phoneNumber()),
                        k -> new HashSet<>()).add(session.id());
            }
            sessionsByProxyNumber.merge(session.proxyPhoneNumber(), 1, Integer::sum);
            lastProxyNumberByPair.put(pairKey(session.participants().get(0).phoneNumber(),
                    session.participants().get(1).phoneNumber()), session.proxyPhoneNumber());
        }
    }

    SessionRec remove(String sessionId) {
        SessionRec session = byId.remove(sessionId);
        if (session != null) {
            bySeq.remove(session.seq());
            for (ParticipantRec p : session.participants()) {
                Set<String> ids = sessionsByParticipant.get(PhoneNumbers.digits(p.phoneNumber()));
                if (ids != null) {
                    ids.remove(sessionId);
                    if (ids.isEmpty()) {
                        sessionsByParticipant.remove(PhoneNumbers.digits(p.phoneNumber()));
                    }
                }
            }
            sessionsByProxyNumber.computeIfPresent(session.proxyPhoneNumber(), (k, n) -> n > 1 ? n - 1 : null);
        }
        return session;
    }
}
