package io.github.proxysessions.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class data sharing between a function's instances: the first instance records its classes, the archive is written
 * as its function closes, later instances (of later runs too) map it, and whatever goes wrong with the archive leaves
 * instances that start and answer as without one. Where an instance got a class from is read from the JVM's own class
 * loading log ({@code JAVA_TOOL_OPTIONS=-Xlog:class+load}): the runtime interface client's main class, which the
 * JDK's default archive does not hold, comes {@code from shared objects file} only when the function's archive is
 * mapped.
 */
class ClassDataSharingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIN_FROM_ARCHIVE = InstanceLauncher.MAIN_CLASS + " source: shared objects file";

    @TempDir
    Path work;

    @Test
    void theFirstInstanceWritesTheArchiveAndTheInstancesOfALaterRunMapIt() throws Exception {
        Path code = uniqueJar();
        Path archive;
        JsonNode first;
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run1"), logged(code), 1)) {
            archive = lambda.classDataArchive();
            assertThat(archive).doesNotExist();
            first = inspect(lambda);
        }
        assertThat(arguments(first)).anyMatch(a -> a.startsWith("-XX:DumpLoadedClassList=" + archive.getParent()))
                .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile="));
        assertThat(archive).isRegularFile();
        assertThat(classLoading(first)).contains(InstanceLauncher.MAIN_CLASS + " source: file:")
                .doesNotContain(MAIN_FROM_ARCHIVE);
        // Only the archive is left in the cache, no class list nor temporary file.
        try (var cds = Files.list(archive.getParent())) {
            assertThat(cds.filter(p -> p.getFileName().toString().contains(archive.getFileName().toString())))
                    .containsExactly(archive);
        }
        // Nothing of the JVM's archive handling in the function's log.
        try (var logs = Files.list(work.resolve("run1").resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).doesNotContain("[cds").doesNotContain("shared archive");
            }
        }

        try (LocalLambda lambda = LocalLambda.start(work.resolve("run2"), logged(code), 1)) {
            assertThat(lambda.classDataArchive()).isEqualTo(archive);
            JsonNode second = inspect(lambda);

            assertThat(arguments(second)).contains("-XX:SharedArchiveFile=" + archive)
                    .noneMatch(a -> a.startsWith("-XX:DumpLoadedClassList="));
            assertThat(classLoading(second)).contains(MAIN_FROM_ARCHIVE);
        }
    }

    @Test
    void anArchiveTheJvmCannotUseLeavesInstancesThatStartAndAnswerQuietly() throws Exception {
        Path code = uniqueJar();
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"), logged(code), 1)) {
            Path archive = lambda.classDataArchive();
            // An archive of another class path, where this function's would be.
            Files.createDirectories(archive.getParent());
            Process other = new ProcessBuilder(InstanceLauncher.java().toString(),
                    "-Xshare:dump", "-XX:SharedArchiveFile=" + archive, "-cp", code.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("other-jvm.log").toFile()).start();
            assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(archive).isRegularFile();

            JsonNode probe = inspect(lambda);

            assertThat(arguments(probe)).contains("-XX:SharedArchiveFile=" + archive);
            assertThat(classLoading(probe)).contains(InstanceLauncher.MAIN_CLASS + " source: file:")
                    .doesNotContain(MAIN_FROM_ARCHIVE);
            try (var logs = Files.list(lambda.logDirectory())) {
                for (Path log : logs.toList()) {
                    assertThat(Files.readString(log)).doesNotContain("[cds").doesNotContain("shared archive");
                }
            }
        }
    }

    @Test
    void aCacheThatCannotHoldTheArchiveLeavesInstancesWithoutOne() throws Exception {
        ClassDataArchive archive = archiveInACacheOfItsOwn();
        // Where the archives would go is taken by a file.
        Files.writeString(archive.file().getParent(), "not a directory");

        ClassDataArchive.Role role = archive.next();

        assertThat(role.records()).isFalse();
        assertThat(role.flags()).isEmpty();
    }

    @Test
    void aClassListCutShortByAKillStillMakesAnArchiveAndOneInstanceRecordsAtATime() throws Exception {
        ClassDataArchive archive = archiveInACacheOfItsOwn();

        ClassDataArchive.Role killed = archive.next();
        assertThat(killed.records()).isTrue();
        assertThat(archive.next().flags()).as("one instance records at a time").isEmpty();
        Path classList = Path.of(killed.flags().get(killed.flags().size() - 1).substring(
                "-XX:DumpLoadedClassList=".length()));
        // As a JVM killed in the middle of a line leaves it.
        Files.writeString(classList, "java/lang/Object\njava/lang/String\njava/util/concurrent/ConcurrentSkipLi");
        killed.ended();

        assertThat(archive.file()).isRegularFile();
        assertThat(classList).doesNotExist();
        assertThat(archive.next().flags()).contains("-XX:SharedArchiveFile=" + archive.file());
    }

    /** The archive of a unique jar, in a runtime cache of this test's own. */
    private ClassDataArchive archiveInACacheOfItsOwn() throws IOException {
        RuntimeBundle runtime = RuntimeBundle.extract(work.resolve("cache"));
        Path code = uniqueJar();
        return ClassDataArchive.of(runtime, code, TaskRoot.prepare(code, work.resolve("run")));
    }

    /** A copy of the test functions' jar with content of its own, so that its archive is this test's alone. */
    private Path uniqueJar() throws IOException {
        Path jar = Files.copy(TestFunctions.jar(Files.createDirectories(work.resolve("code"))),
                work.resolve("unique-functions.jar"));
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Files.writeString(zip.getPath("unique.txt"), UUID.randomUUID().toString());
        }
        return jar;
    }

    /** The probe, its JVM logging where each class comes from into {@code <work>/classes-<pid>.log}. */
    private Function logged(Path code) {
        return TestFunctions.probe(code).environment(Map.of("JAVA_TOOL_OPTIONS",
                "-Xlog:class+load=info:file=" + work.resolve("classes-%p.log"))).build();
    }

    private static JsonNode inspect(LocalLambda lambda) throws Exception {
        Invocation.Result result = lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(Invocation.Success.class);
        return JSON.readTree(((Invocation.Success) result).payload());
    }

    private static List<String> arguments(JsonNode probe) {
        List<String> arguments = new ArrayList<>();
        probe.path("jvmArguments").forEach(a -> arguments.add(a.asText()));
        return arguments;
    }

    private String classLoading(JsonNode probe) throws IOException {
        return Files.readString(work.resolve("classes-" + probe.path("pid").asLong() + ".log"));
    }
}
