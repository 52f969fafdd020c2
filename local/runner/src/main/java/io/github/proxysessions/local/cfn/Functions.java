package io.github.proxysessions.local.cfn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs the Lambda functions that custom resources name as their ServiceToken. */
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
    }

    /**
     * Invokes the function asynchronously with an event, as CloudFormation invokes a custom resource's function.
     * Completes when the invocation (with the retries Lambda makes after an error) has ended: empty when it ended
     * well, or a description of how its last attempt failed. The custom resource's real answer is its response to
     * the ResponseURL, not this.
     */
    CompletableFuture<String> invoke(Spec function, String event);

    @Override
    void close();
}
