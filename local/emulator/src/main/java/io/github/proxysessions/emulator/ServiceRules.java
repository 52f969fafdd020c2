package io.github.proxysessions.emulator;

import io.github.proxysessions.emulator.Inputs.CreateProxySession;
import io.github.proxysessions.emulator.Inputs.CreateVoiceConnector;
import io.github.proxysessions.emulator.Inputs.ListTagsForResource;
import io.github.proxysessions.emulator.Inputs.PutVoiceConnectorProxy;
import io.github.proxysessions.emulator.Inputs.TagResource;
import io.github.proxysessions.emulator.Inputs.UntagResource;
import io.github.proxysessions.emulator.Inputs.UpdateProxySession;
import io.github.proxysessions.emulator.Records.TagRec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule of the service that its model does not state (docs/EMULATOR.md, "Behaviour where AWS documents none"),
 * checked on an input that the model's constraints ({@link InputValidator}) have accepted. Each method returns the
 * violations in the service's wording, empty when there are none; the rules that depend on the state (a connector that
 * exists, the tags it has) are the service's own.
 */
final class ServiceRules {

    /** The service's documented maximum session length: 12 hours. */
    static final int MAX_EXPIRY_MINUTES = 720;
    /** The most tags a resource can have. */
    static final int MAX_TAGS = 50;
    /** Tag keys that begin with it (in any case) are AWS's own and cannot be added or removed. */
    static final String RESERVED_TAG_PREFIX = "aws:";
    /** The account that every resource of the emulator belongs to. */
    static final String ACCOUNT_ID = "123456789012";

    private ServiceRules() {
    }

    /** For operations without rules of their own. */
    static List<String> none(Object input) {
        return List.of();
    }

    static List<String> createProxySession(CreateProxySession in) {
        List<String> violations = new ArrayList<>();
        expiry(in.expiryMinutes(), violations);
        capabilities(in.capabilities(), violations);
        List<String> participants = in.participantPhoneNumbers();
        if (PhoneNumbers.digits(participants.get(0)).equals(PhoneNumbers.digits(participants.get(1)))) {
            violations.add(InputValidator.violation("ParticipantPhoneNumbers", null,
                    "Member must contain two different phone numbers"));
        }
        return violations;
    }

    static List<String> updateProxySession(UpdateProxySession in) {
        List<String> violations = new ArrayList<>();
        expiry(in.expiryMinutes(), violations);
        capabilities(in.capabilities(), violations);
        return violations;
    }

    static List<String> putVoiceConnectorProxy(PutVoiceConnectorProxy in) {
        int expiry = in.defaultSessionExpiryMinutes();
        if (expiry < 1 || expiry > MAX_EXPIRY_MINUTES) {
            return List.of(InputValidator.violation("DefaultSessionExpiryMinutes", String.valueOf(expiry),
                    "Member must have value between 1 and " + MAX_EXPIRY_MINUTES));
        }
        return List.of();
    }

    static List<String> createVoiceConnector(CreateVoiceConnector in) {
        List<String> violations = new ArrayList<>();
        tags(in.tags(), violations);
        return violations;
    }

    static List<String> tagResource(TagResource in) {
        List<String> violations = new ArrayList<>();
        arn(in.resourceARN(), violations);
        tags(in.tags(), violations);
        return violations;
    }

    static List<String> untagResource(UntagResource in) {
        List<String> violations = new ArrayList<>();
        arn(in.resourceARN(), violations);
        for (int i = 0; i < in.tagKeys().size(); i++) {
            reservedPrefix(in.tagKeys().get(i), "TagKeys." + (i + 1), violations);
        }
        return violations;
    }

    static List<String> listTagsForResource(ListTagsForResource in) {
        List<String> violations = new ArrayList<>();
        arn(in.resourceARN(), violations);
        return violations;
    }

    /** At most 12 hours, which the model does not say (its PositiveInteger has no maximum). */
    private static void expiry(Integer minutes, List<String> violations) {
        if (minutes != null && minutes > MAX_EXPIRY_MINUTES) {
            violations.add(InputValidator.violation("ExpiryMinutes", String.valueOf(minutes),
                    "Member must have value less than or equal to " + MAX_EXPIRY_MINUTES));
        }
    }

    /** At least one capability; duplicates collapse. */
    private static void capabilities(List<String> capabilities, List<String> violations) {
        if (capabilities.isEmpty()) {
            violations.add(InputValidator.violation("Capabilities", null,
                    "Member must have length greater than or equal to 1"));
        }
    }

    /** An ARN with a partition, a service and a resource; which resource it names is the service's question. */
    private static void arn(String arn, List<String> violations) {
        if (Arn.parse(arn) == null) {
            violations.add(InputValidator.violation("ResourceARN", null, "Member must be an ARN of the form "
                    + "arn:<partition>:<service>:<region>:<account-id>:<resource>"));
        }
    }

    /** Tag keys are unique within a request and do not use the prefix that AWS reserves. */
    private static void tags(List<TagRec> tags, List<String> violations) {
        if (tags == null) {
            return;
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            String path = "Tags." + (i + 1) + ".Key";
            String key = tags.get(i).key();
            reservedPrefix(key, path, violations);
            Integer first = firstIndex.putIfAbsent(key, i + 1);
            if (first != null) {
                violations.add(InputValidator.violation(path, null,
                        "Member must be unique within Tags: it repeats Tags." + first + ".Key"));
            }
        }
    }

    private static void reservedPrefix(String key, String path, List<String> violations) {
        if (key.regionMatches(true, 0, RESERVED_TAG_PREFIX, 0, RESERVED_TAG_PREFIX.length())) {
            violations.add(InputValidator.violation(path, null,
                    "Member must not begin with the reserved prefix '" + RESERVED_TAG_PREFIX + "'"));
        }
    }
}
