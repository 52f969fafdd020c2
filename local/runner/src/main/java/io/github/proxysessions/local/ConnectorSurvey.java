package io.github.proxysessions.local;

import io.github.proxysessions.local.cfn.PendingOperation;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.rules.ProxySessionLineage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;

/** What the service holds on some voice connectors that no readable record owns. */
final class ConnectorSurvey {

    private ConnectorSurvey() {
    }

    /**
     * What records own on the service: every recorded physical id (resources and leftovers), the renewed
     * generations of every recorded proxy session, and what the proxy-session requests still under way (left by a
     * killed run, redelivered by the next deploy or destroy) may have made: a session whose Name ends with such a
     * request's tag ({@link ProxySessionLineage#requestTag}).
     */
    static final class Owners {
        private final Set<String> ids = new HashSet<>();
        private final List<ResourceRecord> sessions = new ArrayList<>();
        private final Set<String> requestTags = new HashSet<>();

        static Owners of(Collection<StackRecord> records) {
            Owners owners = new Owners();
            for (StackRecord s : records) {
                Stream.concat(s.resources().stream(), s.leftovers().stream()).forEach(r -> {
                    owners.ids.add(r.physicalId());
                    if (r.type().equals(DriftCheck.PROXY_SESSION)) {
                        owners.sessions.add(r);
                    }
                });
                for (PendingOperation op : s.pending()) {
                    if (op.target().type().equals(DriftCheck.PROXY_SESSION) && !op.requestType().equals("Delete")) {
                        owners.requestTags.add(ProxySessionLineage.requestTag(s.stackId(), op.logicalId(),
                                op.requestId()));
                    }
                }
            }
            return owners;
        }

        /** These owners, and sessions already listed elsewhere. */
        Owners and(Collection<StatusReport.Orphan> listed) {
            Owners more = new Owners();
            more.ids.addAll(ids);
            more.sessions.addAll(sessions);
            more.requestTags.addAll(requestTags);
            listed.forEach(o -> more.ids.add(o.proxySessionId()));
            return more;
        }

        boolean own(String voiceConnectorId, ProxySession session) {
            return ids.contains(session.proxySessionId())
                    || requestTags.contains(ProxySessionLineage.lastToken(session.name()))
                    || sessions.stream().anyMatch(r ->
                            voiceConnectorId.equals(r.properties().path("VoiceConnectorId").asText())
                                    && SessionLineages.member(voiceConnectorId, r.physicalId(), session));
        }
    }

    /**
     * What {@code status} found on some connectors: the sessions no record owns, and the connectors on which the
     * service did not answer (their orphans are unknown).
     */
    record Survey(List<StatusReport.Orphan> orphans, List<StatusReport.Unknown> unknown) {
    }

    /** The sessions on these connectors that no record owns, each connector on its own: one that fails is unknown. */
    static Survey survey(ServiceView service, Collection<String> connectors, Owners owned) {
        List<StatusReport.Orphan> orphans = new ArrayList<>();
        List<StatusReport.Unknown> unknown = new ArrayList<>();
        for (String connector : connectors) {
            try {
                orphans.addAll(unowned(service, connector, owned));
            } catch (SdkException e) {
                unknown.add(StatusReport.Unknown.of(connector, e));
            }
        }
        return new Survey(orphans, unknown);
    }

    /**
     * The sessions on these connectors that no record owns; a connector that is gone has none.
     *
     * @throws SdkException when the service did not answer on one of them
     */
    static List<StatusReport.Orphan> unownedSessions(ServiceView service, Collection<String> connectors,
                                                     Owners owned) {
        List<StatusReport.Orphan> out = new ArrayList<>();
        for (String connector : connectors) {
            out.addAll(unowned(service, connector, owned));
        }
        return out;
    }

    private static List<StatusReport.Orphan> unowned(ServiceView service, String connector, Owners owned) {
        List<StatusReport.Orphan> out = new ArrayList<>();
        for (ProxySession session : service.sessions(connector)) {
            if (!owned.own(connector, session)) {
                out.add(new StatusReport.Orphan(connector, session.proxySessionId(), session.name(),
                        session.statusAsString()));
            }
        }
        return out;
    }

    /**
     * The connectors among these that have a proxy configuration.
     *
     * @throws SdkException when the service did not answer on one of them
     */
    static List<String> configured(ServiceView service, Collection<String> connectors) {
        return connectors.stream().filter(c -> service.proxy(c).isPresent()).toList();
    }

    /** As {@link #configured(ServiceView, Collection)}, a connector on which the service did not answer left out. */
    static List<String> configuredAsFarAsKnown(ServiceView service, Collection<String> connectors) {
        return connectors.stream().filter(c -> {
            try {
                return service.proxy(c).isPresent();
            } catch (SdkException e) {
                return false;
            }
        }).toList();
    }
}
