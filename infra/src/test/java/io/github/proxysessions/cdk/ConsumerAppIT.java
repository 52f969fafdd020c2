package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CDK app whose class path holds the packaged library and its declared runtime dependencies, and nothing of this
 * repository (no classes directories, no handler module), synthesises a stack whose handler asset is the real jar.
 */
class ConsumerAppIT {

    @TempDir
    Path outdir;

    @Test
    void anAppThatDependsOnlyOnTheLibraryArtifactGetsTheRealHandlerJar() throws Exception {
        Path library = Path.of(System.getProperty("infra.jar"));
        List<String> classPath = new ArrayList<>();
        classPath.add(library.toString());
        classPath.addAll(List.of(Files.readString(Path.of(System.getProperty("infra.classpath.file")))
                .strip().split(File.pathSeparator)));
        classPath.add(System.getProperty("consumer.classes"));
        assertThat(classPath).noneMatch(e -> e.endsWith("classes") && !e.equals(System.getProperty("consumer.classes")))
                .noneMatch(e -> e.contains("proxy-session-handler"));

        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), ConsumerApp.class.getName(), outdir.toString())
                .redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes());
        assertThat(app.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(app.exitValue()).as(output).isZero();

        JsonNode template = new ObjectMapper().readTree(outdir.resolve("Consumer.template.json").toFile());
        assertThat(template.toString()).contains("Custom::ProxySession", "java21");
        JsonNode files = new ObjectMapper().readTree(outdir.resolve("Consumer.assets.json").toFile()).get("files");
        List<Path> jars = new ArrayList<>();
        files.fieldNames().forEachRemaining(hash -> {
            Path asset = outdir.resolve("asset." + hash + ".jar");
            if (Files.exists(asset)) {
                jars.add(asset);
            }
        });
        assertThat(jars).hasSize(1);
        assertThat(Files.readAllBytes(jars.get(0))).isEqualTo(Files.readAllBytes(Path.of(
                System.getProperty("handler.jar"))));
    }
}
