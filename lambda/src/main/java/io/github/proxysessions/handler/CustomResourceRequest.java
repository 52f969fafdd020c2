package io.github.proxysessions.handler;

import io.github.proxysessions.rules.ProxySessionLineage;

/**
 * One CloudFormation event being handled: the event, the API calls it may make within its budget, the id to answer
 * if it fails, and the notes for its log line.
 */
final class CustomResourceRequest extends Notes {

    private final CloudFormationEvent event;
    private final ChimeApi api;
    private final String tag;
    private PhysicalId idOnFailure;

    /**
     * A request that, until its kind declares another id, answers a failure with the id CloudFormation sent, or on
     * Create with {@link PhysicalId.NotCreated}.
     *
     * @param event the CloudFormation event
     * @param api   the API, bound to this invocation's budget
     */
    CustomResourceRequest(CloudFormationEvent event, ChimeApi api) {
        this.event = event;
        this.api = api;
        this.tag = ProxySessionLineage.requestTag(event.stackId(), event.logicalResourceId(), event.requestId());
        this.idOnFailure = "Create".equals(event.requestType()) ? new PhysicalId.NotCreated(tag) : physicalId();
    }

    CloudFormationEvent event() {
        return event;
    }

    ChimeApi api() {
        return api;
    }

    /** The request tag of this request, the same on every delivery (see {@link ProxySessionLineage}). */
    String tag() {
        return tag;
    }

    /** The PhysicalResourceId CloudFormation sent (Update and Delete), read; none reads as a Create that failed. */
    PhysicalId physicalId() {
        return event.physicalResourceId() == null ? new PhysicalId.NotCreated(tag)
                : PhysicalId.parse(event.physicalResourceId());
    }

    /**
     * Declares the id to answer if the request fails from here on: a kind calls this as it progresses, before each
     * step that changes what a rollback must find.
     */
    void answerOnFailure(PhysicalId id) {
        this.idOnFailure = id;
    }

    PhysicalId idOnFailure() {
        return idOnFailure;
    }
}
