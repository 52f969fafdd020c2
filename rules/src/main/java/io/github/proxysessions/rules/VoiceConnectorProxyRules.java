package io.github.proxysessions.rules;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of a {@code Custom::VoiceConnectorProxy}, a voice connector's proxy configuration
 * ({@code PutVoiceConnectorProxy}), shared by the handler and the CDK construct; named after the resource type, as
 * {@link ProxySessionRules} is. Worded like {@link ProxySessionRules}: each check returns the rule a value breaks.
 */
public final class VoiceConnectorProxyRules {

    public static final int MAX_COUNTRIES = 100;

    /**
     * The tag the provider puts on a voice connector whose proxy configuration a {@code Custom::VoiceConnectorProxy}
     * manages, its value {@code <stack name>/<logical id>/<hash>}: the handler writes it before it puts the
     * configuration and removes it when it deletes it; the local runner reads it to find a stack's configurations
     * when the stack's record cannot tell.
     */
    public static final String OWNER_TAG_KEY = "proxy-sessions:proxy-configuration-owner";

    private VoiceConnectorProxyRules() {
    }

    /** 1 to 720 minutes: sessions cannot last longer than 12 hours, so neither can their default. */
    public static Optional<String> defaultSessionExpiryMinutes(long minutes) {
        return ProxySessionRules.expiryMinutes(minutes);
    }

    /** 1 to 100 ISO 3166 alpha-2 codes, each once. */
    public static Optional<String> phoneNumberPoolCountries(List<String> countries) {
        if (countries == null || countries.isEmpty() || countries.size() > MAX_COUNTRIES) {
            return Optional.of("must list 1 to " + MAX_COUNTRIES + " ISO 3166 alpha-2 country codes such as 'US'; got "
                    + (countries == null ? 0 : countries.size()));
        }
        for (int i = 0; i < countries.size(); i++) {
            Optional<String> broken = ProxySessionRules.country(countries.get(i));
            if (broken.isPresent()) {
                return Optional.of("item " + (i + 1) + " " + broken.get());
            }
        }
        if (new HashSet<>(countries).size() != countries.size()) {
            return Optional.of("must not repeat a country; got " + countries);
        }
        return Optional.empty();
    }

    /**
     * True when two lists hold the same countries, in any order: they are a pool, and the rule above refuses a
     * repeat, so the order a template or the service gives them in is no difference.
     */
    public static boolean sameCountries(Collection<String> a, Collection<String> b) {
        return ProxySessionRules.sameElements(a, b);
    }

    /**
     * Whether a change of a {@code Custom::VoiceConnectorProxy} replaces it: its PhysicalResourceId is its connector's
     * id, so a configuration declared for another connector is a new configuration, and the old one is deleted. Returns
     * {@code ["VoiceConnectorId"]} then, and empty for a change in place. The one rule the handler replaces a
     * configuration by and that the local runner's {@code diff} predicts replacement with.
     *
     * @param physicalResourceId the configuration's PhysicalResourceId: the connector it is on now
     * @param after              the properties as CloudFormation sends them
     */
    public static List<String> replacingChanges(String physicalResourceId, Map<String, ?> after) {
        Object declared = after == null ? null : after.get("VoiceConnectorId");
        return Objects.equals(physicalResourceId, declared == null ? null : String.valueOf(declared)) ? List.of()
                : List.of("VoiceConnectorId");
    }

    /** The number calls go to once a session has expired: E.164. */
    public static Optional<String> fallBackPhoneNumber(String number) {
        return number == null ? Optional.empty() : ProxySessionRules.phoneNumber(number);
    }
}
