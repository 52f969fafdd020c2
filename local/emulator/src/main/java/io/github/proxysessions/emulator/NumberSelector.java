package io.github.proxysessions.emulator;

import io.github.proxysessions.emulator.Inputs.CreateProxySession;
import io.github.proxysessions.emulator.Inputs.GeoMatchParams;
import io.github.proxysessions.emulator.Records.ProxyRec;
import io.github.proxysessions.emulator.Records.SessionRec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Chooses a session's proxy number, as docs/EMULATOR.md describes: from the connector's inventory, in the configured
 * countries, free for the pair (never a participant's own number), matched to a place when asked, sticky or not when
 * asked, otherwise the least used.
 * {@link #select} is a pure function of its request; {@link #choose} gathers that request from a connector's state.
 */
final class NumberSelector {

    private NumberSelector() {
    }

    /**
     * What a choice depends on.
     *
     * @param connectorId  the connector, for messages
     * @param inventory    the connector's phone numbers, in order (ties go to the first)
     * @param countries    the proxy configuration's countries (ISO 3166 alpha-2), as configured
     * @param first        the first participant as sent
     * @param second       the second participant as sent
     * @param busy         proxy numbers of open sessions with either participant: not free for this pair
     * @param load         how many sessions a number serves
     * @param lastForPair  the number this pair had last, or null
     * @param behavior     {@code PreferSticky}, {@code AvoidSticky} or null
     * @param geoLevel     {@code Country}, {@code AreaCode} or null
     * @param geoCountry   {@code GeoMatchParams.Country}, or null/empty to follow the first participant
     * @param geoAreaCode  {@code GeoMatchParams.AreaCode}, or null/empty
     */
    record Request(String connectorId, List<String> inventory, List<String> countries, String first, String second,
                   Set<String> busy, ToIntFunction<String> load, String lastForPair, String behavior,
                   String geoLevel, String geoCountry, String geoAreaCode) {
    }

    /**
     * The proxy number for a session that {@code in} asks for on the connector {@code cs}, whose proxy configuration
     * is {@code proxy}, at {@code now}. Call it under the connector's lock: it reads the connector's indexes.
     *
     * @throws ApiException 400 when no number is free (see {@link #select})
     */
    static String choose(ConnectorState cs, ProxyRec proxy, CreateProxySession in, long now) {
        String first = in.participantPhoneNumbers().get(0);
        String second = in.participantPhoneNumbers().get(1);
        // A proxy number is free for this pair when neither participant has an open session on it.
        Set<String> busy = new HashSet<>();
        for (String participant : List.of(first, second)) {
            for (String id : cs.sessionsByParticipant.getOrDefault(PhoneNumbers.digits(participant), Set.of())) {
                SessionRec s = cs.byId.get(id);
                if (s != null && s.active(now)) {
                    busy.add(s.proxyPhoneNumber());
                }
            }
        }
        GeoMatchParams geo = in.geoMatchParams();
        return select(new Request(cs.connector.id(), cs.inventory, proxy.phoneNumberCountries(), first, second, busy,
                number -> cs.sessionsByProxyNumber.getOrDefault(number, 0),
                cs.lastProxyNumberByPair.get(ConnectorState.pairKey(first, second)), in.numberSelectionBehavior(),
                in.geoMatchLevel(), geo == null ? null : geo.country(), geo == null ? null : geo.areaCode()));
    }

    /**
     * The proxy number for the request.
     *
     * @throws ApiException 400 when the inventory has no number in the countries, or none of them is free
     */
    static String select(Request r) {
        List<String> pool = new ArrayList<>();
        for (String number : r.inventory()) {
            if (r.countries().contains(PhoneNumbers.locate(number).country())) {
                pool.add(number);
            }
        }
        if (pool.isEmpty()) {
            throw ApiException.badRequest("Voice connector " + r.connectorId()
                    + " has no phone numbers in the proxy configuration's countries " + r.countries());
        }
        // Free for the pair: no open session with either participant, and neither participant's own number.
        Set<String> participants = Set.of(PhoneNumbers.digits(r.first()), PhoneNumbers.digits(r.second()));
        List<String> free = new ArrayList<>(pool);
        free.removeAll(r.busy());
        free.removeIf(number -> participants.contains(PhoneNumbers.digits(number)));
        if (free.isEmpty()) {
            throw ApiException.badRequest("No proxy phone number is available on voice connector "
                    + r.connectorId() + " for these participants: each of the " + pool.size() + " numbers in "
                    + r.countries() + " is in an open session with one of them, or is one of them");
        }
        free = geoMatches(r, free);
        if (r.lastForPair() != null) {
            if ("PreferSticky".equals(r.behavior()) && free.contains(r.lastForPair())) {
                return r.lastForPair();
            }
            if ("AvoidSticky".equals(r.behavior()) && free.size() > 1) {
                free.remove(r.lastForPair());
            }
        }
        // Otherwise the least used number, so that sessions spread over the pool.
        String best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (String number : free) {
            int load = r.load().applyAsInt(number);
            if (load < bestLoad) {
                best = number;
                bestLoad = load;
            }
        }
        return best;
    }

    /** The free numbers in the place asked for; all of them when none is (geo matching is a preference). */
    private static List<String> geoMatches(Request r, List<String> free) {
        if (r.geoLevel() == null) {
            return free;
        }
        PhoneNumbers.Location target = PhoneNumbers.locate(r.first());
        String country = target.country();
        String area = target.areaCode();
        if (r.geoCountry() != null && !r.geoCountry().isEmpty()) {
            country = r.geoCountry();
            area = r.geoAreaCode() == null || r.geoAreaCode().isEmpty() ? null : r.geoAreaCode();
        }
        List<String> matching = new ArrayList<>();
        for (String number : free) {
            PhoneNumbers.Location location = PhoneNumbers.locate(number);
            boolean countryMatches = country != null && country.equals(location.country());
            boolean areaMatches = !"AreaCode".equals(r.geoLevel()) || area == null || area.equals(location.areaCode());
            if (countryMatches && areaMatches) {
                matching.add(number);
            }
        }
        return matching.isEmpty() ? free : matching;
    }
}
