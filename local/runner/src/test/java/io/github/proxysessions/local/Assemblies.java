package io.github.proxysessions.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-written cloud assemblies: a manifest and one stack's template, as cdk synth lays them out. */
final class Assemblies {

    private Assemblies() {
    }

    /** Writes a cloud assembly with one stack into {@code dir} and returns {@code dir}. */
    static Path write(Path dir, String stackName, String template) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("manifest.json"), """
                    {"version": "48.0.0", "artifacts": {"%s": {"type": "aws:cloudformation:stack",
                      "environment": "aws://unknown-account/unknown-region",
                      "properties": {"templateFile": "%s.template.json"}}}}
                    """.formatted(stackName, stackName), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(stackName + ".template.json"), template, StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
