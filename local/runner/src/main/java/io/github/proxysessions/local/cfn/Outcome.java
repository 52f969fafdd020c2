package io.github.proxysessions.local.cfn;

import java.util.Map;

/**
 * How one resource operation ended, whatever the resource's kind: SUCCESS with the physical id and attributes, or
 * FAILED with a Reason (and, for a custom resource, the physical id its FAILED response carried, which
 * CloudFormation's rollback deletes).
 */
record Outcome(boolean success, String reason, String physicalId, Map<String, String> data) {

    Outcome {
        data = data == null ? Map.of() : data;
    }

    static Outcome succeeded(String physicalId, Map<String, String> data) {
        return new Outcome(true, null, physicalId, data);
    }

    static Outcome failed(String reason, String physicalId) {
        return new Outcome(false, reason, physicalId, Map.of());
    }

    /** The Reason an exception gives an operation it failed: its message, or what it is when it has none. */
    static String reason(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
