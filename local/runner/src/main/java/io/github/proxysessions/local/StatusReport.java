package io.github.proxysessions.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code status} reports: the recorded stacks and resources, what the service says of each proxy session, and
 * the sessions on the stacks' voice connectors that no resource owns.
 */
public record StatusReport(List<Stack> stacks, List<Damaged> damaged, List<Orphan> orphans) {

    /** A recorded stack; {@code pending} counts requests a killed run left unanswered. */
    public record Stack(String name, String status, List<Resource> resources, Map<String, String> outputs,
                        int pending) {
    }

    /**
     * A recorded resource.
     *
     * @param serviceStatus for proxy sessions: Open, InProgress, Closed or missing; for proxy configurations:
     *                      configured or missing; null for other types
     * @param leftover      true when it left the stack and its delete is still to be done
     */
    public record Resource(String logicalId, String type, String physicalId, Map<String, String> data,
                           String serviceStatus, boolean leftover) {
    }

    /**
     * A stack whose record cannot be read, and what the service holds on the voice connectors it used that no
     * readable record owns: the damaged record may have owned them.
     *
     * @param configured the connectors among them with a proxy configuration
     */
    public record Damaged(String name, Path file, String problem, List<Orphan> sessions, List<String> configured) {
    }

    /** A session on a stack's connector that no resource owns. */
    public record Orphan(String voiceConnectorId, String proxySessionId, String name, String status) {
    }
}
