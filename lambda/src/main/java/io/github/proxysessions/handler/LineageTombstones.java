package io.github.proxysessions.handler;

import io.github.proxysessions.rules.ProxySessionLineage;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Closes the race between a renewal in flight and the stack's Delete of its session (a successor created after the
 * Delete's last listing would be a session no stack owns). The Delete writes a tombstone for the lineage on the
 * connector, {@code proxy-sessions:deleted-lineage-<L>} (its value the time), <em>before</em> it lists and deletes the
 * generations; a renewal that created a generation reads the connector's tags <em>after</em> it created. Either the
 * renewal's read comes after the tombstone, and it deletes what it made; or it comes before, and then its create came
 * before the Delete's listing, which finds and deletes the generation. A tombstone is removed, by the next Delete or
 * renewal that reads the connector's tags, once it is older than any run that started before it can live (Lambda's
 * longest timeout).
 *
 * <p>Best effort, both sides: a tag call that fails (no permission on the connector, its 50 tags used up) is noted,
 * and the Delete's two listings remain what narrows the race.
 */
final class LineageTombstones {

    static final String PREFIX = "proxy-sessions:deleted-lineage-";
    /** Longer than any invocation lives: no run that started before a tombstone can read it after this. */
    static final Duration KEPT = Duration.ofMinutes(15);

    private LineageTombstones() {
    }

    static String key(ProxySessionLineage lineage) {
        return PREFIX + lineage.tag();
    }

    /**
     * Writes the lineage's tombstone, and removes the connector's tombstones older than {@link #KEPT}.
     *
     * @return null when written, or why not, for the log line
     */
    static String write(ChimeApi api, String connectorArn, ProxySessionLineage lineage, Instant now) {
        try {
            Map<String, String> tags = api.tags(connectorArn);
            List<String> expired = new ArrayList<>();
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                if (tag.getKey().startsWith(PREFIX) && expired(tag.getValue(), now)) {
                    expired.add(tag.getKey());
                }
            }
            if (!expired.isEmpty()) {
                api.untagResource(connectorArn, expired);
            }
            api.tagResource(connectorArn, Map.of(key(lineage), now.toString()));
            return null;
        } catch (RuntimeException e) {
            return "not written: " + e.getMessage();
        }
    }

    /**
     * True when the lineage has a tombstone: its stack deleted it. False also when the tags cannot be read, noted.
     * Removes the connector's expired tombstones on the way, so that a connector whose sessions live keeps few.
     */
    static boolean deleted(ChimeApi api, String connectorArn, ProxySessionLineage lineage, Instant now, Notes notes) {
        Map<String, String> tags;
        try {
            tags = api.tags(connectorArn);
        } catch (RuntimeException e) {
            notes.note("tombstoneCheck", "skipped: " + e.getMessage());
            return false;
        }
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().startsWith(PREFIX) && expired(tag.getValue(), now)) {
                expired.add(tag.getKey());
            }
        }
        if (!expired.isEmpty()) {
            try {
                api.untagResource(connectorArn, expired);
            } catch (RuntimeException e) {
                notes.note("expiredTombstones", "not removed: " + e.getMessage());
            }
        }
        return tags.containsKey(key(lineage)) && !expired.contains(key(lineage));
    }

    private static boolean expired(String written, Instant now) {
        try {
            return Instant.parse(written).plus(KEPT).isBefore(now);
        } catch (DateTimeParseException e) {
            // Not ours to judge: a value the handler did not write is left.
            return false;
        }
    }
}
