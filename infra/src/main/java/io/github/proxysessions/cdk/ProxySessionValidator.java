package io.github.proxysessions.cdk;

import io.github.proxysessions.rules.ProxySessionRules;
import java.util.LinkedHashSet;
import java.util.List;
import software.amazon.awscdk.Token;
import software.constructs.Construct;

/**
 * The synth-time checks of {@link ProxySessionProps}: literal values with the handler's own rules (the shared
 * {@code rules} module), tokens left to the handler at deploy time.
 */
final class ProxySessionValidator {

    private ProxySessionValidator() {
    }

    /** Throws an {@link IllegalArgumentException} naming every broken rule of the session {@code id}. */
    static void validate(Construct scope, String id, ProxySessionProps p) {
        Problems problems = new Problems("ProxySession", scope, id);
        if (p.getVoiceConnectorId() != null && p.getVoiceConnectorProxy() != null) {
            problems.add("give voiceConnectorId or voiceConnectorProxy, not both");
        } else if (p.getVoiceConnectorId() == null && p.getVoiceConnectorProxy() == null) {
            problems.add("voiceConnectorId (or voiceConnectorProxy) is required");
        } else if (p.getVoiceConnectorId() != null && !Token.isUnresolved(p.getVoiceConnectorId())) {
            problems.check("voiceConnectorId", ProxySessionRules.voiceConnectorId(p.getVoiceConnectorId()));
        }
        List<String> participants = p.getParticipantPhoneNumbers();
        if (participants == null) {
            problems.add("participantPhoneNumbers is required");
        } else if (!Token.isUnresolved(participants)) {
            problems.check("participantPhoneNumbers",
                    ProxySessionRules.participantPhoneNumbers(participants, Token::isUnresolved));
        }
        if (p.getCapabilities() == null || p.getCapabilities().isEmpty()) {
            problems.add("capabilities must list at least one of " + List.of(Capability.values()));
        } else if (new LinkedHashSet<>(p.getCapabilities()).size() != p.getCapabilities().size()) {
            problems.add("capabilities must not repeat a capability; got " + p.getCapabilities());
        }
        if (p.getExpiry() != null) {
            problems.checkMinutes("expiry", p.getExpiry(), ProxySessionRules::expiryMinutes);
        }
        if (p.getName() != null && !Token.isUnresolved(p.getName())) {
            problems.check("name", ProxySessionRules.name(p.getName()));
        }
        GeoMatch geo = p.getGeoMatch();
        if (geo != null) {
            if (geo.getCountry() != null && !Token.isUnresolved(geo.getCountry())) {
                problems.check("geoMatch country", ProxySessionRules.country(geo.getCountry()));
            }
            if (geo.getAreaCode() != null && !Token.isUnresolved(geo.getAreaCode())) {
                problems.check("geoMatch areaCode", ProxySessionRules.areaCode(geo.getAreaCode()));
            }
        }
        problems.throwIfAny();
    }
}
