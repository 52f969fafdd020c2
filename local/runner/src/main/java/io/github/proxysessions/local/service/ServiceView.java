package io.github.proxysessions.local.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnector;

/**
 * What the service holds, read once for one {@code status} or {@code repair}: each connector's sessions are listed
 * once (its pages), whatever number of resources and orphans are looked up on it, so that a stack of 200 sessions
 * costs a few list calls rather than 200 gets; each connector, its configuration and its tags are read once. A
 * reading the service failed is failed once: every later question on it gets the same {@link SdkException} at once.
 */
public final class ServiceView {

    /** One reading: what the service answered, or how it failed (read once too, so that status asks once). */
    private record Read<T>(T value, SdkException failure) {
        T get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    private final ChimeSdkVoiceClient client;
    private final Map<String, Read<List<ProxySession>>> sessions = new ConcurrentHashMap<>();
    private final Map<String, Read<Optional<Proxy>>> proxies = new ConcurrentHashMap<>();
    private final Map<String, Read<Optional<VoiceConnector>>> connectors = new ConcurrentHashMap<>();
    private final Map<String, Read<Map<String, String>>> tags = new ConcurrentHashMap<>();

    public ServiceView(ChimeSdkVoiceClient client) {
        this.client = client;
    }

    /**
     * Every session on a connector, in the order the service lists them; none when the connector is gone.
     *
     * @throws SdkException when the service did not answer (the same one for every later call on the connector)
     */
    public List<ProxySession> sessions(String voiceConnectorId) {
        return read(sessions, voiceConnectorId, id -> {
            List<ProxySession> all = new ArrayList<>();
            try {
                client.listProxySessionsPaginator(r -> r.voiceConnectorId(id))
                        .forEach(page -> all.addAll(page.proxySessions()));
            } catch (NotFoundException gone) {
                // the connector itself is gone, and its sessions with it
            }
            return List.copyOf(all);
        });
    }

    /** A voice connector; empty when it is gone. */
    public Optional<VoiceConnector> connector(String voiceConnectorId) {
        return read(connectors, voiceConnectorId, id -> {
            try {
                return Optional.of(client.getVoiceConnector(r -> r.voiceConnectorId(id)).voiceConnector());
            } catch (NotFoundException gone) {
                return Optional.empty();
            }
        });
    }

    /** All the tags of a resource (a voice connector's ARN), key to value, in the service's order. */
    public Map<String, String> tags(String arn) {
        return read(tags, arn, a -> {
            Map<String, String> out = new LinkedHashMap<>();
            client.listTagsForResource(r -> r.resourceARN(a)).tags().forEach(t -> out.put(t.key(), t.value()));
            return Collections.unmodifiableMap(out);
        });
    }

    /** A connector's proxy configuration; empty when it has none, or the connector is gone. */
    public Optional<Proxy> proxy(String voiceConnectorId) {
        return read(proxies, voiceConnectorId, id -> {
            try {
                return Optional.ofNullable(client.getVoiceConnectorProxy(r -> r.voiceConnectorId(id)).proxy());
            } catch (NotFoundException none) {
                return Optional.empty();
            }
        });
    }

    private static <T> T read(Map<String, Read<T>> cache, String key, Function<String, T> reading) {
        return cache.computeIfAbsent(key, k -> {
            try {
                return new Read<>(reading.apply(k), null);
            } catch (SdkException e) {
                return new Read<>(null, e);
            }
        }).get();
    }
}
