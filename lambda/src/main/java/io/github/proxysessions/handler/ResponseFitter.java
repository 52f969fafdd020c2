package io.github.proxysessions.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * CloudFormation refuses a response body over 4096 bytes, and then waits for one until the resource's timeout. The
 * only part of ours that can grow is the Reason, so it is cut to fit, measured on the body as it will be sent.
 */
final class ResponseFitter {

    static final int MAX_RESPONSE_BYTES = 4096;
    private static final String CUT = " [...]";
    private static final ObjectMapper MAPPER = CloudFormationEvent.MAPPER;

    private ResponseFitter() {
    }

    /** The longest prefix of {@code reason} with which the response body stays within 4096 bytes. */
    static String fitReason(CloudFormationEvent event, String status, String physicalResourceId,
                            Map<String, String> data, String reason) {
        if (reason == null || size(event, status, physicalResourceId, data, reason) <= MAX_RESPONSE_BYTES) {
            return reason;
        }
        int low = 0;
        int high = reason.length();
        while (low < high) {
            int mid = (low + high + 1) / 2;
            if (size(event, status, physicalResourceId, data, cut(reason, mid)) <= MAX_RESPONSE_BYTES) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return cut(reason, low);
    }

    private static String cut(String reason, int length) {
        int end = length;
        if (end > 0 && end < reason.length() && Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end) + CUT;
    }

    /** The size of the body as Powertools sends it: the same members, serialised the same way. */
    static int size(CloudFormationEvent event, String status, String physicalResourceId,
                    Map<String, String> data, String reason) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("Status", status);
        body.put("Reason", reason);
        body.put("PhysicalResourceId", physicalResourceId);
        body.put("StackId", event.stackId());
        body.put("RequestId", event.requestId());
        body.put("LogicalResourceId", event.logicalResourceId());
        body.put("NoEcho", false);
        if (data == null) {
            body.putNull("Data");
        } else {
            body.set("Data", MAPPER.valueToTree(data));
        }
        try {
            return MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response body", e);
        }
    }
}
