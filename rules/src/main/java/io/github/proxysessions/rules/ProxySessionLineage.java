package io.github.proxysessions.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A proxy session's identity across generations: the tokens the provider puts at the end of a session's Name, how to
 * read them back, and which sessions on a connector stand for one declared session.
 *
 * <p>The service has no idempotency token, no tags on proxy sessions and no lookup by anything but the session's id;
 * what it keeps and lists is the Name (at most 30 letters, digits and spaces). So the Name ends with a token:
 * <ul>
 *   <li>Generation 0, made by a CloudFormation Create (or an Update that replaces the session):
 *       {@code [<user name> ]<T>}, with T the 7-character request tag {@link #requestTag}. Its id is the resource's
 *       PhysicalResourceId, P0.</li>
 *   <li>Generation n &gt;= 1, made by renewal: {@code [<user name> ]<L><g>}, with L the 7-character lineage tag
 *       {@link #lineageTag} of the connector and P0, and g the number n in base 62, 1 to 3 characters.</li>
 * </ul>
 * A session belongs to the lineage of P0 when its id is P0, or its Name's last token is L followed by a generation.
 * The lineage's current generation is its member with status Open or InProgress and the highest generation.
 *
 * <p>Shared by the handler, which makes and renews sessions, and the local runner, which reports their drift.
 */
public final class ProxySessionLineage {

    /**
     * The length of a request tag and of a lineage tag: 7 base-62 characters, 62^7 (about 3.5 * 10^12) values, which
     * the Name budget ({@link ProxySessionRules#MAX_NAME_LENGTH}) is counted from.
     */
    public static final int TAG_LENGTH = 7;
    /** The most characters a generation takes in a token: 1 to 3 base-62 characters. */
    public static final int MAX_GENERATION_LENGTH = 3;
    /** The highest generation: {@code zzz} in base 62. */
    public static final long MAX_GENERATION = (long) Math.pow(62, MAX_GENERATION_LENGTH) - 1;
    /** The longest token: a lineage tag and a 3-character generation. */
    public static final int MAX_TOKEN_LENGTH = TAG_LENGTH + MAX_GENERATION_LENGTH;

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Collection<String> CURRENT_STATUSES = List.of("Open", "InProgress");

    private final String voiceConnectorId;
    private final String p0;
    private final String tag;

    private ProxySessionLineage(String voiceConnectorId, String p0) {
        this.voiceConnectorId = Objects.requireNonNull(voiceConnectorId, "voiceConnectorId");
        this.p0 = Objects.requireNonNull(p0, "p0");
        this.tag = lineageTag(voiceConnectorId, p0);
    }

    /** The lineage of the session {@code p0} (a resource's PhysicalResourceId) on a connector. */
    public static ProxySessionLineage of(String voiceConnectorId, String p0) {
        return new ProxySessionLineage(voiceConnectorId, p0);
    }

    /**
     * The request tag T of generation 0: 7 base-62 characters of SHA-256 of the stack id, the logical resource id
     * and the request id, each followed by a line feed but the last. Every delivery of one request has the same.
     */
    public static String requestTag(String stackId, String logicalResourceId, String requestId) {
        return base62Sha256(stackId + "\n" + logicalResourceId + "\n" + requestId, TAG_LENGTH);
    }

    /** The lineage tag L: 7 base-62 characters of SHA-256 of the connector id, a line feed and P0. */
    public static String lineageTag(String voiceConnectorId, String p0) {
        return base62Sha256(voiceConnectorId + "\n" + p0, TAG_LENGTH);
    }

    /**
     * The first {@code length} characters of a text's SHA-256 in base 62, one character per byte of the digest (the
     * byte modulo 62): the digest of every tag the provider writes.
     */
    public static String base62Sha256(String text, int length) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                out.append(BASE62.charAt((hash[i] & 0xff) % BASE62.length()));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The Name sent to the service: the user's name and the token, a space apart, or the token alone. */
    public static String serviceName(String userName, String token) {
        return userName == null || userName.isEmpty() ? token : userName + " " + token;
    }

    /** The last token of a Name (what follows its last space, or all of it), or null for no name. */
    public static String lastToken(String serviceName) {
        if (serviceName == null || serviceName.isEmpty()) {
            return null;
        }
        return serviceName.substring(serviceName.lastIndexOf(' ') + 1);
    }

    /** True when a Name ends with this token (a request tag, say). */
    public static boolean endsWithToken(String serviceName, String token) {
        return token.equals(lastToken(serviceName));
    }

    /** The connector of the lineage. */
    public String voiceConnectorId() {
        return voiceConnectorId;
    }

    /** The lineage tag L. */
    public String tag() {
        return tag;
    }

    /** The token of generation {@code n >= 1}: L and n in base 62. */
    public String token(long generation) {
        if (generation < 1 || generation > MAX_GENERATION) {
            throw new IllegalArgumentException("a renewed generation is from 1 to " + MAX_GENERATION + "; got "
                    + generation);
        }
        return tag + base62(generation);
    }

    /** The Name of generation {@code n >= 1} for the user's name (or none). */
    public String serviceNameOf(String userName, long generation) {
        return serviceName(userName, token(generation));
    }

    /**
     * The generation of a session in this lineage: 0 for P0 itself, n for a Name whose last token is L and n, and
     * empty for a session of another lineage (or none).
     */
    public OptionalLong generationOf(String proxySessionId, String serviceName) {
        if (p0.equals(proxySessionId)) {
            return OptionalLong.of(0);
        }
        String token = lastToken(serviceName);
        if (token == null || token.length() <= TAG_LENGTH || token.length() > MAX_TOKEN_LENGTH
                || !token.startsWith(tag)) {
            return OptionalLong.empty();
        }
        String generation = token.substring(TAG_LENGTH);
        if (generation.charAt(0) == '0') {
            return OptionalLong.empty();
        }
        long n = 0;
        for (int i = 0; i < generation.length(); i++) {
            int digit = BASE62.indexOf(generation.charAt(i));
            if (digit < 0) {
                return OptionalLong.empty();
            }
            n = n * BASE62.length() + digit;
        }
        return OptionalLong.of(n);
    }

    /** True when the session is a generation of this lineage. */
    public boolean contains(String proxySessionId, String serviceName) {
        return generationOf(proxySessionId, serviceName).isPresent();
    }

    /**
     * The current generation among a connector's sessions: the lineage's member with status Open or InProgress and
     * the highest generation; of members with the same generation, the first in the order given (give them in the
     * order they were created). Empty when the lineage has no Open or InProgress member.
     *
     * @param sessions the connector's sessions, in any type
     * @param id       a session's ProxySessionId
     * @param name     a session's Name
     * @param status   a session's Status: {@code Open}, {@code InProgress} or {@code Closed}
     */
    public <T> Optional<T> current(Collection<T> sessions, Function<T, String> id, Function<T, String> name,
                                   Function<T, String> status) {
        T best = null;
        long bestGeneration = -1;
        for (T session : sessions) {
            OptionalLong generation = generationOf(id.apply(session), name.apply(session));
            if (generation.isPresent() && isCurrentStatus(status.apply(session))
                    && generation.getAsLong() > bestGeneration) {
                best = session;
                bestGeneration = generation.getAsLong();
            }
        }
        return Optional.ofNullable(best);
    }

    /** True for the statuses a current generation may have: {@code Open} and {@code InProgress}. */
    public static boolean isCurrentStatus(String status) {
        return CURRENT_STATUSES.contains(status);
    }

    /** A number in base 62, without leading zeros. */
    static String base62(long n) {
        StringBuilder out = new StringBuilder();
        long rest = n;
        do {
            out.append(BASE62.charAt((int) (rest % BASE62.length())));
            rest /= BASE62.length();
        } while (rest > 0);
        return out.reverse().toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxySessionLineage other && other.voiceConnectorId.equals(voiceConnectorId)
                && other.p0.equals(p0);
    }

    @Override
    public int hashCode() {
        return Objects.hash(voiceConnectorId, p0);
    }

    @Override
    public String toString() {
        return "ProxySessionLineage[" + voiceConnectorId + ", " + p0 + ", " + tag + "]";
    }
}
