package io.github.proxysessions.handler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;
import software.amazon.awssdk.services.chimesdkvoice.model.PutVoiceConnectorProxyRequest;

/**
 * What a take-over found on the connector, recorded in the connector's tags beside the owner tag, so that the taker's
 * Delete (its rollback's, or an ordinary one later) can give the configuration back: the former owner's tag value (none
 * when the configuration was no stack's) and the former configuration (none when the connector had an owner tag but no
 * configuration).
 *
 * <p>Tags: {@value #PREVIOUS_OWNER} (absent when there was no owner), {@value #PREVIOUS} ({@code none}, or
 * {@code <DefaultSessionExpiryMinutes> <Disabled> <FallBackPhoneNumber or -> <country> <country> ...}) and, when the
 * countries do not fit in one tag value's 256 characters, {@value #PREVIOUS_MORE} with the rest.
 *
 * @param formerOwner  the owner before the take-over, or empty when the configuration was no stack's
 * @param formerValues the configuration before the take-over, or empty when there was none
 */
record ConfigurationHandover(Optional<ConfigurationOwner> formerOwner, Optional<Values> formerValues) {

    static final String PREVIOUS_OWNER = "proxy-sessions:proxy-configuration-previous-owner";
    static final String PREVIOUS = "proxy-sessions:proxy-configuration-previous";
    static final String PREVIOUS_MORE = "proxy-sessions:proxy-configuration-previous-2";
    /** Every key of a record, for removing it. */
    static final List<String> KEYS = List.of(PREVIOUS_OWNER, PREVIOUS, PREVIOUS_MORE);

    private static final String NONE = "none";
    private static final String NO_FALLBACK = "-";

    /** A configuration's values, as PutVoiceConnectorProxy takes them. */
    record Values(int defaultSessionExpiryMinutes, boolean disabled, String fallBackPhoneNumber,
                  List<String> countries) {
        static Values of(Proxy proxy) {
            return new Values(proxy.defaultSessionExpiryMinutes(), Boolean.TRUE.equals(proxy.disabled()),
                    proxy.fallBackPhoneNumber(), List.copyOf(proxy.phoneNumberCountries()));
        }

        PutVoiceConnectorProxyRequest toPutRequest(String voiceConnectorId) {
            return PutVoiceConnectorProxyRequest.builder()
                    .voiceConnectorId(voiceConnectorId)
                    .defaultSessionExpiryMinutes(defaultSessionExpiryMinutes)
                    .phoneNumberPoolCountries(countries)
                    .fallBackPhoneNumber(fallBackPhoneNumber)
                    .disabled(disabled)
                    .build();
        }
    }

    /** What a take-over finds: the owner tag and the configuration it replaces. */
    static ConfigurationHandover of(Optional<ConfigurationOwner> owner, Optional<Proxy> configuration) {
        return new ConfigurationHandover(owner, configuration.map(Values::of));
    }

    /** The record in a connector's tags, if there is one. */
    static Optional<ConfigurationHandover> in(Map<String, String> tags) {
        String previous = tags.get(PREVIOUS);
        if (previous == null) {
            return Optional.empty();
        }
        Optional<ConfigurationOwner> owner = Optional.ofNullable(tags.get(PREVIOUS_OWNER))
                .map(ConfigurationOwner::new);
        if (previous.equals(NONE)) {
            return Optional.of(new ConfigurationHandover(owner, Optional.empty()));
        }
        String[] parts = (previous + " " + tags.getOrDefault(PREVIOUS_MORE, "")).trim().split(" +");
        if (parts.length < 4) {
            throw new RefusedException("The connector's tag " + PREVIOUS + " ('" + previous + "') is not one this "
                    + "provider writes: the configuration a take-over replaced cannot be read back from it");
        }
        List<String> countries = new ArrayList<>(List.of(parts).subList(3, parts.length));
        try {
            return Optional.of(new ConfigurationHandover(owner, Optional.of(new Values(Integer.parseInt(parts[0]),
                    Boolean.parseBoolean(parts[1]), parts[2].equals(NO_FALLBACK) ? null : parts[2],
                    List.copyOf(countries)))));
        } catch (NumberFormatException e) {
            throw new RefusedException("The connector's tag " + PREVIOUS + " ('" + previous + "') is not one this "
                    + "provider writes: the configuration a take-over replaced cannot be read back from it");
        }
    }

    /** The record as tags, each value within 256 characters. */
    Map<String, String> toTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        formerOwner.ifPresent(o -> tags.put(PREVIOUS_OWNER, o.value()));
        if (formerValues.isEmpty()) {
            tags.put(PREVIOUS, NONE);
            return tags;
        }
        Values v = formerValues.get();
        StringBuilder first = new StringBuilder().append(v.defaultSessionExpiryMinutes()).append(' ')
                .append(v.disabled()).append(' ')
                .append(v.fallBackPhoneNumber() == null ? NO_FALLBACK : v.fallBackPhoneNumber());
        StringBuilder more = new StringBuilder();
        for (String country : v.countries()) {
            StringBuilder into = more.length() == 0 && first.length() + 1 + country.length()
                    <= ConfigurationOwner.MAX_VALUE_LENGTH ? first : more;
            if (into.length() > 0) {
                into.append(' ');
            }
            into.append(country);
        }
        tags.put(PREVIOUS, first.toString());
        if (more.length() > 0) {
            tags.put(PREVIOUS_MORE, more.toString());
        }
        return tags;
    }

    /** The former owner as people read it. */
    String formerOwnerText() {
        return formerOwner.map(ConfigurationOwner::value).orElse("no stack (a configuration made by hand, or "
                + "before the owner tag)");
    }
}
