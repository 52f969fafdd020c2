package io.github.proxysessions.handler;

import java.util.Map;

/**
 * What an event comes to: SUCCESS with the physical id and attributes, or FAILED with the physical id to answer and
 * the failure, which {@link Failures} turns into the Reason.
 */
record Outcome(boolean success, PhysicalId physicalId, Map<String, String> data, Throwable failure) {

    static Outcome success(PhysicalId physicalId, Map<String, String> data) {
        return new Outcome(true, physicalId, data, null);
    }

    static Outcome success(String physicalResourceId, Map<String, String> data) {
        return success(new PhysicalId.Real(physicalResourceId), data);
    }

    static Outcome failed(PhysicalId physicalId, Throwable failure) {
        return new Outcome(false, physicalId, null, failure);
    }
}
