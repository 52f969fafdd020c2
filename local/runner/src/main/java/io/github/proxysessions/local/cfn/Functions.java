package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the Lambda functions of a stack: those custom resources name as their ServiceToken, asynchronously as
 * CloudFormation invokes them, and any recorded function synchronously (RequestResponse), as a caller that wants
 * the function's result invokes it.
 */
public interface Functions extends AutoCloseable {

    /**
     * A function as the template defines it.
     *
     * @param arn         the ARN its ServiceToken resolves to
     * @param code        its deployment package (a jar or zip file, or a directory)
     * @param handler     the handler string
     * @param runtime     the Lambda runtime identifier, such as {@code java21}
     * @param environment its environment variables, before the runner adds its own
     * @param logFormat   {@code JSON} or {@code Text}
     */
    record Spec(String arn, String name, Path code, String handler, String runtime, int memoryMb, Duration timeout,
                Map<String, String> environment, String logFormat) {

        /**
         * The function of a stack whose ARN is {@code arn}, as its record holds it.
         *
         * @throws IllegalStateException when no function of the stack has that ARN, or its code is not one the
         *                               runner can run
         */
        public static Spec recorded(StackRecord stack, String arn) {
            ResourceRecord fn = stack.resourcesAndLeftovers()
                    .filter(r -> r.type().equals("AWS::Lambda::Function") && arn.equals(r.data().get("Arn")))
                    .findFirst().orElse(null);
            if (fn == null) {
                throw new IllegalStateException(arn + " is not a Lambda function of stack " + stack.stackName()
                        + ": the local runner invokes only functions its stacks define");
            }
            JsonNode p = fn.properties();
            Map<String, String> environment = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : p.path("Environment").path("Variables").properties()) {
                environment.put(e.getKey(), e.getValue().asText());
            }
            String codePath = fn.data().get(NoLocalMeaning.CODE_PATH);
            if (codePath == null) {
                throw new IllegalStateException("function " + fn.logicalId() + " has no code asset the local runner "
                        + "can run (only S3 assets of the cloud assembly are supported)");
            }
            return new Spec(arn, fn.physicalId(), Path.of(codePath), p.path("Handler").asText(),
                    p.path("Runtime").asText(), p.path("MemorySize").asInt(128),
                    Duration.ofSeconds(p.path("Timeout").asInt(3)), environment,
                    p.path("LoggingConfig").path("LogFormat").asText("Text"));
        }

        /** True when a function of the stack has this ARN. */
        public static boolean isRecorded(StackRecord stack, String arn) {
            return stack.resourcesAndLeftovers()
                    .anyMatch(r -> r.type().equals("AWS::Lambda::Function") && arn.equals(r.data().get("Arn")));
        }
    }

    /** How a synchronous invocation ended: {@link Returned} or {@link Failed}. */
    sealed interface Response permits Returned, Failed {
    }

    /** The function returned: its result, as the runtime posted it (for a handler returning an object, its JSON). */
    record Returned(String payload) implements Response {
    }

    /**
     * The function did not return: it threw (Lambda's {@code FunctionError: Unhandled}), ran past its timeout, or
     * its instance ended.
     *
     * @param errorType    the error's type, such as {@code java.lang.IllegalStateException}; for a timeout or a
     *                     crash, Lambda's words ({@code Sandbox.Timedout}, {@code Runtime.ExitError})
     * @param errorMessage its message
     */
    record Failed(String errorType, String errorMessage) implements Response {
    }

    /**
     * Invokes the function asynchronously with an event, as CloudFormation invokes a custom resource's function.
     * Completes when the invocation (with the retries Lambda makes after an error) has ended: empty when it ended
     * well, or a description of how its last attempt failed. The custom resource's real answer is its response to
     * the ResponseURL, not this.
     */
    CompletableFuture<String> invoke(Spec function, String event);

    /**
     * Invokes the function synchronously (Lambda's {@code RequestResponse}) with a payload, once: no retries, as
     * Lambda makes none for a synchronous invocation. Completes when the invocation has ended, with the function's
     * result or its error; exceptionally only when the function cannot be started.
     */
    CompletableFuture<Response> invokeRequestResponse(Spec function, String payload);

    @Override
    void close();
}
