package io.github.proxysessions.local;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.FaultOptions;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.cfn.DeployPlan;
import io.github.proxysessions.local.cfn.EventPrinter;
import io.github.proxysessions.local.cfn.LocalCloudFormation;
import io.github.proxysessions.local.cfn.LocalResourceType;
import io.github.proxysessions.local.cfn.Refusal;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackContext;
import io.github.proxysessions.local.cfn.StackDeployment;
import io.github.proxysessions.local.cfn.StackGraph;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.local.cfn.StateStore;
import io.github.proxysessions.local.cfn.TemplateException;
import io.github.proxysessions.local.ops.DriftCheck;
import io.github.proxysessions.local.ops.Renewals;
import io.github.proxysessions.local.ops.Repair;
import io.github.proxysessions.local.ops.StatusReport;
import io.github.proxysessions.local.service.ConnectorLog;
import io.github.proxysessions.local.service.ConnectorSurvey;
import io.github.proxysessions.local.service.ProviderTypes;
import io.github.proxysessions.local.service.ServiceView;
import io.github.proxysessions.local.service.VoiceConnectorType;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * The local runner's Java entry point: deploys, destroys and reports on stacks against the embedded emulator (its
 * state kept in the state directory) or any endpoint that serves the Chime SDK Voice API.
 */
public final class LocalRunner implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";
    /** How many resource operations run at once, and how many instances a function may have. */
    public static final int CONCURRENCY = 8;
    private static final StackDeployment.Options OPTIONS = new StackDeployment.Options(REGION, ACCOUNT, CONCURRENCY);

    public static final String NOT_WITH_ENDPOINT = "the fault flags act on the embedded emulator; they cannot be used "
            + "with --endpoint";

    /**
     * @param stateDir          where records, the emulator's state and the functions' logs live
     * @param endpoint          an endpoint to use instead of the embedded emulator, or null
     * @param faults            faults for the embedded emulator: the emulator command's own flags ({@code new
     *                          FaultOptions()} for none)
     * @param duplicateDelivery deliver every custom-resource event twice
     * @param out               where events and results are printed
     */
    public record Settings(Path stateDir, URI endpoint, FaultOptions faults, boolean duplicateDelivery,
                           PrintStream out) {
    }

    private final Settings settings;
    /** The state directory's lock, or null for a runner that only reads. */
    private final StateDirectoryLock lock;
    private final StateStore store;
    private final ChimeVoiceEmulator emulator;
    private final URI endpoint;
    private final LocalFunctions functions;
    private final LocalCloudFormation cloudFormation;
    private final EventPrinter printer;
    private final ConnectorLog connectors;
    /** The client the types with a local meaning call the service with. */
    private final ChimeSdkVoiceClient service;

    private LocalRunner(Settings settings, StateDirectoryLock lock) {
        this.settings = settings;
        this.lock = lock;
        this.store = new StateStore(settings.stateDir());
        this.connectors = new ConnectorLog(store.directory(), lock != null);
        for (StateStore.Stored stored : store.scan()) {
            if (stored instanceof StateStore.Readable readable) {
                connectors.importLegacy(readable.record());
                // A run killed between a record's save and the log's catches up here.
                connectors.sync(readable.record());
            }
        }
        store.beforeSave(connectors::sync);
        if (settings.endpoint() == null && lock == null) {
            // The state as it stands, even while another runner's emulator changes it: no lock, no compaction, a
            // torn or damaged journal left as it is, nothing seeded.
            emulator = ChimeVoiceEmulator.builder().readOnlyStateFile(store.emulatorStateFile()).build();
            endpoint = emulator.endpoint();
        } else if (settings.endpoint() == null) {
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
                OPTIONS, localTypes(service), ProviderTypes.replacementRules());
    }

    /**
     * The resource types with a local meaning, acted on against the service; every other type that is not a custom
     * resource is recorded only. Adding a type is one entry here and its class.
     *
     * @param service the service they act on; null for types that only compare properties ({@link #diff})
     */
    private static Map<String, LocalResourceType> localTypes(ChimeSdkVoiceClient service) {
        return Map.of(VoiceConnectorType.TYPE, new VoiceConnectorType(service));
    }

    /**
     * What {@code diff} shows: the stacks its patterns selected besides those they match (by display name), and what
     * deploying each would do, in deploy order.
     */
    public record Diff(List<String> included, List<DeployPlan.Step> steps) {
    }

    /**
     * What deploying the stacks the patterns select (and, unless {@code exclusively}, the stacks they depend on) would
     * do, as {@code cdk diff} tells it, and beyond it whether each change replaces its resource. Only reads the state
     * directory's records: it takes no lock, starts no backend and changes nothing, so it runs beside any other
     * runner.
     *
     * @throws UserError when a pattern matches no stack, or there is a cycle between the stacks
     * @throws io.github.proxysessions.local.cfn.DamagedRecordException when a stack's record cannot be read
     */
    public static Diff diff(Path stateDir, CloudAssembly assembly, List<String> patterns, boolean exclusively) {
        StackGraph graph = DeployPlan.graphOf(assembly.stacks(), OPTIONS);
        StackGraph.Selection selection = selected(graph, patterns,
                exclusively ? StackGraph.Extension.NONE : StackGraph.Extension.UPSTREAM, "the app's");
        List<CloudAssembly.Stack> stacks = assembly.stacks().stream()
                .filter(s -> selection.stacks().contains(s.name())).toList();
        try {
            DeployPlan plan = DeployPlan.of(stacks, new StateStore(stateDir), OPTIONS, localTypes(null),
                    ProviderTypes.replacementRules());
            return new Diff(selection.added().stream().map(s -> graph.node(s).displayName()).toList(),
                    plan.steps());
        } catch (TemplateException e) {
            throw new UserError("the stacks cannot be played locally: " + e.getMessage(), e);
        }
    }

    /**
     * A runner that may change the state directory: it holds the directory's lock until it is closed.
     *
     * @throws UserError when another runner holds it
     */
    public static LocalRunner open(Settings settings) {
        StateDirectoryLock lock = StateDirectoryLock.acquire(settings.stateDir());
        try {
            return new LocalRunner(settings, lock);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    /**
     * A runner that only reads the state directory (for {@code status}), on any backend: it takes no lock (not even
     * to see whether another runner holds one) and writes nothing in the directory, not a byte: the stacks' records
     * and {@code connectors.json} are read as they are, damaged or not, and the embedded emulator serves its state
     * read-only ({@link ChimeVoiceEmulator.Builder#readOnlyStateFile}), as it stands when this runner opens, while
     * another runner may be changing it. The runner may only read: its deploy, destroy, renew and repair fail.
     */
    public static LocalRunner openToRead(Settings settings) {
        return new LocalRunner(settings, null);
    }

    /**
     * The process id of another runner working in the state directory now (deploying, destroying, renewing or
     * repairing), or null when none is: what {@code status} says of the requests it finds unanswered. It takes no lock.
     */
    public String workingRunner() {
        String pid = StateDirectoryLock.workingRunner(settings.stateDir());
        return lock != null && String.valueOf(ProcessHandle.current().pid()).equals(pid) ? null : pid;
    }

    /** What was found wrong in the state directory when the runner opened it (and what was done), for people. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (connectors.problem() != null) {
            warnings.add(connectors.problem());
        }
        if (emulator != null && emulator.readOnly() && !emulator.stateRepairs().isEmpty()) {
            warnings.add("the embedded emulator's state " + store.emulatorStateFile() + " has records this command "
                    + "cannot read (a write under way, or damage), skipped and left as they are (the next deploy, "
                    + "destroy, renew or repair repairs what is damaged): " + String.join("; ", emulator.stateRepairs()));
        }
        return warnings;
    }

    /** The embedded emulator, or null with {@code --endpoint}. */
    public ChimeVoiceEmulator emulator() {
        return emulator;
    }

    public StateStore store() {
        return store;
    }

    /** The runner's own client to the service, which {@link #close()} closes: not for the caller to close. */
    public ChimeSdkVoiceClient service() {
        return service;
    }

    /** A new client to the service, the caller's to close. */
    public ChimeSdkVoiceClient client() {
        return ChimeSdkVoiceClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .endpointOverride(endpoint)
                .build();
    }

    /** Deploys every stack of the assembly: {@link #deploy(CloudAssembly, List, boolean)} with no pattern. */
    public boolean deploy(CloudAssembly assembly) {
        return deploy(assembly, List.of(), false);
    }

    /**
     * Deploys the stacks of the assembly the patterns select (every stack when there is none) and, unless
     * {@code exclusively}, the stacks they depend on, as {@code cdk deploy} does; each after the stacks it depends on
     * (independent ones at once). A stack that fails stops every stack not started yet.
     *
     * @param patterns globs on the stacks' display names or stack names (see {@link StackGraph#select})
     * @throws UserError                 when a pattern matches no stack, or a template cannot be played (before
     *                                   anything is changed)
     * @throws io.github.proxysessions.local.cfn.DamagedRecordException when a stack's record cannot be read (before
     *                                   anything is changed)
     */
    public boolean deploy(CloudAssembly assembly, List<String> patterns, boolean exclusively) {
        StackGraph graph = cloudFormation.graphOf(assembly.stacks());
        StackGraph.Selection selection = selected(graph, patterns,
                exclusively ? StackGraph.Extension.NONE : StackGraph.Extension.UPSTREAM, "the app's");
        if (!selection.added().isEmpty()) {
            settings.out().println("Including dependency stacks: " + described(graph, selection.added()));
        }
        List<CloudAssembly.Stack> stacks = assembly.stacks().stream()
                .filter(s -> selection.stacks().contains(s.name())).toList();
        for (CloudAssembly.Stack stack : stacks) {
            try {
                cloudFormation.check(stack);
            } catch (TemplateException e) {
                throw new UserError("the template of stack " + stack.name() + " cannot be played locally: "
                        + e.getMessage(), e);
            } catch (Refusal e) {
                throw refused("the deploy", e);
            }
        }
        try {
            cloudFormation.check(stacks);
        } catch (TemplateException e) {
            throw new UserError("the stacks cannot be played locally: " + e.getMessage(), e);
        } catch (Refusal e) {
            throw refused("the deploy", e);
        }
        return cloudFormation.deploy(stacks);
    }

    /** Destroys every recorded stack: {@link #destroy(List, boolean)} with no pattern. */
    public boolean destroy() {
        return destroy(List.of(), false);
    }

    /**
     * Destroys the recorded stacks the patterns select (every one when there is none) and, unless
     * {@code exclusively}, the stacks that depend on them, as {@code cdk destroy} does; each before the stacks it
     * depends on.
     *
     * @throws UserError when a pattern matches no recorded stack (nothing is changed)
     * @throws io.github.proxysessions.local.cfn.DamagedRecordException when a stack's record cannot be read (before
     *                                   anything is changed)
     */
    public boolean destroy(List<String> patterns, boolean exclusively) {
        List<StackRecord> records = store.loadAll();
        StackGraph graph = LocalCloudFormation.graphOf(records);
        StackGraph.Selection selection = selected(graph, patterns,
                exclusively ? StackGraph.Extension.NONE : StackGraph.Extension.DOWNSTREAM, "the recorded");
        if (!selection.added().isEmpty()) {
            settings.out().println("Including depending stacks: " + described(graph, selection.added()));
        }
        List<String> stacks = records.stream().filter(r -> selection.stacks().contains(r.stackName()))
                .filter(StackRecord::holdsAnything).map(StackRecord::stackName).toList();
        if (stacks.isEmpty()) {
            settings.out().println("Nothing to destroy: no resources recorded in " + store.directory());
            return true;
        }
        try {
            cloudFormation.checkDestroy(records, stacks);
        } catch (Refusal e) {
            throw refused("the delete", e);
        }
        return cloudFormation.destroy(stacks, graph);
    }

    /** What CloudFormation would refuse, as one line: its words, and that nothing was changed. */
    private static UserError refused(String operation, Refusal e) {
        return new UserError("CloudFormation refuses " + operation + " of stack " + e.stackName() + ": "
                + e.getMessage() + (e.getMessage().endsWith(".") ? "" : ".") + " Nothing was changed.", e);
    }

    /** The stacks a command's patterns select, as {@code cdk} selects them. */
    private static StackGraph.Selection selected(StackGraph graph, List<String> patterns,
                                                 StackGraph.Extension extension, String whose) {
        try {
            return graph.select(patterns, extension, whose);
        } catch (StackGraph.NoMatch e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private static String described(StackGraph graph, List<String> stacks) {
        return String.join(", ", stacks.stream().map(s -> graph.node(s).displayName()).toList());
    }

    /** What is recorded of every stack: {@link #status(List)} with no pattern. */
    public StatusReport status() {
        return status(List.of());
    }

    /**
     * What is recorded of the stacks the patterns select (every one when there is none), each resource's drift and
     * what the service says of it, what the service holds for a stack whose record cannot be read, and sessions no
     * resource owns: on every connector a stack used, or with patterns on those the selected stacks used.
     *
     * @throws UserError when a pattern matches no recorded stack
     */
    public StatusReport status(List<String> patterns) {
        Records scanned = Records.scan(store).select(patterns);
        List<StackRecord> records = scanned.readable();
        List<StateStore.Damaged> unreadable = scanned.damaged();
        // Every readable record owns what it holds, selected or not.
        ConnectorSurvey.Owners owned = ConnectorSurvey.Owners.of(Records.scan(store).readable());
        ServiceView service = new ServiceView(this.service);
        DriftCheck drift = new DriftCheck(service);
        List<StatusReport.Stack> stacks = new ArrayList<>();
        for (StackRecord s : records) {
            List<StatusReport.Resource> resources = new ArrayList<>();
            for (ResourceRecord r : s.resources()) {
                DriftCheck.Checked checked = drift.of(r);
                resources.add(new StatusReport.Resource(r.logicalId(), r.type(), r.physicalId(), r.data(),
                        checked.service(), false, checked.drift()));
            }
            for (ResourceRecord r : s.leftovers()) {
                DriftCheck.Checked checked = drift.leftover(r);
                resources.add(new StatusReport.Resource(r.logicalId(), r.type(), r.physicalId(), r.data(),
                        checked.service(), true, checked.drift()));
            }
            stacks.add(new StatusReport.Stack(s.stackName(), s.displayName(), s.status(), resources, s.outputs(),
                    s.pending().size()));
        }
        List<StatusReport.Damaged> damaged = new ArrayList<>();
        List<ConnectorSurvey.Orphan> listed = new ArrayList<>();
        for (StateStore.Damaged d : unreadable) {
            Set<String> used = connectors.connectors(d.stackName());
            ConnectorSurvey.Survey sessions = ConnectorSurvey.survey(service, used, owned);
            listed.addAll(sessions.orphans());
            damaged.add(new StatusReport.Damaged(d.stackName(), d.problem().file(), d.problem().problem(),
                    sessions.orphans(), ConnectorSurvey.configuredAsFarAsKnown(service, used)));
        }
        // A connector the service did not answer on is named once, below, whichever stack used it.
        Set<String> searched = new LinkedHashSet<>();
        if (patterns.isEmpty()) {
            searched.addAll(connectors.all());
        } else {
            records.forEach(r -> searched.addAll(connectors.connectors(r.stackName())));
        }
        ConnectorSurvey.Survey orphans = ConnectorSurvey.survey(service, searched, owned.and(listed));
        return new StatusReport(stacks, damaged, orphans.orphans(), orphans.unknown());
    }

    /** What every stack's renewal schedules would do at this moment: {@link #renew(List)} with no pattern. */
    public List<Renewals.Result> renew() {
        return renew(List.of());
    }

    /**
     * Does what the renewal schedules of the stacks the patterns select (every one when there is none) would do at
     * this moment: invokes, synchronously, the function each recorded {@code AWS::Scheduler::Schedule} targets with
     * its input (see {@link Renewals}). A stack whose record cannot be read has a FAILED result of its own.
     *
     * @throws UserError when a pattern matches no recorded stack
     */
    public List<Renewals.Result> renew(List<String> patterns) {
        Records scanned = Records.scan(store).select(patterns);
        List<Renewals.Result> results = new ArrayList<>(Renewals.run(scanned.readable(), functions));
        for (StateStore.Damaged d : scanned.damaged()) {
            results.add(new Renewals.Result(d.stackName(), "-", "-", Renewals.Kind.FAILED, "FAILED",
                    "its record cannot be read: " + d.problem().getMessage() + " ('repair " + d.stackName() + "')"));
        }
        return results;
    }

    /** The stacks' records: those that read, and those that cannot be read. */
    private record Records(List<StackRecord> readable, List<StateStore.Damaged> damaged) {
        static Records scan(StateStore store) {
            List<StackRecord> readable = new ArrayList<>();
            List<StateStore.Damaged> damaged = new ArrayList<>();
            for (StateStore.Stored stored : store.scan()) {
                if (stored instanceof StateStore.Readable r) {
                    readable.add(r.record());
                } else {
                    damaged.add((StateStore.Damaged) stored);
                }
            }
            return new Records(readable, damaged);
        }

        /**
         * The records of the stacks the patterns select; a record that cannot be read is matched by its stack name.
         *
         * @throws UserError when a pattern matches no stack
         */
        Records select(List<String> patterns) {
            List<StackGraph.Node> nodes = new ArrayList<>(readable.stream().map(StackRecord::node).toList());
            damaged.forEach(d -> nodes.add(new StackGraph.Node(d.stackName(), d.stackName(), List.of())));
            List<String> chosen = selected(StackGraph.of(nodes), patterns, StackGraph.Extension.NONE,
                    "the recorded").stacks();
            return new Records(readable.stream().filter(r -> chosen.contains(r.stackName())).toList(),
                    damaged.stream().filter(d -> chosen.contains(d.stackName())).toList());
        }
    }

    /**
     * What {@code repair} would do for a stack, or null when its record reads fine.
     *
     * @throws UserError when the stack has no record and the runner knows nothing of it
     */
    public Repair.Plan planRepair(ChimeSdkVoiceClient client, String stackName) {
        if (!Files.exists(store.stackFile(stackName)) && !connectors.stacks().contains(stackName)) {
            throw new UserError("no record of stack " + stackName + " in " + store.directory() + ", and "
                    + ConnectorLog.FILE_NAME + " names no such stack");
        }
        return Repair.plan(store, connectors, client, stackName,
                StackContext.newStackId(REGION, ACCOUNT, stackName));
    }

    @Override
    public void close() {
        try {
            cloudFormation.close();
            functions.close();
            service.close();
            printer.close();
            if (emulator != null) {
                emulator.close();
            }
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
