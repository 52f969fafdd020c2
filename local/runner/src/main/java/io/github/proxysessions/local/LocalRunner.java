package io.github.proxysessions.local;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.EmulatorCommand;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cfn.EventPrinter;
import io.github.proxysessions.local.cfn.LocalCloudFormation;
import io.github.proxysessions.local.cfn.LocalResourceType;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackDeployment;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.local.cfn.StateStore;
import io.github.proxysessions.local.cfn.TemplateException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;

/**
 * The local runner's Java entry point: deploys, destroys and reports on stacks against the embedded emulator (its
 * state kept in the state directory) or any endpoint that serves the Chime SDK Voice API.
 */
public final class LocalRunner implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";
    /** How many resource operations run at once, and how many instances a function may have. */
    public static final int CONCURRENCY = 8;

    /**
     * The embedded emulator's fault flags: the one declaration of them in the runner, both the {@code deploy} and
     * {@code destroy} options (a picocli mixin) and the Java API's value.
     */
    public static final class Faults {
        public static final Faults NONE = new Faults();

        @Option(names = "--throttle-rps", paramLabel = "R", defaultValue = "0",
                description = "Embedded emulator: answer 429 beyond R requests per second.")
        private double throttleRps;

        @Option(names = "--throttle-burst", paramLabel = "B",
                description = "Embedded emulator: the throttle's bucket size (default: R rounded up).")
        private Integer throttleBurst;

        @Option(names = "--fail-rate", paramLabel = "F", defaultValue = "0",
                description = "Embedded emulator: answer this fraction of requests with 500 or 503.")
        private double failRate;

        @Option(names = "--latency-ms", paramLabel = "L", defaultValue = "0",
                description = "Embedded emulator: add L milliseconds to every request.")
        private long latencyMs;

        /** No fault; picocli fills the fields of the instances it makes. */
        public Faults() {
        }

        public Faults(double throttleRps, Integer throttleBurst, double failRate, long latencyMs) {
            this.throttleRps = throttleRps;
            this.throttleBurst = throttleBurst;
            this.failRate = failRate;
            this.latencyMs = latencyMs;
        }

        boolean any() {
            return throttleRps > 0 || failRate > 0 || latencyMs > 0;
        }

        /** Refuses values out of range, and any fault with another endpoint, as usage errors. */
        void validate(CommandSpec spec, URI endpoint) {
            EmulatorCommand.checkFaultOptions(spec, throttleRps, throttleBurst, failRate, latencyMs);
            if (endpoint != null && any()) {
                throw new ParameterException(spec.commandLine(), NOT_WITH_ENDPOINT);
            }
        }

        void applyTo(io.github.proxysessions.emulator.Faults faults) {
            EmulatorCommand.applyFaults(faults, throttleRps, throttleBurst, failRate, latencyMs);
        }
    }

    private static final String NOT_WITH_ENDPOINT = "the fault flags act on the embedded emulator; they cannot be "
            + "used with --endpoint";

    /**
     * @param stateDir          where records, the emulator's state and the functions' logs live
     * @param endpoint          an endpoint to use instead of the embedded emulator, or null
     * @param faults            faults for the embedded emulator
     * @param duplicateDelivery deliver every custom-resource event twice
     * @param out               where events and results are printed
     */
    public record Settings(Path stateDir, URI endpoint, Faults faults, boolean duplicateDelivery, PrintStream out) {
    }

    private final Settings settings;
    private final StateStore store;
    private final ChimeVoiceEmulator emulator;
    private final URI endpoint;
    private final LocalFunctions functions;
    private final LocalCloudFormation cloudFormation;
    private final EventPrinter printer;
    private final ConnectorLog connectors;
    /** The client the types with a local meaning call the service with. */
    private final ChimeSdkVoiceClient service;

    private LocalRunner(Settings settings) {
        this.settings = settings;
        this.store = new StateStore(settings.stateDir());
        this.connectors = new ConnectorLog(store.directory());
        for (StateStore.Stored stored : store.scan()) {
            if (stored instanceof StateStore.Readable readable) {
                connectors.importLegacy(readable.record());
            }
        }
        if (settings.endpoint() == null) {
            emulator = ChimeVoiceEmulator.builder().stateFile(store.emulatorStateFile()).build();
            endpoint = emulator.endpoint();
            // The demo connector and its numbers; its proxy configuration is the example app's to declare.
            emulator.seedDemoVoiceConnector();
            settings.faults().applyTo(emulator.faults());
        } else {
            if (settings.faults().any()) {
                throw new IllegalArgumentException(NOT_WITH_ENDPOINT);
            }
            emulator = null;
            endpoint = settings.endpoint();
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", endpoint.toString());
        environment.put("AWS_REGION", REGION);
        environment.put("AWS_DEFAULT_REGION", REGION);
        this.functions = new LocalFunctions(store.lambdaWorkDir(), environment, CONCURRENCY);
        this.printer = new EventPrinter(settings.out());
        this.service = client();
        this.cloudFormation = new LocalCloudFormation(store, functions, printer, settings.duplicateDelivery(),
                new StackDeployment.Options(REGION, ACCOUNT, CONCURRENCY), localTypes(), connectors);
    }

    /**
     * The resource types with a local meaning, acted on against the service; every other type that is not a custom
     * resource is recorded only. Adding a type is one entry here and its class.
     */
    private Map<String, LocalResourceType> localTypes() {
        return Map.of(VoiceConnectorType.TYPE, new VoiceConnectorType(service, connectors));
    }

    public static LocalRunner open(Settings settings) {
        return new LocalRunner(settings);
    }

    /** The embedded emulator, or null with {@code --endpoint}. */
    public ChimeVoiceEmulator emulator() {
        return emulator;
    }

    public StateStore store() {
        return store;
    }

    ChimeSdkVoiceClient client() {
        return ChimeSdkVoiceClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .endpointOverride(endpoint)
                .build();
    }

    /**
     * Deploys every stack of the assembly, in order; stops at the first that fails.
     *
     * @throws UserError                 when a template cannot be played (before anything is changed)
     * @throws io.github.proxysessions.local.cfn.DamagedRecordException when a stack's record cannot be read (before anything is changed)
     */
    public boolean deploy(CloudAssembly assembly) {
        for (CloudAssembly.Stack stack : assembly.stacks()) {
            try {
                cloudFormation.check(stack);
            } catch (TemplateException e) {
                throw new UserError("the template of stack " + stack.name() + " cannot be played locally: "
                        + e.getMessage(), e);
            }
        }
        for (CloudAssembly.Stack stack : assembly.stacks()) {
            StackDeployment.Result result = cloudFormation.deploy(stack);
            PrintStream out = settings.out();
            if (!result.success()) {
                out.println();
                out.println(" ❌  " + stack.name() + " failed: " + result.failedResource() + ": " + result.reason());
                return false;
            }
            out.println();
            out.println(" ✅  " + stack.name());
            if (!result.outputs().isEmpty()) {
                out.println();
                out.println("Outputs:");
                result.outputs().forEach((k, v) -> out.println(stack.name() + "." + k + " = " + v));
            }
            out.println();
        }
        return true;
    }

    /** Destroys every recorded stack. */
    public boolean destroy() {
        boolean ok = true;
        List<StackRecord> stacks = store.loadAll().stream().filter(StackRecord::holdsAnything).toList();
        if (stacks.isEmpty()) {
            settings.out().println("Nothing to destroy: no resources recorded in " + store.directory());
            return true;
        }
        for (StackRecord stack : stacks) {
            StackDeployment.Result result = cloudFormation.destroy(stack.stackName());
            settings.out().println();
            settings.out().println(result.success() ? " ✅  " + stack.stackName() + ": destroyed"
                    : " ❌  " + stack.stackName() + ": destroy failed: " + result.failedResource() + ": "
                    + result.reason());
            ok &= result.success();
        }
        return ok;
    }

    /**
     * What is recorded, what the service says of each session, what the service holds for a stack whose record
     * cannot be read, and sessions no resource owns.
     */
    public StatusReport status() {
        List<StackRecord> records = new ArrayList<>();
        List<StateStore.Damaged> unreadable = new ArrayList<>();
        for (StateStore.Stored stored : store.scan()) {
            if (stored instanceof StateStore.Readable r) {
                records.add(r.record());
            } else {
                unreadable.add((StateStore.Damaged) stored);
            }
        }
        Set<String> owned = owned(records);
        try (ChimeSdkVoiceClient client = client()) {
            List<StatusReport.Stack> stacks = new ArrayList<>();
            for (StackRecord s : records) {
                List<StatusReport.Resource> resources = new ArrayList<>();
                BiConsumer<ResourceRecord, Boolean> add = (r, leftover) -> resources.add(
                        new StatusReport.Resource(r.logicalId(), r.type(), r.physicalId(), r.data(),
                                serviceStatus(client, r), leftover));
                s.resources().forEach(r -> add.accept(r, false));
                s.leftovers().forEach(r -> add.accept(r, true));
                stacks.add(new StatusReport.Stack(s.stackName(), s.status(), resources, s.outputs(),
                        s.pending().size()));
            }
            List<StatusReport.Damaged> damaged = new ArrayList<>();
            Set<String> listed = new LinkedHashSet<>(owned);
            for (StateStore.Damaged d : unreadable) {
                Set<String> used = connectors.connectors(d.stackName());
                List<StatusReport.Orphan> sessions = ConnectorSurvey.unownedSessions(client, used, owned);
                sessions.forEach(o -> listed.add(o.proxySessionId()));
                damaged.add(new StatusReport.Damaged(d.stackName(), d.problem().file(), d.problem().problem(),
                        sessions, ConnectorSurvey.configured(client, used)));
            }
            return new StatusReport(stacks, damaged,
                    ConnectorSurvey.unownedSessions(client, connectors.all(), listed));
        }
    }

    /** What {@code repair} would do for a stack, or null when its record reads fine. */
    Repair.Plan planRepair(ChimeSdkVoiceClient client, String stackName) {
        return Repair.plan(store, connectors, client, stackName);
    }

    /** The physical ids the records hold, as resources or leftovers. */
    static Set<String> owned(List<StackRecord> records) {
        Set<String> owned = new LinkedHashSet<>();
        for (StackRecord s : records) {
            s.resources().forEach(r -> owned.add(r.physicalId()));
            s.leftovers().forEach(r -> owned.add(r.physicalId()));
        }
        return owned;
    }

    /**
     * What the service says of a voice connector: its name, region, network type, encryption, whether it has a
     * proxy configuration, and all its tags (those the template does not declare too, such as an ownership marker).
     */
    private static String voiceConnector(ChimeSdkVoiceClient client, String arn) {
        String id = VoiceConnectorType.idOf(arn);
        var c = client.getVoiceConnector(x -> x.voiceConnectorId(id)).voiceConnector();
        boolean configured;
        try {
            client.getVoiceConnectorProxy(x -> x.voiceConnectorId(id));
            configured = true;
        } catch (NotFoundException none) {
            configured = false;
        }
        String tags = client.listTagsForResource(x -> x.resourceARN(arn)).tags().stream()
                .map(t -> t.key() + "=" + t.value()).collect(java.util.stream.Collectors.joining(", "));
        return "present: '" + c.name() + "', " + c.awsRegionAsString()
                + (c.networkTypeAsString() == null ? "" : ", " + c.networkTypeAsString())
                + ", encryption " + (Boolean.TRUE.equals(c.requireEncryption()) ? "required" : "not required")
                + (configured ? ", proxy configuration set" : ", no proxy configuration")
                + ", tags [" + tags + "]";
    }

    /** What the service says of a resource with a local meaning or a custom resource; null for other types. */
    private static String serviceStatus(ChimeSdkVoiceClient client, ResourceRecord r) {
        try {
            return switch (r.type()) {
                case "Custom::VoiceConnectorProxy" -> {
                    client.getVoiceConnectorProxy(x -> x.voiceConnectorId(r.physicalId()));
                    yield "configured";
                }
                case "Custom::ProxySession" -> client.getProxySession(x -> x
                        .voiceConnectorId(r.properties().path("VoiceConnectorId").asText())
                        .proxySessionId(r.physicalId())).proxySession().statusAsString();
                case VoiceConnectorType.TYPE -> voiceConnector(client, r.physicalId());
                default -> null;
            };
        } catch (NotFoundException e) {
            return "missing";
        } catch (RuntimeException e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    @Override
    public void close() {
        cloudFormation.close();
        functions.close();
        service.close();
        printer.close();
        if (emulator != null) {
            emulator.close();
        }
    }
}
