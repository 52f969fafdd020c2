package io.github.proxysessions.handler;

/** The lifecycle of one custom resource type. Implementations catch their own failures and answer them. */
interface ResourceKind {

    Outcome create(CustomResourceRequest invocation);

    Outcome update(CustomResourceRequest invocation);

    Outcome delete(CustomResourceRequest invocation);

    /**
     * The PhysicalResourceId of a Create that failed before it changed anything, for this request's idempotency tag:
     * this kind's {@link #delete} of it makes no call.
     */
    String notCreatedId(String tag);
}
