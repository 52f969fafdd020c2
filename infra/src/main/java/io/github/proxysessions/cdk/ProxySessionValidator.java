package io.github.proxysessions.cdk;

import io.github.proxysessions.rules.ProxySessionRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
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
        Map<String, Object> connector = new LinkedHashMap<>();
        connector.put("voiceConnector", p.getVoiceConnector());
        connector.put("voiceConnectorId", p.getVoiceConnectorId());
        connector.put("voiceConnectorProxy", p.getVoiceConnectorProxy());
        String given = problems.exactlyOne(connector);
        if (given != null && !given.equals("voiceConnectorProxy")) {
            problems.checkConnector(p.getVoiceConnectorId(), p.getVoiceConnector());
        } else if (given != null && !(p.getVoiceConnectorProxy() instanceof VoiceConnectorProxy)) {
            // Another implementation of IVoiceConnectorProxy: its id follows the same rules (an import's already has).
            String connectorId = p.getVoiceConnectorProxy().getVoiceConnectorId();
            if (connectorId == null) {
                problems.add("voiceConnectorProxy names no voiceConnectorId");
            } else if (!Token.isUnresolved(connectorId)) {
                problems.check("voiceConnectorProxy's voiceConnectorId",
                        ProxySessionRules.voiceConnectorId(connectorId));
            }
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
        } else {
            problems.check("capabilities", ProxySessionRules.capabilities(
                    p.getCapabilities().stream().map(Capability::getValue).toList()));
        }
        Optional<Long> expiry = p.getExpiry() == null ? Optional.empty()
                : problems.checkMinutes("expiry", p.getExpiry(), ProxySessionRules::expiryMinutes);
        if (p.getRenewal() != null) {
            checkRenewal(problems, p.getRenewal().getBeforeExpiry(), expiry);
            if (p.getRenewal().getDeadLetterQueue() != null
                    && Boolean.TRUE.equals(p.getRenewal().getDeadLetterQueue().getFifo())) {
                problems.add("renewal deadLetterQueue must be a standard SQS queue, not a FIFO queue: EventBridge "
                        + "Scheduler does not deliver dead letters to FIFO queues");
            }
        }
        if (p.getName() != null && !Token.isUnresolved(p.getName())) {
            problems.check("name", ProxySessionRules.name(p.getName(), p.getRenewal() != null));
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

    /**
     * The renewal window: literal (the schedule's rate is computed from it), whole minutes from 1 to 719, and shorter
     * than the session's expiry when that is known; otherwise the handler checks it against the real expiry.
     */
    private static void checkRenewal(Problems problems, Duration window, Optional<Long> expiryMinutes) {
        if (window.isUnresolved()) {
            problems.add("renewal window must be a literal duration, not a token: the schedule's rate is computed "
                    + "from it at synth time");
            return;
        }
        problems.checkMinutes("renewal window", window, ProxySessionRules.MAX_RENEW_BEFORE_EXPIRY_MINUTES,
                minutes -> expiryMinutes.isPresent()
                        ? ProxySessionRules.renewBeforeExpiryMinutes(minutes, expiryMinutes.get())
                        : ProxySessionRules.renewBeforeExpiryMinutes(minutes));
    }

    /**
     * Warns, through the construct's annotations, of literal values that follow the rules but are likely mistakes:
     * participant numbers without '+', which the service reads as starting with a country code.
     */
    static void warn(ProxySession session, ProxySessionProps p) {
        List<String> participants = p.getParticipantPhoneNumbers();
        if (Token.isUnresolved(participants)) {
            return;
        }
        for (int i = 0; i < participants.size(); i++) {
            Problems.warnOfPhoneNumber(session, "participantPhoneNumbers item " + (i + 1), participants.get(i));
        }
    }
}
