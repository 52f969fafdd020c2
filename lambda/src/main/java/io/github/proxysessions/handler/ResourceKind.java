package io.github.proxysessions.handler;

/** The lifecycle of one custom resource type. Implementations catch their own failures and answer them. */
interface ResourceKind {

    Outcome create(Invocation invocation);

    Outcome update(Invocation invocation);

    Outcome delete(Invocation invocation);
}
