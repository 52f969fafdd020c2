package io.github.proxysessions.cdk.example;

import java.util.Locale;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageProps;
import software.constructs.Construct;

/**
 * The example as a pipeline ships it: a Stage (the unit CDK Pipelines deploys) of two stacks wired by cross-stack
 * references.
 *
 * <ul>
 *   <li>{@value #TELEPHONY} ({@link TelephonyStack}): the voice connector and its proxy configuration.</li>
 *   <li>{@value #SESSIONS} ({@link SessionsStack}): two proxy sessions on that configuration. CDK turns each value
 *       they take from the other stack into an export of {@value #TELEPHONY} and an {@code Fn::ImportValue} here, and
 *       records in the cloud assembly that this stack depends on the other: it is deployed after it and destroyed
 *       before it.</li>
 * </ul>
 *
 * <p>The example app builds it instead of its single stack with the context value {@code stage=<name>}
 * ({@link ProxySessionsApp#STAGE}): {@code cdk synth -c stage=Prod} writes {@code cdk.out/assembly-Prod/}, whose
 * stacks are {@code Prod/Telephony} and {@code Prod/Sessions} ({@code Prod-Telephony} and {@code Prod-Sessions} to
 * CloudFormation).
 */
public final class ProxySessionsStage extends Stage {

    /** The id of the stack that holds the voice connector and its proxy configuration. */
    public static final String TELEPHONY = "Telephony";
    /** The id of the stack that holds the sessions. */
    public static final String SESSIONS = "Sessions";

    private final TelephonyStack telephony;
    private final SessionsStack sessions;

    /**
     * @param id the Stage's name, which leads its stacks' names ({@code Prod} makes {@code Prod-Telephony})
     */
    public ProxySessionsStage(Construct scope, String id, StageProps props) {
        super(scope, id, props);
        this.telephony = new TelephonyStack(this, TELEPHONY, "proxy-sessions-" + id.toLowerCase(Locale.ROOT));
        this.sessions = new SessionsStack(this, SESSIONS, telephony.proxy());
    }

    public TelephonyStack telephony() {
        return telephony;
    }

    public SessionsStack sessions() {
        return sessions;
    }
}
