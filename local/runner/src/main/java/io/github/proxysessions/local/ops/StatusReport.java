package io.github.proxysessions.local.ops;

import io.github.proxysessions.local.service.ConnectorSurvey.Orphan;
import io.github.proxysessions.local.service.ConnectorSurvey.Unknown;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code status} reports: the recorded stacks and resources, each resource's drift (its declaration compared
 * with what the service holds) and what the service says of it, and the sessions on the stacks' voice connectors
 * that no resource owns.
 */
public record StatusReport(List<Stack> stacks, List<Damaged> damaged, List<Orphan> orphans,
                           List<Unknown> orphansUnknown) {

    /**
     * True when {@code status --fail} fails: a resource of the stacks is MODIFIED or DELETED (or could not be
     * checked), a session is orphaned, a connector could not be searched for orphans, or a stack's record cannot be
     * read.
     */
    public boolean fails() {
        return !orphans.isEmpty() || !orphansUnknown.isEmpty() || !damaged.isEmpty()
                || stacks.stream().flatMap(s -> s.resources().stream())
                        .anyMatch(r -> !r.leftover() && r.drift().fails());
    }

    /** How many of the stacks' resources (leftovers aside) have each drift status, in the enum's order. */
    public Map<Drift.Status, Long> driftCounts() {
        Map<Drift.Status, Long> counts = new java.util.EnumMap<>(Drift.Status.class);
        for (Drift.Status status : Drift.Status.values()) {
            counts.put(status, 0L);
        }
        stacks.stream().flatMap(s -> s.resources().stream()).filter(r -> !r.leftover())
                .forEach(r -> counts.merge(r.drift().status(), 1L, Long::sum));
        return counts;
    }

    /**
     * A recorded stack; {@code pending} counts requests a killed run left unanswered.
     *
     * @param name        its stack name
     * @param displayName its hierarchical id ({@code Prod/Sessions}), as its last deploy recorded it
     */
    public record Stack(String name, String displayName, String status, List<Resource> resources,
                        Map<String, String> outputs, int pending) {
    }

    /**
     * A recorded resource.
     *
     * @param serviceStatus for proxy sessions: Open, InProgress, Closed or missing; for proxy configurations:
     *                      configured or missing; for voice connectors, their settings and all their tags; null for
     *                      other types
     * @param leftover      true when it left the stack and its delete is still to be done (its drift is then
     *                      NOT_CHECKED: it is no longer declared)
     * @param drift         its declaration compared with what the service holds
     */
    public record Resource(String logicalId, String type, String physicalId, Map<String, String> data,
                           String serviceStatus, boolean leftover, Drift drift) {
    }

    /**
     * A stack whose record cannot be read, and what the service holds on the voice connectors it used that no
     * readable record owns: the damaged record may have owned them.
     *
     * @param configured the connectors among them with a proxy configuration
     */
    public record Damaged(String name, Path file, String problem, List<Orphan> sessions, List<String> configured) {
    }

}
