package io.github.proxysessions.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import java.io.PrintStream;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.lambda.powertools.cloudformation.AbstractCustomResourceHandler;
import software.amazon.lambda.powertools.cloudformation.Response;

/**
 * Sends a response that is already decided through Powertools, which serialises it and PUTs it to the ResponseURL.
 *
 * <p>Powertools 2.9.0 offers its sending only through {@link AbstractCustomResourceHandler#handleRequest}, whose
 * dispatch answers an unknown RequestType with SUCCESS and a thrown exception with an empty FAILED. So the handler
 * reads and judges the event itself, and this class is the base class's subclass that answers every event with the
 * response given to it. One instance per response: its HTTP client is bound to the invocation's time.
 */
final class CloudFormationResponder extends AbstractCustomResourceHandler {

    private final Response response;
    private final PrintStream log;

    private CloudFormationResponder(SdkHttpClient http, Response response, PrintStream log) {
        super(http);
        this.response = response;
        this.log = log;
    }

    /** PUTs {@code response} to the event's ResponseURL; a failure to send is logged, never thrown. */
    static void send(SdkHttpClient http, CloudFormationEvent event, Response response, Context context,
                     PrintStream log) {
        new CloudFormationResponder(http, response, log).handleRequest(event.forPowertools(), context);
    }

    @Override
    protected Response create(CloudFormationCustomResourceEvent event, Context context) {
        return response;
    }

    @Override
    protected Response update(CloudFormationCustomResourceEvent event, Context context) {
        return response;
    }

    @Override
    protected Response delete(CloudFormationCustomResourceEvent event, Context context) {
        return response;
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
