package io.github.proxysessions.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The function's code as Lambda lays it out in {@code /var/task} ({@code LAMBDA_TASK_ROOT}): a .zip or .jar
 * deployment package unpacked, classes and resources at the top and dependency jars in {@code lib/}. The runtime
 * builds the function's class loader from exactly that directory and {@code lib/*.jar}.
 */
final class TaskRoot {

    private TaskRoot() {
    }

    /**
     * The task root for {@code code}: a directory is used as it is; a .zip or .jar file is unpacked into
     * {@code <workDir>/code/<hash of the file>/} unless an earlier start did so already (same content, same directory).
     *
     * @throws IllegalArgumentException when {@code code} is neither a directory nor a zip file, or when an entry
     *                                  would land outside the task root
     */
    static Path prepare(Path code, Path workDir) throws IOException {
        if (Files.isDirectory(code)) {
            return code.toAbsolutePath().normalize();
        }
        if (!Files.isRegularFile(code)) {
            throw new IllegalArgumentException("The function's code " + code + " does not exist");
        }
        if (!isZip(code)) {
            throw new IllegalArgumentException("The function's code " + code
                    + " is neither a directory nor a .zip/.jar deployment package");
        }
        return ContentAddressed.createOnce(workDir.resolve("code").resolve(sha256(code)),
                staging -> unzip(code, staging));
    }

    private static void unzip(Path zipFile, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                Path destination = target.resolve(entry.getName()).normalize();
                if (!destination.startsWith(target) || entry.getName().startsWith("/")) {
                    throw new IllegalArgumentException("The deployment package " + zipFile + " has an entry outside "
                            + "its root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = ContentAddressed.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            ContentAddressed.update(digest, in);
        }
        return ContentAddressed.name(digest);
    }
}
