package io.github.proxysessions.rules;

import java.util.List;

/**
 * The CloudWatch metrics the provider emits (in Embedded Metric Format) and the constructs name, so that an alarm built
 * from {@code ProxySession#metricRenewals()} watches exactly what the handler writes: one namespace, one name per
 * metric, one dimension set.
 *
 * <p>Every renewal run of a session emits both renewal metrics, each with the value 0 or 1, under the dimensions
 * {@value #STACK_NAME} (the stack's name, as in its StackId) and {@value #LOGICAL_RESOURCE_ID} (the session's logical
 * id in that stack), and no other dimension: the cardinality is that of the stacks' declared sessions.
 */
public final class ProxySessionMetrics {

    /** The namespace of every metric of the provider. */
    public static final String NAMESPACE = "ProxySessions";

    /** Renewals that made a successor: 1 when the run replaced the session, 0 when it had nothing to do. */
    public static final String RENEWALS = "Renewals";
    /** Renewal runs that failed: 1 when the run ended in error (and is retried), 0 otherwise. */
    public static final String RENEWAL_FAILURES = "RenewalFailures";

    /** The dimension that names the stack: its name, as CloudFormation knows it. */
    public static final String STACK_NAME = "StackName";
    /** The dimension that names the session: its logical id in the stack. */
    public static final String LOGICAL_RESOURCE_ID = "LogicalResourceId";

    /** The dimensions of the renewal metrics, in the order they are emitted. */
    public static final List<String> RENEWAL_DIMENSIONS = List.of(STACK_NAME, LOGICAL_RESOURCE_ID);

    private ProxySessionMetrics() {
    }

    /**
     * The stack name in a CloudFormation StackId ({@code arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/GUID}).
     *
     * @throws IllegalArgumentException when {@code stackId} is not a stack ARN
     */
    public static String stackName(String stackId) {
        String marker = ":stack/";
        int start = stackId == null ? -1 : stackId.indexOf(marker);
        int end = start < 0 ? -1 : stackId.indexOf('/', start + marker.length());
        if (start < 0 || end <= start + marker.length() || !stackId.startsWith("arn:")) {
            throw new IllegalArgumentException("StackId must be a stack ARN (arn:...:stack/NAME/GUID), was "
                    + stackId);
        }
        return stackId.substring(start + marker.length(), end);
    }
}
