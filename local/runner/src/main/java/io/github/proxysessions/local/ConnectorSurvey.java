package io.github.proxysessions.local;

import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/** What the service holds on some voice connectors that no readable record owns. */
final class ConnectorSurvey {

    private ConnectorSurvey() {
    }

    /**
     * What records own on the service: every recorded physical id (resources and leftovers), and the renewed
     * generations of every recorded proxy session.
     */
    static final class Owners {
        private final Set<String> ids = new HashSet<>();
        private final List<ResourceRecord> sessions = new ArrayList<>();

        static Owners of(Collection<StackRecord> records) {
            Owners owners = new Owners();
            records.stream().flatMap(s -> Stream.concat(s.resources().stream(), s.leftovers().stream()))
                    .forEach(r -> {
                        owners.ids.add(r.physicalId());
                        if (r.type().equals(DriftCheck.PROXY_SESSION)) {
                            owners.sessions.add(r);
                        }
                    });
            return owners;
        }

        /** These owners, and sessions already listed elsewhere. */
        Owners and(Collection<StatusReport.Orphan> listed) {
            Owners more = new Owners();
            more.ids.addAll(ids);
            more.sessions.addAll(sessions);
            listed.forEach(o -> more.ids.add(o.proxySessionId()));
            return more;
        }

        boolean own(String voiceConnectorId, ProxySession session) {
            return ids.contains(session.proxySessionId()) || sessions.stream().anyMatch(r ->
                    voiceConnectorId.equals(r.properties().path("VoiceConnectorId").asText())
                            && SessionLineages.member(voiceConnectorId, r.physicalId(), session));
        }
    }

    /** The sessions on these connectors that no record owns; a connector that is gone has none. */
    static List<StatusReport.Orphan> unownedSessions(ServiceView service, Collection<String> connectors,
                                                     Owners owned) {
        List<StatusReport.Orphan> out = new ArrayList<>();
        for (String connector : connectors) {
            for (ProxySession session : service.sessions(connector)) {
                if (!owned.own(connector, session)) {
                    out.add(new StatusReport.Orphan(connector, session.proxySessionId(), session.name(),
                            session.statusAsString()));
                }
            }
        }
        return out;
    }

    /** The connectors among these that have a proxy configuration. */
    static List<String> configured(ServiceView service, Collection<String> connectors) {
        return connectors.stream().filter(c -> service.proxy(c).isPresent()).toList();
    }
}
