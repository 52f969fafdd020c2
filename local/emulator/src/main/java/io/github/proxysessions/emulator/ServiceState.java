package io.github.proxysessions.emulator;

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
import io.github.proxysessions.emulator.Snapshot.ConnectorSnapshot;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The emulator's state and how it changes: every voice connector ({@link ConnectorState}), the sequence numbers that
 * order connectors and sessions, the clock's offset, and, with a state file, the journal and snapshot that make it
 * durable. What a change may do is the {@link VoiceService}'s to decide; this class applies it, journaled and in order.
 * Thread-safe. Reads take no lock; changes to one connector are serialised by that connector's lock, journaled in the
 * order they are applied, and acknowledged only once durable.
 */
final class ServiceState implements Closeable {

    private final EmulatorClock clock;
    private final Map<String, ConnectorState> connectors = new ConcurrentHashMap<>();
    private final NavigableMap<Long, String> connectorOrder = new ConcurrentSkipListMap<>();
    private final AtomicLong nextSeq = new AtomicLong();
    /** Changes hold it shared; a snapshot holds it exclusively, so that it sees no change half-made. */
    private final ReentrantReadWriteLock changeLock = new ReentrantReadWriteLock();
    private final AtomicBoolean compacting = new AtomicBoolean();
    private final StateApplier applier = new StateApplier();
    private final Store store;

    private ServiceState(Clock clock, Function<ServiceState, Store> open) {
        this.clock = new EmulatorClock(clock);
        this.store = open.apply(this);
    }

    /** An empty state in memory. */
    static ServiceState inMemory(Clock clock) {
        return new ServiceState(clock, state -> new InMemory());
    }

    /**
     * The state in {@code stateFile} and its journal, which this state alone may change from now on: it holds their
     * lock until closed, repairs what opening found damaged, and starts with a fresh snapshot.
     *
     * @throws EmulatorStateException when the state cannot be used as it is, or another emulator holds it
     */
    static ServiceState open(Clock clock, Path stateFile) {
        ServiceState state = new ServiceState(clock, s -> s.new Journaled(
                Journal.open(stateFile, s::loadSnapshot, r -> r.applyTo(s.applier))));
        state.compact();
        return state;
    }

    /**
     * The state in {@code stateFile} and its journal as they are now, for reading only: nothing on disk changes, no
     * lock is taken (another emulator may hold the state meanwhile), and every change is refused
     * ({@link #readOnly()}). A state file that does not exist is an empty state.
     *
     * @throws EmulatorStateException when the state cannot be used as it is
     */
    static ServiceState openToRead(Clock clock, Path stateFile) {
        return new ServiceState(clock, s -> new ReadOnly(stateFile.toAbsolutePath(),
                Journal.read(stateFile, s::loadSnapshot, r -> r.applyTo(s.applier))));
    }

    /** A change's result and the journal record that makes it happen. */
    record Change<T>(T result, LongFunction<JournalRecord> record) {
    }

    /** The clock that timestamps and expiry follow; the state keeps its offset. */
    EmulatorClock clock() {
        return clock;
    }

    /** The next sequence number for a connector or a session: lists are in this order. */
    long nextSeq() {
        return nextSeq.incrementAndGet();
    }

    /**
     * The connector with this id.
     *
     * @throws ApiException 404 when there is none
     */
    ConnectorState connector(String id) {
        ConnectorState cs = connectors.get(id);
        if (cs == null) {
            throw notFoundConnector(id);
        }
        return cs;
    }

    /** The connector with this id, or null. */
    ConnectorState find(String id) {
        return connectors.get(id);
    }

    /** The ids of the connectors by their sequence number, in creation order; a deleted one may linger briefly. */
    NavigableMap<Long, String> connectorOrder() {
        return Collections.unmodifiableNavigableMap(connectorOrder);
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

    /**
     * Runs {@code decide} (which checks preconditions against the connector and describes the change), journals the
     * change, applies it, and returns once it is durable. Deciding, journaling and applying happen under the
     * connector's lock, so concurrent changes to one connector see each other's effects and are journaled in the order
     * they were applied.
     *
     * @param connectorId the connector the change concerns, or null for a change that concerns no existing connector
     * @throws ApiException 404 when the connector does not exist, or whatever {@code decide} throws
     */
    <T> T change(String connectorId, Function<ConnectorState, Change<T>> decide) {
        store.admit();
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
                record = store.append(change.record());
                record.applyTo(applier);
            } finally {
                if (cs != null) {
                    cs.lock.unlock();
                }
            }
        } finally {
            changeLock.readLock().unlock();
        }
        store.commit(record);
        return change.result();
    }

    /** Where changes go: the three ways to open the state. */
    private interface Store {
        /**
         * Refuses any change, before it is decided, when the state cannot change.
         *
         * @throws ApiException 403 when it cannot
         */
        default void admit() {
        }

        /** The record that {@code make} builds, numbered and, with a journal, written (not yet durable). */
        JournalRecord append(LongFunction<JournalRecord> make);

        /** Returns once the applied record is durable. */
        default void commit(JournalRecord record) {
        }

        /** What opening found damaged and did about it, one line each. */
        default List<String> repairs() {
            return List.of();
        }

        default void close() throws IOException {
        }
    }

    /** A state in memory: nothing to write. */
    private static final class InMemory implements Store {
        @Override
        public JournalRecord append(LongFunction<JournalRecord> make) {
            return make.apply(0);
        }
    }

    /** A state in a file: each change journaled and synced, folded into a new snapshot now and then. */
    private final class Journaled implements Store {
        private final Journal journal;

        Journaled(Journal journal) {
            this.journal = journal;
        }

        @Override
        public JournalRecord append(LongFunction<JournalRecord> make) {
            return journal.append(make);
        }

        @Override
        public void commit(JournalRecord record) {
            journal.sync(record.seq());
            if (journal.needsCompaction()) {
                compact();
            }
        }

        @Override
        public List<String> repairs() {
            return journal.repairs();
        }

        @Override
        public void close() throws IOException {
            journal.close();
        }
    }

    /** A state file read as it was, which this state never writes. */
    private record ReadOnly(Path file, List<String> repairs) implements Store {
        @Override
        public void admit() {
            throw ApiException.forbidden("ForbiddenException", "This emulator serves the state in " + file
                    + " read-only (opened to read it, as the local runner's status does): it changes nothing. Make "
                    + "the change through the emulator or runner that uses that state.");
        }

        @Override
        public JournalRecord append(LongFunction<JournalRecord> make) {
            throw new IllegalStateException("a read-only state admits no change");
        }
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
        if (!(store instanceof Journaled journaled) || !compacting.compareAndSet(false, true)) {
            return;
        }
        try {
            changeLock.writeLock().lock();
            try {
                journaled.journal.compact(this::snapshot);
            } finally {
                changeLock.writeLock().unlock();
            }
        } finally {
            compacting.set(false);
        }
    }

    /**
     * What opening the state file had to repair, one line each; read-only, what it found damaged and left as it is.
     * Empty without a state file, or when it was whole.
     */
    List<String> repairs() {
        return store.repairs();
    }

    /** Whether this state was opened to read only: then every change is refused with a 403. */
    boolean readOnly() {
        return store instanceof ReadOnly;
    }

    @Override
    public void close() throws IOException {
        store.close();
    }

    static ApiException notFoundConnector(String id) {
        return ApiException.notFound("Voice connector " + id + " not found");
    }
}
