package io.github.proxysessions.local.service;

import io.github.proxysessions.local.cfn.PendingOperation;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.rules.Masking;
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
public final class ConnectorSurvey {

    private ConnectorSurvey() {
    }

    /** A session on a stack's connector that no resource owns. */
    public record Orphan(String voiceConnectorId, String proxySessionId, String name, String status) {

        /** The session for people, in one line: its id, connector, status and name (phone numbers masked). */
        public String describe() {
            return proxySessionId + " on " + voiceConnectorId + " (" + status
                    + (name == null ? "" : ", name '" + Masking.maskPhoneNumbersIn(name) + "'") + ")";
        }
    }

    /**
     * A voice connector whose sessions could not be listed, so its orphans are unknown.
     *
     * @param reason what the service answered (or how the call failed), in one line
     */
    public record Unknown(String voiceConnectorId, String reason) {
        static Unknown of(String voiceConnectorId, Exception e) {
            return new Unknown(voiceConnectorId, e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    /**
     * What records own on the service: every recorded physical id (resources and leftovers), the renewed
     * generations of every recorded proxy session, and what the proxy-session requests still under way (left by a
     * killed run, redelivered by the next deploy or destroy) may have made: a session whose Name ends with such a
     * request's tag ({@link ProxySessionLineage#requestTag}).
     */
    public static final class Owners {
        private final Set<String> ids = new HashSet<>();
        private final List<ResourceRecord> sessions = new ArrayList<>();
        private final Set<String> requestTags = new HashSet<>();

        public static Owners of(Collection<StackRecord> records) {
            Owners owners = new Owners();
            for (StackRecord s : records) {
                Stream.concat(s.resources().stream(), s.leftovers().stream()).forEach(r -> {
                    owners.ids.add(r.physicalId());
                    if (r.type().equals(ProviderTypes.PROXY_SESSION)) {
                        owners.sessions.add(r);
                    }
                });
                for (PendingOperation op : s.pending()) {
                    if (op.target().type().equals(ProviderTypes.PROXY_SESSION) && !op.requestType().equals("Delete")) {
                        owners.requestTags.add(ProxySessionLineage.requestTag(s.stackId(), op.logicalId(),
                                op.requestId()));
                    }
                }
            }
            return owners;
        }

        /** These owners, and sessions already listed elsewhere. */
        public Owners and(Collection<Orphan> listed) {
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
    public record Survey(List<Orphan> orphans, List<Unknown> unknown) {
    }

    /** The sessions on these connectors that no record owns, each connector on its own: one that fails is unknown. */
    public static Survey survey(ServiceView service, Collection<String> connectors, Owners owned) {
        List<Orphan> orphans = new ArrayList<>();
        List<Unknown> unknown = new ArrayList<>();
        for (String connector : connectors) {
            try {
                orphans.addAll(unowned(service, connector, owned));
            } catch (SdkException e) {
                unknown.add(Unknown.of(connector, e));
            }
        }
        return new Survey(orphans, unknown);
    }

    /**
     * The sessions on these connectors that no record owns; a connector that is gone has none.
     *
     * @throws SdkException when the service did not answer on one of them
     */
    public static List<Orphan> unownedSessions(ServiceView service, Collection<String> connectors,
                                               Owners owned) {
        List<Orphan> out = new ArrayList<>();
        for (String connector : connectors) {
            out.addAll(unowned(service, connector, owned));
        }
        return out;
    }

    private static List<Orphan> unowned(ServiceView service, String connector, Owners owned) {
        List<Orphan> out = new ArrayList<>();
        for (ProxySession session : service.sessions(connector)) {
            if (!owned.own(connector, session)) {
                out.add(new Orphan(connector, session.proxySessionId(), session.name(),
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
    public static List<String> configured(ServiceView service, Collection<String> connectors) {
        return connectors.stream().filter(c -> service.proxy(c).isPresent()).toList();
    }

    /** As {@link #configured(ServiceView, Collection)}, a connector on which the service did not answer left out. */
    public static List<String> configuredAsFarAsKnown(ServiceView service, Collection<String> connectors) {
        return connectors.stream().filter(c -> {
            try {
                return service.proxy(c).isPresent();
            } catch (SdkException e) {
                return false;
            }
        }).toList();
    }
}
