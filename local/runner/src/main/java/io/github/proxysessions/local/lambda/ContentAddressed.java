package io.github.proxysessions.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Directories named by a hash of what they hold ({@link TaskRoot}'s unpacked code, {@link RuntimeBundle}'s extracted
 * runtime): the same content, the same name. Such a directory is complete before it gets its name: it is filled
 * under a temporary name next to it, then renamed atomically, so that concurrent runners share what is identical and
 * never see a half-written file.
 */
final class ContentAddressed {

    /** Fills a directory that does not exist yet. */
    @FunctionalInterface
    interface Fill {

        void into(Path staging) throws IOException;
    }

    private ContentAddressed() {
    }

    /**
     * Returns {@code directory}, first creating it with {@code fill} unless it exists already: filled as
     * {@code .staging-<random UUID>} next to it, then renamed into place. What is left of the staging directory is
     * deleted, also when {@code fill} fails.
     */
    static Path createOnce(Path directory, Fill fill) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        Path parent = Files.createDirectories(directory.getParent());
        Path staging = parent.resolve(".staging-" + UUID.randomUUID());
        try {
            fill.into(staging);
            moveIntoPlace(staging, directory);
        } finally {
            deleteTree(staging);
        }
        return directory;
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

    /**
     * Renames a complete directory into place, unless another process put the same content there first (then the
     * rename fails, Linux saying ENOTEMPTY, and theirs is used).
     */
    private static void moveIntoPlace(Path staging, Path directory) throws IOException {
        try {
            Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + staging + " atomically; " + directory.getParent()
                    + " must be on a local file system", e);
        } catch (IOException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
