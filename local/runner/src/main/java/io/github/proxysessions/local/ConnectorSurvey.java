package io.github.proxysessions.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/** What the service holds on some voice connectors that no readable record owns. */
final class ConnectorSurvey {

    private ConnectorSurvey() {
    }

    /** The sessions on these connectors whose ids are not among {@code owned}; a connector that is gone has none. */
    static List<StatusReport.Orphan> unownedSessions(ChimeSdkVoiceClient client, Collection<String> connectors,
                                                     Set<String> owned) {
        List<StatusReport.Orphan> out = new ArrayList<>();
        for (String connector : connectors) {
            try {
                client.listProxySessionsPaginator(r -> r.voiceConnectorId(connector)).forEach(page -> {
                    for (ProxySession session : page.proxySessions()) {
                        if (!owned.contains(session.proxySessionId())) {
                            out.add(new StatusReport.Orphan(connector, session.proxySessionId(), session.name(),
                                    session.statusAsString()));
                        }
                    }
                });
            } catch (NotFoundException gone) {
                // the connector itself is gone, and its sessions with it
            }
        }
        return out;
    }

    /** The connectors among these that have a proxy configuration. */
    static List<String> configured(ChimeSdkVoiceClient client, Collection<String> connectors) {
        List<String> out = new ArrayList<>();
        for (String connector : connectors) {
            try {
                client.getVoiceConnectorProxy(r -> r.voiceConnectorId(connector));
                out.add(connector);
            } catch (NotFoundException none) {
                // no configuration, or no connector
            }
        }
        return out;
    }
}
