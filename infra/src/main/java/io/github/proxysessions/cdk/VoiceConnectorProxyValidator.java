package io.github.proxysessions.cdk;

import io.github.proxysessions.rules.VoiceConnectorProxyRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.constructs.Construct;

/** The synth-time checks of {@link VoiceConnectorProxyProps}, with the handler's own rules. */
final class VoiceConnectorProxyValidator {

    private VoiceConnectorProxyValidator() {
    }

    /** Throws an {@link IllegalArgumentException} naming every broken rule of the configuration {@code id}. */
    static void validate(Construct scope, String id, VoiceConnectorProxyProps p) {
        Problems problems = new Problems("VoiceConnectorProxy", scope, id);
        Map<String, Object> connectorProps = new LinkedHashMap<>();
        connectorProps.put("voiceConnector", p.getVoiceConnector());
        connectorProps.put("voiceConnectorId", p.getVoiceConnectorId());
        if (problems.exactlyOne(connectorProps) != null) {
            Connector connector = problems.checkConnector(p.getVoiceConnectorId(), p.getVoiceConnector());
            String other = connector == null ? null : ProxySessionProvider.configurationOf(scope, connector);
            if (other != null) {
                problems.add((p.getVoiceConnector() != null ? "voiceConnector " + p.getVoiceConnector().getNode()
                        .getPath() : "voiceConnectorId " + p.getVoiceConnectorId()) + " is already configured by '"
                        + other + "' in this stack: a connector has one proxy configuration");
            }
        }
        Duration expiry = p.getDefaultSessionExpiry();
        if (expiry == null) {
            problems.add("defaultSessionExpiry is required");
        } else {
            problems.checkMinutes("defaultSessionExpiry", expiry,
                    VoiceConnectorProxyRules::defaultSessionExpiryMinutes);
        }
        List<String> countries = p.getPhoneNumberPoolCountries();
        if (countries == null) {
            problems.add("phoneNumberPoolCountries is required");
        } else if (!Token.isUnresolved(countries) && countries.stream().noneMatch(Token::isUnresolved)) {
            problems.check("phoneNumberPoolCountries", VoiceConnectorProxyRules.phoneNumberPoolCountries(countries));
        }
        String fallback = p.getFallBackPhoneNumber();
        if (fallback != null && !Token.isUnresolved(fallback)) {
            problems.check("fallBackPhoneNumber", VoiceConnectorProxyRules.fallBackPhoneNumber(fallback));
        }
        problems.throwIfAny();
    }

    /** Warns of a literal fall-back number without '+', as for a session's participants. */
    static void warn(VoiceConnectorProxy proxy, VoiceConnectorProxyProps p) {
        Problems.warnOfPhoneNumber(proxy, "fallBackPhoneNumber", p.getFallBackPhoneNumber());
    }
}
