package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * The handler as Lambda would run it, against the emulator: its SDK client is configured the way the Lambda
 * environment configures it (region, credentials and endpoint from the SDK's standard settings, here the system
 * properties twinned with {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID} and {@code AWS_ENDPOINT_URL_CHIME_SDK_VOICE}),
 * events are the bytes of JSON fixtures in CloudFormation's exact shape, handed to the handler's stream as the Lambda
 * runtime hands them, and responses arrive at a loopback ResponseURL.
 *
 * <p>Registered with {@code @RegisterExtension}: after each test it closes, and fails the test if any response broke
 * CloudFormation's rules.
 */
final class HandlerFixture implements AfterEachCallback, AutoCloseable {

    static final String ALICE = "+12065550100";
    static final String BOB = "+14155550101";
    static final String CAROL = "+13125550102";
    static final String SESSION = "Custom::ProxySession";

    /** The StackId of the event fixtures. */
    static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/ProxySessionsExample/"
            + "5b7a4c10-c82e-11ef-9d1b-0affd4a1b2c3";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final ManualClock clock = new ManualClock(java.time.Instant.parse("2026-11-23T10:00:00Z"));
    final ChimeVoiceEmulator emulator;
    /** For setting up and inspecting the emulator; no retries. */
    final ChimeSdkVoiceClient client;
    final ResponseUrlServer responses = new ResponseUrlServer();
    final ByteArrayOutputStream logBuffer = new ByteArrayOutputStream();
    final ProxySessionHandler handler;
    /** Runs something between two of the handler's calls, to play a race in a fixed order. */
    final CallHooks hooks = new CallHooks();
    final String connector;

    HandlerFixture() {
        emulator = ChimeVoiceEmulator.builder().clock(clock).build();
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "AKIDLAMBDAEXAMPLE");
        System.setProperty("aws.secretAccessKey", "lambda-secret-key-example");
        System.setProperty("aws.endpointUrlChimeSdkVoice", emulator.endpoint().toString());
        handler = new ProxySessionHandler(() -> ChimeClients.create(hooks), ResponseClient::httpClient,
                new PrintStream(logBuffer, true, StandardCharsets.UTF_8), clock);
        client = ChimeSdkVoiceClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(emulator.endpoint())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        connector = newConnector();
    }

    /** A connector with no proxy configuration. */
    String bareConnector() {
        return client.createVoiceConnector(r -> r.name("test").requireEncryption(true)).voiceConnector()
                .voiceConnectorId();
    }

    /** A connector with a proxy configuration: US numbers, 60 minutes by default. */
    String newConnector() {
        String id = bareConnector();
        client.putVoiceConnectorProxy(r -> r.voiceConnectorId(id).defaultSessionExpiryMinutes(60)
                .phoneNumberPoolCountries("US"));
        return id;
    }

    /** The required properties, as CloudFormation sends them. */
    Map<String, Object> props() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:ProxySessionProvider");
        props.put("ServiceTimeout", "600");
        props.put("VoiceConnectorId", connector);
        props.put("ParticipantPhoneNumbers", List.of(ALICE, BOB));
        props.put("Capabilities", List.of("Voice", "SMS"));
        return props;
    }

    Map<String, Object> props(Object... keysAndValues) {
        Map<String, Object> props = props();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] == null) {
                props.remove((String) keysAndValues[i]);
            } else {
                props.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return props;
    }

    /** An event as CloudFormation sends it: its JSON, and the members a test compares the response with. */
    record Event(String json, String responseUrl, String stackId, String requestId) {
    }

    /** One delivery of an event and what CloudFormation received for it. */
    record Delivery(Event event, ResponseUrlServer.Received response, String requestId) {
    }

    Delivery create(Map<String, Object> props) {
        return deliver(event("create", UUID.randomUUID().toString(), "SupportSession", SESSION, null, props, null),
                Duration.ofMinutes(5));
    }

    Delivery update(String physicalId, Map<String, Object> props, Map<String, Object> oldProps) {
        return deliver(event("update", UUID.randomUUID().toString(), "SupportSession", SESSION, physicalId, props,
                oldProps), Duration.ofMinutes(5));
    }

    Delivery delete(String physicalId, Map<String, Object> props) {
        return deliver(event("delete", UUID.randomUUID().toString(), "SupportSession", SESSION, physicalId, props,
                null), Duration.ofMinutes(5));
    }

    /** An event in CloudFormation's shape, from the fixture of its request type. */
    Event event(String type, String requestId, String logicalId, String resourceType, String physicalId,
                Map<String, Object> props, Map<String, Object> oldProps) {
        String url = responses.newUrl(UUID.randomUUID().toString());
        String json = fixture(type)
                .replace("${ResponseURL}", url)
                .replace("${RequestId}", requestId)
                .replace("${LogicalResourceId}", logicalId)
                .replace("${ResourceType}", resourceType)
                .replace("${PhysicalResourceId}", String.valueOf(physicalId))
                .replace("${ResourceProperties}", json(props))
                .replace("${OldResourceProperties}", json(oldProps));
        String stackId = fixtureStackId(json);
        return new Event(json, url, stackId, requestId);
    }

    /** Invokes the handler as Lambda would, with this timeout, and returns the one response it sent. */
    Delivery deliver(Event event, Duration timeout) {
        invoke(event.json(), new TestContext(timeout));
        List<ResponseUrlServer.Received> sent = responses.responses(event.responseUrl());
        if (sent.size() != 1) {
            throw new AssertionError("expected exactly one response, got " + sent.size());
        }
        return new Delivery(event, sent.get(0), event.requestId());
    }

    /** Invokes the handler with these bytes as the event, as the Lambda runtime does, and returns its result. */
    String invoke(String json, Context context) {
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), result, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result.toString(StandardCharsets.UTF_8);
    }

    /** Another delivery of the same request (same RequestId), to a fresh ResponseURL to tell its answer apart. */
    Delivery redeliver(Event event) {
        String url = responses.newUrl(UUID.randomUUID().toString());
        return deliver(new Event(event.json().replace(event.responseUrl(), url), url, event.stackId(),
                event.requestId()), Duration.ofMinutes(5));
    }

    /**
     * The event a renewal schedule sends for the session {@code p0} declared with {@code props} (contract C8): the
     * properties without ServiceToken and ServiceTimeout, and no ScheduledTime (which the handler reads as "now").
     */
    String renewalEvent(String p0, Map<String, Object> props) {
        return renewalEvent(p0, props, null);
    }

    /** The same with the ScheduledTime the scheduler substituted (or any other text), or none when null. */
    String renewalEvent(String p0, Map<String, Object> props, String scheduledTime) {
        Map<String, Object> properties = new LinkedHashMap<>(props);
        properties.remove("ServiceToken");
        properties.remove("ServiceTimeout");
        Map<String, Object> renewal = new LinkedHashMap<>();
        renewal.put("StackId", STACK_ID);
        renewal.put("LogicalResourceId", "SupportSession");
        renewal.put("PhysicalResourceId", p0);
        renewal.put("ResourceProperties", properties);
        if (scheduledTime != null) {
            renewal.put("ScheduledTime", scheduledTime);
        }
        return json(Map.of("ProxySessionRenewal", renewal));
    }

    /** Invokes the function with a renewal event, as the schedule (or the runner's renew) does; its result. */
    com.fasterxml.jackson.databind.JsonNode renew(String p0, Map<String, Object> props) {
        return renew(p0, props, null);
    }

    /** The same, with this ScheduledTime in the event (none when null). */
    com.fasterxml.jackson.databind.JsonNode renew(String p0, Map<String, Object> props, String scheduledTime) {
        try {
            return MAPPER.readTree(invoke(renewalEvent(p0, props, scheduledTime),
                    new TestContext(Duration.ofMinutes(5))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ProxySession session(String id) {
        return client.getProxySession(r -> r.voiceConnectorId(connector).proxySessionId(id)).proxySession();
    }

    List<String> sessionIds() {
        return emulator.proxySessionIds(connector);
    }

    /** The connector's sessions, as the service lists them (all statuses). */
    List<ProxySession> sessions() {
        return client.listProxySessions(r -> r.voiceConnectorId(connector)).proxySessions();
    }

    /** The ids of the connector's Open sessions. */
    List<String> openSessionIds() {
        return sessions().stream().filter(s -> s.statusAsString().equals("Open")).map(ProxySession::proxySessionId)
                .toList();
    }

    /** Calls that change something at the service. */
    long writeCalls() {
        return emulator.requestCount("CreateProxySession") + emulator.requestCount("UpdateProxySession")
                + emulator.requestCount("DeleteProxySession");
    }

    /** Every call the handler made (the fixture's own setup excluded). */
    long handlerCalls() {
        return emulator.requestCounts().entrySet().stream()
                .filter(e -> !e.getKey().equals("CreateVoiceConnector") && !e.getKey().equals("PutVoiceConnectorProxy"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Runs {@code then} once {@code go} opens: deliveries released together race as far as threads can. */
    static <T> T await(java.util.concurrent.CountDownLatch go, java.util.function.Supplier<T> then) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return then.get();
    }

    String logs() {
        return logBuffer.toString(StandardCharsets.UTF_8);
    }

    private static String fixture(String name) {
        try (InputStream in = HandlerFixture.class.getResourceAsStream("/events/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fixtureStackId(String json) {
        try {
            return MAPPER.readTree(json).path("StackId").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        responses.close();
        emulator.close();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> violations = responses.violations();
        close();
        assertThat(violations).as("responses that CloudFormation would refuse").isEmpty();
    }
}
