package io.github.proxysessions.emulator;

import io.github.proxysessions.emulator.Records.ConnectorRec;
import io.github.proxysessions.emulator.Records.ProxyRec;
import io.github.proxysessions.emulator.Records.SessionRec;
import io.github.proxysessions.emulator.Records.TagRec;
import java.util.List;
import java.util.Map;

/**
 * The whole state at one point of the journal: the snapshot file. Member names are those the emulator has always
 * written, so snapshots of earlier versions load unchanged.
 *
 * @param lastSeq           the last journal record the snapshot contains; replay starts after it
 * @param nextSeq           the last sequence number given to a connector or session
 * @param clockOffsetMillis how far the clock has been moved ahead
 * @param connectors        every voice connector, in creation order
 */
record Snapshot(long lastSeq, long nextSeq, long clockOffsetMillis, List<ConnectorSnapshot> connectors) {

    /**
     * One voice connector and everything on it.
     *
     * @param proxy                 its proxy configuration, or null
     * @param lastProxyNumberByPair the stickiness history: the number each pair of participants had last
     * @param sessions              its sessions, in creation order
     */
    record ConnectorSnapshot(ConnectorRec connector, ProxyRec proxy, List<String> inventory, List<TagRec> tags,
                             Map<String, String> lastProxyNumberByPair, List<SessionRec> sessions) {
        ConnectorSnapshot {
            // Snapshots written before connectors had tags have none.
            tags = tags == null ? List.of() : tags;
        }
    }
}
