package io.github.proxysessions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoiceConnectorProxyRulesTest {

    @Test
    void countriesAreOneToAHundredDistinctAlpha2Codes() {
        assertThat(VoiceConnectorProxyRules.phoneNumberPoolCountries(List.of("US", "CA"))).isEmpty();
        assertThat(VoiceConnectorProxyRules.phoneNumberPoolCountries(List.of()).orElseThrow())
                .startsWith("must list 1 to 100 ISO 3166 alpha-2 country codes");
        assertThat(VoiceConnectorProxyRules.phoneNumberPoolCountries(Collections.nCopies(101, "US")).orElseThrow())
                .endsWith("got 101");
        assertThat(VoiceConnectorProxyRules.phoneNumberPoolCountries(List.of("US", "usa")).orElseThrow())
                .startsWith("item 2 must be an ISO 3166 alpha-2 country code");
        assertThat(VoiceConnectorProxyRules.phoneNumberPoolCountries(List.of("US", "US")))
                .hasValue("must not repeat a country; got [US, US]");
    }

    @Test
    void aBadCountryIsNamedByItsPositionWithTheSessionRulesWords() {
        assertThat(VoiceConnectorProxyRules.phoneNumberPoolCountries(List.of("US", "usa")))
                .hasValue("item 2 must be an ISO 3166 alpha-2 country code such as 'US'; got 'usa'");
        assertThat(VoiceConnectorProxyRules.phoneNumberPoolCountries(Arrays.asList((String) null)))
                .hasValue("item 1 must be an ISO 3166 alpha-2 country code such as 'US'; got 'null'");
        assertThat(VoiceConnectorProxyRules.phoneNumberPoolCountries(List.of("CA", "+12065550100 is my number, call")))
                .hasValue("item 2 must be an ISO 3166 alpha-2 country code such as 'US'; got "
                        + "'***0100 is my number, call'");
        assertThat(VoiceConnectorProxyRules.phoneNumberPoolCountries(List.of("X".repeat(50))))
                .hasValue("item 1 must be an ISO 3166 alpha-2 country code such as 'US'; got '" + "X".repeat(40)
                        + "...'");
    }

    @Test
    void defaultExpiryFollowsTheSessionLimitAndTheFallbackIsE164() {
        assertThat(VoiceConnectorProxyRules.defaultSessionExpiryMinutes(720)).isEmpty();
        assertThat(VoiceConnectorProxyRules.defaultSessionExpiryMinutes(0)).isPresent();
        assertThat(VoiceConnectorProxyRules.fallBackPhoneNumber(null)).isEmpty();
        assertThat(VoiceConnectorProxyRules.fallBackPhoneNumber("+12065550199")).isEmpty();
        assertThat(VoiceConnectorProxyRules.fallBackPhoneNumber("call me").orElseThrow())
                .startsWith("must be an E.164 phone number");
    }

    @Test
    void countriesAreComparedAsASet() {
        assertThat(VoiceConnectorProxyRules.sameCountries(List.of("US", "CA"), List.of("CA", "US"))).isTrue();
        assertThat(VoiceConnectorProxyRules.sameCountries(List.of("US"), List.of("US", "CA"))).isFalse();
    }

    @Test
    void aConfigurationIsReplacedWhenItIsDeclaredForAnotherConnector() {
        assertThat(VoiceConnectorProxyRules.replacingChanges("abcdefghij0123456789ab",
                Map.of("VoiceConnectorId", "abcdefghij0123456789ab", "DefaultSessionExpiryMinutes", "120"))).isEmpty();
        assertThat(VoiceConnectorProxyRules.replacingChanges("abcdefghij0123456789ab",
                Map.of("VoiceConnectorId", "klmnopqrst0123456789ab"))).containsExactly("VoiceConnectorId");
        assertThat(VoiceConnectorProxyRules.replacingChanges("proxy-config-not-created:k3J9xQ2",
                Map.of("VoiceConnectorId", "abcdefghij0123456789ab"))).containsExactly("VoiceConnectorId");
    }
}
