package io.github.proxysessions.local.lambda;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Class data sharing for a function's instances: an AppCDS archive of the classes an instance loads (the JDK's, the
 * runtime interface client's), which instances map at start instead of loading and verifying those classes, so that
 * they start faster. The first instance records the classes it loads ({@code -XX:DumpLoadedClassList}, which the JVM
 * writes a line at a time); when it has ended (its function closed, or it was killed or crashed), a JVM of the same
 * class path writes the archive from the list ({@code -Xshare:dump}); the instances started after that map it
 * ({@code -XX:SharedArchiveFile}). The archive is kept in the cache beside the extracted runtime
 * ({@code <cache>/cds/<key>.jsa}), so later runs and later deploys use it too.
 *
 * <p>A static archive rather than a dynamic one ({@code -XX:ArchiveClassesAtExit}): a JVM that runs a Java agent
 * (every instance runs {@link ParentWatchAgent}) may write a dynamic archive only with a diagnostic flag that every
 * JVM mapping the archive must then be given as well, and that makes each of them print a warning into the function's
 * log; the archive dump runs no agent.
 *
 * <p>The key is a hash of what the JVM checks before it maps an archive (the java binary and its version, the class
 * path's jars with their sizes and times) and of the function's code (the task root, which is named by the
 * deployment package's hash), so that a stale archive is never named: a new JDK, runtime or handler jar gets a new
 * key. The JVM checks again and, with {@code -Xshare:auto}, runs without an archive it cannot use.
 *
 * <p>Every failure falls back to instances without the archive, silently: a cache that cannot be written, a dump
 * that fails. A list cut short by a kill makes a smaller archive, never a wrong one: the JVM checks each class it maps
 * against the class path. The archive is written under a temporary name
 * and renamed into place once complete, because a truncated archive crashes the JVM that maps it. In one runner, one
 * instance at a time records a key's classes.
 */
final class ClassDataArchive {

    /** The system property that turns class data sharing off when {@code false}. */
    static final String PROPERTY = "proxysessions.local.classDataSharing";

    /** Keys whose classes an instance of this process is recording now. */
    private static final Set<Path> RECORDING = ConcurrentHashMap.newKeySet();
    /** The JVM's own messages about its archive would land in the instance's log (the function's log). */
    private static final List<String> QUIET = List.of("-Xlog:cds*=off", "-Xlog:class+path=off");
    /** A dump takes seconds; one that takes longer than this is given up. */
    private static final long DUMP_TIMEOUT_SECONDS = 120;

    private final Path archive;
    private final List<Path> classpath;

    private ClassDataArchive(Path archive, List<Path> classpath) {
        this.archive = archive;
        this.classpath = classpath;
    }

    /** Whether instances share an archive: unless the system property {@value #PROPERTY} is {@code false}. */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    /** No archive: every instance starts as the JVM's default archive allows. */
    static ClassDataArchive none() {
        return new ClassDataArchive(null, List.of());
    }

    /**
     * The archive for the instances of {@code code} (a deployment package or a directory) in {@code taskRoot},
     * started with {@code runtime}, kept under {@code <runtime cache>/cds/}; {@link #none()} when it cannot be named
     * (a runtime jar gone).
     */
    static ClassDataArchive of(RuntimeBundle runtime, Path code, Path taskRoot) {
        try {
            MessageDigest digest = ContentAddressed.sha256();
            // A package's task root is named by its hash (TaskRoot), the same in every work directory; a directory
            // is itself, and the JVM checks the classes it maps from it.
            String codeIdentity = Files.isDirectory(code) ? taskRoot.toString() : taskRoot.getFileName().toString();
            List<String> parts = new ArrayList<>(List.of(InstanceLauncher.java().toRealPath().toString(),
                    System.getProperty("java.vm.version"), System.getProperty("java.vm.name"), codeIdentity));
            for (Path jar : runtime.classpath()) {
                parts.add(jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis());
            }
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            Path cds = runtime.directory().resolveSibling("cds");
            return new ClassDataArchive(cds.resolve(ContentAddressed.name(digest) + ".jsa"), runtime.classpath());
        } catch (IOException | RuntimeException e) {
            return none();
        }
    }

    /** The archive's path, whether it exists or not; null for {@link #none()}. */
    Path file() {
        return archive;
    }

    /**
     * The part a new instance plays: it maps the archive when there is one; else, if no other instance of this
     * process is recording the classes and the cache can be written, it records them; else neither.
     */
    Role next() {
        if (archive == null) {
            return Role.NONE;
        }
        if (Files.isRegularFile(archive)) {
            return new Role(with(QUIET, "-XX:SharedArchiveFile=" + archive), null, null);
        }
        if (!RECORDING.add(archive)) {
            return Role.NONE;
        }
        try {
            Files.createDirectories(archive.getParent());
            Path classList = archive.resolveSibling("." + archive.getFileName() + "." + UUID.randomUUID()
                    + ".classlist");
            // The JVM does not say when it cannot write the list: try now.
            Files.createFile(classList);
            return new Role(with(QUIET, "-XX:DumpLoadedClassList=" + classList), this::dump, classList);
        } catch (IOException | RuntimeException e) {
            RECORDING.remove(archive);
            return Role.NONE;
        }
    }

    /**
     * Writes the archive from a class list and renames it into place; removes what is left either way, and lets
     * another instance record.
     */
    private void dump(Path classList) {
        Path staging = archive.resolveSibling("." + archive.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            if (wholeLines(classList) > 0) {
                List<String> command = new ArrayList<>(List.of(InstanceLauncher.java().toString(), "-Xshare:dump",
                        "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + staging,
                        // As the instances run: the archive is checked against the class path and the GC.
                        "-XX:+UseSerialGC", "-classpath",
                        classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
                Process dump = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!dump.waitFor(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    dump.destroyForcibly().waitFor();
                } else if (dump.exitValue() == 0 && Files.size(staging) > 0) {
                    Files.move(staging, archive, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            // No archive this time; a later instance records again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(staging);
            deleteQuietly(classList);
            RECORDING.remove(archive);
        }
    }

    /** Cuts a line the JVM did not finish (it was killed as it wrote it); returns the list's size in bytes. */
    private static long wholeLines(Path classList) throws IOException {
        byte[] list = Files.readAllBytes(classList);
        int end = list.length;
        while (end > 0 && list[end - 1] != '\n') {
            end--;
        }
        if (end < list.length) {
            Files.write(classList, java.util.Arrays.copyOf(list, end));
        }
        return end;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stray temporary file, named so that nothing maps it.
        }
    }

    private static List<String> with(List<String> list, String last) {
        return Stream.concat(list.stream(), Stream.of(last)).toList();
    }

    /**
     * What an instance does with the archive: its JVM flags and, for the instance that records the classes, what to
     * do when it has ended.
     */
    static final class Role {

        static final Role NONE = new Role(List.of(), null, null);

        private final List<String> flags;
        private final Dump dump;
        private final Path classList;
        private boolean ended;

        private Role(List<String> flags, Dump dump, Path classList) {
            this.flags = flags;
            this.dump = dump;
            this.classList = classList;
        }

        List<String> flags() {
            return flags;
        }

        /** Whether the instance records the classes it loads, for the archive. */
        boolean records() {
            return dump != null;
        }

        /**
         * The instance's process has ended, however: writes the archive from its class list, in this thread (seconds),
         * for the instance that recorded it. Idempotent; a second call waits for the first to finish.
         */
        synchronized void ended() {
            if (ended || dump == null) {
                return;
            }
            ended = true;
            dump.from(classList);
        }
    }

    @FunctionalInterface
    private interface Dump {

        void from(Path classList);
    }
}
