package io.github.proxysessions.handler;

/** The provider refuses the request for a reason of its own, which is the whole Reason. */
class RefusedException extends RuntimeException {

    RefusedException(String reason) {
        super(reason, null, false, false);
    }
}
