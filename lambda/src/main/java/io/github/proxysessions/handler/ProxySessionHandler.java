package io.github.proxysessions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.rules.Masking;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.BiFunction;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.lambda.powertools.cloudformation.Response;

/**
 * The Lambda function behind {@code Custom::ProxySession} and {@code Custom::VoiceConnectorProxy}. Handler string:
 * {@code io.github.proxysessions.handler.ProxySessionHandler::handleRequest}.
 *
 * <p>A stream handler: it reads the raw event itself, so that it sees every event as it arrived, before any
 * serializer or base class decides something about it. Each CloudFormation event is dispatched on its ResourceType to
 * a {@link ResourceKind}, and the response is sent through Powertools ({@link CloudFormationResponder}). This class
 * makes sure there always is one, in time: every failure becomes a FAILED response with a Reason a person can act on
 * (never an exception), the API calls stop in time to send it before Lambda's deadline, and the body fits
 * CloudFormation's 4096 bytes. One JSON log line per event.
 */
public final class ProxySessionHandler implements RequestStreamHandler {

    static final String PROXY_SESSION = "Custom::ProxySession";
    static final String VOICE_CONNECTOR_PROXY = "Custom::VoiceConnectorProxy";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ChimeSdkVoiceClient client;
    private final ResponseClient responseClient;
    private final Map<String, ResourceKind> kinds;
    private final PrintStream log;

    /** The constructor Lambda calls, once per container: the SDK client is built here and reused. */
    public ProxySessionHandler() {
        this(ChimeClients.create(), ResponseClient.httpClient(), System.out);
    }

    /**
     * @param client       the Chime SDK Voice client, built once per container
     * @param responseHttp the HTTP client responses are sent with
     * @param log          where the log lines go (Lambda sends standard output to the function's log group)
     */
    ProxySessionHandler(ChimeSdkVoiceClient client, SdkHttpClient responseHttp, PrintStream log) {
        this.client = client;
        this.responseClient = new ResponseClient(responseHttp);
        this.log = log;
        this.kinds = Map.of(PROXY_SESSION, new ProxySessionResource(), VOICE_CONNECTOR_PROXY,
                new VoiceConnectorProxyResource());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Budget budget = Budget.of(context);
        JsonNode json = MAPPER.readTree(input);
        CloudFormationEvent event = CloudFormationEvent.from(json);
        Response response = handle(event, budget);
        CloudFormationResponder.send(responseClient.within(budget), event, response, context, log);
        ObjectNode result = MAPPER.createObjectNode()
                .put("Status", response.getStatus().name())
                .put("PhysicalResourceId", response.getPhysicalResourceId());
        output.write(MAPPER.writeValueAsBytes(result));
    }

    private Response handle(CloudFormationEvent event, Budget budget) {
        return switch (String.valueOf(event.requestType())) {
            case "Create" -> handle(event, budget, ResourceKind::create);
            case "Update" -> handle(event, budget, ResourceKind::update);
            case "Delete" -> handle(event, budget, ResourceKind::delete);
            default -> Response.success(event.physicalResourceId());
        };
    }

    private Response handle(CloudFormationEvent event, Budget budget,
                            BiFunction<ResourceKind, CustomResourceRequest, Outcome> action) {
        long start = System.nanoTime();
        ChimeApi api = new ChimeApi(client, budget);
        String tag = IdempotencyTag.of(event.stackId(), event.logicalResourceId(), event.requestId());
        CustomResourceRequest request = new CustomResourceRequest(event, api, tag, null);
        request.answerOnFailure(event.requestType().equals("Create") ? new PhysicalId.NotCreated(tag)
                : request.physicalId());
        Outcome outcome = dispatch(request, action);
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
                .with("notes", request.notes().isEmpty() ? null : request.notes())
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
    private Outcome dispatch(CustomResourceRequest request,
                             BiFunction<ResourceKind, CustomResourceRequest, Outcome> action) {
        CloudFormationEvent event = request.event();
        try {
            if (event.requestType().equals("Delete") && request.physicalId() instanceof PhysicalId.NotCreated) {
                request.note("change", "nothing to delete");
                return Outcome.success(request.physicalId(), null);
            }
            ResourceKind kind = event.resourceType() == null ? null : kinds.get(event.resourceType());
            if (kind == null) {
                return unsupported(request);
            }
            return action.apply(kind, request);
        } catch (RuntimeException | LinkageError e) {
            if (!expected(e)) {
                // A bug, or a class missing from the jar: still answer rather than leave the stack waiting.
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                log.print(Masking.maskPhoneNumbersIn(trace.toString()));
            }
            return Outcome.failed(request.idOnFailure(), e);
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
