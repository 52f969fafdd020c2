package io.github.proxysessions.local.cli;

import io.github.proxysessions.cdk.example.ProxySessionsApp;
import io.github.proxysessions.local.UserError;
import io.github.proxysessions.local.cfn.CloudAssembly;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * Synthesizes the bundled example app, as {@code cdk synth} would, with the given context values.
 *
 * <p>The synth runs in a child JVM on the runner's own class path, because jsii's Node.js process reads its
 * environment only: the child's sets {@value #SILENCE} so that jsii does not print its 22-line banner about
 * Node.js 18 and 20 being past their end of life (the runner's user has nothing to do about it; a value the user
 * set is kept). A JVM cannot change its own environment, and jsii takes no other setting for it.
 */
public final class ExampleSynth {

    static final String SILENCE = "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION";
    /** The child's stderr line that carries the app's refusal of its context values, as one line. */
    private static final String REFUSED = "proxy-session-local synth refused: ";
    private static final int REFUSED_EXIT = 2;
    /** The child's stderr line that says what else failed (CDK could not start, the synth itself failed). */
    private static final String FAILED = "proxy-session-local synth failed: ";
    private static final int FAILED_EXIT = 3;

    private ExampleSynth() {
    }

    public static CloudAssembly synthesize(Path outdir, Map<String, String> context) {
        return synthesize(outdir, context, System.err);
    }

    /**
     * Synthesizes the example into {@code outdir} (emptied first) in a child JVM.
     *
     * @param diagnostics where the synth's own output goes (CDK warnings, for instance)
     * @throws UserError when the app refuses the context values, with the app's message
     */
    public static CloudAssembly synthesize(Path outdir, Map<String, String> context, PrintStream diagnostics) {
        return synthesize(outdir, context, diagnostics, Map.of());
    }

    /**
     * As {@link #synthesize(Path, Map, PrintStream)}, the child's environment changed by {@code environment}.
     *
     * @throws UserError             when the app refuses the context values, with the app's message
     * @throws IllegalStateException when anything else failed (CDK could not start, Node.js is missing, the synth
     *                               failed), saying what
     */
    public static CloudAssembly synthesize(Path outdir, Map<String, String> context, PrintStream diagnostics,
                                           Map<String, String> environment) {
        prepare(outdir);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ExampleSynth.class.getName(), outdir.toString()));
        context.forEach((k, v) -> command.add(k + "=" + v));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectErrorStream(false);
        builder.environment().merge(SILENCE, "18,20", (mine, ours) -> mine);
        builder.environment().putAll(environment);
        String refusal = null;
        String failure = null;
        int exit;
        try {
            Process child = builder.start();
            child.getOutputStream().close();
            try (BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    if (line.startsWith(REFUSED)) {
                        refusal = line.substring(REFUSED.length());
                    } else if (line.startsWith(FAILED)) {
                        failure = line.substring(FAILED.length());
                    } else {
                        diagnostics.println(line);
                    }
                }
            }
            exit = child.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the synth of the bundled example app", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while synthesizing the bundled example app", e);
        }
        if (exit == REFUSED_EXIT && refusal != null) {
            throw new UserError("the bundled example app refused its context: " + refusal);
        }
        if (exit == FAILED_EXIT && failure != null) {
            throw new IllegalStateException("the synth of the bundled example app failed: " + failure);
        }
        if (exit != 0) {
            throw new IllegalStateException("the synth of the bundled example app failed (its JVM exited with code "
                    + exit + "; what it printed is above)");
        }
        return CloudAssembly.read(outdir);
    }

    /** The child: {@code ExampleSynth OUTDIR [KEY=VALUE]...}. */
    public static void main(String[] args) {
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            context.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        App app;
        try {
            // CDK starts here (jsii's Node.js process): a failure is not the app's answer to its context.
            app = new App(AppProps.builder().outdir(args[0]).context(Map.copyOf(context)).build());
        } catch (RuntimeException e) {
            exit(FAILED, "CDK could not start (is Node.js installed and on the PATH?): ", e, FAILED_EXIT);
            return;
        }
        try {
            // The constructs refuse what they are given with IllegalArgumentException, naming it.
            ProxySessionsApp.buildFromContext(app);
        } catch (IllegalArgumentException e) {
            exit(REFUSED, "", e, REFUSED_EXIT);
        } catch (RuntimeException e) {
            exit(FAILED, "", e, FAILED_EXIT);
        }
        try {
            app.synth();
        } catch (RuntimeException e) {
            exit(FAILED, "", e, FAILED_EXIT);
        }
        // jsii's Node.js process would keep the JVM alive.
        System.exit(0);
    }

    /** Ends the child, its one line on stderr saying why. */
    private static void exit(String marker, String prefix, RuntimeException e, int code) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        System.err.println(marker + prefix + message.lines().findFirst().orElse(message));
        System.err.flush();
        System.exit(code);
    }

    private static void prepare(Path outdir) {
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
    }
}
