package io.github.proxysessions.handler;

import io.github.proxysessions.rules.VoiceConnectorProxyRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;
import software.amazon.awssdk.services.chimesdkvoice.model.PutVoiceConnectorProxyRequest;

/**
 * The properties of a {@code Custom::VoiceConnectorProxy}, parsed once and validated with the shared rules.
 *
 * @param takeOver whether an existing configuration that this stack did not create may be taken over
 */
record VoiceConnectorProxyProperties(String voiceConnectorId, Integer defaultSessionExpiryMinutes,
                             List<String> phoneNumberPoolCountries, String fallBackPhoneNumber, boolean disabled,
                             boolean takeOver) {

    static final Set<String> SUPPORTED = Set.of("VoiceConnectorId", "DefaultSessionExpiryMinutes",
            "PhoneNumberPoolCountries", "FallBackPhoneNumber", "Disabled", "TakeOver");

    /** @throws InvalidPropertiesException naming every property that breaks a rule */
    static VoiceConnectorProxyProperties parse(Map<String, Object> raw) {
        PropertyReader in = new PropertyReader(raw, SUPPORTED);
        String connector = in.voiceConnectorId("VoiceConnectorId");
        Integer expiry = in.integer("DefaultSessionExpiryMinutes", true);
        List<String> countries = in.strings("PhoneNumberPoolCountries", true);
        String fallback = in.optionalString("FallBackPhoneNumber");
        Boolean disabled = in.bool("Disabled");
        Boolean takeOver = in.bool("TakeOver");
        if (expiry != null) {
            in.check("DefaultSessionExpiryMinutes", VoiceConnectorProxyRules.defaultSessionExpiryMinutes(expiry));
        }
        if (countries != null) {
            in.check("PhoneNumberPoolCountries", VoiceConnectorProxyRules.phoneNumberPoolCountries(countries));
        }
        if (fallback != null) {
            in.check("FallBackPhoneNumber", VoiceConnectorProxyRules.fallBackPhoneNumber(fallback));
        }
        in.requireValid();
        return new VoiceConnectorProxyProperties(connector, expiry, countries, fallback, Boolean.TRUE.equals(disabled),
                Boolean.TRUE.equals(takeOver));
    }

    PutVoiceConnectorProxyRequest toPutRequest() {
        return PutVoiceConnectorProxyRequest.builder()
                .voiceConnectorId(voiceConnectorId)
                .defaultSessionExpiryMinutes(defaultSessionExpiryMinutes)
                .phoneNumberPoolCountries(phoneNumberPoolCountries)
                .fallBackPhoneNumber(fallBackPhoneNumber)
                .disabled(disabled)
                .build();
    }

    /**
     * True when the service's configuration is the one these properties declare: the countries compared as a set, the
     * rest exactly.
     */
    boolean isAppliedIn(Proxy proxy) {
        return Objects.equals(proxy.defaultSessionExpiryMinutes(), defaultSessionExpiryMinutes)
                && VoiceConnectorProxyRules.sameCountries(proxy.phoneNumberCountries(), phoneNumberPoolCountries)
                && Objects.equals(proxy.fallBackPhoneNumber(), fallBackPhoneNumber)
                && Boolean.TRUE.equals(proxy.disabled()) == disabled;
    }

    /** The configuration as the service returns it, for {@code Fn::GetAtt}. */
    static Map<String, String> data(String voiceConnectorId, Proxy proxy) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("VoiceConnectorId", voiceConnectorId);
        data.put("DefaultSessionExpiryMinutes", String.valueOf(proxy.defaultSessionExpiryMinutes()));
        data.put("Disabled", String.valueOf(Boolean.TRUE.equals(proxy.disabled())));
        data.put("PhoneNumberCountries", String.join(",", proxy.phoneNumberCountries()));
        if (proxy.fallBackPhoneNumber() != null) {
            data.put("FallBackPhoneNumber", proxy.fallBackPhoneNumber());
        }
        return data;
    }
}
