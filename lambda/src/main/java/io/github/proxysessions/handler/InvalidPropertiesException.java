package io.github.proxysessions.handler;

import java.util.List;

/** The resource's properties break rules; nothing was sent to the service. */
final class InvalidPropertiesException extends RuntimeException {

    private final List<String> violations;

    InvalidPropertiesException(List<String> violations) {
        super(String.join("; ", violations), null, false, false);
        this.violations = List.copyOf(violations);
    }

    List<String> violations() {
        return violations;
    }
}
