package io.github.proxysessions.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The handler's deployment jar, which this library carries as a class-path resource, as a file that
 * {@code Code.fromAsset} can take. The asset's hash is the hash of the jar's bytes, so the same jar gives the same
 * asset wherever it was written.
 */
final class HandlerAsset {

    static final String RESOURCE = "proxy-session-handler.jar";

    private static Path path;

    private HandlerAsset() {
    }

    /** The jar, written once per process to the temporary directory under a name that carries its hash. */
    static synchronized Path path() {
        if (path != null && Files.exists(path)) {
            return path;
        }
        byte[] jar;
        try (InputStream in = HandlerAsset.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the handler jar " + RESOURCE + " is missing from the "
                        + "proxy-session-cdk artifact: build it with mvn package at the repository root");
            }
            jar = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the handler jar from the class path", e);
        }
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)).substring(0, 16);
            Path target = Path.of(System.getProperty("java.io.tmpdir"), "proxy-session-handler-" + hash + ".jar");
            if (!Files.exists(target) || Files.size(target) != jar.length) {
                Path tmp = Files.createTempFile(target.getParent(), "proxy-session-handler-", ".tmp");
                Files.write(tmp, jar);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            path = target;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the handler jar to the temporary directory", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
