package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

/** A renewal's dead-letter queue: the schedule's DeadLetterConfig and the least IAM the scheduler role needs for it. */
class RenewalDeadLetterQueueTest {

    private static final String SCHEDULE = "AWS::Scheduler::Schedule";

    private final Stack stack = new Stack(new App(), "Test");

    private ProxySession renewed(String id, List<String> participants, Renewal renewal) {
        return ProxySession.Builder.create(stack, id).voiceConnectorId(ProxySessionTemplateTest.CONNECTOR)
                .participantPhoneNumbers(participants).capabilities(List.of(Capability.VOICE))
                .renewal(renewal).build();
    }

    private ProxySession renewed(String id, Renewal renewal) {
        return renewed(id, List.of("+12065550150", "+14155550151"), renewal);
    }

    private static String logicalId(Template t, String type, String prefix) {
        return t.findResources(type).keySet().stream().filter(id -> id.startsWith(prefix)).findFirst().orElseThrow();
    }

    private static JsonNode tree(Object value) {
        return new ObjectMapper().valueToTree(value);
    }

    /** The statements of the scheduler role's policy. */
    private static JsonNode schedulerStatements(Template t) {
        String role = logicalId(t, "AWS::IAM::Role", "ProxySessionProviderSchedulerRole");
        return tree(t.findResources("AWS::IAM::Policy", Map.of("Properties",
                Map.of("Roles", List.of(Map.of("Ref", role)))))).elements().next()
                .at("/Properties/PolicyDocument/Statement");
    }

    @Test
    void withoutAQueueTheScheduleHasNoDeadLetterConfigAndTheRoleOnlyInvokes() {
        renewed("Standing", Renewal.beforeExpiry(Duration.minutes(30)));

        Template t = Template.fromStack(stack);
        t.hasResourceProperties(SCHEDULE, Map.of("Target", Match.objectLike(Map.of(
                "DeadLetterConfig", Match.absent()))));
        assertThat(schedulerStatements(t).toString()).doesNotContain("sqs:").doesNotContain("kms:");
    }

    @Test
    void theQueueIsTheSchedulesDeadLetterConfigAndTheRoleMaySendToItOnly() {
        Queue queue = Queue.Builder.create(stack, "RenewalDlq").build();
        renewed("Standing", Renewal.beforeExpiry(Duration.minutes(30)).deadLetterQueue(queue));

        Template t = Template.fromStack(stack);
        String dlq = logicalId(t, "AWS::SQS::Queue", "RenewalDlq");
        Map<String, Object> dlqArn = Map.of("Fn::GetAtt", List.of(dlq, "Arn"));
        t.hasResourceProperties(SCHEDULE, Map.of("Target", Match.objectLike(Map.of(
                "DeadLetterConfig", Map.of("Arn", dlqArn),
                "RetryPolicy", Map.of("MaximumRetryAttempts", 185, "MaximumEventAgeInSeconds", 900)))));
        assertThat(schedulerStatements(t)).isEqualTo(tree(
                List.of(Map.of("Action", "lambda:InvokeFunction", "Effect", "Allow",
                                "Resource", Map.of("Ref", logicalId(t, "AWS::Lambda::Alias",
                                        "ProxySessionProviderLive"))),
                        Map.of("Action", "sqs:SendMessage", "Effect", "Allow", "Resource", dlqArn))));
        // The queue's own policy is left alone: the role's identity policy is all Scheduler needs.
        t.resourceCountIs("AWS::SQS::QueuePolicy", 0);
    }

    @Test
    void aKmsEncryptedQueueAlsoLetsTheRoleUseItsKeyAsASenderMust() {
        Key key = Key.Builder.create(stack, "DlqKey").enableKeyRotation(true).build();
        Queue queue = Queue.Builder.create(stack, "RenewalDlq").encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key).build();
        renewed("Standing", Renewal.beforeExpiry(Duration.minutes(30)).deadLetterQueue(queue));

        Template t = Template.fromStack(stack);
        String keyId = logicalId(t, "AWS::KMS::Key", "DlqKey");
        assertThat(schedulerStatements(t).get(2)).isEqualTo(tree(Map.of(
                "Action", List.of("kms:GenerateDataKey", "kms:Decrypt"), "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(keyId, "Arn")))));
    }

    @Test
    void aQueueSharedBySessionsIsNamedOnce() {
        Queue queue = Queue.Builder.create(stack, "RenewalDlq").build();
        Queue other = Queue.Builder.create(stack, "OtherDlq").build();
        renewed("One", Renewal.beforeExpiry(Duration.minutes(30)).deadLetterQueue(queue));
        renewed("Two", List.of("+13125550152", "+16175550153"),
                Renewal.beforeExpiry(Duration.minutes(10)).deadLetterQueue(queue));
        renewed("Three", List.of("+17025550154", "+18085550155"),
                Renewal.beforeExpiry(Duration.minutes(10)).deadLetterQueue(other));

        Template t = Template.fromStack(stack);
        assertThat(schedulerStatements(t).get(1).get("Resource"))
                .isEqualTo(tree(List.of(
                        Map.of("Fn::GetAtt", List.of(logicalId(t, "AWS::SQS::Queue", "RenewalDlq"), "Arn")),
                        Map.of("Fn::GetAtt", List.of(logicalId(t, "AWS::SQS::Queue", "OtherDlq"), "Arn")))));
    }

    @Test
    void aFifoQueueFailsSynthNamingTheRule() {
        Queue fifo = Queue.Builder.create(stack, "Fifo").fifo(true).build();

        assertThatThrownBy(() -> renewed("Standing",
                Renewal.beforeExpiry(Duration.minutes(30)).deadLetterQueue(fifo)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ProxySession 'Test/Standing': renewal deadLetterQueue must be a standard SQS queue, not a "
                        + "FIFO queue: EventBridge Scheduler does not deliver dead letters to FIFO queues");
        assertThatThrownBy(() -> Renewal.beforeExpiry(Duration.minutes(30)).deadLetterQueue(null))
                .isInstanceOf(NullPointerException.class).hasMessage("deadLetterQueue");
    }

    @Test
    void aRenewalWithADeadLetterQueueIsCleanUnderCdkNag() throws Exception {
        App nagged = new App(AppProps.builder().context(ExampleStackTest.cliContext()).build());
        Validations.of(nagged).addPlugins(new AwsSolutionsChecks(nagged, NagPackProps.builder().build()));
        Stack renewedStack = new Stack(nagged, "Renewed");
        Queue queue = Queue.Builder.create(renewedStack, "RenewalDlq").enforceSsl(true).build();
        // What a user acknowledges: cdk-nag does not recognize a schedule's DeadLetterConfig as a DLQ.
        Validations.of(queue).acknowledge(Acknowledgment.builder().id("AwsSolutions-SQS3")
                .reason("the renewal schedules' dead-letter queue (EventBridge Scheduler's DeadLetterConfig)").build());
        ProxySession.Builder.create(renewedStack, "Standing").voiceConnectorId(ProxySessionTemplateTest.CONNECTOR)
                .participantPhoneNumbers(List.of("+12065550150", "+14155550151")).capabilities(List.of(Capability.SMS))
                .renewal(Renewal.beforeExpiry(Duration.minutes(30)).deadLetterQueue(queue)).build();

        CloudAssembly assembly = nagged.synth();

        assertThat(Path.of(assembly.getDirectory(), "validation-report.json")).content()
                .doesNotContain("AwsSolutions-");
    }
}
