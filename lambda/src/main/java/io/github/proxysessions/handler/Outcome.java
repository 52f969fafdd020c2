package io.github.proxysessions.handler;

import java.util.Map;

/**
 * What an event comes to: SUCCESS with the physical id and attributes, or FAILED with the physical id to answer and
 * the failure, which {@link Failures} turns into the Reason.
 */
record Outcome(boolean success, String physicalResourceId, Map<String, String> data, Throwable failure) {

    static Outcome success(String physicalResourceId, Map<String, String> data) {
        return new Outcome(true, physicalResourceId, data, null);
    }

    static Outcome failed(String physicalResourceId, Throwable failure) {
        return new Outcome(false, physicalResourceId, null, failure);
    }
}
