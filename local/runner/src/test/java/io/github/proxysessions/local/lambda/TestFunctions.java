package io.github.proxysessions.local.lambda;

import io.github.proxysessions.local.lambda.fn.ProbeFunction;
import io.github.proxysessions.local.lambda.fn.RecordingProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/** The test functions of package {@code ...lambda.fn}, packaged as a deployment jar, and functions made of them. */
public final class TestFunctions {

    public static final String PROBE = ProbeFunction.class.getName() + "::handleRequest";
    /** A custom-resource provider that records the events it gets: {@link RecordingProvider}. */
    public static final String RECORDING = RecordingProvider.class.getName() + "::handleRequest";
    static final String BROKEN_INIT = "io.github.proxysessions.local.lambda.fn.BrokenInitFunction";

    private TestFunctions() {
    }

    /** A deployment jar holding the compiled classes of package {@code fn}, and nothing else. */
    public static Path jar(Path directory) {
        try {
            Path classes = Path.of(ProbeFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String packagePath = ProbeFunction.class.getPackageName().replace('.', '/');
            Path jar = directory.resolve("test-functions.jar");
            try (OutputStream file = Files.newOutputStream(jar);
                 JarOutputStream out = new JarOutputStream(file);
                 Stream<Path> files = Files.list(classes.resolve(packagePath))) {
                for (Path classFile : files.sorted().toList()) {
                    out.putNextEntry(new ZipEntry(packagePath + "/" + classFile.getFileName()));
                    out.write(Files.readAllBytes(classFile));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The probe function, with Lambda's defaults but for a 10 s timeout. */
    static Function.Builder probe(Path code) {
        return Function.builder().name("Probe").code(code).handler(PROBE)
                .memoryMb(256).timeout(Duration.ofSeconds(10)).environment(Map.of());
    }

    static String event(String action) {
        return "{\"action\":\"" + action + "\"}";
    }
}
