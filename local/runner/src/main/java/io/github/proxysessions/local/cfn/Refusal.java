package io.github.proxysessions.local.cfn;

/**
 * What CloudFormation would refuse, found before anything is changed: the message is CloudFormation's own words
 * ({@code Export X cannot be deleted as it is in use by Y}), for the stack whose operation it refuses.
 */
public final class Refusal extends RuntimeException {

    private final String stackName;

    Refusal(String stackName, String message) {
        super(message);
        this.stackName = stackName;
    }

    /** The stack whose deploy or destroy is refused. */
    public String stackName() {
        return stackName;
    }
}
