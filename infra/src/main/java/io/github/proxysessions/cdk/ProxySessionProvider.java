package io.github.proxysessions.cdk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The Lambda function that serves every {@link ProxySession} and {@link VoiceConnectorProxy} of a stack: one per
 * stack, under the stable construct id {@value #ID} at the stack's root. The stack's first session or configuration
 * creates it with the default settings; to choose them, create it first with
 * {@link #create(Stack, ProxySessionProviderProps)}:
 *
 * <pre>{@code
 * ProxySessionProvider.create(this, ProxySessionProviderProps.builder()
 *     .memorySize(2048)
 *     .reservedConcurrentExecutions(5)
 *     .build());
 * ProxySession.Builder.create(this, "Support")...build();   // served by that provider
 * }</pre>
 *
 * <p>Its role may call only the proxy-session actions on the voice connectors the stack's sessions name, the
 * proxy-configuration and tag actions on the connectors the stack configures, and write only to its own log group.
 * When a session has a {@link Renewal}, the provider also holds the stack's scheduler role, which may invoke the
 * function's {@value #ALIAS_NAME} alias only.
 *
 * <p>Custom resources and renewal schedules invoke the function through its {@value #ALIAS_NAME} alias, which each
 * deploy that changes the function moves to a newly published version ({@link #getServiceToken()}).
 */
public final class ProxySessionProvider extends Construct {

    /** The provider's construct id, directly under its stack. */
    public static final String ID = "ProxySessionProvider";
    /** The handler string of the function. */
    public static final String HANDLER = "io.github.proxysessions.handler.ProxySessionHandler::handleRequest";

    /*
     * The timeout leaves room to ride out throttling: the handler retries 429/5xx with backoff for as long as the
     * invocation has time, and always answers 3 s before the timeout. ServiceTimeout, the time CloudFormation waits
     * for an answer, is longer than the timeout, so a healthy handler always answers first, and a lost answer fails
     * the resource in 10 minutes instead of the default hour. The memory and the other settings are the props'.
     */
    static final Duration TIMEOUT = Duration.minutes(5);
    static final Duration SERVICE_TIMEOUT = Duration.minutes(10);

    /** The name of the alias that custom resources and renewal schedules invoke: it moves to each new version. */
    public static final String ALIAS_NAME = "live";

    /**
     * The CDK context key that keeps the earlier, unqualified ServiceToken (the function's ARN) for the stack's custom
     * resources: {@code true} for a stack deployed with a version of this library from before the alias, whose
     * resources CloudFormation will not move to another token ("Modifying service token is not allowed"). Set it in
     * {@code cdk.json}'s {@code context}, with {@code -c}, or on one stack ({@code stack.getNode().setContext(...)}
     * before adding constructs to it). Renewal schedules invoke the {@code live} alias either way; SnapStart is then
     * unavailable, since the custom resources' events would reach the unpublished function. The construct library's
     * documentation says how to move such a stack to the alias.
     */
    public static final String UNQUALIFIED_SERVICE_TOKEN = "@proxysessions/cdk:unqualifiedServiceToken";

    /*
     * Lambda's asynchronous retries, for the events of CloudFormation and of the renewal schedules alike (both invoke
     * asynchronously). Two retries (a minute, then two minutes after a failed run): the handler answers every
     * CloudFormation event, so a failed run is a crash or a renewal that threw, and either is worth another try. No
     * event older than CloudFormation's wait: after ServiceTimeout the resource has failed, and a late Create could
     * make a session no resource records; renewals are retried within the same ten minutes, and the next scheduled run
     * does the same work.
     */
    static final int ASYNC_RETRY_ATTEMPTS = 2;
    static final Duration ASYNC_MAX_EVENT_AGE = SERVICE_TIMEOUT;

    /** What sessions need: every proxy-session action, and reading the connector's default expiry. */
    static final List<String> SESSION_ACTIONS = List.of(
            "chime:CreateProxySession", "chime:GetProxySession", "chime:UpdateProxySession",
            "chime:DeleteProxySession", "chime:ListProxySessions", "chime:GetVoiceConnectorProxy");

    private final Function function;
    private final Alias alias;
    private final String serviceToken;
    private final Role role;
    /**
     * What configurations need, on the connectors they configure only: their own three actions, and the connector's
     * tags, where the handler records which resource owns the configuration (so that a stack never adopts, nor
     * deletes, a configuration it did not write).
     */
    static final List<String> CONFIGURATION_ACTIONS = List.of(
            "chime:PutVoiceConnectorProxy", "chime:GetVoiceConnectorProxy", "chime:DeleteVoiceConnectorProxy",
            "chime:TagResource", "chime:UntagResource", "chime:ListTagsForResource");

    /**
     * What renewing sessions also need, on their connectors only: the connector's tags, where a session's Delete leaves
     * a short-lived tombstone ({@code proxy-sessions:deleted-lineage-*}) so that a renewal running at the same moment
     * removes the successor it made instead of leaving it behind (docs/HANDLER.md, Renewal).
     */
    static final List<String> RENEWAL_ACTIONS = List.of(
            "chime:TagResource", "chime:UntagResource", "chime:ListTagsForResource");

    private final Set<String> sessionConnectors = new LinkedHashSet<>();
    private final Set<String> renewalConnectors = new LinkedHashSet<>();
    /** The stack's sessions, each with its connector, in the order they were declared. */
    private final List<SessionOn> sessions = new ArrayList<>();
    /** The stack's configurations, in the order they were declared. */
    private final List<VoiceConnectorProxy> configurations = new ArrayList<>();

    private record SessionOn(Connector connector, CustomResource resource) {
    }

    private final RenewalSchedules renewals;
    /** The path of the construct whose first use created this provider with the defaults, or null after create. */
    private final String createdFor;
    private PolicyStatement sessionStatement;
    private PolicyStatement configurationStatement;
    private PolicyStatement renewalStatement;

    private ProxySessionProvider(Stack stack, ProxySessionProviderProps props, String createdFor) {
        super(stack, ID);
        this.createdFor = createdFor;
        boolean unqualified = unqualifiedServiceToken(this);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(orDefault(props.getLogRetention(), ProxySessionProviderProps.DEFAULT_LOG_RETENTION))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // A role of our own, instead of the AWSLambdaBasicExecutionRole managed policy: it may write only to the
        // function's own log group.
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Chime SDK Voice proxy-session provider: proxy-session actions on this stack's voice "
                        + "connectors, and its own logs")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        Tracing tracing = orDefault(props.getTracing(), Tracing.DISABLED);
        this.function = Function.Builder.create(this, "Function")
                .description("Custom::ProxySession provider (Amazon Chime SDK Voice proxy sessions)")
                .runtime(Runtime.JAVA_21)
                .architecture(orDefault(props.getArchitecture(), ProxySessionProviderProps.DEFAULT_ARCHITECTURE))
                .handler(HANDLER)
                .code(Code.fromAsset(HandlerAsset.path().toString()))
                .memorySize(orDefault(props.getMemorySize(), ProxySessionProviderProps.DEFAULT_MEMORY_SIZE_MB))
                .timeout(TIMEOUT)
                .reservedConcurrentExecutions(props.getReservedConcurrentExecutions())
                .tracing(tracing)
                .role(role)
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON)
                .snapStart(Boolean.TRUE.equals(props.getSnapStart()) ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                // The alias is the only user of a version, and it has moved on before CloudFormation deletes the
                // previous one (in the update's cleanup): retained versions would only pile up.
                .currentVersionOptions(VersionOptions.builder().removalPolicy(RemovalPolicy.DESTROY).build())
                .build();
        // A stable qualified ARN for every ServiceToken and schedule target: the version behind it changes with each
        // deploy that changes the function, the ARN never, so SnapStart can be switched without touching a token.
        this.alias = Alias.Builder.create(this, "Live")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .description("What the stack's custom resources and renewal schedules invoke: the current version")
                .build();
        EventInvokeConfigOptions retries = EventInvokeConfigOptions.builder()
                .retryAttempts(ASYNC_RETRY_ATTEMPTS)
                .maxEventAge(ASYNC_MAX_EVENT_AGE)
                .build();
        alias.configureAsyncInvoke(retries);
        if (unqualified) {
            // The earlier stacks' custom resources invoke the function itself ($LATEST): the same retries there.
            function.configureAsyncInvoke(retries);
        }
        this.serviceToken = unqualified ? function.getFunctionArn() : alias.getFunctionArn();
        this.renewals = new RenewalSchedules(this, alias.getFunctionArn());
        acknowledge(function, "AwsSolutions-L1", "The handler jar is built and tested for the java21 runtime (Java "
                + "17 bytecode, Powertools 2 and the Lambda Java runtime client it targets); moving to a newer "
                + "runtime is a deliberate upgrade, not a default.");
        if (tracing != Tracing.DISABLED) {
            // Function adds the X-Ray statement to the role's default policy.
            acknowledge((Construct) role.getNode().findChild("DefaultPolicy"), "AwsSolutions-IAM5[Resource::*]",
                    "Tracing: xray:PutTraceSegments and xray:PutTelemetryRecords take no resource-level permission "
                            + "(the Service Authorization Reference lists no resource type for them), so their "
                            + "statement can only name '*'; every other statement names its resources.");
        }
    }

    private static <T> T orDefault(T value, T defaultValue) {
        return value != null ? value : defaultValue;
    }

    /**
     * Acknowledges a finding of a rule pack on {@code construct}, in both forms in use: aws-cdk-lib's own
     * acknowledgement, which policy-validation plugins such as cdk-nag 3 honour, and the {@code cdk_nag} metadata
     * on the CloudFormation resource, which cdk-nag 2 reads. Users on either version see no finding for it.
     */
    static void acknowledge(Construct construct, String ruleId, String reason) {
        Validations.of(construct).acknowledge(Acknowledgment.builder().id(ruleId).reason(reason).build());
        ((CfnResource) construct.getNode().getDefaultChild()).addMetadata("cdk_nag", Map.of("rules_to_suppress",
                List.of(Map.of("id", ruleId, "reason", reason))));
    }

    /**
     * Creates the stack's provider with the given settings. Call it once per stack, before the stack's first
     * {@link ProxySession} or {@link VoiceConnectorProxy}, which would otherwise create the provider with the
     * defaults.
     *
     * @param stack the stack whose sessions and configurations the provider serves
     * @param props the settings; null, or any unset setting, takes the default
     * @return the provider
     * @throws IllegalStateException    when the stack already has its provider: created by an earlier call, or by the
     *                                  stack's first session or configuration (the message says which)
     * @throws IllegalArgumentException when a setting breaks a rule (the message names each)
     */
    public static ProxySessionProvider create(Stack stack, ProxySessionProviderProps props) {
        IConstruct existing = stack.getNode().tryFindChild(ID);
        if (existing instanceof ProxySessionProvider provider) {
            String advice = "call ProxySessionProvider.create once per stack, before the stack's first ProxySession "
                    + "or VoiceConnectorProxy, with all the settings";
            throw new IllegalStateException(provider.createdFor == null
                    ? "stack '" + stack.getNode().getPath() + "' already has a proxy-session provider, from an "
                            + "earlier ProxySessionProvider.create: " + advice
                    : "stack '" + stack.getNode().getPath() + "' already has a proxy-session provider with the "
                            + "default settings, created for '" + provider.createdFor + "' (its first use): "
                            + advice);
        }
        requireIdFree(stack, existing);
        ProxySessionProviderProps settings = props != null ? props : ProxySessionProviderProps.builder().build();
        ProxySessionProviderValidator.validate(stack, ID, settings);
        return new ProxySessionProvider(stack, settings, null);
    }

    /**
     * The stack's provider: the one {@link #create} made, or else one with the default settings, created now.
     *
     * @param scope any construct of the stack
     * @throws IllegalStateException when the id {@value #ID} at the stack's root is taken by another construct
     */
    public static ProxySessionProvider of(IConstruct scope) {
        Stack stack = Stack.of(scope);
        IConstruct existing = stack.getNode().tryFindChild(ID);
        if (existing instanceof ProxySessionProvider provider) {
            return provider;
        }
        requireIdFree(stack, existing);
        return new ProxySessionProvider(stack, ProxySessionProviderProps.builder().build(), scope.getNode().getPath());
    }

    private static void requireIdFree(Stack stack, IConstruct existing) {
        if (existing != null) {
            throw new IllegalStateException("the construct id " + ID + " at the root of stack "
                    + stack.getStackName() + " is taken by something other than the proxy-session provider");
        }
    }

    /**
     * The function, to add alarms or environment variables, such as {@code AWS_ENDPOINT_URL_CHIME_SDK_VOICE} to point
     * it at a compatible endpoint.
     */
    public Function getFunction() {
        return function;
    }

    /**
     * The {@value #ALIAS_NAME} alias, which moves to each new version of the function: what the custom resources and
     * the renewal schedules invoke.
     */
    public Alias getAlias() {
        return alias;
    }

    /**
     * The ServiceToken of the custom resources it serves: the {@value #ALIAS_NAME} alias's ARN, or the function's own
     * ARN when the stack keeps the earlier token ({@link #UNQUALIFIED_SERVICE_TOKEN}).
     */
    public String getServiceToken() {
        return serviceToken;
    }

    /** Whether {@code scope} (the context it sees) keeps the earlier, unqualified ServiceToken. */
    static boolean unqualifiedServiceToken(IConstruct scope) {
        Object value = scope.getNode().tryGetContext(UNQUALIFIED_SERVICE_TOKEN);
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    /**
     * A custom resource this provider serves, as the child {@code Resource} of {@code owner}: the provider's service
     * token and {@link #SERVICE_TIMEOUT}, and {@link RemovalPolicy#DESTROY} when {@code removalPolicy} is null.
     */
    CustomResource newResource(Construct owner, String resourceType, Map<String, Object> properties,
            RemovalPolicy removalPolicy) {
        return CustomResource.Builder.create(owner, "Resource")
                .resourceType(resourceType)
                .serviceToken(getServiceToken())
                .serviceTimeout(SERVICE_TIMEOUT)
                .properties(properties)
                .removalPolicy(removalPolicy != null ? removalPolicy : RemovalPolicy.DESTROY)
                .build();
    }

    /**
     * Adds a session of the stack: lets the function manage proxy sessions on its connector (and, for a session that
     * {@code renews}, the connector's tags), and orders it after the stack's configuration of that connector, if there
     * is one (see {@link #addConfiguration}).
     */
    void addSession(Connector connector, CustomResource session, boolean renews) {
        if (sessionConnectors.add(connector.key())) {
            sessionStatement = allowOn(role, sessionStatement, SESSION_ACTIONS, connector.arn(this));
        }
        if (renews && renewalConnectors.add(connector.key())) {
            renewalStatement = allowOn(role, renewalStatement, RENEWAL_ACTIONS, connector.arn(this));
        }
        sessions.add(new SessionOn(connector, session));
        for (VoiceConnectorProxy configuration : configurations) {
            if (configuration.connector().sameAs(connector)) {
                session.getNode().addDependency(configuration);
            }
        }
    }

    /**
     * Adds a configuration of the stack: lets the function manage the proxy configuration of its connector, and its
     * ownership tag, and orders every session of the stack on that connector after it, those declared before it too.
     * So CloudFormation creates the configuration before the sessions (the service makes no session on a connector
     * without one) and deletes it after them, however each names the connector.
     */
    void addConfiguration(VoiceConnectorProxy configuration) {
        configurations.add(configuration);
        configurationStatement = allowOn(role, configurationStatement, CONFIGURATION_ACTIONS,
                configuration.connector().arn(this));
        for (SessionOn session : sessions) {
            if (session.connector().sameAs(configuration.connector())) {
                session.resource().getNode().addDependency(configuration);
            }
        }
    }

    /** The construct path of the configuration of a connector in this stack, or null. */
    String configurationOf(Connector connector) {
        return configurations.stream().filter(c -> c.connector().sameAs(connector)).findFirst()
                .map(c -> c.getNode().getPath()).orElse(null);
    }

    /**
     * The construct path of the configuration of a connector in {@code scope}'s stack, or null; unlike
     * {@code of(scope).configurationOf(...)}, it does not create the provider when the stack has none yet (and so
     * no configuration either), which lets constructs ask before they join the tree without leaving one behind.
     */
    static String configurationOf(IConstruct scope, Connector connector) {
        if (Stack.of(scope).getNode().tryFindChild(ID) == null) {
            return null;
        }
        return of(scope).configurationOf(connector);
    }

    /** The renewal schedules of the stack's sessions, and their role. */
    RenewalSchedules renewals() {
        return renewals;
    }

    /**
     * Adds {@code arn} to the resources of {@code statement}; the first time, when there is no statement yet, creates
     * it with {@code actions} and adds it to {@code role}. Returns the statement.
     */
    static PolicyStatement allowOn(Role role, PolicyStatement statement, List<String> actions, String arn) {
        if (statement == null) {
            PolicyStatement created = PolicyStatement.Builder.create()
                    .actions(actions)
                    .resources(List.of(arn))
                    .build();
            role.addToPolicy(created);
            return created;
        }
        statement.addResources(arn);
        return statement;
    }
}
