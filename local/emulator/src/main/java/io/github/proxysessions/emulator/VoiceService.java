package io.github.proxysessions.emulator;

import io.github.proxysessions.emulator.Inputs.CreateProxySession;
import io.github.proxysessions.emulator.Inputs.CreateVoiceConnector;
import io.github.proxysessions.emulator.Inputs.GeoMatchParams;
import io.github.proxysessions.emulator.Inputs.ListProxySessions;
import io.github.proxysessions.emulator.Inputs.ListVoiceConnectors;
import io.github.proxysessions.emulator.Inputs.PutVoiceConnectorProxy;
import io.github.proxysessions.emulator.Inputs.TagResource;
import io.github.proxysessions.emulator.Inputs.UntagResource;
import io.github.proxysessions.emulator.Inputs.UpdateProxySession;
import io.github.proxysessions.emulator.Inputs.UpdateVoiceConnector;
import io.github.proxysessions.emulator.JournalRecord.ClockPut;
import io.github.proxysessions.emulator.JournalRecord.ConnectorDelete;
import io.github.proxysessions.emulator.JournalRecord.ConnectorPut;
import io.github.proxysessions.emulator.JournalRecord.ConnectorUpdate;
import io.github.proxysessions.emulator.JournalRecord.InventoryPut;
import io.github.proxysessions.emulator.JournalRecord.ProxyDelete;
import io.github.proxysessions.emulator.JournalRecord.ProxyPut;
import io.github.proxysessions.emulator.JournalRecord.SessionDelete;
import io.github.proxysessions.emulator.JournalRecord.SessionPut;
import io.github.proxysessions.emulator.JournalRecord.TagsPut;
import io.github.proxysessions.emulator.Pages.Page;
import io.github.proxysessions.emulator.Records.ConnectorRec;
import io.github.proxysessions.emulator.Records.ParticipantRec;
import io.github.proxysessions.emulator.Records.ProxyRec;
import io.github.proxysessions.emulator.Records.SessionRec;
import io.github.proxysessions.emulator.Records.TagRec;
import io.github.proxysessions.emulator.Snapshot.ConnectorSnapshot;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The emulated service: voice connectors, their proxy configurations and proxy sessions, with the behaviour described
 * in the README's emulator section. Thread-safe. Reads take no lock; changes to one connector are serialised by that
 * connector's lock, journaled in the order they are applied, and acknowledged only once durable.
 */
final class VoiceService implements Closeable {

    /** Where a voice connector is when its creator does not say. */
    private static final String DEFAULT_REGION = "us-east-1";
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final EmulatorClock clock;
    private final Object clockChange = new Object();
    private final Map<String, ConnectorState> connectors = new ConcurrentHashMap<>();
    private final NavigableMap<Long, String> connectorOrder = new ConcurrentSkipListMap<>();
    private final AtomicLong nextSeq = new AtomicLong();
    /** Changes hold it shared; a snapshot holds it exclusively, so that it sees no change half-made. */
    private final ReentrantReadWriteLock changeLock = new ReentrantReadWriteLock();
    private final AtomicBoolean compacting = new AtomicBoolean();
    private final Object connectorCreation = new Object();
    private final Journal journal;
    private final StateApplier applier = new StateApplier();

    VoiceService(Clock clock, Path stateFile) {
        this.clock = new EmulatorClock(clock);
        if (stateFile == null) {
            this.journal = null;
        } else {
            this.journal = Journal.open(stateFile, this::loadSnapshot, r -> r.applyTo(applier));
            compact();
        }
    }

    /** The mutable state of one connector; everything but the concurrent maps is guarded by {@link #lock}. */
    private static final class ConnectorState {
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

    static String pairKey(String a, String b) {
        String x = PhoneNumbers.digits(a);
        String y = PhoneNumbers.digits(b);
        return x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
    }

    // ---------------------------------------------------------------- voice connectors

    ConnectorRec createVoiceConnector(CreateVoiceConnector in) {
        return createVoiceConnector(randomConnectorId(), in);
    }

    ConnectorRec createVoiceConnector(String id, CreateVoiceConnector in) {
        synchronized (connectorCreation) {
            return change(null, none -> {
                if (connectors.containsKey(id)) {
                    throw ApiException.conflict("Voice connector " + id + " already exists");
                }
                long now = clock.millis();
                ConnectorRec rec = new ConnectorRec(id, nextSeq.incrementAndGet(), in.name(),
                        in.awsRegion() == null ? DEFAULT_REGION : in.awsRegion(), in.requireEncryption(),
                        in.networkType(), in.integrationType(), now, now);
                List<TagRec> tags = mergeTags(List.of(), in.tags() == null ? List.of() : in.tags());
                return new Change<>(rec, seq -> new ConnectorPut(seq, rec, PhoneNumbers.defaultInventory(), tags));
            });
        }
    }

    ConnectorRec updateVoiceConnector(UpdateVoiceConnector in) {
        return change(in.voiceConnectorId(), cs -> {
            ConnectorRec c = cs.connector;
            ConnectorRec rec = new ConnectorRec(c.id(), c.seq(), in.name(), c.awsRegion(), in.requireEncryption(),
                    c.networkType(), c.integrationType(), c.created(), clock.millis());
            return new Change<>(rec, seq -> new ConnectorUpdate(seq, rec));
        });
    }

    ConnectorRec getVoiceConnector(String id) {
        return connector(id).connector;
    }

    void deleteVoiceConnector(String id) {
        change(id, cs -> {
            if (!cs.byId.isEmpty()) {
                throw ApiException.conflict("Voice connector " + id + " has " + cs.byId.size()
                        + " proxy sessions; delete them before deleting the voice connector");
            }
            return new Change<>(null, seq -> new ConnectorDelete(seq, id));
        });
    }

    Page<ConnectorRec> listVoiceConnectors(ListVoiceConnectors in) {
        return Pages.page(connectorOrder, id -> {
            ConnectorState cs = connectors.get(id);
            return cs == null ? null : cs.connector;
        }, c -> true, ConnectorRec::seq, "connectors", "-", in.maxResults(), in.nextToken());
    }

    /** Replaces the phone numbers a connector's proxy numbers are drawn from (emulator-only). */
    void setInventory(String connectorId, List<String> numbers) {
        List<String> inventory = List.copyOf(numbers);
        change(connectorId, cs -> new Change<>(null, seq -> new InventoryPut(seq, connectorId, inventory)));
    }

    // ---------------------------------------------------------------- tags

    /** The tags of the resource that {@code arn} names: only voice connectors have tags here. */
    List<TagRec> listTags(String arn) {
        return connector(connectorIdOf(arn)).tags;
    }

    /** Adds tags to the resource, replacing the value of a key it has already. */
    void tagResource(TagResource in) {
        String connectorId = connectorIdOf(in.resourceARN());
        change(connectorId, cs -> {
            List<TagRec> merged = mergeTags(cs.tags, in.tags());
            if (merged.size() > ServiceRules.MAX_TAGS) {
                throw new ApiException(400, "ResourceLimitExceededException",
                        "Voice connector " + connectorId + " would have " + merged.size() + " tags; a resource can "
                                + "have at most " + ServiceRules.MAX_TAGS);
            }
            return new Change<>(null, seq -> new TagsPut(seq, connectorId, merged));
        });
    }

    /** Removes the tags with these keys from the resource; keys it does not have are ignored. */
    void untagResource(UntagResource in) {
        String connectorId = connectorIdOf(in.resourceARN());
        Set<String> removed = new HashSet<>(in.tagKeys());
        change(connectorId, cs -> {
            List<TagRec> kept = cs.tags.stream().filter(tag -> !removed.contains(tag.key())).toList();
            return new Change<>(null, seq -> new TagsPut(seq, connectorId, kept));
        });
    }

    /**
     * The id of the voice connector that a resource ARN names: {@code arn:aws:chime:<region>:<account>:vc/<id>} with
     * this emulator's account. The region is not compared, as callers build ARNs from their own region.
     *
     * @param text an ARN that {@link ServiceRules} has accepted
     * @throws ApiException 404 when it names no voice connector of this account
     */
    private static String connectorIdOf(String text) {
        Arn arn = Arn.parse(text);
        if (arn.partition().equals("aws") && arn.service().equals("chime")
                && arn.account().equals(ServiceRules.ACCOUNT_ID) && arn.resource().startsWith("vc/")
                && arn.resource().indexOf('/', 3) < 0 && arn.resource().length() > 3) {
            return arn.resource().substring(3);
        }
        throw ApiException.notFound("No resource with the given ResourceARN: only voice connectors have tags here, "
                + "as arn:aws:chime:<region>:" + ServiceRules.ACCOUNT_ID + ":vc/<voice connector id>");
    }

    /** {@code current} with {@code added} applied: a new key goes last, a key already there keeps its place. */
    private static List<TagRec> mergeTags(List<TagRec> current, List<TagRec> added) {
        Map<String, String> merged = new LinkedHashMap<>();
        current.forEach(tag -> merged.put(tag.key(), tag.value()));
        added.forEach(tag -> merged.put(tag.key(), tag.value()));
        List<TagRec> out = new ArrayList<>();
        merged.forEach((k, v) -> out.add(new TagRec(k, v)));
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- the clock

    /** How far the emulator's clock has been moved ahead of the clock it was built with. */
    Duration clockOffset() {
        return Duration.ofMillis(clock.offsetMillis());
    }

    /** Moves the clock ahead, durably; returns the new total offset. */
    Duration advanceClock(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward; cannot advance it by " + by);
        }
        synchronized (clockChange) {
            return change(null, none -> {
                long total = Math.addExact(clock.offsetMillis(), by.toMillis());
                return new Change<>(Duration.ofMillis(total), seq -> new ClockPut(seq, total));
            });
        }
    }

    // ---------------------------------------------------------------- proxy configuration

    ProxyRec putVoiceConnectorProxy(PutVoiceConnectorProxy in) {
        String connectorId = in.voiceConnectorId();
        return change(connectorId, cs -> {
            ProxyRec rec = new ProxyRec(in.defaultSessionExpiryMinutes(), List.copyOf(in.phoneNumberPoolCountries()),
                    in.fallBackPhoneNumber(), Boolean.TRUE.equals(in.disabled()));
            return new Change<>(rec, seq -> new ProxyPut(seq, connectorId, rec));
        });
    }

    ProxyRec getVoiceConnectorProxy(String connectorId) {
        ProxyRec proxy = connector(connectorId).proxy;
        if (proxy == null) {
            throw noProxyConfiguration(connectorId);
        }
        return proxy;
    }

    void deleteVoiceConnectorProxy(String connectorId) {
        change(connectorId, cs -> {
            if (cs.proxy == null) {
                throw noProxyConfiguration(connectorId);
            }
            return new Change<>(null, seq -> new ProxyDelete(seq, connectorId));
        });
    }

    private static ApiException noProxyConfiguration(String connectorId) {
        return ApiException.notFound("Voice connector " + connectorId + " has no proxy configuration");
    }

    // ---------------------------------------------------------------- proxy sessions

    SessionRec createProxySession(CreateProxySession in) {
        String connectorId = in.voiceConnectorId();
        return change(connectorId, cs -> {
            ProxyRec proxy = cs.proxy;
            if (proxy == null) {
                throw ApiException.badRequest("Voice connector " + connectorId
                        + " has no proxy configuration; call PutVoiceConnectorProxy first");
            }
            if (proxy.disabled()) {
                throw ApiException.badRequest("Proxy sessions are disabled on voice connector " + connectorId
                        + " (its proxy configuration has Disabled set to true)");
            }
            String first = in.participantPhoneNumbers().get(0);
            String second = in.participantPhoneNumbers().get(1);
            long now = clock.millis();
            GeoMatchParams geo = in.geoMatchParams();
            String proxyNumber = chooseProxyNumber(cs, proxy, in, now);
            int expiry = in.expiryMinutes() != null ? in.expiryMinutes() : proxy.defaultSessionExpiryMinutes();
            List<ParticipantRec> participants = new ArrayList<>(List.of(
                    new ParticipantRec(first, proxyNumber), new ParticipantRec(second, proxyNumber)));
            // The service does not keep the input order (AWS's own example returns them sorted).
            participants.sort(Comparator.comparing(ParticipantRec::phoneNumber));
            String name = in.name();
            SessionRec session = new SessionRec(connectorId, UUID.randomUUID().toString(),
                    nextSeq.incrementAndGet(), name == null || name.isEmpty() ? null : name,
                    distinct(in.capabilities()), expiry, now, now, now + expiry * 60_000L, List.copyOf(participants),
                    in.numberSelectionBehavior(), in.geoMatchLevel(), geo == null ? null : geo.country(),
                    geo == null ? null : geo.areaCode(), false);
            return new Change<>(session, sessionPut(session));
        });
    }

    SessionRec getProxySession(String connectorId, String sessionId) {
        SessionRec session = connector(connectorId).byId.get(sessionId);
        if (session == null) {
            throw notFoundSession(connectorId, sessionId);
        }
        return session;
    }

    SessionRec updateProxySession(UpdateProxySession in) {
        String connectorId = in.voiceConnectorId();
        String sessionId = in.proxySessionId();
        return change(connectorId, cs -> {
            SessionRec s = cs.byId.get(sessionId);
            if (s == null) {
                throw notFoundSession(connectorId, sessionId);
            }
            long now = clock.millis();
            if (!s.active(now)) {
                throw ApiException.badRequest("Proxy session " + sessionId + " is Closed (it ended at "
                        + Json.timestamp(Instant.ofEpochMilli(s.endsAt())) + ") and can no longer be updated");
            }
            int expiry = in.expiryMinutes() != null ? in.expiryMinutes() : s.expiryMinutes();
            SessionRec updated = new SessionRec(s.connectorId(), s.id(), s.seq(), s.name(),
                    distinct(in.capabilities()), expiry, s.created(), now,
                    Math.max(s.created() + expiry * 60_000L, now), s.participants(), s.numberSelectionBehavior(),
                    s.geoMatchLevel(), s.geoCountry(), s.geoAreaCode(), s.inProgress());
            return new Change<>(updated, sessionPut(updated));
        });
    }

    void deleteProxySession(String connectorId, String sessionId) {
        change(connectorId, cs -> {
            if (!cs.byId.containsKey(sessionId)) {
                throw notFoundSession(connectorId, sessionId);
            }
            return new Change<>(null, seq -> new SessionDelete(seq, connectorId, sessionId));
        });
    }

    /** Marks a session as carrying traffic, which no API call can do (emulator-only). */
    void markInProgress(String connectorId, String sessionId) {
        change(connectorId, cs -> {
            SessionRec s = cs.byId.get(sessionId);
            if (s == null) {
                throw notFoundSession(connectorId, sessionId);
            }
            SessionRec marked = new SessionRec(s.connectorId(), s.id(), s.seq(), s.name(), s.capabilities(),
                    s.expiryMinutes(), s.created(), s.updated(), s.endsAt(), s.participants(),
                    s.numberSelectionBehavior(), s.geoMatchLevel(), s.geoCountry(), s.geoAreaCode(), true);
            return new Change<>(marked, sessionPut(marked));
        });
    }

    Page<SessionRec> listProxySessions(ListProxySessions in) {
        ConnectorState cs = connector(in.voiceConnectorId());
        long now = clock.millis();
        String status = in.status();
        return Pages.page(cs.bySeq, s -> s, s -> status == null || status.equals(s.status(now)), SessionRec::seq,
                "sessions:" + in.voiceConnectorId(), status == null ? "-" : status, in.maxResults(), in.nextToken());
    }

    /** Every session of a connector, in creation order (for tests and the emulator's own tools). */
    List<SessionRec> sessions(String connectorId) {
        return List.copyOf(connector(connectorId).bySeq.values());
    }

    List<String> connectorIds() {
        List<String> ids = new ArrayList<>();
        connectorOrder.values().forEach(id -> {
            if (connectors.containsKey(id)) {
                ids.add(id);
            }
        });
        return ids;
    }

    long now() {
        return clock.millis();
    }

    // ---------------------------------------------------------------- number selection

    private String chooseProxyNumber(ConnectorState cs, ProxyRec proxy, CreateProxySession in, long now) {
        String first = in.participantPhoneNumbers().get(0);
        String second = in.participantPhoneNumbers().get(1);
        // A proxy number is free for this pair when neither participant has an open session on it.
        Set<String> busy = new HashSet<>();
        for (String participant : List.of(first, second)) {
            for (String id : cs.sessionsByParticipant.getOrDefault(PhoneNumbers.digits(participant), Set.of())) {
                SessionRec s = cs.byId.get(id);
                if (s != null && s.active(now)) {
                    busy.add(s.proxyPhoneNumber());
                }
            }
        }
        GeoMatchParams geo = in.geoMatchParams();
        return NumberSelector.select(new NumberSelector.Request(cs.connector.id(), cs.inventory,
                proxy.phoneNumberCountries(), first, second, busy,
                number -> cs.sessionsByProxyNumber.getOrDefault(number, 0),
                cs.lastProxyNumberByPair.get(pairKey(first, second)), in.numberSelectionBehavior(),
                in.geoMatchLevel(), geo == null ? null : geo.country(), geo == null ? null : geo.areaCode()));
    }

    /** Capabilities as given, each once. */
    private static List<String> distinct(List<String> capabilities) {
        return List.copyOf(new LinkedHashSet<>(capabilities));
    }

    // ---------------------------------------------------------------- changes, journal and snapshot

    /** A change's result and the journal record that makes it happen. */
    private record Change<T>(T result, LongFunction<JournalRecord> record) {
    }

    /**
     * Runs {@code decide} (which checks preconditions against the connector and describes the change), journals the
     * change, applies it, and returns once it is durable. Deciding, journaling and applying happen under the
     * connector's lock, so concurrent changes to one connector see each other's effects and are journaled in the order
     * they were applied.
     *
     * @param connectorId the connector the change concerns, or null for a change that concerns no existing connector
     */
    private <T> T change(String connectorId, Function<ConnectorState, Change<T>> decide) {
        JournalRecord record;
        Change<T> change;
        changeLock.readLock().lock();
        try {
            ConnectorState cs = connectorId == null ? null : connector(connectorId);
            if (cs != null) {
                cs.lock.lock();
            }
            try {
                if (cs != null && cs.deleted) {
                    throw notFoundConnector(connectorId);
                }
                change = decide.apply(cs);
                record = journal != null ? journal.append(change.record()) : change.record().apply(0);
                record.applyTo(applier);
            } finally {
                if (cs != null) {
                    cs.lock.unlock();
                }
            }
        } finally {
            changeLock.readLock().unlock();
        }
        if (journal != null) {
            journal.sync(record.seq());
            if (journal.needsCompaction()) {
                compact();
            }
        }
        return change.result();
    }

    private static LongFunction<JournalRecord> sessionPut(SessionRec session) {
        return seq -> new SessionPut(seq, session.connectorId(), session);
    }

    /** Applies journal records; the same code serves live changes and replay after a restart. */
    private final class StateApplier implements JournalRecord.Applier {
        @Override
        public void apply(ConnectorPut r) {
            ConnectorState cs = new ConnectorState(r.connector(), r.inventory());
            cs.tags = List.copyOf(r.tags());
            connectors.put(r.connector().id(), cs);
            connectorOrder.put(r.connector().seq(), r.connector().id());
            bumpSeq(r.connector().seq());
        }

        @Override
        public void apply(ConnectorUpdate r) {
            existing(r.connector().id()).connector = r.connector();
        }

        @Override
        public void apply(ConnectorDelete r) {
            ConnectorState cs = connectors.remove(r.connectorId());
            if (cs != null) {
                cs.deleted = true;
                connectorOrder.remove(cs.connector.seq());
            }
        }

        @Override
        public void apply(InventoryPut r) {
            existing(r.connectorId()).inventory = List.copyOf(r.inventory());
        }

        @Override
        public void apply(TagsPut r) {
            existing(r.connectorId()).tags = List.copyOf(r.tags());
        }

        @Override
        public void apply(ProxyPut r) {
            existing(r.connectorId()).proxy = r.proxy();
        }

        @Override
        public void apply(ProxyDelete r) {
            existing(r.connectorId()).proxy = null;
        }

        @Override
        public void apply(SessionPut r) {
            existing(r.connectorId()).put(r.session());
            bumpSeq(r.session().seq());
        }

        @Override
        public void apply(SessionDelete r) {
            existing(r.connectorId()).remove(r.id());
        }

        @Override
        public void apply(ClockPut r) {
            clock.setOffsetMillis(r.offsetMillis());
        }

        /** The connector a record changes; on replay, it may be missing when the record that made it was lost. */
        private ConnectorState existing(String id) {
            ConnectorState cs = connectors.get(id);
            if (cs == null) {
                throw new IllegalStateException("Voice connector " + id + " not found");
            }
            return cs;
        }
    }

    private void bumpSeq(long seq) {
        nextSeq.accumulateAndGet(seq, Math::max);
    }

    private Snapshot snapshot(long lastSeq) {
        List<ConnectorSnapshot> list = new ArrayList<>();
        for (String id : connectorIds()) {
            ConnectorState cs = connectors.get(id);
            list.add(new ConnectorSnapshot(cs.connector, cs.proxy, cs.inventory, cs.tags,
                    Map.copyOf(cs.lastProxyNumberByPair), List.copyOf(cs.bySeq.values())));
        }
        return new Snapshot(lastSeq, nextSeq.get(), clock.offsetMillis(), list);
    }

    private void loadSnapshot(Snapshot snapshot) {
        for (ConnectorSnapshot c : snapshot.connectors()) {
            ConnectorState cs = new ConnectorState(c.connector(), c.inventory());
            cs.tags = List.copyOf(c.tags());
            cs.proxy = c.proxy();
            c.sessions().forEach(session -> {
                cs.put(session);
                bumpSeq(session.seq());
            });
            // Restore stickiness after the sessions, which would otherwise overwrite older history.
            cs.lastProxyNumberByPair.putAll(c.lastProxyNumberByPair());
            connectors.put(c.connector().id(), cs);
            connectorOrder.put(c.connector().seq(), c.connector().id());
            bumpSeq(c.connector().seq());
        }
        bumpSeq(snapshot.nextSeq());
        clock.setOffsetMillis(snapshot.clockOffsetMillis());
    }

    private void compact() {
        if (journal == null || !compacting.compareAndSet(false, true)) {
            return;
        }
        try {
            changeLock.writeLock().lock();
            try {
                journal.compact(this::snapshot);
            } finally {
                changeLock.writeLock().unlock();
            }
        } finally {
            compacting.set(false);
        }
    }

    /** What opening the state file had to repair, one line each; empty without one, or when it was whole. */
    List<String> stateRepairs() {
        return journal == null ? List.of() : journal.repairs();
    }

    @Override
    public void close() throws IOException {
        if (journal != null) {
            journal.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private ConnectorState connector(String id) {
        ConnectorState cs = connectors.get(id);
        if (cs == null) {
            throw notFoundConnector(id);
        }
        return cs;
    }

    private static ApiException notFoundConnector(String id) {
        return ApiException.notFound("Voice connector " + id + " not found");
    }

    private static ApiException notFoundSession(String connectorId, String sessionId) {
        return ApiException.notFound("Proxy session " + sessionId + " not found on voice connector " + connectorId);
    }

    private static String randomConnectorId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(22);
        for (int i = 0; i < 22; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    static String arn(ConnectorRec c) {
        return "arn:aws:chime:" + c.awsRegion() + ":" + ServiceRules.ACCOUNT_ID + ":vc/" + c.id();
    }
}
