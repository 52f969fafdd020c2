package io.github.proxysessions.handler;

import io.github.proxysessions.rules.ProxySessionLineage;
import io.github.proxysessions.rules.ProxySessionRules;
import java.util.Optional;

/**
 * The rules of contract C6 until the shared rules carry them: the Name budget with renewal and the renewal window.
 * Worded as {@link ProxySessionRules}.
 */
final class RenewalRules {

    /** What is left for the user's name when the session is renewed: 19. */
    static final int MAX_RENEWABLE_NAME_LENGTH = ProxySessionRules.SERVICE_NAME_MAX_LENGTH
            - ProxySessionLineage.MAX_TOKEN_LENGTH - 1;
    static final int MAX_RENEW_BEFORE_EXPIRY_MINUTES = ProxySessionRules.MAX_EXPIRY_MINUTES - 1;

    private RenewalRules() {
    }

    static Optional<String> name(String name, boolean renewed) {
        Optional<String> rule = ProxySessionRules.name(name);
        if (rule.isPresent() || !renewed || name == null || name.length() <= MAX_RENEWABLE_NAME_LENGTH) {
            return rule;
        }
        return Optional.of("must be at most " + MAX_RENEWABLE_NAME_LENGTH + " characters (the service allows "
                + ProxySessionRules.SERVICE_NAME_MAX_LENGTH + "; the provider keeps "
                + (ProxySessionRules.SERVICE_NAME_MAX_LENGTH - MAX_RENEWABLE_NAME_LENGTH)
                + " for the tags of a renewed session); got " + name.length());
    }

    static Optional<String> renewBeforeExpiryMinutes(long minutes) {
        if (minutes < 1 || minutes > MAX_RENEW_BEFORE_EXPIRY_MINUTES) {
            return Optional.of("must be from 1 to " + MAX_RENEW_BEFORE_EXPIRY_MINUTES + " minutes (shorter than the "
                    + "longest session, 12 hours); got " + minutes);
        }
        return Optional.empty();
    }

    static Optional<String> renewBeforeExpiryMinutes(long minutes, long expiryMinutes) {
        Optional<String> range = renewBeforeExpiryMinutes(minutes);
        if (range.isPresent() || minutes < expiryMinutes) {
            return range;
        }
        return Optional.of("must be shorter than the session's expiry (" + expiryMinutes + " minutes); got "
                + minutes);
    }
}
