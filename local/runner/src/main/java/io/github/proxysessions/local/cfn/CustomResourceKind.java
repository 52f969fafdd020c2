package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Custom resources: CloudFormation's events, sent to the function the ServiceToken names, through the stack's
 * {@link CustomResourceOutbox}. The provider decides on replacement by the physical id it answers.
 */
final class CustomResourceKind implements ResourceKind {

    /** CloudFormation's words for an Update whose ServiceToken changes. */
    static final String SERVICE_TOKEN_REFUSED = "Modifying service token is not allowed.";

    private final CustomResourceOutbox outbox;

    CustomResourceKind(CustomResourceOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public boolean acts() {
        return true;
    }

    /**
     * As CloudFormation sends them: every scalar a string. A {@code ServiceTimeout} that is not a whole number of
     * seconds from 1 to 3600 fails the resource before anything is sent or recorded.
     */
    @Override
    public JsonNode prepare(String logicalId, JsonNode resolved) {
        JsonNode properties = Intrinsics.stringifyScalars(resolved);
        try {
            CustomResourceOutbox.serviceTimeout(properties);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Properties validation failed for resource " + logicalId
                    + " with message: " + e.getMessage(), e);
        }
        return properties;
    }

    @Override
    public boolean replaces(ResourceRecord current, JsonNode properties) {
        return false;
    }

    @Override
    public Outcome create(ResourceRecord target) {
        return outbox.request("Create", target, null, null);
    }

    /**
     * CloudFormation's Update event. A ServiceToken that changes is refused, as CloudFormation refuses it: "Modifying
     * service token is not allowed.", with nothing sent to either function.
     */
    @Override
    public Outcome update(ResourceRecord current, ResourceRecord target) {
        if (!current.properties().path("ServiceToken").equals(target.properties().path("ServiceToken"))) {
            throw new Refused(SERVICE_TOKEN_REFUSED);
        }
        return outbox.request("Update", target, current.properties(), current.physicalId());
    }

    @Override
    public Outcome delete(ResourceRecord r) {
        return outbox.request("Delete", r, null, r.physicalId());
    }

    @Override
    public String attributeNotRecorded(ResourceRecord r, String attribute) {
        throw new Intrinsics.ResolveException("CustomResource attribute error: the response of " + r.logicalId()
                + " has no attribute " + attribute + " (it has " + r.data().keySet() + ")");
    }
}
