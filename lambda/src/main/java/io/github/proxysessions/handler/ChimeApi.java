package io.github.proxysessions.handler;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.CreateProxySessionRequest;
import software.amazon.awssdk.services.chimesdkvoice.model.ListProxySessionsResponse;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.PutVoiceConnectorProxyRequest;
import software.amazon.awssdk.services.chimesdkvoice.model.Tag;
import software.amazon.awssdk.services.chimesdkvoice.model.UpdateProxySessionRequest;

/**
 * The API calls of one invocation. Each call is given the invocation's remaining time as its API-call timeout (the
 * SDK retries throttling and 5xx within it) and carries the invocation's recording of its calls; a failure is reported
 * with the operation that failed.
 */
final class ChimeApi {

    private final ChimeSdkVoiceClient client;
    private final Budget budget;
    private final ApiCalls.Recording calls = new ApiCalls.Recording();

    ChimeApi(ChimeSdkVoiceClient client, Budget budget) {
        this.client = client;
        this.budget = budget;
    }

    /** The invocation's time. */
    Budget budget() {
        return budget;
    }

    /** The calls made so far, attempt by attempt. */
    ApiCalls.Recording calls() {
        return calls;
    }

    /** An API call that failed: which one, why, and whether it ran out of time. */
    static final class CallFailed extends RuntimeException {
        private final String operation;
        private final Duration allowed;

        CallFailed(String operation, SdkException cause, Duration allowed) {
            super(operation + " failed: " + cause.getMessage(), cause, false, false);
            this.operation = operation;
            this.allowed = allowed;
        }

        String operation() {
            return operation;
        }

        /** The time the call had, retries included. */
        Duration allowed() {
            return allowed;
        }

        boolean timedOut() {
            return getCause() instanceof ApiCallTimeoutException || getCause() instanceof ApiCallAttemptTimeoutException;
        }

        boolean notFound() {
            return getCause() instanceof NotFoundException;
        }

        /** True when the service answered with an error: a 4xx, or a 5xx the SDK's retries ended on; not a timeout. */
        boolean serviceError() {
            return getCause() instanceof AwsServiceException && !timedOut();
        }
    }

    private <T> T call(String operation, Function<AwsRequestOverrideConfiguration, T> call) {
        return call(operation, Duration.ZERO, call);
    }

    /** A call that leaves {@code keepBack} of the invocation's time for what must follow it. */
    private <T> T call(String operation, Duration keepBack, Function<AwsRequestOverrideConfiguration, T> call) {
        Duration allowed = budget.forCall(operation, keepBack);
        try {
            return call.apply(AwsRequestOverrideConfiguration.builder().apiCallTimeout(allowed)
                    .putExecutionAttribute(ApiCalls.RECORDING, calls).build());
        } catch (SdkException e) {
            throw new CallFailed(operation, e, allowed);
        }
    }

    /** Every session of a connector, all pages. */
    List<ProxySession> listProxySessions(String connectorId) {
        return listProxySessionsAsOf(connectorId).sessions();
    }

    /**
     * Every session of a connector (all pages), and the service's time when it answered.
     *
     * @param serviceTime the {@code Date} header of the first page's answer, or null when it has none: the time the
     *                    sessions' timestamps are to be compared with, since it comes from the same clock as they do
     */
    record SessionListing(List<ProxySession> sessions, Instant serviceTime) {
    }

    SessionListing listProxySessionsAsOf(String connectorId) {
        List<ProxySession> sessions = new ArrayList<>();
        Instant serviceTime = null;
        String token = null;
        do {
            String next = token;
            ListProxySessionsResponse page = call("ListProxySessions", o -> client.listProxySessions(r -> r
                    .voiceConnectorId(connectorId).maxResults(100).nextToken(next).overrideConfiguration(o)));
            if (serviceTime == null) {
                serviceTime = page.sdkHttpResponse().firstMatchingHeader("Date").map(ChimeApi::httpDate).orElse(null);
            }
            sessions.addAll(page.proxySessions());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return new SessionListing(sessions, serviceTime);
    }

    /** An HTTP {@code Date} header's instant, or null when it is not one. */
    private static Instant httpDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    ProxySession createProxySession(CreateProxySessionRequest request) {
        return call("CreateProxySession", o -> client.createProxySession(request.toBuilder()
                .overrideConfiguration(o).build()).proxySession());
    }

    /** Runs a call whose NotFoundException means "absent": empty then. */
    static <T> Optional<T> unlessNotFound(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (CallFailed e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The session, or empty when the service does not know it (or its connector). */
    Optional<ProxySession> getProxySession(String connectorId, String sessionId) {
        return unlessNotFound(() -> call("GetProxySession", o -> client.getProxySession(r -> r
                .voiceConnectorId(connectorId).proxySessionId(sessionId).overrideConfiguration(o)).proxySession()));
    }

    ProxySession updateProxySession(UpdateProxySessionRequest request) {
        return call("UpdateProxySession", o -> client.updateProxySession(request.toBuilder()
                .overrideConfiguration(o).build()).proxySession());
    }

    /** Deletes a session; false when it was already gone. */
    boolean deleteProxySession(String connectorId, String sessionId) {
        return unlessNotFound(() -> call("DeleteProxySession", o -> client.deleteProxySession(r -> r
                .voiceConnectorId(connectorId).proxySessionId(sessionId).overrideConfiguration(o)))).isPresent();
    }

    /** The connector's proxy configuration, or empty when it has none. */
    Optional<Proxy> getVoiceConnectorProxy(String connectorId) {
        return unlessNotFound(() -> call("GetVoiceConnectorProxy", o -> client.getVoiceConnectorProxy(r -> r
                .voiceConnectorId(connectorId).overrideConfiguration(o)).proxy()));
    }

    /** A Put that leaves {@code keepBack} of the invocation's time for undoing it. */
    Proxy putVoiceConnectorProxy(PutVoiceConnectorProxyRequest request, Duration keepBack) {
        return call("PutVoiceConnectorProxy", keepBack, o -> client.putVoiceConnectorProxy(request.toBuilder()
                .overrideConfiguration(o).build()).proxy());
    }

    /** The tags of a resource (a voice connector's ARN), by key. */
    Map<String, String> tags(String resourceArn) {
        List<Tag> tags = call("ListTagsForResource", o -> client.listTagsForResource(r -> r.resourceARN(resourceArn)
                .overrideConfiguration(o)).tags());
        Map<String, String> byKey = new LinkedHashMap<>();
        tags.forEach(t -> byKey.put(t.key(), t.value()));
        return byKey;
    }

    /** Sets tags of a resource in one call, replacing the values of tags it has under those keys. */
    void tagResource(String resourceArn, Map<String, String> tags) {
        List<Tag> list = tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
        call("TagResource", o -> client.tagResource(r -> r.resourceARN(resourceArn).tags(list)
                .overrideConfiguration(o)));
    }

    /** Removes tags of a resource in one call; keys it has no tag under are ignored. */
    void untagResource(String resourceArn, Collection<String> keys) {
        call("UntagResource", o -> client.untagResource(r -> r.resourceARN(resourceArn).tagKeys(keys)
                .overrideConfiguration(o)));
    }

    /** Deletes a connector's proxy configuration; false when it had none. */
    boolean deleteVoiceConnectorProxy(String connectorId) {
        return unlessNotFound(() -> call("DeleteVoiceConnectorProxy", o -> client.deleteVoiceConnectorProxy(r -> r
                .voiceConnectorId(connectorId).overrideConfiguration(o)))).isPresent();
    }
}
