package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The exactly-once machinery of a stack's custom-resource requests: a request is recorded as pending before it is
 * delivered, its answer and the pending request's removal are saved together, and the requests a killed run left
 * pending are redelivered with their own RequestIds. The provider recognises a second delivery of one RequestId, so
 * a resource is neither lost nor made twice.
 */
final class CustomResourceOutbox {

    private static final Duration DEFAULT_SERVICE_TIMEOUT = Duration.ofHours(1);
    private static final int MAX_SECONDS = 3600;
    private static final Pattern SECONDS = Pattern.compile("[1-9][0-9]{0,3}");

    private final StackRecord record;
    private final CustomResources transport;
    private final EventPrinter printer;

    CustomResourceOutbox(StackRecord record, CustomResources transport, EventPrinter printer) {
        this.record = record;
        this.transport = transport;
        this.printer = printer;
    }

    /**
     * Sends a request and waits for its answer, which is recorded (see {@link StackRecord#recordAnswer}) before this
     * returns.
     *
     * @param target        the record as the request would leave it (for a Delete, the record itself)
     * @param oldProperties an Update's OldResourceProperties, or null
     * @param physicalId    the PhysicalResourceId of an Update or Delete, or null
     */
    Outcome request(String requestType, ResourceRecord target, JsonNode oldProperties, String physicalId) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("RequestType", requestType);
        event.set("ServiceToken", target.properties().path("ServiceToken"));
        event.put("StackId", record.stackId());
        event.put("RequestId", UUID.randomUUID().toString());
        event.put("LogicalResourceId", target.logicalId());
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        event.put("ResourceType", target.type());
        event.set("ResourceProperties", target.properties());
        if (oldProperties != null) {
            event.set("OldResourceProperties", oldProperties);
        }
        // Before anything is recorded: a request that cannot be delivered is not left pending for ever.
        Functions.Spec function = function(event.path("ServiceToken").asText(""));
        if (!requestType.equals("Delete")) {
            // A Delete acts on recorded properties, which an earlier version may have let through: it must still
            // run (deliver() waits CloudFormation's default for such a value). New properties are checked here.
            serviceTimeout(target.properties());
        }
        PendingOperation op = new PendingOperation(event.get("RequestId").asText(), requestType, target.logicalId(),
                event, target);
        record.addPending(op);
        Outcome answer = deliver(op, function);
        record.recordAnswer(op, answer);
        return answer;
    }

    /**
     * Redelivers the requests a killed run left unanswered, with their own RequestIds, and records the answers, so
     * that what they created is recorded and nothing is created twice.
     */
    void recover() {
        for (PendingOperation op : record.pending()) {
            printer.line(record.stackName() + " | resuming " + op.requestType() + " of " + op.logicalId()
                    + " left unanswered by an earlier run (same RequestId)");
            Outcome answer;
            try {
                answer = deliver(op, function(op.event().path("ServiceToken").asText("")));
            } catch (RuntimeException e) {
                // A request left by an earlier run whose function is not the stack's any more answers FAILED: it
                // was never delivered, and must not block every later run.
                answer = Outcome.failed(Outcome.reason(e), op.event().path("PhysicalResourceId").asText(null));
            }
            record.recordAnswer(op, answer);
            printer.line(record.stackName() + " | resumed " + op.requestType() + " of " + op.logicalId() + ": "
                    + (answer.success() ? "SUCCESS" : "FAILED: " + answer.reason()));
        }
    }

    private Outcome deliver(PendingOperation op, Functions.Spec function) {
        // The event is not changed: the transport adds the ResponseURL to a copy of its own.
        try {
            return transport.send((ObjectNode) op.event(), function,
                    serviceTimeoutOrDefault(op.event().path("ResourceProperties")));
        } catch (CustomResources.FunctionUnavailable e) {
            // The function could not be started: nothing ran, so the request is answered, not left pending.
            return Outcome.failed(e.getMessage(), op.event().path("PhysicalResourceId").asText(null));
        }
    }

    /** The function a ServiceToken names: a Lambda function of this stack. */
    private Functions.Spec function(String serviceToken) {
        if (!Functions.Spec.isRecorded(record, serviceToken)) {
            throw new IllegalStateException("ServiceToken " + serviceToken + " is not a Lambda function of stack "
                    + record.stackName() + ": the local runner invokes only functions its stacks define");
        }
        return Functions.Spec.recorded(record, serviceToken);
    }

    /**
     * How long to wait for the response to a request already recorded: the resource's {@code ServiceTimeout}, or
     * CloudFormation's default of an hour when there is none, or when it is one that an earlier version recorded
     * unchecked. Such a request is delivered all the same: dropping it could orphan what its first delivery made.
     */
    static Duration serviceTimeoutOrDefault(JsonNode properties) {
        try {
            return serviceTimeout(properties);
        } catch (IllegalArgumentException e) {
            return DEFAULT_SERVICE_TIMEOUT;
        }
    }

    /**
     * How long to wait for a response: the resource's {@code ServiceTimeout}, or CloudFormation's default of an hour.
     *
     * @throws IllegalArgumentException when it is not a whole number of seconds from 1 to 3600
     */
    static Duration serviceTimeout(JsonNode properties) {
        JsonNode given = properties.get("ServiceTimeout");
        if (given == null || given.isNull()) {
            return DEFAULT_SERVICE_TIMEOUT;
        }
        String value = given.asText();
        if (!given.isValueNode() || !SECONDS.matcher(value).matches() || Integer.parseInt(value) > MAX_SECONDS) {
            throw new IllegalArgumentException("#/ServiceTimeout: " + (given.isValueNode() ? "'" + value + "'"
                    : given.getNodeType().toString().toLowerCase(Locale.ROOT)) + " is not a valid "
                    + "ServiceTimeout: the value must be an integer from 1 to " + MAX_SECONDS + " (seconds)");
        }
        return Duration.ofSeconds(Integer.parseInt(value));
    }
}
