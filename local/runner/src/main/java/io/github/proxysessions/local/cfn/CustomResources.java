package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends custom-resource requests as CloudFormation does: an event to the provider function, then the wait for its
 * response at the ResponseURL, for at most the resource's ServiceTimeout.
 */
final class CustomResources {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ResponseServer responses;
    private final Functions functions;
    private final boolean duplicateDelivery;

    CustomResources(ResponseServer responses, Functions functions, boolean duplicateDelivery) {
        this.responses = responses;
        this.functions = functions;
        this.duplicateDelivery = duplicateDelivery;
    }

    /**
     * Delivers the event (twice, with the same RequestId, under {@code --fault duplicate-delivery}) and returns the
     * first response. When every delivery has ended without a response, the answer is FAILED at once rather than
     * after the whole ServiceTimeout, saying how the function ended.
     */
    Outcome send(ObjectNode event, Functions.Spec function, Duration serviceTimeout) {
        String requestId = event.get("RequestId").asText();
        String url = responses.register(new ResponseServer.Expectation(event.get("RequestType").asText(),
                event.get("StackId").asText(), requestId, event.get("LogicalResourceId").asText(),
                event.path("PhysicalResourceId").asText(null)));
        ObjectNode delivered = event.deepCopy();
        delivered.put("ResponseURL", url);
        String json;
        try {
            json = MAPPER.writeValueAsString(delivered);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise an event", e);
        }
        List<CompletableFuture<String>> deliveries = new ArrayList<>();
        for (int i = 0; i < (duplicateDelivery ? 2 : 1); i++) {
            deliveries.add(functions.invoke(function, json));
        }
        CompletableFuture<String> allEnded = CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new))
                .thenApply(v -> deliveries.get(deliveries.size() - 1).join());
        CompletableFuture<Outcome> response = responses.response(requestId);
        try {
            CompletableFuture.anyOf(response, allEnded).get(serviceTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!response.isDone()) {
                // The provider sends its response before its invocation ends, so none will come now.
                String how = allEnded.join();
                return failed(event, "The function ended without sending a response"
                        + (how == null || how.isEmpty() ? "" : ": " + how));
            }
            // Duplicate deliveries finish too, so that nothing acts after the runner has moved on.
            allEnded.get(serviceTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return response.join();
        } catch (TimeoutException e) {
            if (response.isDone()) {
                return response.join();
            }
            return failed(event, "No response within the resource's ServiceTimeout of " + serviceTimeout.toSeconds()
                    + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a response", e);
        } catch (ExecutionException e) {
            throw new FunctionUnavailable("the function could not be invoked: " + e.getCause().getMessage(),
                    e.getCause());
        } finally {
            responses.forget(requestId);
        }
    }

    /** The runner's own FAILED answer, as CloudFormation records a request that got none. */
    private static Outcome failed(ObjectNode event, String reason) {
        return Outcome.failed(reason, event.path("PhysicalResourceId").asText(null));
    }

    /** The function could not be started, so the event was not delivered. */
    static final class FunctionUnavailable extends RuntimeException {
        FunctionUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
