package io.github.proxysessions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.rules.Masking;
import io.github.proxysessions.rules.ProxySessionMetrics;
import io.github.proxysessions.rules.ProxySessionRenewalEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.lambda.powertools.cloudformation.Response;

/**
 * The Lambda function behind {@code Custom::ProxySession} and {@code Custom::VoiceConnectorProxy}. Handler string:
 * {@code io.github.proxysessions.handler.ProxySessionHandler::handleRequest}.
 *
 * <p>A stream handler: it reads the raw event itself, so that it sees every event as it arrived, before any
 * serializer or base class decides something about it. An event with a {@code ProxySessionRenewal} member is a
 * schedule's renewal ({@link ProxySessionRenewal}), answered as the function's result. Every other event is a
 * CloudFormation custom-resource event, dispatched on its ResourceType to a {@link ResourceKind}, its response sent
 * through Powertools ({@link CloudFormationResponder}). This class
 * makes sure there always is one, in time: every failure becomes a FAILED response with a Reason a person can act on
 * (never an exception), the API calls stop in time to send it before Lambda's deadline, and the body fits
 * CloudFormation's 4096 bytes. One JSON log line per event.
 */
public final class ProxySessionHandler implements RequestStreamHandler {

    static final String PROXY_SESSION = "Custom::ProxySession";
    static final String VOICE_CONNECTOR_PROXY = "Custom::VoiceConnectorProxy";

    private static final ObjectMapper MAPPER = CloudFormationEvent.MAPPER;
    private static final Set<String> REQUEST_TYPES = Set.of("Create", "Update", "Delete");

    private final Supplier<ChimeSdkVoiceClient> clients;
    private final Supplier<SdkHttpClient> responseHttp;
    /** Built once per container, and again after a SnapStart restore ({@link #renewClients}). */
    private volatile ChimeSdkVoiceClient client;
    private volatile ResponseClient responseClient;
    private final Map<String, ResourceKind> kinds;
    private final PrintStream log;
    private final Clock clock;
    private final RenewalMetrics metrics;
    /** SnapStart's hooks; held here because the CRaC context holds its resources weakly. */
    private final Priming priming;

    /**
     * The constructor Lambda calls, once per container: the SDK client is built here and reused, and SnapStart's hooks
     * are registered ({@link Priming}); with {@value Priming#PRIME_AT_INIT} set to {@code true}, they run here.
     */
    public ProxySessionHandler() {
        this(ChimeClients::create, ResponseClient::httpClient, System.out, Clock.systemUTC());
        org.crac.Core.getGlobalContext().register(priming);
        if (Priming.atInit()) {
            priming.beforeCheckpoint(null);
            priming.afterRestore(null);
        }
    }

    /**
     * @param clients      builds the Chime SDK Voice client: once per container, and again after a SnapStart restore
     * @param responseHttp builds the HTTP client responses are sent with, likewise
     * @param log          where the log lines go (Lambda sends standard output to the function's log group)
     * @param clock        what renewal compares a session's end with
     */
    ProxySessionHandler(Supplier<ChimeSdkVoiceClient> clients, Supplier<SdkHttpClient> responseHttp, PrintStream log,
                        Clock clock) {
        this.clients = clients;
        this.responseHttp = responseHttp;
        this.client = clients.get();
        this.responseClient = new ResponseClient(responseHttp.get());
        this.log = log;
        this.clock = clock;
        this.metrics = new RenewalMetrics(log);
        this.kinds = Map.of(PROXY_SESSION, new ProxySessionResource(), VOICE_CONNECTOR_PROXY,
                new VoiceConnectorProxyResource());
        this.priming = new Priming(this);
    }

    /** SnapStart's hooks, for tests. */
    Priming priming() {
        return priming;
    }

    /**
     * Replaces the clients with new ones (after a SnapStart restore): connections, and credentials resolved on first
     * use, belong to the restored instance, and the response backoff's jitter gets a new seed.
     */
    void renewClients() {
        ChimeSdkVoiceClient oldClient = client;
        ResponseClient oldResponses = responseClient;
        client = clients.get();
        responseClient = new ResponseClient(responseHttp.get());
        oldClient.close();
        oldResponses.http().close();
    }

    /** Closes the clients (a priming handler's, once it is done). */
    void closeClients() {
        client.close();
        responseClient.http().close();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Budget budget = Budget.of(context);
        JsonNode json = readObject(input);
        if (json.has(ProxySessionRenewalEvent.MEMBER)) {
            output.write(MAPPER.writeValueAsBytes(renew(json.get(ProxySessionRenewalEvent.MEMBER), budget)));
            return;
        }
        CloudFormationEvent event = CloudFormationEvent.from(json);
        if (event.responseUrl() == null) {
            throw unanswerable("the event has no ResponseURL, so there is no one to answer; it looks like no "
                    + "CloudFormation custom-resource event", event);
        }
        Response response = answer(event, budget);
        CloudFormationResponder.send(responseClient.within(budget, log, event), event, response, context, log);
        ObjectNode result = MAPPER.createObjectNode()
                .put("Status", response.getStatus().name())
                .put("PhysicalResourceId", response.getPhysicalResourceId());
        output.write(MAPPER.writeValueAsBytes(result));
    }

    /** The event, which must be a JSON object; anything else fails the invocation, with a log line. */
    private JsonNode readObject(InputStream input) throws IOException {
        JsonNode json;
        try {
            json = MAPPER.readTree(input);
        } catch (JsonProcessingException e) {
            throw unanswerable("the event is not JSON (" + e.getOriginalMessage() + ")", null);
        }
        if (json == null || !json.isObject()) {
            throw unanswerable("the event is not a JSON object", null);
        }
        return json;
    }

    /** An event this function cannot answer: logged, then thrown so that the invocation fails. */
    private IllegalArgumentException unanswerable(String why, CloudFormationEvent event) {
        new EventLog("ERROR", "Cannot handle the event: " + why)
                .with("requestType", event == null ? null : event.requestType())
                .with("resourceType", event == null ? null : event.resourceType())
                .with("logicalResourceId", event == null ? null : event.logicalResourceId())
                .with("requestId", event == null ? null : event.requestId())
                .writeTo(log);
        return new IllegalArgumentException(Masking.maskPhoneNumbersIn("Cannot handle the event: " + why));
    }

    /**
     * Runs a renewal and answers its result, with a log line and the renewal metrics (written before the invocation
     * ends, whatever its end). A renewal that fails ends the invocation with an error whose message says why: Lambda
     * retries the asynchronous invocation, and the next run tries again.
     */
    private JsonNode renew(JsonNode renewal, Budget budget) {
        long start = System.nanoTime();
        ChimeApi api = new ChimeApi(client, budget);
        Notes notes = new Notes();
        EventLog line = new EventLog("INFO", "");
        boolean renewed = false;
        boolean failed = true;
        // A run ignored as too late says nothing of the session: it writes no metric, so that a late retry's 0 cannot
        // hide the failures of the runs on time from an alarm on RenewalFailures (docs/CONSTRUCTS.md).
        boolean counted = true;
        try {
            ProxySessionRenewal.Event event = ProxySessionRenewal.Event.from(renewal);
            line.with("logicalResourceId", event.logicalResourceId())
                    .with("physicalResourceId", event.physicalResourceId());
            ProxySessionRenewal.Result result = ProxySessionRenewal.renew(event, api, clock, notes);
            line.level(result.stale() ? "WARN" : "INFO")
                    .message("Renewal " + PROXY_SESSION + " " + event.logicalResourceId() + ": " + result.action())
                    .with("proxySessionId", result.proxySessionId())
                    .with("action", result.action().name())
                    .with("detail", result.detail());
            renewed = result.action() != ProxySessionRenewal.Action.LEFT_ALONE;
            failed = false;
            counted = !result.stale();
            return result.toJson();
        } catch (RuntimeException | LinkageError e) {
            String reason = Failures.reason(e, api.calls());
            line.level("ERROR").message("Renewal " + PROXY_SESSION + " failed").with("reason", reason);
            logUnexpected(e);
            throw new RenewalFailed(reason);
        } finally {
            line.with("requestType", "Renewal")
                    .with("notes", notes.orNull())
                    .with("apiCalls", api.calls().summary())
                    .with("durationMs", (System.nanoTime() - start) / 1_000_000)
                    .writeTo(log);
            if (counted) {
                emitRenewalMetrics(renewal, renewed, failed);
            }
        }
    }

    /**
     * Writes the run's metrics, or a WARN line saying why it could not; never throws, so that the metrics cannot
     * change the run's outcome.
     */
    private void emitRenewalMetrics(JsonNode renewal, boolean renewed, boolean failed) {
        String logicalResourceId = renewal.path("LogicalResourceId").asText("");
        try {
            if (logicalResourceId.isEmpty()) {
                throw new IllegalArgumentException("the event names no LogicalResourceId");
            }
            metrics.emit(ProxySessionMetrics.stackName(renewal.path("StackId").asText(null)), logicalResourceId,
                    renewed, failed);
        } catch (RuntimeException | LinkageError e) {
            new EventLog("WARN", "Renewal metrics not emitted: " + e.getMessage())
                    .with("requestType", "Renewal")
                    .with("logicalResourceId", logicalResourceId.isEmpty() ? null : logicalResourceId)
                    .writeTo(log);
        }
    }

    /** A renewal that failed: its message, the reason, is the invocation's error message. */
    static final class RenewalFailed extends RuntimeException {
        RenewalFailed(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Decides the response to a CloudFormation event and writes its log line. */
    private Response answer(CloudFormationEvent event, Budget budget) {
        long start = System.nanoTime();
        ChimeApi api = new ChimeApi(client, budget);
        CustomResourceRequest request = new CustomResourceRequest(event, api);
        Outcome outcome = dispatch(request);
        Response.Status status = outcome.success() ? Response.Status.SUCCESS : Response.Status.FAILED;
        String physicalId = outcome.physicalId().format();
        String reason = outcome.failure() == null ? null : ResponseFitter.fitReason(event, status.name(), physicalId,
                outcome.data(), Failures.reason(outcome.failure(), api.calls()));
        new EventLog(outcome.success() ? "INFO" : "ERROR", event.requestType() + " " + event.resourceType() + " "
                + event.logicalResourceId() + ": " + status.name())
                .with("requestType", event.requestType())
                .with("resourceType", event.resourceType())
                .with("logicalResourceId", event.logicalResourceId())
                .with("requestId", event.requestId())
                .with("physicalResourceId", physicalId)
                .with("outcome", status.name())
                .with("reason", reason)
                .with("notes", request.orNull())
                .with("apiCalls", api.calls().summary())
                .with("durationMs", (System.nanoTime() - start) / 1_000_000)
                .writeTo(log);
        return Response.builder()
                .status(status)
                .physicalResourceId(physicalId)
                .value(outcome.data())
                .reason(reason)
                .build();
    }

    /**
     * The one place a request's outcome is decided: the kind's answer, or FAILED with the id the kind declared for a
     * failure at the point it reached. A Delete of a Create that made nothing succeeds here, whatever the type.
     */
    private Outcome dispatch(CustomResourceRequest request) {
        CloudFormationEvent event = request.event();
        try {
            String type = event.requestType();
            if (type == null || !REQUEST_TYPES.contains(type)) {
                throw new RefusedException(type == null ? "The event has no RequestType"
                        : "RequestType must be Create, Update or Delete; got '" + Masking.abbreviate(type) + "'");
            }
            if (type.equals("Delete") && request.physicalId() instanceof PhysicalId.NotCreated) {
                request.note("change", "nothing to delete");
                return Outcome.success(request.physicalId(), null);
            }
            checkEnvelope(event);
            ResourceKind kind = kinds.get(event.resourceType());
            if (kind == null) {
                return unsupported(request);
            }
            return switch (type) {
                case "Create" -> kind.create(request);
                case "Update" -> kind.update(request);
                default -> kind.delete(request);
            };
        } catch (RuntimeException | LinkageError e) {
            // A bug, or a class missing from the jar, is answered too, rather than leave the stack waiting.
            logUnexpected(e);
            return Outcome.failed(request.idOnFailure(), e);
        }
    }

    /**
     * The members every event of a RequestType has, as CloudFormation sends them. A Delete takes its properties as
     * they come: it reads only what it needs, so that a stack can always be deleted.
     */
    private static void checkEnvelope(CloudFormationEvent event) {
        for (String[] member : new String[][] {{"StackId", event.stackId()}, {"RequestId", event.requestId()},
                {"LogicalResourceId", event.logicalResourceId()}, {"ResourceType", event.resourceType()}}) {
            if (member[1] == null || member[1].isEmpty()) {
                throw new RefusedException("The event has no " + member[0] + "; CloudFormation always sends one");
            }
        }
        if (event.requestType().equals("Delete")) {
            return;
        }
        JsonNode properties = event.resourceProperties();
        if (properties != null && !properties.isObject()) {
            throw new RefusedException("ResourceProperties must be a JSON object; got "
                    + (properties.isArray() ? "a list" : properties.isTextual() ? "a string" : properties.toString()));
        }
        if (event.requestType().equals("Update") && event.physicalResourceId() == null) {
            throw new RefusedException("An Update names the resource it updates in PhysicalResourceId; the event has "
                    + "none, so nothing was changed");
        }
    }

    /** The stack trace of a failure that no kind expected, masked. */
    private void logUnexpected(Throwable e) {
        if (!expected(e)) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            log.print(Masking.maskPhoneNumbersIn(trace.toString()));
        }
    }

    private static boolean expected(Throwable e) {
        return e instanceof InvalidPropertiesException || e instanceof RefusedException
                || e instanceof ChimeApi.CallFailed || e instanceof Budget.OutOfTime;
    }

    private static Outcome unsupported(CustomResourceRequest request) {
        CloudFormationEvent event = request.event();
        if (event.requestType().equals("Delete")) {
            // Nothing of an unsupported type was ever created by this function.
            return Outcome.success(request.physicalId(), null);
        }
        throw new RefusedException("Resource type " + event.resourceType() + " is not served by this function; it "
                + "serves " + PROXY_SESSION + " and " + VOICE_CONNECTOR_PROXY);
    }
}
