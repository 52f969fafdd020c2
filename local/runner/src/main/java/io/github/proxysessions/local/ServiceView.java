package io.github.proxysessions.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/**
 * What the service holds, read once for one {@code status} or {@code repair}: each connector's sessions are listed
 * once (its pages), whatever number of resources and orphans are looked up on it, so that a stack of 200 sessions
 * costs a few list calls rather than 200 gets.
 */
final class ServiceView {

    private final ChimeSdkVoiceClient client;
    private final Map<String, List<ProxySession>> sessions = new ConcurrentHashMap<>();
    private final Map<String, Optional<Proxy>> proxies = new ConcurrentHashMap<>();

    ServiceView(ChimeSdkVoiceClient client) {
        this.client = client;
    }

    ChimeSdkVoiceClient client() {
        return client;
    }

    /** Every session on a connector, in the order the service lists them; none when the connector is gone. */
    List<ProxySession> sessions(String voiceConnectorId) {
        return sessions.computeIfAbsent(voiceConnectorId, id -> {
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

    /** A connector's proxy configuration; empty when it has none, or the connector is gone. */
    Optional<Proxy> proxy(String voiceConnectorId) {
        return proxies.computeIfAbsent(voiceConnectorId, id -> {
            try {
                return Optional.ofNullable(client.getVoiceConnectorProxy(r -> r.voiceConnectorId(id)).proxy());
            } catch (NotFoundException none) {
                return Optional.empty();
            }
        });
    }
}
