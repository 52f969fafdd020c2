package io.github.proxysessions.handler;

/**
 * The lifecycle of one custom resource type. Each action answers SUCCESS, or throws: before each step that changes
 * what CloudFormation's rollback must find, it declares the id to answer on failure
 * ({@link CustomResourceRequest#answerOnFailure}), and the handler builds the FAILED answer from it.
 */
interface ResourceKind {

    Outcome create(CustomResourceRequest request);

    Outcome update(CustomResourceRequest request);

    /** Never called for a {@link PhysicalId.NotCreated} id: the handler answers those itself. */
    Outcome delete(CustomResourceRequest request);
}
