package io.github.proxysessions.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own Maven project (two modules, one with the AWS SDK on its test class path and one without), depending on
 * the published extension artifact, runs its JUnit 5 tests through the extension: both parameter types, a static and
 * an instance field, the clock, parallel classes, and the endpoint system property. Its {@code SessionBrokerTest}
 * is the complete test class of docs/EMULATOR.md, word for word.
 *
 * <p>"Published" here is a local repository of the test's own: a copy of the build's, with this project's artifacts
 * (the extension, the emulator, their parent poms) laid out as a repository holds them. Nothing is installed into the
 * repository other builds share. The inner build runs with that repository on its command line and in its settings,
 * and without the environment's {@code MAVEN_OPTS}, {@code MAVEN_ARGS} and {@code MAVEN_CONFIG}, so that a
 * {@code -Dmaven.repo.local} given to this build cannot send it to the shared repository.
 */
class ConsumerJUnitProjectIT {

    static final String GROUP_PATH = "io/github/proxysessions";

    /** Each test class of the project, with how many tests it has. */
    static final Map<String, Integer> EXPECTED = Map.of(
            "with-sdk/com.example.SessionBrokerTest", 1,
            "with-sdk/com.example.proxy.ClassScopeTest", 2,
            "with-sdk/com.example.proxy.TestScopeTest", 2,
            "with-sdk/com.example.proxy.ClockTest", 2,
            "with-sdk/com.example.proxy.ParallelOneTest", 1,
            "with-sdk/com.example.proxy.ParallelTwoTest", 1,
            "with-sdk/com.example.proxy.EndpointPropertyTest", 1,
            "without-sdk/com.example.plain.EmulatorOnlyTest", 2);

    @TempDir
    Path work;

    @Test
    void aUsersProjectOnThePublishedArtifactRunsItsTestsThroughTheExtension() throws Exception {
        Path repository = work.resolve("repository");
        copyTree(Path.of(System.getProperty("maven.local.repository")), repository);
        publish(repository);
        Path project = work.resolve("proxy-tests");
        writeProject(Path.of(System.getProperty("consumer.tests.dir")), project, Map.of(
                "@local.repository@", repository.toString(),
                "@proxy-session.version@", version(),
                "@junit.version@", System.getProperty("junit.version"),
                "@aws-sdk.version@", System.getProperty("aws-sdk.version"),
                "@maven-resources-plugin.version@", System.getProperty("maven-resources-plugin.version"),
                "@maven-compiler-plugin.version@", System.getProperty("maven-compiler-plugin.version"),
                "@maven-surefire-plugin.version@", System.getProperty("maven-surefire-plugin.version")));

        Path log = work.resolve("build.log");
        ProcessBuilder build = new ProcessBuilder("mvn", "-B", "-e", "-s", "settings.xml",
                "-Dmaven.repo.local=" + repository, "test")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // The inner build's settings are its own, whatever this build was given; its JVM's flags are this build's
        // test JVMs' (the root pom's test.jvm.flags: C1 only, the serial collector), for a short-lived JVM.
        build.environment().put("MAVEN_OPTS", System.getProperty("test.jvm.flags", ""));
        build.environment().remove("MAVEN_ARGS");
        build.environment().remove("MAVEN_CONFIG");
        Process maven = build.start();
        boolean ended = maven.waitFor(15, TimeUnit.MINUTES);
        if (!ended) {
            maven.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(ended).as(tail(output)).isTrue();
        assertThat(maven.exitValue()).as(tail(output)).isZero();

        Map<String, int[]> results = results(project);
        assertThat(results.keySet()).as(tail(output)).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        EXPECTED.forEach((testClass, tests) -> assertThat(results.get(testClass))
                .as("%s: tests, failures, errors, skipped", testClass).containsExactly(tests, 0, 0, 0));
        assertThat(Files.exists(repository.resolve(GROUP_PATH).resolve("proxy-session-emulator-junit")
                .resolve(version()).resolve("proxy-session-emulator-junit-" + version() + ".jar")))
                .as("resolved from the test's own repository").isTrue();
    }

    private static String version() {
        return System.getProperty("proxy-session.version");
    }

    /** Lays the extension's artifacts and what they need from this project out as a repository holds them. */
    private static void publish(Path repository) throws IOException {
        Path published = Path.of(System.getProperty("published.dir"));
        String v = version();
        put(repository, "proxy-session-parent", ".pom", published.resolve("proxy-session-parent-" + v + ".pom"));
        put(repository, "proxy-session-local-parent", ".pom",
                published.resolve("proxy-session-local-parent-" + v + ".pom"));
        put(repository, "proxy-session-emulator", ".pom", published.resolve("proxy-session-emulator-" + v + ".pom"));
        put(repository, "proxy-session-emulator", ".jar", published.resolve("proxy-session-emulator-" + v + ".jar"));
        put(repository, "proxy-session-emulator-junit", ".pom", Path.of(System.getProperty("emulator.junit.pom")));
        put(repository, "proxy-session-emulator-junit", ".jar", Path.of(System.getProperty("emulator.junit.jar")));
    }

    private static void put(Path repository, String artifactId, String extension, Path file) throws IOException {
        Path dir = repository.resolve(GROUP_PATH).resolve(artifactId).resolve(version());
        Files.createDirectories(dir);
        Files.copy(file, dir.resolve(artifactId + "-" + version() + extension), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Each test class's counts from the surefire reports of both modules: tests, failures, errors, skipped. */
    private static Map<String, int[]> results(Path project) throws IOException {
        Pattern suite = Pattern.compile("<testsuite[^>]*?name=\"([^\"]+)\"[^>]*>");
        Map<String, int[]> results = new TreeMap<>();
        for (String module : List.of("with-sdk", "without-sdk")) {
            Path reports = project.resolve(module).resolve("target/surefire-reports");
            if (!Files.isDirectory(reports)) {
                continue;
            }
            try (Stream<Path> files = Files.list(reports)) {
                for (Path report : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
                    String xml = Files.readString(report, StandardCharsets.UTF_8);
                    Matcher m = suite.matcher(xml);
                    if (m.find()) {
                        String head = m.group();
                        results.put(module + "/" + m.group(1), new int[] {count(head, "tests"),
                                count(head, "failures"), count(head, "errors"), count(head, "skipped")});
                    }
                }
            }
        }
        return results;
    }

    private static int count(String suiteElement, String attribute) {
        Matcher m = Pattern.compile(" " + attribute + "=\"(\\d+)\"").matcher(suiteElement);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : "..." + output.substring(output.length() - 6000);
    }

    private static void writeProject(Path from, Path to, Map<String, String> values) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                for (Map.Entry<String, String> value : values.entrySet()) {
                    text = text.replace(value.getKey(), value.getValue());
                }
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.writeString(target, text);
            }
        }
    }

    /** Copies the build's repository, leaving out this project's own artifacts: the test lays out today's. */
    private static void copyTree(Path from, Path to) throws IOException {
        Path own = from.resolve(GROUP_PATH);
        try (Stream<Path> files = Files.walk(from)) {
            files.filter(source -> !source.startsWith(own)).forEach(source -> {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
