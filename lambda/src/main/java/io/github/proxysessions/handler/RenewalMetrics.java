package io.github.proxysessions.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.proxysessions.rules.ProxySessionMetrics;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The renewal metrics of {@link ProxySessionMetrics}, written in CloudWatch Embedded Metric Format through Powertools'
 * metrics module: one document per renewal run, on the handler's log stream (standard output in Lambda), with both
 * metrics at 0 or 1 and exactly the dimensions {@code StackName} and {@code LogicalResourceId}.
 *
 * <p>Not Powertools' {@code MetricsFactory} singleton: it adds a {@code Service} dimension from
 * {@code POWERTOOLS_SERVICE_NAME}, keeps one metrics context per X-Ray trace id (shared by runs that overlap), and
 * finds where to write by probing its environment (in Lambda as in tests, an EC2 instance-metadata request among
 * others, and a TCP agent sink where it finds no Lambda). Each run here gets a context of its own, whose environment is
 * Lambda's (its metadata: function version, log stream) and whose sink is the handler's own log stream: one
 * {@code println} of one line of JSON per document, which Lambda turns into one log event, never wrapped (see
 * docs/HANDLER.md, Metrics).
 */
final class RenewalMetrics {

    private final EnvironmentProvider environment;

    /** @param log where the documents go: the handler's log stream */
    RenewalMetrics(PrintStream log) {
        Environment lambda = new HandlerLogEnvironment(log);
        this.environment = new EnvironmentProvider() {
            @Override
            public CompletableFuture<Environment> resolveEnvironment() {
                return CompletableFuture.completedFuture(lambda);
            }

            @Override
            public Environment getDefaultEnvironment() {
                return lambda;
            }
        };
    }

    /**
     * Writes one renewal run's document.
     *
     * @param stackName         the stack's name, as in its StackId
     * @param logicalResourceId the session's logical id
     * @param renewed           the run made a successor
     * @param failed            the run failed (and is retried)
     * @throws RuntimeException when Powertools refuses a value (a dimension value it cannot emit): nothing is written
     */
    void emit(String stackName, String logicalResourceId, boolean renewed, boolean failed) {
        Metrics metrics = new EmfMetricsLogger(environment, new MetricsContext());
        metrics.setNamespace(ProxySessionMetrics.NAMESPACE);
        // Replaces the dimensions the environment would add (LogGroup, ServiceName, ServiceType): these two only.
        metrics.setDefaultDimensions(DimensionSet.of(ProxySessionMetrics.STACK_NAME, stackName,
                ProxySessionMetrics.LOGICAL_RESOURCE_ID, logicalResourceId));
        metrics.addMetric(ProxySessionMetrics.RENEWALS, renewed ? 1 : 0, MetricUnit.COUNT);
        metrics.addMetric(ProxySessionMetrics.RENEWAL_FAILURES, failed ? 1 : 0, MetricUnit.COUNT);
        metrics.flush();
    }

    /** Lambda's environment (its name, type and metadata), writing to the handler's log stream. */
    private static final class HandlerLogEnvironment implements Environment {
        private final LambdaEnvironment lambda = new LambdaEnvironment();
        private final ISink sink;

        HandlerLogEnvironment(PrintStream log) {
            this.sink = new ISink() {
                @Override
                public void accept(MetricsContext context) {
                    try {
                        for (String document : context.serialize()) {
                            log.println(document);
                        }
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("could not serialise the renewal metrics", e);
                    }
                }

                @Override
                public CompletableFuture<Void> shutdown() {
                    return CompletableFuture.completedFuture(null);
                }
            };
        }

        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return lambda.getName();
        }

        @Override
        public String getType() {
            return lambda.getType();
        }

        @Override
        public String getLogGroupName() {
            return lambda.getLogGroupName();
        }

        @Override
        public void configureContext(MetricsContext context) {
            lambda.configureContext(context);
        }

        @Override
        public ISink getSink() {
            return sink;
        }
    }
}
