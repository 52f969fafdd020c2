package io.github.proxysessions.handler;

import java.util.List;

/** The resource's properties break rules; nothing was sent to the service. The message lists them, "; " apart. */
final class InvalidPropertiesException extends RuntimeException {

    InvalidPropertiesException(List<String> violations) {
        super(String.join("; ", violations), null, false, false);
    }
}
