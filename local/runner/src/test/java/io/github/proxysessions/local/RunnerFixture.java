package io.github.proxysessions.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.cdk.Capability;
import io.github.proxysessions.cdk.NumberSelectionBehavior;
import io.github.proxysessions.cdk.ProxySession;
import io.github.proxysessions.cdk.Renewal;
import io.github.proxysessions.cdk.VoiceConnectorProxy;
import io.github.proxysessions.emulator.FaultOptions;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cli.ExampleSynth;
import io.github.proxysessions.local.lambda.TestFunctions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import picocli.CommandLine;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * A state directory and the apps to deploy into it: CDK apps built with the real constructs and synthesized to a
 * cloud assembly, as {@code cdk synth} would write it.
 *
 * <p>A distinct app is synthesized once per test JVM and its cloud assembly shared by the tests that deploy it: each
 * synth takes seconds of round trips to jsii's node process, and the runner only reads an assembly.
 */
final class RunnerFixture {

    static final String DEMO = "demovoiceconnector0001";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The assemblies synthesized by this JVM, by what they were synthesized from. */
    private static final Map<String, Path> SYNTHESIZED = new HashMap<>();
    /** Under target/, apart from other test JVMs' (surefire forks). */
    private static final Path SHARED_APPS = Path.of("target", "synthesized-apps", UUID.randomUUID().toString())
            .toAbsolutePath();

    final Path dir;
    final Path stateDir;
    private int apps;

    RunnerFixture(Path dir) {
        this.dir = dir;
        this.stateDir = dir.resolve("state");
    }

    /**
     * Every file and directory under the state directory, by its path relative to it: a file's bytes in hex, a
     * directory as {@code <dir>}; what tests compare to show that a command wrote nothing.
     */
    Map<String, String> stateFiles() throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path p : paths.toList()) {
                all.put(stateDir.relativize(p).toString(), Files.isDirectory(p) ? "<dir>"
                        : HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return all;
    }

    /** The lines the functions' instances logged ({@code <state-dir>/lambda/logs/}), log by log; none before any. */
    List<String> functionLogLines() throws IOException {
        Path logs = stateDir.resolve("lambda");
        if (!Files.exists(logs)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(log));
            }
        }
        return lines;
    }

    /**
     * A proxy session of a test stack.
     *
     * @param preferSticky       NumberSelectionBehavior PreferSticky
     * @param renewBeforeMinutes the renewal window, or 0 for no renewal
     */
    record Session(String id, String connector, List<String> participants, int expiryMinutes, RemovalPolicy policy,
                   boolean preferSticky, int renewBeforeMinutes) {
        static Session of(String id, String first, String second) {
            return new Session(id, DEMO, List.of(first, second), 60, RemovalPolicy.DESTROY, false, 0);
        }

        Session expiry(int minutes) {
            return new Session(id, connector, participants, minutes, policy, preferSticky, renewBeforeMinutes);
        }

        Session connector(String other) {
            return new Session(id, other, participants, expiryMinutes, policy, preferSticky, renewBeforeMinutes);
        }

        Session participants(String first, String second) {
            return new Session(id, connector, List.of(first, second), expiryMinutes, policy, preferSticky,
                    renewBeforeMinutes);
        }

        Session retained() {
            return new Session(id, connector, participants, expiryMinutes, RemovalPolicy.RETAIN, preferSticky,
                    renewBeforeMinutes);
        }

        Session sticky() {
            return new Session(id, connector, participants, expiryMinutes, policy, true, renewBeforeMinutes);
        }

        /** Renewed by a schedule when less than {@code minutes} are left (contract C8). */
        Session renewal(int minutes) {
            return new Session(id, connector, participants, expiryMinutes, policy, preferSticky, minutes);
        }

        /** The construct's builder with what every test stack's session has: participants, expiry, and these. */
        ProxySession.Builder builder(Stack stack, List<Capability> capabilities) {
            ProxySession.Builder builder = ProxySession.Builder.create(stack, id)
                    .participantPhoneNumbers(participants)
                    .capabilities(capabilities)
                    .expiry(Duration.minutes(expiryMinutes))
                    .removalPolicy(policy);
            if (preferSticky) {
                builder.numberSelectionBehavior(NumberSelectionBehavior.PREFER_STICKY);
            }
            if (renewBeforeMinutes > 0) {
                builder.renewal(Renewal.beforeExpiry(Duration.minutes(renewBeforeMinutes)));
            }
            return builder;
        }
    }

    /**
     * Synthesizes a stack {@code Sessions} with these sessions, and the demo connector's proxy configuration, which
     * the sessions on it depend on.
     */
    CloudAssembly app(Session... sessions) throws Exception {
        return once("app " + Arrays.asList(sessions), outdir -> {
            App app = new App(AppProps.builder().outdir(outdir.toString()).build());
            Stack stack = new Stack(app, "Sessions");
            VoiceConnectorProxy proxy = proxy(stack, DEMO);
            for (Session s : sessions) {
                ProxySession.Builder builder = s.builder(stack, List.of(Capability.VOICE, Capability.SMS));
                if (s.connector().equals(DEMO)) {
                    builder.voiceConnectorProxy(proxy);
                } else {
                    builder.voiceConnectorId(s.connector());
                }
                builder.build();
            }
            app.synth();
        });
    }

    /**
     * Synthesizes a Stage {@code Prod} of two stacks wired by cross-stack references, as a pipeline ships them:
     * {@code Prod/Telephony} ({@code Prod-Telephony}) declares a voice connector of its own ({@code Connector}, named
     * {@code connectorName}) and its proxy configuration; {@code Prod/Sessions} ({@code Prod-Sessions}) declares these
     * sessions on that configuration. CDK exports the connector's id from Telephony, imports it in Sessions
     * ({@code Fn::ImportValue}), and records that Sessions depends on Telephony.
     */
    CloudAssembly stageApp(String connectorName, Session... sessions) throws Exception {
        return once("stageApp " + connectorName + " " + Arrays.asList(sessions), outdir -> {
            App app = new App(AppProps.builder().outdir(outdir.toString()).build());
            Stage prod = new Stage(app, "Prod");
            Stack telephony = new Stack(prod, "Telephony");
            CfnResource connector = CfnResource.Builder.create(telephony, "Connector")
                    .type("AWS::Chime::VoiceConnector")
                    .properties(Map.of("Name", connectorName, "RequireEncryption", true))
                    .build();
            connector.overrideLogicalId("Connector");
            VoiceConnectorProxy proxy = proxy(telephony, Token.asString(connector.getAtt("VoiceConnectorId")));
            Stack stack = new Stack(prod, "Sessions");
            for (Session s : sessions) {
                s.builder(stack, List.of(Capability.VOICE)).voiceConnectorProxy(proxy).build();
            }
            app.synth();
        });
    }

    /**
     * Synthesizes a Stage {@code Prod} of two stacks on the demo connector, with no reference between them:
     * {@code Prod/Telephony} declares the connector's proxy configuration, {@code Prod/Sessions} these sessions, and
     * depends on Telephony by a construct-level dependency ({@code addDependency}), which CDK records in the manifest.
     */
    CloudAssembly stageAppOnDemo(Session... sessions) throws Exception {
        return once("stageAppOnDemo " + Arrays.asList(sessions), outdir -> {
            App app = new App(AppProps.builder().outdir(outdir.toString()).build());
            Stage prod = new Stage(app, "Prod");
            Stack telephony = new Stack(prod, "Telephony");
            proxy(telephony, DEMO);
            Stack stack = new Stack(prod, "Sessions");
            stack.getNode().addDependency(telephony);
            for (Session s : sessions) {
                s.builder(stack, List.of(Capability.VOICE)).voiceConnectorId(DEMO).build();
            }
            app.synth();
        });
    }

    /** The proxy configuration of a test stack: one hour, US numbers. */
    private static VoiceConnectorProxy proxy(Stack stack, String voiceConnectorId) {
        return VoiceConnectorProxy.Builder.create(stack, "Proxy")
                .voiceConnectorId(voiceConnectorId)
                .defaultSessionExpiry(Duration.hours(1))
                .phoneNumberPoolCountries(List.of("US"))
                .build();
    }

    /**
     * Synthesizes a stack {@code Sessions} that declares its own voice connector ({@code AWS::Chime::VoiceConnector},
     * logical id {@code Connector}) and puts a proxy configuration and these sessions on it, through the
     * connector's {@code VoiceConnectorId} attribute.
     */
    CloudAssembly appOnItsOwnConnector(String connectorName, Session... sessions) throws Exception {
        return appOnItsOwnConnector(Map.of("Name", connectorName, "RequireEncryption", true), sessions);
    }

    /** As {@link #appOnItsOwnConnector(String, Session...)}, the connector with these properties. */
    CloudAssembly appOnItsOwnConnector(Map<String, Object> connectorProperties, Session... sessions)
            throws Exception {
        return once("appOnItsOwnConnector " + new TreeMap<>(connectorProperties) + " " + Arrays.asList(sessions),
                outdir -> {
                    App app = new App(AppProps.builder().outdir(outdir.toString()).build());
                    Stack stack = new Stack(app, "Sessions");
                    CfnResource connector = CfnResource.Builder.create(stack, "Connector")
                            .type("AWS::Chime::VoiceConnector")
                            .properties(connectorProperties)
                            .build();
                    connector.overrideLogicalId("Connector");
                    String connectorId = Token.asString(connector.getAtt("VoiceConnectorId"));
                    VoiceConnectorProxy proxy = proxy(stack, connectorId);
                    for (Session s : sessions) {
                        s.builder(stack, List.of(Capability.VOICE)).voiceConnectorProxy(proxy).build();
                    }
                    app.synth();
                });
    }

    /** The bundled example app ({@link ExampleSynth}) with this context. */
    static CloudAssembly example(Map<String, String> context) throws Exception {
        return once("example " + new TreeMap<>(context), outdir -> ExampleSynth.synthesize(outdir, context));
    }

    /** Synthesizes into an empty directory. */
    @FunctionalInterface
    private interface Synth {

        void into(Path outdir) throws Exception;
    }

    /**
     * The assembly {@code synth} writes for {@code key}: synthesized the first time this JVM asks for it, then
     * shared, each caller reading its own {@link CloudAssembly} of it.
     */
    private static CloudAssembly once(String key, Synth synth) throws Exception {
        Path outdir;
        // One thread at a time: jsii serves one.
        synchronized (SYNTHESIZED) {
            outdir = SYNTHESIZED.get(key);
            if (outdir == null) {
                Path fresh = Files.createDirectories(SHARED_APPS.resolve(Integer.toString(SYNTHESIZED.size() + 1)));
                synth.into(fresh);
                SYNTHESIZED.put(key, fresh);
                outdir = fresh;
            }
        }
        return CloudAssembly.read(outdir);
    }

    /**
     * Synthesizes a stack {@code Recorded} whose custom resources ({@code Custom::Recorded}, by logical id, with these
     * properties) are served by the {@link io.github.proxysessions.local.lambda.fn.RecordingProvider}: it logs every
     * event it gets ({@link #recordedEvents()}) and answers as the properties say ({@code Value}, {@code Fail},
     * {@code Replace}). A resource's properties may hold {@code "DependsOn"}, taken as its DependsOn, and
     * {@code "Retain": "true"}, taken as its removal policy.
     */
    CloudAssembly recordedApp(Map<String, Map<String, Object>> resources) throws Exception {
        Path outdir = Files.createDirectories(dir.resolve("cdk.out." + (++apps)));
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        Stack stack = new Stack(app, "Recorded");
        Function fn = Function.Builder.create(stack, "Fn").runtime(Runtime.JAVA_21).handler(TestFunctions.RECORDING)
                .code(Code.fromAsset(TestFunctions.jar(Files.createDirectories(dir.resolve("code"))).toString()))
                .memorySize(256).timeout(Duration.seconds(20)).build();
        Map<String, CfnResource> made = new LinkedHashMap<>();
        resources.forEach((id, given) -> {
            Map<String, Object> properties = new LinkedHashMap<>(given);
            Object dependsOn = properties.remove("DependsOn");
            Object retain = properties.remove("Retain");
            properties.put("ServiceToken", fn.getFunctionArn());
            properties.put("Log", recordedLog().toString());
            CfnResource r = CfnResource.Builder.create(stack, id).type("Custom::Recorded").properties(properties)
                    .build();
            r.overrideLogicalId(id);
            if (dependsOn != null) {
                r.addDependency(made.get(dependsOn.toString()));
            }
            if ("true".equals(retain)) {
                r.applyRemovalPolicy(RemovalPolicy.RETAIN);
            }
            made.put(id, r);
        });
        app.synth();
        return CloudAssembly.read(outdir);
    }

    /**
     * A copy of a synthesized app whose template of stack {@code stackName} (its stack name or artifact id) is
     * changed by {@code edit}, as a hand edit of {@code cdk.out} would change it.
     */
    CloudAssembly edited(CloudAssembly app, String stackName, java.util.function.Consumer<ObjectNode> edit)
            throws IOException {
        Path copy = dir.resolve("cdk.out." + (++apps));
        try (var files = Files.walk(app.directory())) {
            for (Path from : files.toList()) {
                Path to = copy.resolve(app.directory().relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Path template = templateFile(copy, stackName);
        ObjectNode root = (ObjectNode) JSON.readTree(template.toFile());
        edit.accept(root);
        Files.write(template, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        return CloudAssembly.read(copy);
    }

    /** The template file of a stack in an assembly, its Stages' assemblies included. */
    private static Path templateFile(Path assembly, String stackName) throws IOException {
        try (var manifests = Files.walk(assembly)) {
            for (Path manifest : manifests.filter(p -> p.getFileName().toString().equals("manifest.json")).toList()) {
                for (var artifact : JSON.readTree(manifest.toFile()).path("artifacts").properties()) {
                    var props = artifact.getValue().path("properties");
                    if (artifact.getKey().equals(stackName) || props.path("stackName").asText().equals(stackName)) {
                        return manifest.resolveSibling(props.path("templateFile").asText());
                    }
                }
            }
        }
        throw new IllegalArgumentException("no stack " + stackName + " in " + assembly);
    }

    private Path recordedLog() {
        return dir.resolve("recorded-events.log");
    }

    /**
     * What the recording provider got, one line per event, in order: {@code <RequestType> <PhysicalResourceId or ->
     * Value=<Value> Old=<OldResourceProperties' Value or ->}.
     */
    List<String> recordedEvents() throws IOException {
        return Files.exists(recordedLog()) ? Files.readAllLines(recordedLog()) : List.of();
    }

    /**
     * Changes a recorded resource's properties in a stack's record on disk, as a hand edit or an earlier version
     * would have left them.
     */
    void editRecordedProperties(String stackName, String logicalId,
                                java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path file = stateDir.resolve("stacks").resolve(stackName + ".json");
        ObjectNode record = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept((ObjectNode) record.path("resources").path(logicalId).path("properties"));
        Files.write(file, JSON.writeValueAsBytes(record));
    }

    /**
     * Writes into a stack's record what a run killed after sending a request leaves: the request pending, as the
     * runner records it before it sends it (the event without its ResponseURL, and the record it would change).
     *
     * @return the request's RequestId
     */
    String addPending(String stackName, String requestType, String logicalId, String resourceType,
                      ObjectNode properties) throws IOException {
        Path file = stateDir.resolve("stacks").resolve(stackName + ".json");
        ObjectNode record = (ObjectNode) JSON.readTree(file.toFile());
        String requestId = UUID.randomUUID().toString();
        ObjectNode event = JSON.createObjectNode().put("RequestType", requestType)
                .put("ServiceToken", properties.path("ServiceToken").asText())
                .put("StackId", record.path("stackId").asText()).put("RequestId", requestId)
                .put("LogicalResourceId", logicalId).put("ResourceType", resourceType);
        event.set("ResourceProperties", properties);
        ObjectNode target = JSON.valueToTree(new ResourceRecord(logicalId, resourceType, null, properties, Map.of(),
                false, "Delete", "Delete", List.of()));
        ObjectNode pending = JSON.createObjectNode().put("requestId", requestId).put("requestType", requestType)
                .put("logicalId", logicalId);
        pending.set("event", event);
        pending.set("target", target);
        ((ArrayNode) record.path("pending")).add(pending);
        Files.write(file, JSON.writeValueAsBytes(record));
        return requestId;
    }

    /**
     * The embedded emulator's faults as its command line gives them ({@code "--throttle-rps", "20"}, ...): the
     * emulator's own {@link FaultOptions}.
     */
    static FaultOptions faults(String... flags) {
        FaultOptions faults = new FaultOptions();
        new CommandLine(faults).parseArgs(flags);
        return faults;
    }

    /** A runner on this state directory, its output kept. */
    Run open(FaultOptions faults, boolean duplicateDelivery) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LocalRunner runner = LocalRunner.open(new LocalRunner.Settings(stateDir, null, faults, duplicateDelivery,
                new PrintStream(out, true, StandardCharsets.UTF_8)));
        return new Run(runner, out);
    }

    Run open() {
        return open(new FaultOptions(), false);
    }

    /** One run of the runner (one process's worth): its runner and what it printed. */
    record Run(LocalRunner runner, ByteArrayOutputStream out) implements AutoCloseable {
        String output() {
            return out.toString(StandardCharsets.UTF_8);
        }

        /** Every session on a connector, as the service has them. */
        List<software.amazon.awssdk.services.chimesdkvoice.model.ProxySession> sessions(String connector) {
            List<software.amazon.awssdk.services.chimesdkvoice.model.ProxySession> all = new ArrayList<>();
            try (ChimeSdkVoiceClient client = runner.client()) {
                client.listProxySessionsPaginator(r -> r.voiceConnectorId(connector))
                        .forEach(p -> all.addAll(p.proxySessions()));
            }
            return all;
        }

        long writeCalls() {
            return runner.emulator().requestCount("CreateProxySession")
                    + runner.emulator().requestCount("UpdateProxySession")
                    + runner.emulator().requestCount("DeleteProxySession");
        }

        @Override
        public void close() {
            runner.close();
        }
    }
}
