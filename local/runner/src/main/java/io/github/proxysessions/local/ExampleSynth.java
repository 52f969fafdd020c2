package io.github.proxysessions.local;

import io.github.proxysessions.cdk.example.ProxySessionsApp;
import io.github.proxysessions.local.cfn.CloudAssembly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** Synthesizes the bundled example app in-process, as {@code cdk synth} would, with the given context values. */
final class ExampleSynth {

    private ExampleSynth() {
    }

    static CloudAssembly synthesize(Path outdir, Map<String, String> context) {
        try {
            if (Files.exists(outdir)) {
                try (Stream<Path> old = Files.walk(outdir)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(outdir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + outdir, e);
        }
        App app = new App(AppProps.builder().outdir(outdir.toString()).context(Map.copyOf(context)).build());
        ProxySessionsApp.build(app);
        app.synth();
        return CloudAssembly.read(outdir);
    }
}
