package io.github.proxysessions.emulator;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.github.proxysessions.emulator.Records.ConnectorRec;
import io.github.proxysessions.emulator.Records.ProxyRec;
import io.github.proxysessions.emulator.Records.SessionRec;
import io.github.proxysessions.emulator.Records.TagRec;
import java.util.List;
import java.util.Objects;

/**
 * One change of the emulator's state, as the journal keeps it: a JSON object whose {@code op} names the kind of change
 * and whose {@code seq} orders it. The names and members are those the emulator has always written, so journals of
 * earlier versions replay unchanged. The same code applies a change live and on replay ({@link Applier}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JournalRecord.ConnectorPut.class, name = "connector.put"),
    @JsonSubTypes.Type(value = JournalRecord.ConnectorUpdate.class, name = "connector.update"),
    @JsonSubTypes.Type(value = JournalRecord.ConnectorDelete.class, name = "connector.delete"),
    @JsonSubTypes.Type(value = JournalRecord.InventoryPut.class, name = "inventory.put"),
    @JsonSubTypes.Type(value = JournalRecord.TagsPut.class, name = "tags.put"),
    @JsonSubTypes.Type(value = JournalRecord.ProxyPut.class, name = "proxy.put"),
    @JsonSubTypes.Type(value = JournalRecord.ProxyDelete.class, name = "proxy.delete"),
    @JsonSubTypes.Type(value = JournalRecord.SessionPut.class, name = "session.put"),
    @JsonSubTypes.Type(value = JournalRecord.SessionDelete.class, name = "session.delete"),
    @JsonSubTypes.Type(value = JournalRecord.ClockPut.class, name = "clock.put")})
sealed interface JournalRecord {

    /** The record's place in the journal: 1, 2, 3, ... across snapshots. */
    long seq();

    void applyTo(Applier applier);

    /** Applies each kind of change; one method per kind, so that adding a kind cannot be forgotten. */
    interface Applier {
        void apply(ConnectorPut r);

        void apply(ConnectorUpdate r);

        void apply(ConnectorDelete r);

        void apply(InventoryPut r);

        void apply(TagsPut r);

        void apply(ProxyPut r);

        void apply(ProxyDelete r);

        void apply(SessionPut r);

        void apply(SessionDelete r);

        void apply(ClockPut r);
    }

    /** A new voice connector, with the inventory and tags it starts with. */
    record ConnectorPut(long seq, ConnectorRec connector, List<String> inventory, List<TagRec> tags)
            implements JournalRecord {
        public ConnectorPut {
            Objects.requireNonNull(connector, "connector must not be null");
            Records.noNulls(inventory, "inventory");
            // Journals written before connectors had tags have none.
            tags = tags == null ? List.of() : Records.noNulls(tags, "tags");
        }

        @Override
        public void applyTo(Applier applier) {
            applier.apply(this);
        }
    }

    record ConnectorUpdate(long seq, ConnectorRec connector) implements JournalRecord {
        public ConnectorUpdate {
            Objects.requireNonNull(connector, "connector must not be null");
        }

        @Override
        public void applyTo(Applier applier) {
            applier.apply(this);
        }
    }

    record ConnectorDelete(long seq, String connectorId) implements JournalRecord {
        public ConnectorDelete {
            Objects.requireNonNull(connectorId, "connectorId must not be null");
        }

        @Override
        public void applyTo(Applier applier) {
            applier.apply(this);
        }
    }

    record InventoryPut(long seq, String connectorId, List<String> inventory) implements JournalRecord {
        public InventoryPut {
            Objects.requireNonNull(connectorId, "connectorId must not be null");
            Objects.requireNonNull(inventory, "inventory must not be null");
        }

        @Override
        public void applyTo(Applier applier) {
            applier.apply(this);
        }
    }

    /** A connector's tags, whole, in order. */
    record TagsPut(long seq, String connectorId, List<TagRec> tags) implements JournalRecord {
        public TagsPut {
            Objects.requireNonNull(connectorId, "connectorId must not be null");
            Objects.requireNonNull(tags, "tags must not be null");
        }

        @Override
        public void applyTo(Applier applier) {
            applier.apply(this);
        }
    }

    record ProxyPut(long seq, String connectorId, ProxyRec proxy) implements JournalRecord {
        public ProxyPut {
            Objects.requireNonNull(connectorId, "connectorId must not be null");
            Objects.requireNonNull(proxy, "proxy must not be null");
        }

        @Override
        public void applyTo(Applier applier) {
            applier.apply(this);
        }
    }

    record ProxyDelete(long seq, String connectorId) implements JournalRecord {
        public ProxyDelete {
            Objects.requireNonNull(connectorId, "connectorId must not be null");
        }

        @Override
        public void applyTo(Applier applier) {
            applier.apply(this);
        }
    }

    /** A session created or changed, whole. */
    record SessionPut(long seq, String connectorId, SessionRec session) implements JournalRecord {
        public SessionPut {
            Objects.requireNonNull(connectorId, "connectorId must not be null");
            Objects.requireNonNull(session, "session must not be null");
        }

        @Override
        public void applyTo(Applier applier) {
            applier.apply(this);
        }
    }

    record SessionDelete(long seq, String connectorId, String id) implements JournalRecord {
        public SessionDelete {
            Objects.requireNonNull(connectorId, "connectorId must not be null");
            Objects.requireNonNull(id, "id must not be null");
        }

        @Override
        public void applyTo(Applier applier) {
            applier.apply(this);
        }
    }

    /** The clock's total offset. */
    record ClockPut(long seq, long offsetMillis) implements JournalRecord {
        @Override
        public void applyTo(Applier applier) {
            applier.apply(this);
        }
    }
}
