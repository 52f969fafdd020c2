package io.github.proxysessions.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Directories named by a hash of what they hold ({@link TaskRoot}'s unpacked code, {@link RuntimeBundle}'s extracted
 * runtime): the same content, the same name.
 */
final class ContentAddressed {

    private ContentAddressed() {
    }

    /** A fresh SHA-256 digest. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Feeds everything {@code in} has left into {@code digest}. */
    static void update(MessageDigest digest, InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
    }

    /** The directory name for what {@code digest} has seen: its first 16 bytes, in hex. */
    static String name(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
