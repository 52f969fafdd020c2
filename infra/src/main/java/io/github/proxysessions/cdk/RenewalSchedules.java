package io.github.proxysessions.cdk;

import io.github.proxysessions.rules.ProxySessionRenewalEvent;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The renewal schedules of a stack's sessions, and the one scheduler role they share: what a {@link Renewal} adds
 * beside the provider's function. The role is created on the first schedule, under the provider, as
 * {@code SchedulerRole}.
 */
final class RenewalSchedules {

    /**
     * EventBridge Scheduler's largest retry count: a run it could not deliver is retried, with exponential backoff,
     * until it is one interval old (the schedule's maximum event age), which always comes first.
     */
    static final int DELIVERY_RETRY_ATTEMPTS = 185;

    private final Construct provider;
    private final String targetArn;
    private Role role;
    /** The dead-letter queues and their KMS keys the role may send to, each named once. */
    private final Set<String> deadLetterQueues = new LinkedHashSet<>();
    private final Set<String> deadLetterKeys = new LinkedHashSet<>();
    private PolicyStatement sendToDeadLetterQueues;
    private PolicyStatement encryptForDeadLetterQueues;

    /**
     * @param provider  the stack's provider, under which the role is created
     * @param targetArn the ARN every schedule invokes, and the only one the role may invoke
     */
    RenewalSchedules(Construct provider, String targetArn) {
        this.provider = provider;
        this.targetArn = targetArn;
    }

    /**
     * The schedule that renews {@code session} ({@code RenewalSchedule} under it): every half window, it invokes the
     * function with the renewal event, {@code {"ProxySessionRenewal": {StackId, LogicalResourceId,
     * PhysicalResourceId, ResourceProperties, ScheduledTime}}}. The event names the session's {@code Ref}, so
     * CloudFormation creates the schedule after the session, updates it when the session is replaced, and deletes it
     * first.
     *
     * <p>A run it cannot deliver (Lambda refuses or throttles the asynchronous invocation) is retried for up to an
     * interval, then sent to the renewal's dead-letter queue, if it has one. A run that Lambda accepted and that
     * fails is Lambda's to retry (the alias's asynchronous retries), not the schedule's.
     *
     * @param properties the custom resource's properties, as given to the provider
     * @param renewal    the session's renewal: its window, whole minutes, and its dead-letter queue
     */
    CfnSchedule schedule(Construct session, CustomResource resource, Map<String, Object> properties,
            Renewal renewal) {
        long windowMinutes = renewal.getBeforeExpiry().toMinutes().longValue();
        Stack stack = Stack.of(provider);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("StackId", Aws.STACK_ID);
        // The element's logical id token, resolved at synthesis: an overrideLogicalId made after this still counts.
        event.put("LogicalResourceId", ((CfnElement) resource.getNode().getDefaultChild()).getLogicalId());
        event.put("PhysicalResourceId", resource.getRef());
        event.put("ResourceProperties", asCloudFormationSends(properties));
        // The scheduler puts the run's scheduled time here: the handler ignores a run more than an interval late,
        // which may arrive after the stack deleted the session.
        event.put(ProxySessionRenewalEvent.SCHEDULED_TIME, ProxySessionRenewalEvent.SCHEDULED_TIME_ATTRIBUTE);
        long interval = ProxySessionRenewalEvent.intervalMinutes(windowMinutes);
        CfnSchedule schedule = CfnSchedule.Builder.create(session, "RenewalSchedule")
                .description("Renews the proxy session " + session.getNode().getPath() + " before it expires")
                .scheduleExpression(Renewal.rateExpression(interval))
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(targetArn)
                        .roleArn(role().getRoleArn())
                        .input(stack.toJsonString(Map.of(ProxySessionRenewalEvent.MEMBER, event)))
                        // Delivery is retried within the interval, and no run is delivered more than an interval
                        // late: by then the next run does the same work, and a late one could come after the stack
                        // deleted the session (the handler ignores those too, by their ScheduledTime).
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                .maximumRetryAttempts(DELIVERY_RETRY_ATTEMPTS)
                                .maximumEventAgeInSeconds(interval * 60)
                                .build())
                        .deadLetterConfig(renewal.getDeadLetterQueue() == null ? null
                                : CfnSchedule.DeadLetterConfigProperty.builder()
                                        .arn(renewal.getDeadLetterQueue().getQueueArn())
                                        .build())
                        .build())
                .build();
        if (renewal.getDeadLetterQueue() != null) {
            allowDeadLetters(renewal.getDeadLetterQueue());
        }
        // The role's policy first, so that the schedule's first run may invoke the function.
        schedule.getNode().addDependency(role);
        return schedule;
    }

    /**
     * The stack's one role for renewal schedules: assumed by EventBridge Scheduler on behalf of this account only, and
     * allowed to invoke the target only (its ARN exactly: no wildcard).
     */
    private Role role() {
        if (role == null) {
            role = Role.Builder.create(provider, "SchedulerRole")
                    .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(Map.of(
                            "StringEquals", Map.of("aws:SourceAccount", Stack.of(provider).getAccount()))))
                    .description("EventBridge Scheduler: invokes the proxy-session provider to renew this stack's "
                            + "sessions")
                    .build();
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("lambda:InvokeFunction"))
                    .resources(List.of(targetArn))
                    .build());
        }
        return role;
    }

    /**
     * Lets the scheduler role send dead letters to {@code queue}: {@code sqs:SendMessage} on it, the one action
     * EventBridge Scheduler needs, and, for a queue encrypted with a KMS key, {@code kms:GenerateDataKey} and
     * {@code kms:Decrypt} on that key, which SQS asks of a sender.
     */
    private void allowDeadLetters(IQueue queue) {
        if (deadLetterQueues.add(queue.getQueueArn())) {
            sendToDeadLetterQueues = ProxySessionProvider.allowOn(role, sendToDeadLetterQueues,
                    List.of("sqs:SendMessage"), queue.getQueueArn());
        }
        IKey key = queue.getEncryptionMasterKey();
        if (key != null && deadLetterKeys.add(key.getKeyArn())) {
            encryptForDeadLetterQueues = ProxySessionProvider.allowOn(role, encryptForDeadLetterQueues,
                    List.of("kms:GenerateDataKey", "kms:Decrypt"), key.getKeyArn());
        }
    }

    /**
     * A properties map as CloudFormation hands it to a custom resource, every scalar leaf a string (30 becomes "30";
     * a number token becomes a string token), so that the renewal event's properties parse as the events' do.
     */
    static Object asCloudFormationSends(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), asCloudFormationSends(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(RenewalSchedules::asCloudFormationSends).toList();
        }
        if (value instanceof Number number) {
            if (Token.isUnresolved(number)) {
                return Token.asString(number);
            }
            double d = number.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(number.longValue()) : String.valueOf(d);
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        return value;
    }
}
