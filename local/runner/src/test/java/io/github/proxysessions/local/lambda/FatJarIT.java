package io.github.proxysessions.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.lambda.fn.ProbeFunction;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local/target/proxy-session-local.jar} alone carries the Lambda runtime, and still runs its commands. */
class FatJarIT {

    private static final Path JAR = Path.of(System.getProperty("proxysessions.localJar",
            "../target/proxy-session-local.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path work;

    @Test
    void theJarRunsAFunctionWithTheRuntimeItBundles() throws Exception {
        Path cache = work.resolve("cache");
        Path testClasses = Path.of(ProbeFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // The runner jar and the test classes (for InvokeOnce): no target/classes, no Maven repository.
        Result run = run(List.of(JAVA, "-D" + RuntimeBundle.CACHE_PROPERTY + "=" + cache,
                "-cp", JAR + File.pathSeparator + testClasses, InvokeOnce.class.getName(),
                work.resolve("run").toString(), TestFunctions.jar(work).toString()));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Success");
        // The runtime, extracted once, and beside it the function's class data archive, written as its instance
        // ended (docs/LOCAL-RUNNER.md, Class data sharing).
        Path archives = cache.resolve("cds");
        try (var extracted = Files.list(cache)) {
            assertThat(extracted.filter(p -> !p.equals(archives)).toList()).singleElement().satisfies(dir ->
                    assertThat(dir.resolve("lib").resolve("aws-lambda-java-runtime-interface-client-2.10.1.jar"))
                            .isRegularFile());
        }
        try (var written = Files.list(archives)) {
            assertThat(written.toList()).singleElement().satisfies(archive ->
                    assertThat(archive.getFileName().toString()).endsWith(".jsa"));
        }
    }

    @Test
    void theEmulatorCommandStillRuns() throws Exception {
        Result run = run(List.of(JAVA, "-jar", JAR.toString(), "emulator", "--help"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("--port=N");
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command) throws Exception {
        assertThat(JAR).as("the runner jar; mvn verify builds it before this test").isRegularFile();
        Path output = work.resolve("output.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
