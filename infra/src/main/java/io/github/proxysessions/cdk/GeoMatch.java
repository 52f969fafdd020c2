package io.github.proxysessions.cdk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the proxy number should come from: the same country, or the same area code, as the first participant or as
 * given. A preference of the service, not a guarantee.
 *
 * <pre>{@code
 * GeoMatch.country()                 // the first participant's country
 * GeoMatch.country("US")
 * GeoMatch.areaCode()                // the first participant's area code
 * GeoMatch.areaCode("US", "206")
 * }</pre>
 */
public final class GeoMatch {

    private final String level;
    private final String country;
    private final String areaCode;

    private GeoMatch(String level, String country, String areaCode) {
        this.level = level;
        this.country = country;
        this.areaCode = areaCode;
    }

    /** A proxy number in the first participant's country. */
    public static GeoMatch country() {
        return new GeoMatch("Country", null, null);
    }

    /**
     * A proxy number in the given country.
     *
     * @param country ISO 3166 alpha-2 code, such as {@code "US"}
     */
    public static GeoMatch country(String country) {
        return new GeoMatch("Country", Objects.requireNonNull(country, "country"), null);
    }

    /** A proxy number with the first participant's area code. */
    public static GeoMatch areaCode() {
        return new GeoMatch("AreaCode", null, null);
    }

    /**
     * A proxy number with the given area code.
     *
     * @param country  ISO 3166 alpha-2 code, such as {@code "US"}
     * @param areaCode three digits, such as {@code "206"}
     */
    public static GeoMatch areaCode(String country, String areaCode) {
        return new GeoMatch("AreaCode", Objects.requireNonNull(country, "country"),
                Objects.requireNonNull(areaCode, "areaCode"));
    }

    /** {@code Country} or {@code AreaCode}: the API's GeoMatchLevel. */
    public String getLevel() {
        return level;
    }

    /** The country to match, or null for the first participant's. */
    public String getCountry() {
        return country;
    }

    /** The area code to match, or null. */
    public String getAreaCode() {
        return areaCode;
    }

    /** The API's GeoMatchParams, or null when matching follows the first participant. */
    Map<String, Object> toParams() {
        if (country == null) {
            return null;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("Country", country);
        if (areaCode != null) {
            params.put("AreaCode", areaCode);
        }
        return params;
    }
}
