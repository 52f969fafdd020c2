package io.github.proxysessions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
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
        ApiCalls.Recording calls = api.calls();
        {
            CustomResourceRequest inv = new CustomResourceRequest(event, api);
            ResourceKind kind = event.resourceType() == null ? null : kinds.get(event.resourceType());
            Outcome outcome;
            try {
                outcome = kind == null ? unsupported(inv) : action.apply(kind, inv);
            } catch (RuntimeException | LinkageError e) {
                // A bug (the kinds answer their own failures) or a class missing from the jar: still answer,
                // keeping the id CloudFormation knows, rather than leave the stack waiting for its timeout.
                outcome = Outcome.failed(physicalIdOnFailure(inv, kind), e);
                e.printStackTrace(log);
            }
            Response.Status status = outcome.success() ? Response.Status.SUCCESS : Response.Status.FAILED;
            String reason = outcome.failure() == null ? null : ResponseFitter.fitReason(event, status.name(),
                    outcome.physicalResourceId(), outcome.data(), Failures.reason(outcome.failure(), calls));
            new EventLog(outcome.success() ? "INFO" : "ERROR", event.requestType() + " " + event.resourceType()
                    + " " + event.logicalResourceId() + ": " + status.name())
                    .with("requestType", event.requestType())
                    .with("resourceType", event.resourceType())
                    .with("logicalResourceId", event.logicalResourceId())
                    .with("requestId", event.requestId())
                    .with("physicalResourceId", outcome.physicalResourceId())
                    .with("outcome", status.name())
                    .with("reason", reason)
                    .with("notes", inv.notes().isEmpty() ? null : inv.notes())
                    .with("apiCalls", calls.summary())
                    .with("durationMs", (System.nanoTime() - start) / 1_000_000)
                    .writeTo(log);
            return Response.builder()
                    .status(status)
                    .physicalResourceId(outcome.physicalResourceId())
                    .value(outcome.data())
                    .reason(reason)
                    .build();
        }
    }

    private Outcome unsupported(CustomResourceRequest inv) {
        CloudFormationEvent event = inv.event();
        if (event.requestType().equals("Delete")) {
            // Nothing of an unsupported type was ever created by this function.
            return Outcome.success(event.physicalResourceId(), null);
        }
        // Any marker would do, as the Delete above makes no call; the session's is the one this always answered.
        return Outcome.failed(physicalIdOnFailure(inv, kinds.get(PROXY_SESSION)), new IllegalArgumentException(
                "resource type " + event.resourceType() + " is not served by this function; it serves "
                + PROXY_SESSION + " and " + VOICE_CONNECTOR_PROXY));
    }

    /** The id CloudFormation knows, or on Create the kind's own id for a Create that made nothing. */
    private static String physicalIdOnFailure(CustomResourceRequest inv, ResourceKind kind) {
        String id = inv.event().physicalResourceId();
        return id != null ? id : kind.notCreatedId(inv.tag());
    }
}
