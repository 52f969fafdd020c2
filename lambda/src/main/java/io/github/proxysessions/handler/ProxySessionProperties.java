package io.github.proxysessions.handler;

import static io.github.proxysessions.rules.ProxySessionRules.RENEW_BEFORE_EXPIRY_MINUTES;

import io.github.proxysessions.rules.ProxySessionRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The properties of a {@code Custom::ProxySession}, parsed once from the event and validated with the shared rules.
 * Property names are the API's member names, so a template reads like the API.
 *
 * @param voiceConnectorId        the connector the session belongs to
 * @param participantPhoneNumbers the two participants, in declared order (geo matching follows the first)
 * @param capabilities            Voice and/or SMS, in declared order (the shared rule refuses a repeat)
 * @param name                    the name the user chose, or null
 * @param expiryMinutes           1..720, or null for the connector's default
 * @param numberSelectionBehavior PreferSticky, AvoidSticky, or null
 * @param geoMatchLevel           Country, AreaCode, or null
 * @param geoMatchParams          where to match, or null
 * @param renewBeforeExpiryMinutes how long before its end the session is renewed, or null for no renewal: not the
 *                                 service's, so it changes in place without a call
 */
record ProxySessionProperties(String voiceConnectorId, List<String> participantPhoneNumbers, List<String> capabilities,
                              String name, Integer expiryMinutes, String numberSelectionBehavior,
                              String geoMatchLevel, GeoMatchParams geoMatchParams, Integer renewBeforeExpiryMinutes) {

    static final Set<String> SUPPORTED = Set.of("VoiceConnectorId", "ParticipantPhoneNumbers", "Capabilities", "Name",
            "ExpiryMinutes", "NumberSelectionBehavior", "GeoMatchLevel", "GeoMatchParams",
            RENEW_BEFORE_EXPIRY_MINUTES);
    private static final Set<String> GEO_KEYS = Set.of("Country", "AreaCode");

    /** {@code AreaCode} is empty when only the country matters. */
    record GeoMatchParams(String country, String areaCode) {
    }

    /**
     * Parses and validates the properties of an event.
     *
     * @throws InvalidPropertiesException naming every property that breaks a rule
     */
    static ProxySessionProperties parse(Map<String, Object> raw) {
        PropertyReader in = new PropertyReader(raw, SUPPORTED);
        ProxySessionProperties p = read(in);
        if (p.participantPhoneNumbers != null) {
            in.check("ParticipantPhoneNumbers", ProxySessionRules.participantPhoneNumbers(p.participantPhoneNumbers));
        }
        if (p.capabilities != null) {
            in.check("Capabilities", ProxySessionRules.capabilities(p.capabilities));
        }
        in.check("Name", ProxySessionRules.name(p.name, p.renews()));
        if (p.renewBeforeExpiryMinutes != null) {
            in.check(RENEW_BEFORE_EXPIRY_MINUTES, p.expiryMinutes == null
                    ? ProxySessionRules.renewBeforeExpiryMinutes(p.renewBeforeExpiryMinutes)
                    : ProxySessionRules.renewBeforeExpiryMinutes(p.renewBeforeExpiryMinutes, p.expiryMinutes));
        }
        if (p.expiryMinutes != null) {
            in.check("ExpiryMinutes", ProxySessionRules.expiryMinutes(p.expiryMinutes));
        }
        if (p.numberSelectionBehavior != null) {
            in.check("NumberSelectionBehavior", ProxySessionRules.numberSelectionBehavior(p.numberSelectionBehavior));
        }
        if (p.geoMatchLevel != null) {
            in.check("GeoMatchLevel", ProxySessionRules.geoMatchLevel(p.geoMatchLevel));
        }
        if (p.geoMatchParams != null) {
            if (p.geoMatchParams.country() != null) {
                in.check("GeoMatchParams.Country", ProxySessionRules.country(p.geoMatchParams.country()));
            }
            if (!p.geoMatchParams.areaCode().isEmpty()) {
                in.check("GeoMatchParams.AreaCode", ProxySessionRules.areaCode(p.geoMatchParams.areaCode()));
            }
            in.check("GeoMatchParams", ProxySessionRules.geoMatch(p.geoMatchLevel, p.geoMatchParams.country(),
                    p.geoMatchParams.areaCode()));
        }
        in.requireValid();
        return p;
    }

    /**
     * Reads properties without applying the rules, for the previous properties of an update: they were valid when
     * applied, and rules that changed since must not get in the way. Empty when they cannot be read at all.
     */
    static Optional<ProxySessionProperties> parseLenient(Map<String, Object> raw) {
        PropertyReader in = new PropertyReader(raw, SUPPORTED);
        ProxySessionProperties p = read(in);
        return p.voiceConnectorId == null || p.participantPhoneNumbers == null ? Optional.empty() : Optional.of(p);
    }

    private static ProxySessionProperties read(PropertyReader in) {
        String connector = in.voiceConnectorId("VoiceConnectorId");
        List<String> participants = in.strings("ParticipantPhoneNumbers", true);
        List<String> capabilities = in.strings("Capabilities", true);
        String name = in.optionalString("Name");
        Integer expiry = in.integer("ExpiryMinutes", false);
        String behavior = in.optionalString("NumberSelectionBehavior");
        String level = in.optionalString("GeoMatchLevel");
        GeoMatchParams geo = null;
        PropertyReader params = in.nested("GeoMatchParams", GEO_KEYS);
        if (params != null) {
            String area = params.string("AreaCode", false);
            geo = new GeoMatchParams(params.string("Country", true), area == null ? "" : area);
        }
        Integer renew = in.integer(RENEW_BEFORE_EXPIRY_MINUTES, false);
        return new ProxySessionProperties(connector, participants, capabilities, name, expiry, behavior, level, geo,
                renew);
    }

    /** True when the session is renewed before it expires. */
    boolean renews() {
        return renewBeforeExpiryMinutes != null;
    }

    /**
     * What a Delete needs to find a session's generations: the connector, and whether the session may have been
     * renewed.
     *
     * @param voiceConnectorId the connector, as given
     * @param renews           true when {@code RenewBeforeExpiryMinutes} is given at all, valid or not: a session
     *                         that may have generations is looked for in full
     */
    record DeleteTarget(String voiceConnectorId, boolean renews) {
    }

    /**
     * Reads what a Delete needs, without the rules: properties that would not validate today must never block a
     * delete.
     *
     * @throws InvalidPropertiesException when there is no connector id to delete the session from
     */
    static DeleteTarget forDelete(Map<String, Object> raw, String physicalResourceId) {
        PropertyReader in = new PropertyReader(raw, SUPPORTED);
        String connector = in.optionalString("VoiceConnectorId");
        if (connector == null) {
            throw new InvalidPropertiesException(List.of("Property 'VoiceConnectorId' is required to delete proxy "
                    + "session " + physicalResourceId));
        }
        return new DeleteTarget(connector, in.isGiven(RENEW_BEFORE_EXPIRY_MINUTES));
    }

    /**
     * The rule the renewal window breaks against the expiry the session really has, when ExpiryMinutes is not declared
     * (the connector's default applies, which the rules cannot know beforehand): every renewal would fail. Empty when
     * the session does not renew, declares its expiry (checked when parsed), or the window is shorter.
     *
     * @param actualExpiryMinutes the session's ExpiryMinutes as the service has it, or null when unknown
     */
    Optional<String> windowAgainst(Integer actualExpiryMinutes) {
        if (renewBeforeExpiryMinutes == null || expiryMinutes != null || actualExpiryMinutes == null
                || renewBeforeExpiryMinutes < actualExpiryMinutes) {
            return Optional.empty();
        }
        return Optional.of("Property '" + RENEW_BEFORE_EXPIRY_MINUTES + "' must be shorter than the session's expiry ("
                + actualExpiryMinutes + " minutes, as ExpiryMinutes is not declared); got " + renewBeforeExpiryMinutes);
    }

    /** True when the session keeps its proxy number across sessions of the same participants. */
    boolean sticky() {
        return "PreferSticky".equals(numberSelectionBehavior);
    }

}
