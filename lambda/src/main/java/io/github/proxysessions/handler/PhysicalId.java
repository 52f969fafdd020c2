package io.github.proxysessions.handler;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PhysicalResourceId this function answers: the id of something the service holds, or a marker for a Create that
 * failed, which tells that Create's rollback Delete what to do. One parse and one format, so that every id ever
 * answered, including those stored in deployed stacks, reads back as what it meant.
 */
sealed interface PhysicalId {

    /** The formatted id, as CloudFormation stores it. */
    String format();

    /**
     * Reads an id this function answered. The markers written before the one format of {@link NotCreated} (one prefix
     * per resource type) are still read.
     */
    static PhysicalId parse(String id) {
        Matcher notCreated = NotCreated.PATTERN.matcher(id);
        if (notCreated.matches()) {
            return new NotCreated(notCreated.group(1));
        }
        Matcher unconfirmed = Unconfirmed.PATTERN.matcher(id);
        if (unconfirmed.matches()) {
            return new Unconfirmed(unconfirmed.group(1), unconfirmed.group(2));
        }
        return new Real(id);
    }

    /** The id of something the service holds: a ProxySessionId, or a connector's id for its proxy configuration. */
    record Real(String id) implements PhysicalId {
        @Override
        public String format() {
            return id;
        }
    }

    /** A Create that failed before anything reached the service: its Delete makes no call, whatever the type. */
    record NotCreated(String tag) implements PhysicalId {
        static final String PREFIX = "not-created:";
        /** This format, and the per-type ones of earlier versions. */
        private static final Pattern PATTERN = Pattern.compile(
                "^(?:proxy-session-|voice-connector-proxy-)?not-created:(.+)$");

        @Override
        public String format() {
            return PREFIX + tag;
        }
    }

    /**
     * A Create of a proxy session whose CreateProxySession may have taken effect: its Delete removes any session on the
     * connector that carries the request's tag.
     */
    record Unconfirmed(String voiceConnectorId, String tag) implements PhysicalId {
        static final String PREFIX = "proxy-session-unconfirmed:";
        private static final Pattern PATTERN = Pattern.compile("^proxy-session-unconfirmed:([^:]+):(.+)$");

        @Override
        public String format() {
            return PREFIX + voiceConnectorId + ":" + tag;
        }
    }
}
