package io.github.proxysessions.local.cfn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the Lambda functions of a stack: those custom resources name as their ServiceToken, asynchronously as
 * CloudFormation invokes them, and any recorded function synchronously (RequestResponse), as a caller that wants
 * the function's result invokes it.
 */
public interface Functions extends AutoCloseable {

    /**
     * A function as the template defines it, at the version an ARN names.
     *
     * @param arn         the ARN it is invoked by (a ServiceToken, a schedule's target): unqualified, or qualified
     *                    by an alias or a version
     * @param code        its deployment package (a jar or zip file, or a directory)
     * @param handler     the handler string
     * @param runtime     the Lambda runtime identifier, such as {@code java21}
     * @param environment its environment variables, before the runner adds its own
     * @param logFormat   {@code JSON} or {@code Text}
     * @param version     {@code $LATEST}, or the number of the published version the ARN runs
     */
    record Spec(String arn, String name, Path code, String handler, String runtime, int memoryMb, Duration timeout,
                Map<String, String> environment, String logFormat, String version) {

        /**
         * What invoking {@code arn} runs in a stack, as its record holds it: the function's latest configuration for
         * its unqualified ARN, a published version's frozen configuration for a version's ARN or an alias's.
         *
         * @throws IllegalStateException when the ARN names nothing the stack defines, or code the runner cannot run
         */
        public static Spec recorded(StackRecord stack, String arn) {
            return FunctionVersions.resolve(stack, arn);
        }

        /** True when invoking {@code arn} runs a function the stack defines. */
        public static boolean isRecorded(StackRecord stack, String arn) {
            return FunctionVersions.isRecorded(stack, arn);
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
