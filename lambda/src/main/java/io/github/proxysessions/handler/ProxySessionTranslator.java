package io.github.proxysessions.handler;

import io.github.proxysessions.rules.ProxySessionLineage;
import io.github.proxysessions.rules.ProxySessionRules;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.chimesdkvoice.model.CreateProxySessionRequest;
import software.amazon.awssdk.services.chimesdkvoice.model.Participant;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.UpdateProxySessionRequest;

/** Properties to API requests and API responses to attributes: pure functions. */
final class ProxySessionTranslator {

    private ProxySessionTranslator() {
    }

    static CreateProxySessionRequest toCreateRequest(ProxySessionProperties p, String tag) {
        CreateProxySessionRequest.Builder request = CreateProxySessionRequest.builder()
                .voiceConnectorId(p.voiceConnectorId())
                .participantPhoneNumbers(p.participantPhoneNumbers())
                .capabilitiesWithStrings(p.capabilities())
                .name(ProxySessionLineage.serviceName(p.name(), tag))
                .expiryMinutes(p.expiryMinutes())
                .numberSelectionBehavior(p.numberSelectionBehavior())
                .geoMatchLevel(p.geoMatchLevel());
        if (p.geoMatchParams() != null) {
            request.geoMatchParams(g -> g.country(p.geoMatchParams().country())
                    .areaCode(p.geoMatchParams().areaCode()));
        }
        return request.build();
    }

    /** What changes a session in place: its capabilities and its expiry, the only members the service changes. */
    static UpdateProxySessionRequest toUpdateRequest(ProxySession session, ProxySessionProperties p,
                                                     Integer expiryMinutes) {
        return UpdateProxySessionRequest.builder()
                .voiceConnectorId(p.voiceConnectorId())
                .proxySessionId(session.proxySessionId())
                .capabilitiesWithStrings(p.capabilities())
                .expiryMinutes(expiryMinutes)
                .build();
    }

    /** True when the session was created for these participants (in any order: the service sorts them). */
    static boolean sameParticipants(ProxySession s, ProxySessionProperties p) {
        List<String> actual = s.participants().stream().map(x -> ProxySessionRules.digits(x.phoneNumber()))
                .sorted().toList();
        List<String> declared = p.participantPhoneNumbers().stream().map(ProxySessionRules::digits).sorted().toList();
        return actual.equals(declared);
    }

    /**
     * The attributes {@code Fn::GetAtt} reads. {@code Participants.N.ProxyPhoneNumber} follows the declared order of
     * ParticipantPhoneNumbers, matched by number, because the service does not keep the input order.
     */
    static Map<String, String> toData(ProxySession s, ProxySessionProperties p) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("ProxySessionId", s.proxySessionId());
        data.put("Status", s.statusAsString());
        if (s.expiryMinutes() != null) {
            data.put("ExpiryMinutes", s.expiryMinutes().toString());
        }
        if (s.createdTimestamp() != null) {
            data.put("CreatedTimestamp", DateTimeFormatter.ISO_INSTANT.format(s.createdTimestamp()));
        }
        List<String> declared = p.participantPhoneNumbers();
        for (int i = 0; i < declared.size(); i++) {
            String digits = ProxySessionRules.digits(declared.get(i));
            for (Participant participant : s.participants()) {
                if (ProxySessionRules.digits(participant.phoneNumber()).equals(digits)
                        && participant.proxyPhoneNumber() != null) {
                    data.put("Participants." + i + ".ProxyPhoneNumber", participant.proxyPhoneNumber());
                }
            }
        }
        return data;
    }
}
