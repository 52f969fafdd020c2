package io.github.proxysessions.handler;

import io.github.proxysessions.rules.ProxySessionLineage;
import io.github.proxysessions.rules.VoiceConnectorProxyRules;

/**
 * Which custom resource owns a voice connector's proxy configuration. The service keeps no marker on a configuration,
 * but it keeps tags on the connector: the owning {@code Custom::VoiceConnectorProxy} tags its connector with
 * {@link #KEY} before it puts the configuration, and removes the tag when it deletes it.
 *
 * <p>The value is {@code <StackName>/<LogicalResourceId>/<hash>}: the hash, 12 base-62 characters of SHA-256 of the
 * StackId, a line feed and the LogicalResourceId, identifies the resource; the names are for people, and are
 * shortened (never the hash) to keep the value within a tag value's 256 characters.
 *
 * @param value the tag's value
 */
record ConfigurationOwner(String value) {

    /** The tag key on the voice connector. */
    static final String KEY = VoiceConnectorProxyRules.OWNER_TAG_KEY;
    static final int HASH_LENGTH = 12;
    static final int MAX_VALUE_LENGTH = 256;
    /** The longest stack name kept in a value; the logical id takes the rest. */
    private static final int MAX_STACK_NAME_LENGTH = 120;

    /** The owner that is the custom resource {@code logicalResourceId} of the stack {@code stackId}. */
    static ConfigurationOwner of(String stackId, String logicalResourceId) {
        String hash = ProxySessionLineage.base62Sha256(stackId + "\n" + logicalResourceId, HASH_LENGTH);
        String stack = cut(stackName(stackId), MAX_STACK_NAME_LENGTH);
        String logical = cut(logicalResourceId, MAX_VALUE_LENGTH - HASH_LENGTH - stack.length() - 2);
        return new ConfigurationOwner(stack + "/" + logical + "/" + hash);
    }

    /** The part that identifies the owner: what follows the last '/' (all of a value written by hand). */
    String hash() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    /** True when both name the same custom resource, whatever their names say. */
    boolean sameAs(ConfigurationOwner other) {
        return hash().equals(other.hash());
    }

    /**
     * The ARN of a voice connector in the partition, region and account of a stack:
     * {@code arn:<partition>:chime:<region>:<account>:vc/<id>}.
     *
     * @throws RefusedException when the StackId is not a CloudFormation stack ARN
     */
    static String voiceConnectorArn(String stackId, String voiceConnectorId) {
        String[] arn = stackId.split(":", 6);
        if (arn.length < 6 || !arn[0].equals("arn") || !arn[5].startsWith("stack/")) {
            throw new RefusedException("StackId '" + stackId + "' is not a CloudFormation stack ARN, so the voice "
                    + "connector's ARN cannot be built from it");
        }
        return "arn:" + arn[1] + ":chime:" + arn[3] + ":" + arn[4] + ":vc/" + voiceConnectorId;
    }

    /** The stack's name in its ARN ({@code ...:stack/<name>/<uuid>}), or the whole id when it is no ARN. */
    private static String stackName(String stackId) {
        int start = stackId.indexOf(":stack/");
        if (start < 0) {
            return stackId;
        }
        String rest = stackId.substring(start + ":stack/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, Math.max(0, length));
    }
}
