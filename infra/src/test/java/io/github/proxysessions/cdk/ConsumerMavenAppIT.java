package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own Maven project (its pom, its cdk.json, its source), depending on the published construct artifact,
 * synthesizes with the real CDK CLI: its app ({@code ConsumerApp}) declares its connector with
 * {@code voiceConnector(CfnVoiceConnector)}; its second app ({@code SharedProxyApp}) declares sessions in one stack
 * against a configuration another stack owns, imported with {@code VoiceConnectorProxy.fromVoiceConnectorId}.
 *
 * <p>"Published" here is a local repository of the test's own: a copy of the build's, with this library's jar and pom,
 * the rules module and the parent pom laid out as a repository holds them. Nothing is installed into the repository
 * other builds share. What the copy lacks (poms of versions that only a user's resolution visits) comes from Maven
 * Central into the copy, as it would for a user.
 *
 * <p>The assemblies it synthesizes are kept, once their checks pass, at {@code target/consumer-app/cdk.out} and
 * {@code target/consumer-app/shared.out}, with the SHA-256 of the library jar they were built with beside them:
 * local/runner's {@code ConsumerMavenAppDeployIT}, which builds after this module in the reactor, deploys them
 * locally. A run that fails leaves none there, rather than an older one.
 */
class ConsumerMavenAppIT {

    /** The CDK CLI the project pins (the root pom's {@code aws-cdk-cli.version}, which {@code .ci/run} runs too). */
    static final String CDK_CLI = "aws-cdk@" + System.getProperty("aws-cdk-cli.version");
    static final String GROUP_PATH = "io/github/proxysessions";

    @TempDir
    static Path work;
    private static Path app;
    private static Path repository;

    @BeforeAll
    static void publishTheLibraryAndWriteTheApp() throws IOException {
        deleteTree(kept("cdk.out").getParent());
        repository = work.resolve("repository");
        copyTree(Path.of(System.getProperty("maven.local.repository")), repository);
        publish(repository);
        app = work.resolve("consumer-app");
        writeApp(Path.of(System.getProperty("consumer.app.dir")), app, Map.of(
                "@local.repository@", repository.toString(),
                "@proxy-session-cdk.version@", version(),
                "@aws-cdk-lib.version@", System.getProperty("aws-cdk-lib.version"),
                "@constructs.version@", System.getProperty("constructs.version"),
                "@maven-resources-plugin.version@", System.getProperty("maven-resources-plugin.version"),
                "@maven-compiler-plugin.version@", System.getProperty("maven-compiler-plugin.version"),
                "@exec-maven-plugin.version@", System.getProperty("exec-maven-plugin.version")));
    }

    /** Runs {@code cdk synth} in the app's directory with {@code options}; returns the assembly directory. */
    private static Path synth(String output, String... options) throws Exception {
        assertThat(cdk("--version")).as("the CDK CLI npx runs").startsWith(System.getProperty("aws-cdk-cli.version"));
        List<String> arguments = new ArrayList<>(List.of("synth", "--quiet", "--output", output));
        arguments.addAll(List.of(options));
        cdk(arguments.toArray(String[]::new));
        return app.resolve(output);
    }

    /** Runs the pinned CDK CLI in the app's directory, in {@link #userEnvironment}; returns what it printed. */
    private static String cdk(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("npx", "-y", CDK_CLI));
        command.addAll(List.of(arguments));
        ProcessBuilder cdk = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true);
        Map<String, String> environment = userEnvironment(System.getenv(), repository);
        cdk.environment().clear();
        cdk.environment().putAll(environment);
        Process cli = cdk.start();
        String text = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(10, TimeUnit.MINUTES)).as(text).isTrue();
        assertThat(cli.exitValue()).as(text).isZero();
        return text;
    }

    /**
     * The environment the CDK CLI, and the app's own Maven build that it runs, get: built here rather than inherited,
     * as a user's shell in their project would give it, so that nothing of the build running this test reaches the
     * app's build. Inherited, the outer build's {@code MAVEN_OPTS=-Dmaven.repo.local=...} (or {@code MAVEN_ARGS},
     * {@code JAVA_TOOL_OPTIONS}, a {@code ~/.mavenrc}) would point the app's build at a repository without the
     * published library, and it would fail to resolve it.
     *
     * <p>Kept from {@code outer}: where programs are ({@code PATH}), whose files ({@code HOME}: npm's cache and
     * settings), the locale, and what reaching the network takes (proxies, extra CA certificates). Set: the
     * JDK running this test, Maven's repository named explicitly (the test's own, which the app's {@code settings.xml}
     * also names), Maven's rc files skipped, and the CLI's and jsii's notices silenced.
     */
    static Map<String, String> userEnvironment(Map<String, String> outer, Path repository) {
        Map<String, String> environment = new TreeMap<>();
        outer.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (List.of("path", "home", "lang", "tmpdir", "tz").contains(lower) || lower.startsWith("lc_")
                    || List.of("http_proxy", "https_proxy", "no_proxy").contains(lower)
                    || lower.equals("node_extra_ca_certs") || lower.startsWith("ssl_cert_")) {
                environment.put(name, value);
            }
        });
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        // The flags this build's test JVMs have (the root pom's test.jvm.flags: C1 only, the serial collector): the
        // app's build and synth are short-lived JVMs too.
        environment.put("MAVEN_OPTS", "-Dmaven.repo.local=" + repository + " "
                + System.getProperty("test.jvm.flags", ""));
        environment.put("MAVEN_SKIP_RC", "true");
        environment.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        environment.put("CDK_DISABLE_VERSION_CHECK", "1");
        return environment;
    }

    /** Keeps a checked assembly for local/runner's deploy, then what it was synthesized with. */
    private static void keep(Path out, String name) throws Exception {
        copyTree(out, kept(name));
        // Last: what the assembly was synthesized with, the construct library jar's SHA-256 (the build is
        // reproducible), so that the deploy can tell an assembly of this build from an older one.
        Files.writeString(kept(name).resolveSibling("proxy-session-cdk.jar.sha256"),
                sha256(Path.of(System.getProperty("infra.jar"))));
    }

    @Test
    void aUsersMavenAppOnThePublishedArtifactSynthesizesWithTheCdkCli() throws Exception {
        Path out = synth("cdk.out");

        JsonNode template = new ObjectMapper().readTree(out.resolve("Consumer.template.json").toFile());
        JsonNode resources = template.get("Resources");
        String connector = only(resources, "AWS::Chime::VoiceConnector");
        JsonNode connectorId = new ObjectMapper().valueToTree(Map.of("Fn::GetAtt",
                List.of(connector, "VoiceConnectorId")));
        assertThat(ofType(resources, "Custom::VoiceConnectorProxy")).singleElement()
                .satisfies(r -> assertThat(r.at("/Properties/VoiceConnectorId")).isEqualTo(connectorId));
        String proxy = only(resources, "Custom::VoiceConnectorProxy");
        // Both sessions wait for the configuration, the one given voiceConnector(connector) too.
        assertThat(ofType(resources, "Custom::ProxySession")).hasSize(2)
                .allSatisfy(r -> assertThat(r.at("/Properties/VoiceConnectorId")).isEqualTo(connectorId))
                .allSatisfy(r -> assertThat(r.get("DependsOn").toString()).contains("\"" + proxy + "\""));
        assertThat(ofType(resources, "AWS::Scheduler::Schedule")).hasSize(1);
        String policies = ofType(resources, "AWS::IAM::Policy").toString();
        assertThat(policies).contains("{\"Ref\":\"" + connector + "\"}").doesNotContain("\"*\"");
        assertThat(template.at("/Outputs/VoiceConnectorId/Value")).isEqualTo(connectorId);

        // The function's asset is the handler jar the published library carries.
        List<Path> jars;
        try (Stream<Path> files = Files.list(out)) {
            jars = files.filter(f -> f.getFileName().toString().matches("asset\\.[0-9a-f]{64}\\.jar")).toList();
        }
        assertThat(jars).hasSize(1);
        assertThat(Files.readAllBytes(jars.get(0)))
                .isEqualTo(Files.readAllBytes(Path.of(System.getProperty("handler.jar"))));

        keep(out, "cdk.out");
    }

    @Test
    void aUsersAppWithSessionsOnAConfigurationAnotherStackOwnsSynthesizesWithTheCdkCli() throws Exception {
        Path out = synth("shared.out", "--app", "mvn -B -e -q -s settings.xml compile exec:java "
                + "-Dapp.main=com.example.consumer.SharedProxyApp");

        JsonNode owner = new ObjectMapper().readTree(out.resolve("SharedProxyOwner.template.json").toFile());
        JsonNode sessions = new ObjectMapper().readTree(out.resolve("SharedProxySessions.template.json").toFile());
        String connector = only(owner.get("Resources"), "AWS::Chime::VoiceConnector");
        assertThat(owner.at("/Outputs/VoiceConnectorId")).isEqualTo(new ObjectMapper().valueToTree(Map.of(
                "Value", Map.of("Fn::GetAtt", List.of(connector, "VoiceConnectorId")),
                "Export", Map.of("Name", "SharedProxyVoiceConnectorId"))));
        assertThat(ofType(owner.get("Resources"), "Custom::VoiceConnectorProxy")).hasSize(1);

        JsonNode resources = sessions.get("Resources");
        JsonNode imported = new ObjectMapper().valueToTree(Map.of("Fn::ImportValue", "SharedProxyVoiceConnectorId"));
        // The sessions name the imported connector, wait for nothing in their stack, and configure nothing.
        assertThat(ofType(resources, "Custom::ProxySession")).hasSize(2)
                .allSatisfy(r -> assertThat(r.at("/Properties/VoiceConnectorId")).isEqualTo(imported))
                .allSatisfy(r -> assertThat(r.has("DependsOn")).isFalse());
        assertThat(ofType(resources, "Custom::VoiceConnectorProxy")).isEmpty();
        assertThat(ofType(resources, "AWS::Chime::VoiceConnector")).isEmpty();
        assertThat(ofType(resources, "AWS::Scheduler::Schedule")).hasSize(1);
        String policies = ofType(resources, "AWS::IAM::Policy").toString();
        assertThat(policies).contains("chime:CreateProxySession").contains(imported.toString())
                .doesNotContain("PutVoiceConnectorProxy").doesNotContain("\"*\"");
        // The sessions' stack is deployed after the owner's, which exports the connector.
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.at("/artifacts/SharedProxySessions/dependencies").toString())
                .contains("\"SharedProxyOwner\"");

        keep(out, "shared.out");
    }

    /** Where a checked assembly is kept for local/runner's deploy: {@code target/consumer-app/<name>}. */
    private static Path kept(String name) {
        return Path.of(System.getProperty("infra.jar")).resolveSibling("consumer-app").resolve(name);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String version() {
        return System.getProperty("proxy-session-cdk.version");
    }

    /** Lays the library's artifacts out as a repository holds them. */
    private static void publish(Path repository) throws IOException {
        Path published = Path.of(System.getProperty("published.dir"));
        String v = version();
        put(repository, "proxy-session-parent", ".pom", published.resolve("proxy-session-parent-" + v + ".pom"));
        put(repository, "proxy-session-rules", ".pom", published.resolve("proxy-session-rules-" + v + ".pom"));
        put(repository, "proxy-session-rules", ".jar", published.resolve("proxy-session-rules-" + v + ".jar"));
        put(repository, "proxy-session-cdk", ".pom", Path.of(System.getProperty("infra.pom")));
        put(repository, "proxy-session-cdk", ".jar", Path.of(System.getProperty("infra.jar")));
    }

    private static void put(Path repository, String artifactId, String extension, Path file) throws IOException {
        Path dir = repository.resolve(GROUP_PATH).resolve(artifactId).resolve(version());
        Files.createDirectories(dir);
        Files.copy(file, dir.resolve(artifactId + "-" + version() + extension), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeApp(Path from, Path to, Map<String, String> values) throws IOException {
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

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(source -> {
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

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static List<JsonNode> ofType(JsonNode resources, String type) {
        List<JsonNode> found = new ArrayList<>();
        resources.forEach(r -> {
            if (r.get("Type").asText().equals(type)) {
                found.add(r);
            }
        });
        return found;
    }

    private static String only(JsonNode resources, String type) {
        List<String> ids = new ArrayList<>();
        resources.fieldNames().forEachRemaining(id -> {
            if (resources.get(id).get("Type").asText().equals(type)) {
                ids.add(id);
            }
        });
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }
}
