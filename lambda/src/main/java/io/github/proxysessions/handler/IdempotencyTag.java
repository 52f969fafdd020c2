package io.github.proxysessions.handler;

import io.github.proxysessions.rules.ProxySessionRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How a retried delivery of a CloudFormation request finds the session its first delivery created.
 *
 * <p>CloudFormation delivers at least once, with the same RequestId each time. The service has no idempotency token
 * and no tags for proxy sessions; what it keeps and lists is the session's Name, at most 30 characters of
 * {@code [a-zA-Z0-9 ]}. So the provider appends a tag to every name it sends, 7 base-62 characters derived from the
 * stack, the logical resource and the request: {@code "Support line k3J9xQ2"}, or just the tag when the user chose no
 * name. Before creating a session, it lists the connector's sessions for one with its tag; after creating, it lists
 * again, and if racing deliveries created more than one, the earliest wins and the others are deleted.
 */
final class IdempotencyTag {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private IdempotencyTag() {
    }

    /** The tag of one CloudFormation request for one resource. */
    static String of(String stackId, String logicalResourceId, String requestId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    (stackId + "\n" + logicalResourceId + "\n" + requestId).getBytes(StandardCharsets.UTF_8));
            StringBuilder tag = new StringBuilder(ProxySessionRules.IDEMPOTENCY_TAG_LENGTH);
            for (int i = 0; i < ProxySessionRules.IDEMPOTENCY_TAG_LENGTH; i++) {
                tag.append(BASE62.charAt((hash[i] & 0xff) % BASE62.length()));
            }
            return tag.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The Name sent to the service: the user's name and the tag, or the tag alone. */
    static String serviceName(String userName, String tag) {
        return userName == null || userName.isEmpty() ? tag : userName + " " + tag;
    }

    /** True when a session's Name carries this tag. */
    static boolean tagged(String serviceName, String tag) {
        return serviceName != null && (serviceName.equals(tag) || serviceName.endsWith(" " + tag));
    }
}
