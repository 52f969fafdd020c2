package io.github.proxysessions.handler;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * A CloudFormation custom-resource event as it arrived, read from its JSON without judging it: each member is what the
 * event holds, or null when it is absent. Raw maps stop at {@link #properties()}, which the resource kinds parse into
 * their own records.
 *
 * @param requestType          {@code Create}, {@code Update} or {@code Delete}, or whatever else arrived
 * @param responseUrl          the pre-signed URL to answer to: a secret, never logged
 * @param resourceProperties   the {@code ResourceProperties} member as it arrived: an object, or anything else
 * @param oldResourceProperties the {@code OldResourceProperties} member of an Update, as it arrived
 */
record CloudFormationEvent(String requestType, String responseUrl, String stackId, String requestId,
                           String resourceType, String logicalResourceId, String physicalResourceId,
                           JsonNode resourceProperties, JsonNode oldResourceProperties) {

    /** The handler's one plain ObjectMapper (thread-safe): events, results, log lines and response sizes. */
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** The event in a JSON object, member by member; a member of the wrong JSON type is read as its JSON text. */
    static CloudFormationEvent from(JsonNode json) {
        return new CloudFormationEvent(text(json, "RequestType"), text(json, "ResponseURL"), text(json, "StackId"),
                text(json, "RequestId"), text(json, "ResourceType"), text(json, "LogicalResourceId"),
                text(json, "PhysicalResourceId"), member(json, "ResourceProperties"),
                member(json, "OldResourceProperties"));
    }

    /** The resource's properties, or null when the event has none or they are not a JSON object. */
    Map<String, Object> properties() {
        return asMap(resourceProperties);
    }

    /** The properties before an Update, or null when the event has none or they are not a JSON object. */
    Map<String, Object> oldProperties() {
        return asMap(oldResourceProperties);
    }

    /**
     * The members Powertools copies into the response (it reads nothing else), under a RequestType it dispatches: the
     * response itself is decided before Powertools sees the event.
     */
    CloudFormationCustomResourceEvent forPowertools() {
        CloudFormationCustomResourceEvent event = new CloudFormationCustomResourceEvent();
        event.setRequestType("Create");
        event.setResponseUrl(responseUrl);
        event.setStackId(stackId);
        event.setRequestId(requestId);
        event.setLogicalResourceId(logicalResourceId);
        event.setPhysicalResourceId(physicalResourceId);
        event.setResourceType(resourceType);
        return event;
    }

    /** A JSON object as a map, or null when {@code node} is null or no object. */
    static Map<String, Object> asMap(JsonNode node) {
        return node != null && node.isObject() ? MAPPER.convertValue(node, MAP) : null;
    }

    private static JsonNode member(JsonNode json, String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode json, String name) {
        JsonNode value = member(json, name);
        return value == null ? null : value.isTextual() ? value.asText() : value.toString();
    }
}
