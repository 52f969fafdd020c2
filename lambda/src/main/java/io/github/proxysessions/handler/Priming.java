package io.github.proxysessions.handler;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * SnapStart's runtime hooks (a CRaC {@link Resource}, registered by the handler Lambda constructs).
 *
 * <p>{@link #beforeCheckpoint} primes: a handler of its own, with the same code and the same client configuration as
 * the real one, answers sample events (a Create of each type, a renewal that makes a successor, a Delete) through an
 * HTTP client that never leaves the process and answers as the service and S3 would, with placeholder credentials. So
 * Jackson, the SDK's marshalling, signing, endpoint rules and unmarshalling, Powertools' response and metrics, and the
 * handler's own paths are loaded and run before the snapshot, without calling any endpoint, creating anything, reading
 * the function's credentials or writing a line to the log.
 *
 * <p>{@link #afterRestore} makes the restored instance its own: the real handler builds new SDK and response clients
 * (their connections, and credentials resolved on first use, belong to this instance), and a new jitter seed.
 * Nothing else the handler keeps is unique: request tags and lineage tokens derive from the event, times are read per
 * call.
 *
 * <p>{@value #PRIME_AT_INIT} set to {@code true} runs both hooks at init, where no SnapStart runs them: the way a
 * benchmark compares the first invocation after a primed init with an unprimed one.
 */
final class Priming implements Resource {

    /** The environment variable that primes at init. */
    static final String PRIME_AT_INIT = "PROXY_SESSIONS_PRIME_AT_INIT";

    private static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/Priming/"
            + "00000000-0000-0000-0000-000000000000";
    private static final String CONNECTOR = "abcdefghijklmnopqrstu1";
    private static final String SESSION_ID = "00000000-0000-4000-8000-000000000001";
    private static final String SUCCESSOR_ID = "00000000-0000-4000-8000-000000000002";
    private static final String SESSION_PROPERTIES = "{\"VoiceConnectorId\":\"" + CONNECTOR + "\","
            + "\"ParticipantPhoneNumbers\":[\"+12065550100\",\"+14155550101\"],\"Capabilities\":[\"Voice\",\"SMS\"],"
            + "\"ExpiryMinutes\":\"60\",\"RenewBeforeExpiryMinutes\":\"10\"}";
    private static final String CONFIGURATION_PROPERTIES = "{\"VoiceConnectorId\":\"" + CONNECTOR + "\","
            + "\"DefaultSessionExpiryMinutes\":\"60\",\"PhoneNumberPoolCountries\":[\"US\"]}";

    private final ProxySessionHandler handler;

    /** @param handler the handler Lambda runs: its clients are replaced after a restore */
    Priming(ProxySessionHandler handler) {
        this.handler = handler;
    }

    /** True when the function's environment asks for priming at init. */
    static boolean atInit() {
        return "true".equalsIgnoreCase(System.getenv(PRIME_AT_INIT));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        handler.renewClients();
    }

    /**
     * Answers the sample events with a handler whose clients never leave the process.
     *
     * @return each sample event's result, as the function would return it
     */
    List<String> prime() {
        SdkHttpClient canned = new CannedService();
        // The service's session is 2 hours old when the renewal lists it, so the renewal makes a successor.
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T02:00:00Z"), ZoneOffset.UTC);
        ProxySessionHandler primer = new ProxySessionHandler(
                () -> ChimeClients.builder(canned, StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDPRIMINGEXAMPLE", "priming-secret"))).build(),
                () -> canned, new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), clock);
        List<String> results = new ArrayList<>();
        try {
            results.add(run(primer, event("Create", "Custom::ProxySession", null, SESSION_PROPERTIES)));
            results.add(run(primer, "{\"ProxySessionRenewal\":{\"StackId\":\"" + STACK_ID + "\",\"LogicalResourceId\":\"Session\","
                    + "\"PhysicalResourceId\":\"" + SESSION_ID + "\",\"ResourceProperties\":" + SESSION_PROPERTIES
                    + "}}"));
            results.add(run(primer, event("Create", "Custom::VoiceConnectorProxy", null, CONFIGURATION_PROPERTIES)));
            results.add(run(primer, event("Delete", "Custom::ProxySession", SESSION_ID, SESSION_PROPERTIES)));
        } finally {
            primer.closeClients();
        }
        return results;
    }

    private static String run(ProxySessionHandler primer, String event) {
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        try {
            primer.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), result,
                    new PrimingContext());
            return result.toString(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // Priming is an optimisation: an event it could not answer only leaves some classes for the first event.
            return e.toString();
        }
    }

    private static String event(String type, String resourceType, String physicalId, String properties) {
        return "{\"RequestType\":\"" + type + "\",\"ResponseURL\":\"https://priming.invalid/response?X-Amz-Signature=0\","
                + "\"StackId\":\"" + STACK_ID + "\",\"RequestId\":\"00000000-0000-4000-8000-00000000000" + type.length()
                + "\",\"LogicalResourceId\":\"Session\",\"ResourceType\":\"" + resourceType + "\","
                + (physicalId == null ? "" : "\"PhysicalResourceId\":\"" + physicalId + "\",")
                + "\"ResourceProperties\":" + properties + "}";
    }

    /**
     * Answers as Chime SDK Voice and S3 would, without a network: a session for every session call, a configuration
     * for every configuration call, no tags, and 200 for the response's PUT.
     */
    private static final class CannedService implements SdkHttpClient {

        private static String session(String id, String name, String created) {
            return "{\"ProxySessionId\":\"" + id + "\",\"VoiceConnectorId\":\"" + CONNECTOR + "\",\"Name\":\"" + name
                    + "\",\"Status\":\"Open\",\"ExpiryMinutes\":60,\"Capabilities\":[\"Voice\",\"SMS\"],"
                    + "\"CreatedTimestamp\":\"" + created + "\",\"UpdatedTimestamp\":\"" + created + "\","
                    + "\"Participants\":[{\"PhoneNumber\":\"+12065550100\",\"ProxyPhoneNumber\":\"+12065550199\"},"
                    + "{\"PhoneNumber\":\"+14155550101\",\"ProxyPhoneNumber\":\"+12065550199\"}]}";
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return answer(request.httpRequest().method(), request.httpRequest().encodedPath());
                }

                @Override
                public void abort() {
                    // nothing runs
                }
            };
        }

        private static HttpExecuteResponse answer(SdkHttpMethod method, String path) {
            String body;
            int status = 200;
            String errorType = null;
            if (path.endsWith("/programmable-numbers/proxy") && method == SdkHttpMethod.GET) {
                // No configuration yet, as for a first Create: the not-found path is the one taken.
                body = "{\"Message\":\"The proxy configuration does not exist\"}";
                status = 404;
                errorType = "NotFoundException";
            } else if (path.endsWith("/programmable-numbers/proxy")) {
                body = method == SdkHttpMethod.DELETE ? null : "{\"Proxy\":{\"DefaultSessionExpiryMinutes\":60,"
                        + "\"Disabled\":false,\"PhoneNumberCountries\":[\"US\"]}}";
                status = method == SdkHttpMethod.DELETE ? 204 : 200;
            } else if (path.endsWith("/proxy-sessions") && method == SdkHttpMethod.GET) {
                body = "{\"ProxySessions\":[" + session(SESSION_ID, "k3J9xQ2", "2026-01-01T00:00:00Z") + "]}";
            } else if (path.contains("/proxy-sessions")) {
                body = method == SdkHttpMethod.DELETE ? null : "{\"ProxySession\":"
                        + session(SUCCESSOR_ID, "Qa81kZp1", "2026-01-01T01:59:00Z") + "}";
                status = method == SdkHttpMethod.DELETE ? 204 : 201;
            } else if (path.startsWith("/tags") && method == SdkHttpMethod.GET) {
                body = "{\"Tags\":[]}";
            } else {
                // TagResource, UntagResource, and the response's PUT to the ResponseURL.
                body = null;
                status = method == SdkHttpMethod.PUT || method == SdkHttpMethod.GET ? 200 : 204;
            }
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            SdkHttpResponse.Builder response = SdkHttpResponse.builder();
            if (errorType != null) {
                response.putHeader("x-amzn-ErrorType", errorType);
            }
            return HttpExecuteResponse.builder()
                    .response(response.statusCode(status)
                            .putHeader("Content-Type", "application/json")
                            .putHeader("Content-Length", String.valueOf(bytes.length))
                            .putHeader("Date", "Thu, 01 Jan 2026 02:00:00 GMT")
                            .build())
                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                    .build();
        }

        @Override
        public String clientName() {
            return "PrimingCannedService";
        }

        @Override
        public void close() {
            // nothing to close
        }
    }

    /** A Lambda context of a minute, for the sample events. */
    private static final class PrimingContext implements Context {
        private final long deadline = System.nanoTime() + 60_000_000_000L;

        @Override
        public String getAwsRequestId() {
            return "priming";
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            return null;
        }

        @Override
        public String getFunctionVersion() {
            return null;
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        }

        @Override
        public int getMemoryLimitInMB() {
            return 0;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
