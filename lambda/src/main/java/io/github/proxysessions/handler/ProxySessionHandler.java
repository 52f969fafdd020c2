package io.github.proxysessions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.BiFunction;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.lambda.powertools.cloudformation.AbstractCustomResourceHandler;
import software.amazon.lambda.powertools.cloudformation.Response;

/**
 * The Lambda function behind {@code Custom::ProxySession} and {@code Custom::VoiceConnectorProxy}. Handler string:
 * {@code io.github.proxysessions.handler.ProxySessionHandler::handleRequest}.
 *
 * <p>Powertools dispatches each CloudFormation event to {@link #create}, {@link #update} or {@link #delete} and sends
 * the returned response. This class makes sure there always is one, in time: every failure becomes a FAILED response
 * with a Reason a person can act on (never an exception), the API calls stop in time to send it before Lambda's
 * deadline, and the body fits CloudFormation's 4096 bytes. One JSON log line per event.
 */
public class ProxySessionHandler extends AbstractCustomResourceHandler {

    static final String PROXY_SESSION = "Custom::ProxySession";
    static final String VOICE_CONNECTOR_PROXY = "Custom::VoiceConnectorProxy";

    private final ChimeSdkVoiceClient client;
    private final Map<String, ResourceKind> kinds;
    private final PrintStream log;

    /** The constructor Lambda calls, once per container: the SDK client is built here and reused. */
    public ProxySessionHandler() {
        this(ChimeClients.create(), ResponseClient.create(), System.out);
    }

    ProxySessionHandler(ChimeSdkVoiceClient client, SdkHttpClient responseClient, PrintStream log) {
        super(responseClient);
        this.client = client;
        this.log = log;
        this.kinds = Map.of(PROXY_SESSION, new ProxySessionResource(), VOICE_CONNECTOR_PROXY, new VoiceConnectorProxyResource());
    }

    @Override
    protected Response create(CloudFormationCustomResourceEvent event, Context context) {
        return handle(event, context, ResourceKind::create);
    }

    @Override
    protected Response update(CloudFormationCustomResourceEvent event, Context context) {
        return handle(event, context, ResourceKind::update);
    }

    @Override
    protected Response delete(CloudFormationCustomResourceEvent event, Context context) {
        return handle(event, context, ResourceKind::delete);
    }

    private Response handle(CloudFormationCustomResourceEvent event, Context context,
                            BiFunction<ResourceKind, CustomResourceRequest, Outcome> action) {
        long start = System.nanoTime();
        long remainingMillis = context.getRemainingTimeInMillis();
        ResponseClient.deadline(remainingMillis);
        ApiCalls.Recording calls = ApiCalls.start();
        try {
            CustomResourceRequest inv = new CustomResourceRequest(event, new ChimeApi(client, Deadline.fromRemaining(remainingMillis)));
            ResourceKind kind = kinds.get(event.getResourceType());
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
            new EventLog(outcome.success() ? "INFO" : "ERROR", event.getRequestType() + " " + event.getResourceType()
                    + " " + event.getLogicalResourceId() + ": " + status.name())
                    .with("requestType", event.getRequestType())
                    .with("resourceType", event.getResourceType())
                    .with("logicalResourceId", event.getLogicalResourceId())
                    .with("requestId", event.getRequestId())
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
        } finally {
            ApiCalls.stop();
        }
    }

    private Outcome unsupported(CustomResourceRequest inv) {
        CloudFormationCustomResourceEvent event = inv.event();
        if (event.getRequestType().equals("Delete")) {
            // Nothing of an unsupported type was ever created by this function.
            return Outcome.success(event.getPhysicalResourceId(), null);
        }
        // Any marker would do, as the Delete above makes no call; the session's is the one this always answered.
        return Outcome.failed(physicalIdOnFailure(inv, kinds.get(PROXY_SESSION)), new IllegalArgumentException(
                "resource type " + event.getResourceType() + " is not served by this function; it serves "
                + PROXY_SESSION + " and " + VOICE_CONNECTOR_PROXY));
    }

    /** The id CloudFormation knows, or on Create the kind's own id for a Create that made nothing. */
    private static String physicalIdOnFailure(CustomResourceRequest inv, ResourceKind kind) {
        String id = inv.event().getPhysicalResourceId();
        return id != null ? id : kind.notCreatedId(inv.tag());
    }

    /** Powertools could not send the response; say so without the ResponseURL, which is a secret. */
    @Override
    protected void onSendFailure(CloudFormationCustomResourceEvent event, Context context, Response response,
                                 Exception exception) {
        String message = String.valueOf(exception.getMessage());
        if (event.getResponseUrl() != null) {
            message = message.replace(event.getResponseUrl(), "<ResponseURL>");
        }
        new EventLog("ERROR", "could not send the response to CloudFormation")
                .with("requestId", event.getRequestId())
                .with("logicalResourceId", event.getLogicalResourceId())
                .with("error", exception.getClass().getName() + ": " + message)
                .writeTo(log);
    }
}
