package io.github.proxysessions.handler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event being handled: the event, the API calls it may make within its deadline, and notes for its log line.
 *
 * @param event the CloudFormation event
 * @param api   the API, bound to this invocation's deadline
 * @param tag   the idempotency tag of this request (see {@link IdempotencyTag})
 * @param notes facts for the log line, such as {@code change=replacement}
 */
record CustomResourceRequest(CloudFormationEvent event, ChimeApi api, String tag,
                             Map<String, Object> notes) {

    CustomResourceRequest(CloudFormationEvent event, ChimeApi api) {
        this(event, api, IdempotencyTag.of(event.stackId(), event.logicalResourceId(), event.requestId()),
                new LinkedHashMap<>());
    }

    void note(String key, Object value) {
        notes.put(key, value);
    }
}
