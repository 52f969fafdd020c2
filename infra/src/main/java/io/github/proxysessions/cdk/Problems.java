package io.github.proxysessions.cdk;

import io.github.proxysessions.rules.ProxySessionRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.interfaces.chime.IVoiceConnectorRef;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The broken rules of one construct's props, collected so that one synth reports them all, then thrown as one
 * {@link IllegalArgumentException}: {@code <kind> '<path>': <prop> <rule>; <prop> <rule>}.
 */
final class Problems {

    private final String subject;
    private final List<String> problems = new ArrayList<>();

    /** For the construct {@code id} about to join {@code scope}: {@code <kind> '<its path>'}. */
    Problems(String kind, Construct scope, String id) {
        String path = scope.getNode().getPath();
        this.subject = kind + " '" + (path.isEmpty() ? id : path + "/" + id) + "'";
    }

    void add(String problem) {
        problems.add(problem);
    }

    /**
     * Exactly one of the props must be given (non-null): {@code props} maps each prop's name to its value, in the
     * order to name them. Returns the name of the one given, or null.
     */
    String exactlyOne(Map<String, Object> props) {
        List<String> given = props.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey)
                .toList();
        List<String> names = List.copyOf(props.keySet());
        if (given.isEmpty()) {
            problems.add(names.get(0) + " (or " + String.join(", or ", names.subList(1, names.size()))
                    + ") is required");
            return null;
        }
        if (given.size() > 1) {
            problems.add("give exactly one of " + String.join(", ", names.subList(0, names.size() - 1)) + " and "
                    + names.get(names.size() - 1) + "; got " + String.join(" and ", given));
            return null;
        }
        return given.get(0);
    }

    /**
     * The connector given as {@code voiceConnectorId} or {@code voiceConnector} (the other null): its literal parts
     * follow the rules. Returns the connector when they do, or null.
     */
    Connector checkConnector(String voiceConnectorId, IVoiceConnectorRef voiceConnector) {
        Optional<String> broken;
        if (voiceConnector != null) {
            broken = Connector.problemOf(voiceConnector);
            check("voiceConnector", broken);
        } else {
            broken = Token.isUnresolved(voiceConnectorId) ? Optional.empty()
                    : ProxySessionRules.voiceConnectorId(voiceConnectorId);
            check("voiceConnectorId", broken);
        }
        return broken.isPresent() ? null : Connector.of(voiceConnectorId, voiceConnector);
    }

    /** Adds {@code <prop> <rule>} when a rule is broken. */
    void check(String prop, Optional<String> brokenRule) {
        brokenRule.ifPresent(rule -> problems.add(prop + " " + rule));
    }

    /** {@link #checkMinutes(String, Duration, int, LongFunction)} for a session's length: 1 to 720 minutes. */
    Optional<Long> checkMinutes(String prop, Duration duration, LongFunction<Optional<String>> rule) {
        return checkMinutes(prop, duration, ProxySessionRules.MAX_EXPIRY_MINUTES, rule);
    }

    /**
     * A Duration that must be whole minutes from 1 to {@code max}, and then follow {@code rule}. Tokens are left
     * alone. Returns the minutes when they are known and whole, so that callers can compare them with other props.
     */
    Optional<Long> checkMinutes(String prop, Duration duration, int max, LongFunction<Optional<String>> rule) {
        if (duration.isUnresolved()) {
            return Optional.empty();
        }
        if (duration.toMilliseconds().doubleValue() % 60_000 != 0) {
            problems.add(prop + " must be a whole number of minutes from 1 to " + max + "; got "
                    + duration.toHumanString());
            return Optional.empty();
        }
        long minutes = duration.toMinutes().longValue();
        check(prop, rule.apply(minutes));
        return Optional.of(minutes);
    }

    /** The id of the warning about a phone number without '+', to acknowledge it with. */
    static final String PHONE_NUMBER_WITHOUT_PLUS = "@proxysessions/cdk:phoneNumberWithoutPlus";

    /**
     * Adds a synth-time warning to {@code construct} when {@code number} has no '+' (the shared rule's decision). A
     * number that is absent or a token is not known yet, and gets none.
     */
    static void warnOfPhoneNumber(IConstruct construct, String prop, String number) {
        if (number == null || Token.isUnresolved(number)) {
            return;
        }
        ProxySessionRules.phoneNumberWarning(number).ifPresent(warning ->
                Annotations.of(construct).addWarningV2(PHONE_NUMBER_WITHOUT_PLUS, prop + " " + warning));
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(subject + ": " + String.join("; ", problems));
        }
    }
}
