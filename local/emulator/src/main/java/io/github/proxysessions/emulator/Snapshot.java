package io.github.proxysessions.emulator;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.proxysessions.emulator.Records.ConnectorRec;
import io.github.proxysessions.emulator.Records.ProxyRec;
import io.github.proxysessions.emulator.Records.SessionRec;
import io.github.proxysessions.emulator.Records.TagRec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole state at one point of the journal: the snapshot file. Member names are those the emulator has always
 * written, so snapshots of earlier versions load unchanged.
 *
 * @param lastSeq           the last journal record the snapshot contains; replay starts after it
 * @param nextSeq           the last sequence number given to a connector or session
 * @param clockOffsetMillis how far the clock has been moved ahead
 * @param connectors        every voice connector, in creation order
 */
record Snapshot(@JsonProperty(required = true) long lastSeq, @JsonProperty(required = true) long nextSeq,
                long clockOffsetMillis, @JsonProperty(required = true) List<ConnectorSnapshot> connectors) {

    Snapshot {
        Records.noNulls(connectors, "connectors");
        if (lastSeq < 0 || nextSeq < 0) {
            throw new IllegalArgumentException("lastSeq and nextSeq must be 0 or more");
        }
    }

    /**
     * One voice connector and everything on it.
     *
     * @param proxy                 its proxy configuration, or null
     * @param lastProxyNumberByPair the stickiness history: the number each pair of participants had last
     * @param sessions              its sessions, in creation order
     */
    record ConnectorSnapshot(@JsonProperty(required = true) ConnectorRec connector, ProxyRec proxy,
                             @JsonProperty(required = true) List<String> inventory, List<TagRec> tags,
                             Map<String, String> lastProxyNumberByPair,
                             @JsonProperty(required = true) List<SessionRec> sessions) {
        ConnectorSnapshot {
            Objects.requireNonNull(connector, "connector must not be null");
            Records.noNulls(inventory, "inventory");
            Records.noNulls(sessions, "sessions");
            // Snapshots written before connectors had tags have none.
            tags = tags == null ? List.of() : Records.noNulls(tags, "tags");
            lastProxyNumberByPair = lastProxyNumberByPair == null ? Map.of() : lastProxyNumberByPair;
        }
    }
}
