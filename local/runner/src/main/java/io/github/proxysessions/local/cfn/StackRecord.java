package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the runner knows of a deployed stack: its resources as CloudFormation would record them, the operations under
 * way (so that a run killed in the middle can finish them), and every voice connector the stack ever used (so that
 * {@code status} can look for orphans after a destroy). Mutable; guarded by the deployment that owns it, and saved
 * atomically by {@link StateStore} after every change.
 */
public final class StackRecord {

    public String stackName;
    public String stackId;
    public String status;
    public Map<String, ResourceRecord> resources = new LinkedHashMap<>();
    public Map<String, String> outputs = new LinkedHashMap<>();
    public List<PendingOperation> pending = new ArrayList<>();
    /**
     * Resources that left the stack (replaced, or removed from the template) but whose delete has not succeeded yet:
     * every later deploy and destroy tries again, so that nothing is left behind.
     */
    public List<ResourceRecord> leftovers = new ArrayList<>();
    public Set<String> voiceConnectors = new LinkedHashSet<>();

    /** A resource as recorded after its last successful operation. */
    public static final class ResourceRecord {
        public String logicalId;
        public String type;
        public String physicalId;
        /** What was last sent (custom resources: as CloudFormation sends them, scalars as strings). */
        public JsonNode properties;
        public Map<String, String> data = new LinkedHashMap<>();
        /** True for resources with no local meaning: recorded, never acted on. */
        public boolean skipped;
        public String deletionPolicy = "Delete";
        public String updateReplacePolicy = "Delete";
        /** The resources this one depended on, for deleting in reverse order. */
        public List<String> dependencies = new ArrayList<>();
    }

    /**
     * A custom-resource request sent but not yet answered. Redelivered with the same RequestId by the next run: the
     * provider recognises a second delivery, so the resource is neither lost nor duplicated.
     */
    public static final class PendingOperation {
        public String requestId;
        public String requestType;
        public String logicalId;
        /** The event without its ResponseURL, which is made afresh for each delivery. */
        public JsonNode event;
        /** The record the operation would change: the properties and policies of a Create or Update. */
        public ResourceRecord target;
    }
}
