package io.github.proxysessions.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The cold start of the provider's function against that of the Node.js handler aws-cdk-lib's {@code AwsCustomResource}
 * deploys, each in a fresh instance per run, with a realistic first event against the embedded emulator and its
 * response PUT to an HTTPS ResponseURL on loopback ({@link ResponseUrls}). Four variants, measured in turn within
 * each round so that the machine's load falls on all of them:
 * <ul>
 *   <li>the Java handler ({@code lambda/target/proxy-session-handler.jar}) as {@link LocalLambda} runs it, the
 *       provider's 1024 MB, JSON logs, a {@code Custom::VoiceConnectorProxy} Create: unprimed;</li>
 *   <li>the same, primed at init ({@code PROXY_SESSIONS_PRIME_AT_INIT=true}: SnapStart's hooks run in the
 *       constructor), which shows what priming leaves for the first invocation after a restore;</li>
 *   <li>the same with a plain HTTP ResponseURL, as the local runner gives: the TLS handshake's share of what is
 *       left (priming answers its sample events without a network, so the JDK's HTTP and TLS code is loaded by the
 *       first real event);</li>
 *   <li>{@code AwsCustomResource}'s handler ({@link NodeLambda}, 128 MB, its default) making one
 *       {@code PutVoiceConnectorProxy} through the SDK for JavaScript v3.</li>
 * </ul>
 * Per run: the init duration and the first invocation's duration from the REPORT line, as Lambda reports them, the
 * wall time from starting the instance to the ResponseURL receiving the response, and the instance's peak resident
 * memory. Then medians. Last, the peak memory of one Java instance that creates a configuration and then
 * {@code sessions} sessions, unprimed and primed, with the JVM sized for this machine (as LocalLambda's instances are)
 * and for the function's memory (as on Lambda).
 *
 * <p>Run with {@code bench/cold-start.sh}; arguments {@code [runs] [sessions]}. System properties:
 * {@code proxysessions.handlerJar}, {@code bench.nodeRuntime} (a directory whose {@code node_modules} holds
 * {@code aws-lambda-ric} and {@code @aws-sdk/client-chime-sdk-voice}), {@code bench.nodeHandler} (the
 * {@code aws-custom-resource-handler} directory), {@code bench.cdkVersion}, {@code bench.work}.
 */
public final class ColdStartBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = "io.github.proxysessions.handler.ProxySessionHandler::handleRequest";
    /** The local runner's account: the emulator's ARNs are in it, and the handler builds ARNs from the StackId's. */
    private static final String ACCOUNT = "123456789012";
    private static final int JAVA_MEMORY_MB = 1024;
    /** {@code AwsCustomResource} leaves the memory at Lambda's default unless it installs the latest SDK. */
    private static final int NODE_MEMORY_MB = 128;
    private static final Duration WAIT = Duration.ofMinutes(2);

    enum Variant {
        JAVA_UNPRIMED("Java handler, unprimed"),
        JAVA_PRIMED("Java handler, primed at init"),
        JAVA_PRIMED_PLAIN_HTTP("Java, primed, HTTP ResponseURL"),
        NODE("Node.js AwsCustomResource handler");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    /** One cold start's figures, in milliseconds and MB. */
    record Run(Variant variant, double initMs, double firstInvocationMs, double wallMs, long maxMemoryMb,
               Map<String, Long> calls) {
    }

    /** A REPORT line's figures; init is NaN on an invocation that was not the instance's first. */
    record Report(double durationMs, double initMs, long maxMemoryMb) {
    }

    private final Path work;
    private final Path handlerJar;
    private final Path nodeRuntime;
    private final Path nodeHandler;
    private final ResponseUrls responseUrls;

    private ColdStartBenchmark(Path work, Path handlerJar, Path nodeRuntime, Path nodeHandler,
                               ResponseUrls responseUrls) {
        this.work = work;
        this.handlerJar = handlerJar;
        this.nodeRuntime = nodeRuntime;
        this.nodeHandler = nodeHandler;
        this.responseUrls = responseUrls;
    }

    public static void main(String[] args) throws Exception {
        // As the runner's Main: the JDK servers (each instance's Runtime API) answer without waiting for delayed ACKs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path work = Files.createDirectories(Path.of(property("bench.work")).toAbsolutePath());
        Path handlerJar = Path.of(property("proxysessions.handlerJar")).toAbsolutePath();
        Path nodeRuntime = Path.of(property("bench.nodeRuntime")).toAbsolutePath();
        Path nodeHandler = Path.of(property("bench.nodeHandler")).toAbsolutePath();

        System.out.printf(Locale.ROOT, "cold-start benchmark: %d cores (%s), %s %s, Node.js %s; %d runs per variant "
                        + "after a warm-up round, then %d sessions in one instance%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), NodeLambda.nodeVersion(), runs, sessions);
        System.out.printf(Locale.ROOT, "handler jar %s (%.1f MiB), %d MB; aws-cdk-lib %s AwsCustomResource handler "
                        + "with @aws-sdk/client-chime-sdk-voice %s on aws-lambda-ric %s, %d MB%n",
                handlerJar.getFileName(), Files.size(handlerJar) / 1048576.0, JAVA_MEMORY_MB,
                property("bench.cdkVersion"), packageVersion(nodeRuntime, "@aws-sdk/client-chime-sdk-voice"),
                packageVersion(nodeRuntime, "aws-lambda-ric"), NODE_MEMORY_MB);
        System.out.println("load average before: " + loadAverage());

        try (ResponseUrls urls = ResponseUrls.start(work.resolve("tls"))) {
            ColdStartBenchmark bench = new ColdStartBenchmark(work, handlerJar, nodeRuntime, nodeHandler, urls);
            bench.coldStarts(runs);
            System.out.println("load average after the cold starts: " + loadAverage());
            bench.memory(sessions);
        }
        System.out.println("load average at the end: " + loadAverage());
    }

    private void coldStarts(int runs) throws Exception {
        Variant[] variants = Variant.values();
        for (Variant variant : variants) {
            // Unmeasured: loads this JVM's side (emulator, servers, TLS) and brings the code into the page cache.
            Run warmUp = coldStart(variant);
            System.out.printf(Locale.ROOT, "  warm-up %-34s %s; calls %s%n", warmUp.variant().label,
                    describe(warmUp), warmUp.calls());
        }
        List<Run> all = new ArrayList<>();
        for (int round = 0; round < runs; round++) {
            for (int i = 0; i < variants.length; i++) {
                // Each round starts with another variant, so that none always follows the same one.
                Run run = coldStart(variants[(round + i) % variants.length]);
                all.add(run);
                System.out.printf(Locale.ROOT, "  run %-2d  %-34s %s%n", round + 1, run.variant().label,
                        describe(run));
            }
        }
        System.out.printf(Locale.ROOT, "%nmedians of %d runs (min-max)%n", runs);
        String row = "| %-34s | %-22s | %-22s | %-23s | %-16s |%n";
        System.out.printf(Locale.ROOT, row, "Variant", "Init duration", "First invocation", "Wall, start to response",
                "Max memory used");
        Map<Variant, Double> walls = new LinkedHashMap<>();
        Map<Variant, Double> firsts = new LinkedHashMap<>();
        for (Variant variant : variants) {
            List<Run> of = all.stream().filter(r -> r.variant() == variant).toList();
            walls.put(variant, median(of, Run::wallMs));
            firsts.put(variant, median(of, Run::firstInvocationMs));
            System.out.printf(Locale.ROOT, row, variant.label, spread(of, Run::initMs, "ms"),
                    spread(of, Run::firstInvocationMs, "ms"), spread(of, Run::wallMs, "ms"),
                    spread(of, r -> r.maxMemoryMb(), "MB"));
        }
        double node = walls.get(Variant.NODE);
        System.out.printf(Locale.ROOT, "wall to response: Java unprimed / Node.js %.2fx; Java primed at init / "
                + "Node.js %.2fx%n", walls.get(Variant.JAVA_UNPRIMED) / node, walls.get(Variant.JAVA_PRIMED) / node);
        System.out.printf(Locale.ROOT, "first invocation: primed / unprimed %.2fx; Java primed first invocation / "
                        + "Node.js wall %.2fx (a SnapStart instance answers after its restore, not measured here, and "
                        + "about this first invocation)%n",
                firsts.get(Variant.JAVA_PRIMED) / firsts.get(Variant.JAVA_UNPRIMED),
                firsts.get(Variant.JAVA_PRIMED) / node);
    }

    private Run coldStart(Variant variant) throws Exception {
        try (ChimeVoiceEmulator emulator = ChimeVoiceEmulator.builder().build()) {
            String connector = emulator.seedDemoVoiceConnector();
            emulator.resetRequestCounts();
            return variant == Variant.NODE ? nodeColdStart(emulator, connector)
                    : javaColdStart(emulator, connector, variant);
        }
    }

    private Run javaColdStart(ChimeVoiceEmulator emulator, String connector, Variant variant) throws Exception {
        try (LocalLambda lambda = LocalLambda.start(work.resolve("java"),
                javaFunction(emulator, variant != Variant.JAVA_UNPRIMED), 1)) {
            String url = variant == Variant.JAVA_PRIMED_PLAIN_HTTP ? responseUrls.newPlainUrl() : responseUrls.newUrl();
            String event = configurationCreate(lambda.functionArn(), url, connector);
            long start = System.nanoTime();
            Invocation.Result result = lambda.invoke(event).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            ResponseUrls.Received response = responseUrls.body(url).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (!(result instanceof Invocation.Success)) {
                throw new IllegalStateException(variant.label + " failed: " + result + "; see "
                        + result.instance().logFile());
            }
            requireSuccess(variant.label, response.body(), result.instance().logFile());
            Report report = reports(result.instance().logFile()).get(0);
            return new Run(variant, report.initMs(), report.durationMs(), (response.nanos() - start) / 1e6,
                    report.maxMemoryMb(), new TreeMap<>(emulator.requestCounts()));
        }
    }

    private Run nodeColdStart(ChimeVoiceEmulator emulator, String connector) throws Exception {
        NodeLambda.Function function = new NodeLambda.Function("AwsCustomResourceProvider", nodeHandler,
                "index.handler", NODE_MEMORY_MB, Map.of(
                        "AWS_ENDPOINT_URL_CHIME_SDK_VOICE", emulator.endpoint().toString(),
                        "NODE_EXTRA_CA_CERTS", responseUrls.certificatePem().toString()));
        Path log = work.resolve("node").resolve("logs").resolve(UUID.randomUUID() + ".log");
        String url = responseUrls.newUrl();
        String event = awsCustomResourceCreate(url, connector);
        long start = System.nanoTime();
        try (NodeLambda node = NodeLambda.start(function, nodeRuntime, log)) {
            node.invoke(event).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            ResponseUrls.Received response = responseUrls.body(url).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            requireSuccess(Variant.NODE.label, response.body(), log);
            Report report = reports(log).get(0);
            return new Run(Variant.NODE, report.initMs(), report.durationMs(), (response.nanos() - start) / 1e6,
                    report.maxMemoryMb(), new TreeMap<>(emulator.requestCounts()));
        }
    }

    /**
     * How a memory run's instance is configured: its memory, primed or not, and whether its JVM sizes itself as on a
     * machine of that memory ({@code -XX:MaxRAM}), as on Lambda, rather than as on this machine, as LocalLambda's do.
     */
    record MemoryCase(int memoryMb, boolean primed, boolean lambdaSized) {

        String label() {
            return String.format(Locale.ROOT, "%4d MB, %s, %s", memoryMb, primed ? "primed  " : "unprimed",
                    lambdaSized ? "JVM sized for " + memoryMb + " MB" : "JVM sized for this machine");
        }
    }

    /**
     * One Java instance per case creates the connector's configuration and then {@code sessions} sessions, one after
     * the other, as a stack's first deploy does; prints the REPORT lines' max memory used (the instance's peak
     * resident memory) and the invocations' durations.
     */
    private void memory(int sessions) throws Exception {
        System.out.printf(Locale.ROOT, "%nmemory: one instance creates a configuration, then %d sessions; max memory "
                + "used is the instance's peak resident memory (VmHWM)%n", sessions);
        List<MemoryCase> cases = List.of(new MemoryCase(JAVA_MEMORY_MB, false, false),
                new MemoryCase(JAVA_MEMORY_MB, true, false), new MemoryCase(JAVA_MEMORY_MB, false, true),
                new MemoryCase(JAVA_MEMORY_MB, true, true), new MemoryCase(256, false, true));
        for (MemoryCase memoryCase : cases) {
            try (ChimeVoiceEmulator emulator = ChimeVoiceEmulator.builder().build();
                 LocalLambda lambda = LocalLambda.start(work.resolve("java"), javaFunction(emulator,
                         memoryCase.primed(), memoryCase.memoryMb(), memoryCase.lambdaSized()), 1)) {
                String connector = emulator.seedDemoVoiceConnector();
                List<String> events = new ArrayList<>();
                List<String> urls = new ArrayList<>();
                urls.add(responseUrls.newUrl());
                events.add(configurationCreate(lambda.functionArn(), urls.get(0), connector));
                for (int i = 0; i < sessions; i++) {
                    urls.add(responseUrls.newUrl());
                    events.add(sessionCreate(lambda.functionArn(), urls.get(i + 1), connector, i));
                }
                Path logFile = null;
                for (int i = 0; i < events.size(); i++) {
                    Invocation.Result result = lambda.invoke(events.get(i)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    if (!(result instanceof Invocation.Success)) {
                        throw new IllegalStateException(memoryCase.label() + ": event " + (i + 1) + " failed: "
                                + result + "; see " + result.instance().logFile());
                    }
                    requireSuccess(memoryCase.label(),
                            responseUrls.body(urls.get(i)).get(WAIT.toSeconds(), TimeUnit.SECONDS).body(),
                            result.instance().logFile());
                    if (logFile != null && !logFile.equals(result.instance().logFile())) {
                        throw new IllegalStateException("the events ran on more than one instance");
                    }
                    logFile = result.instance().logFile();
                }
                if (emulator.proxySessionIds(connector).size() != sessions) {
                    throw new IllegalStateException("expected " + sessions + " sessions, found "
                            + emulator.proxySessionIds(connector).size());
                }
                List<Report> reports = reports(logFile);
                double[] warm = reports.stream().skip(2).mapToDouble(Report::durationMs).toArray();
                System.out.printf(Locale.ROOT, "  %s: max memory used %d MB after the first event, %d MB after "
                                + "the last (%d events); durations: the configuration's create %.0f ms, the first "
                                + "session's %.0f ms, then %.0f ms (median of the rest)%n", memoryCase.label(),
                        reports.get(0).maxMemoryMb(), reports.get(reports.size() - 1).maxMemoryMb(), reports.size(),
                        reports.get(0).durationMs(), reports.get(1).durationMs(), median(warm));
            }
        }
    }

    private Function javaFunction(ChimeVoiceEmulator emulator, boolean primed) {
        return javaFunction(emulator, primed, JAVA_MEMORY_MB, false);
    }

    /**
     * The provider's function as a stack declares it (its memory, JSON logs, invoked through its {@code live}
     * alias), against {@code emulator}.
     *
     * @param lambdaSized whether the JVM sizes its heap and the like as on a machine of {@code memoryMb}, as a
     *                    Lambda execution environment of that memory is; LocalLambda's JVMs see this machine
     */
    private Function javaFunction(ChimeVoiceEmulator emulator, boolean primed, int memoryMb,
                                              boolean lambdaSized) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", emulator.endpoint().toString());
        // The ResponseURL's certificate, and only it, is trusted; Lambda passes JAVA_TOOL_OPTIONS to the JVM as is.
        environment.put("JAVA_TOOL_OPTIONS", responseUrls.javaTrustOptions()
                + (lambdaSized ? " -XX:MaxRAM=" + memoryMb + "m" : ""));
        if (primed) {
            environment.put("PROXY_SESSIONS_PRIME_AT_INIT", "true");
        }
        return Function.builder().name("ProxySessionProvider").code(handlerJar).handler(HANDLER)
                .memoryMb(memoryMb).timeout(Duration.ofMinutes(5)).logFormat("JSON").qualifier("live")
                .accountId(ACCOUNT).environment(environment).build();
    }

    /** A {@code Custom::VoiceConnectorProxy} Create, the first event of a stack's first deploy. */
    private static String configurationCreate(String serviceToken, String url, String connector) {
        ObjectNode properties = JSON.createObjectNode().put("ServiceToken", serviceToken)
                .put("VoiceConnectorId", connector).put("DefaultSessionExpiryMinutes", "60");
        properties.putArray("PhoneNumberPoolCountries").add("US");
        return cloudFormationEvent(serviceToken, url, "ProxyConfiguration", "Custom::VoiceConnectorProxy",
                properties);
    }

    /** A {@code Custom::ProxySession} Create; participants distinct per {@code index}. */
    private static String sessionCreate(String serviceToken, String url, String connector, int index) {
        ObjectNode properties = JSON.createObjectNode().put("ServiceToken", serviceToken)
                .put("VoiceConnectorId", connector).put("ExpiryMinutes", "60");
        properties.putArray("ParticipantPhoneNumbers").add(String.format(Locale.ROOT, "+1206555%04d", index))
                .add(String.format(Locale.ROOT, "+1415555%04d", index));
        properties.putArray("Capabilities").add("Voice").add("SMS");
        return cloudFormationEvent(serviceToken, url, "Session" + index, "Custom::ProxySession", properties);
    }

    /**
     * What CloudFormation sends {@code AwsCustomResource}'s function for an {@code onCreate} of
     * ChimeSDKVoice PutVoiceConnectorProxy, its SDK call serialized as the construct serializes it.
     */
    private static String awsCustomResourceCreate(String url, String connector) {
        String serviceToken = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:AwsCustomResourceProvider";
        ObjectNode call = JSON.createObjectNode().put("service", "ChimeSDKVoice")
                .put("action", "PutVoiceConnectorProxy");
        ObjectNode parameters = call.putObject("parameters").put("VoiceConnectorId", connector)
                .put("DefaultSessionExpiryMinutes", 60);
        parameters.putArray("PhoneNumberPoolCountries").add("US");
        call.putObject("physicalResourceId").put("id", connector);
        ObjectNode properties = JSON.createObjectNode().put("ServiceToken", serviceToken)
                .put("Create", call.toString()).put("InstallLatestAwsSdk", "false");
        return cloudFormationEvent(serviceToken, url, "ProxyConfiguration", "Custom::AWS", properties);
    }

    private static String cloudFormationEvent(String serviceToken, String url, String logicalId, String type,
                                              ObjectNode properties) {
        ObjectNode event = JSON.createObjectNode().put("RequestType", "Create").put("ServiceToken", serviceToken)
                .put("ResponseURL", url)
                .put("StackId", "arn:aws:cloudformation:us-east-1:" + ACCOUNT + ":stack/ColdStart/" + UUID.randomUUID())
                .put("RequestId", UUID.randomUUID().toString()).put("LogicalResourceId", logicalId)
                .put("ResourceType", type);
        event.set("ResourceProperties", properties);
        return event.toString();
    }

    private static void requireSuccess(String what, String responseBody, Path log) throws IOException {
        JsonNode response = JSON.readTree(responseBody);
        if (!response.path("Status").asText().equals("SUCCESS")) {
            throw new IllegalStateException(what + " answered " + response.path("Status").asText() + ": "
                    + response.path("Reason").asText() + "; see " + log);
        }
    }

    /** The REPORT lines of an instance's log, Text or JSON, in order. */
    static List<Report> reports(Path log) throws IOException {
        List<Report> reports = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("REPORT RequestId:")) {
                reports.add(new Report(number(line, "\tDuration: ([0-9.]+) ms"),
                        number(line, "\tInit Duration: ([0-9.]+) ms"),
                        (long) number(line, "\tMax Memory Used: ([0-9]+) MB")));
            } else if (line.startsWith("{") && line.contains("\"platform.report\"")) {
                JsonNode metrics = JSON.readTree(line).path("record").path("metrics");
                reports.add(new Report(metrics.path("durationMs").asDouble(),
                        metrics.has("initDurationMs") ? metrics.path("initDurationMs").asDouble() : Double.NaN,
                        metrics.path("maxMemoryUsedMB").asLong()));
            }
        }
        if (reports.isEmpty()) {
            throw new IllegalStateException("no REPORT line in " + log);
        }
        return reports;
    }

    private static double number(String line, String regex) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(regex).matcher(line);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    private static String describe(Run run) {
        return String.format(Locale.ROOT, "init %6.0f ms, first invocation %6.0f ms, wall to response %6.0f ms, "
                + "max memory used %4d MB", run.initMs(), run.firstInvocationMs(), run.wallMs(), run.maxMemoryMb());
    }

    private static String spread(List<Run> runs, ToDoubleFunction<Run> figure, String unit) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        return String.format(Locale.ROOT, "%.0f %s (%.0f-%.0f)", median(values), unit, values[0],
                values[values.length - 1]);
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
        return median(runs.stream().mapToDouble(figure).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run bench/cold-start.sh");
        }
        return value;
    }

    private static String packageVersion(Path runtime, String name) throws IOException {
        return JSON.readTree(runtime.resolve("node_modules").resolve(name).resolve("package.json").toFile())
                .path("version").asText();
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return fields[0] + " " + fields[1] + " " + fields[2] + " (1, 5, 15 min)";
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    }
}
