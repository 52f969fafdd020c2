// The alarm docs/CONSTRUCTS.md documents ("When a renewal fails"), word for word: RenewalMetricsTest synthesizes it.
package io.github.proxysessions.cdk.snippets;

import io.github.proxysessions.cdk.Capability;
import io.github.proxysessions.cdk.ProxySession;
import io.github.proxysessions.cdk.Renewal;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Stats;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

public class StandingLineStack extends Stack {
    public StandingLineStack(Construct scope, String id, String voiceConnectorId, ITopic onCall) {
        super(scope, id);
        ProxySession standing = ProxySession.Builder.create(this, "Standing")
                .voiceConnectorId(voiceConnectorId)
                .participantPhoneNumbers(List.of("+12065550150", "+14155550151"))
                .capabilities(List.of(Capability.VOICE))
                .expiry(Duration.hours(12))
                .renewal(Renewal.beforeExpiry(Duration.minutes(30)))
                .build();
        Alarm lapsing = Alarm.Builder.create(this, "StandingRenewalFailing")
                .alarmDescription("No renewal of the Standing session succeeded for a whole window: it lapses at "
                        + "its expiry")
                .metric(standing.metricRenewalFailures(MetricOptions.builder()
                        .statistic(Stats.MINIMUM)
                        .period(Duration.minutes(30))        // the renewal window
                        .build()))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.BREACHING)
                .build();
        lapsing.addAlarmAction(new SnsAction(onCall));
    }
}
