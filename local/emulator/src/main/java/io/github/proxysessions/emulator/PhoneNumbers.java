package io.github.proxysessions.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a phone number is: its country (ISO 3166 alpha-2) and, for the North American Numbering Plan, its area code.
 * Only what geo matching needs, for the countries the emulator's inventory covers; numbers of other countries have no
 * known location and never match a geo preference.
 */
final class PhoneNumbers {

    /** Calling codes of the countries the emulator knows, longest first so that prefix matching is unambiguous. */
    private static final List<Map.Entry<String, String>> CALLING_CODES = List.of(
            Map.entry("353", "IE"), Map.entry("44", "GB"), Map.entry("49", "DE"), Map.entry("33", "FR"),
            Map.entry("61", "AU"), Map.entry("81", "JP"), Map.entry("34", "ES"), Map.entry("39", "IT"),
            Map.entry("31", "NL"), Map.entry("46", "SE"), Map.entry("64", "NZ"), Map.entry("65", "SG"),
            Map.entry("52", "MX"), Map.entry("55", "BR"), Map.entry("91", "IN"), Map.entry("1", "US"));

    /** Canadian area codes; every other NANP area code counts as US (good enough for an emulator). */
    private static final Set<String> CANADIAN_AREA_CODES = Set.of(
            "204", "226", "236", "249", "250", "263", "289", "306", "343", "354", "365", "367", "368", "382",
            "403", "416", "418", "428", "431", "437", "438", "450", "468", "474", "506", "514", "519", "548",
            "579", "581", "584", "587", "604", "613", "639", "647", "672", "683", "705", "709", "742", "753",
            "778", "780", "782", "807", "819", "825", "867", "873", "879", "902", "905");

    /**
     * The inventory each new connector starts with: fictional numbers (NANP 555-01XX, Ofcom's drama ranges and the
     * like) in several area codes, so that country and area-code matching have something to choose from.
     */
    private static final List<String> DEFAULT_INVENTORY = buildDefaultInventory();

    private PhoneNumbers() {
    }

    /** A number's location, or {@code null} fields where unknown. */
    record Location(String country, String areaCode) {
    }

    /** Digits only: {@code +12065550100} and {@code 12065550100} are the same number. */
    static String digits(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }

    static Location locate(String e164) {
        String digits = digits(e164);
        for (Map.Entry<String, String> cc : CALLING_CODES) {
            if (digits.startsWith(cc.getKey())) {
                if (cc.getKey().equals("1")) {
                    if (digits.length() < 4) {
                        return new Location("US", null);
                    }
                    String area = digits.substring(1, 4);
                    return new Location(CANADIAN_AREA_CODES.contains(area) ? "CA" : "US", area);
                }
                return new Location(cc.getValue(), null);
            }
        }
        return new Location(null, null);
    }

    static List<String> defaultInventory() {
        return DEFAULT_INVENTORY;
    }

    private static List<String> buildDefaultInventory() {
        List<String> numbers = new ArrayList<>();
        for (String area : List.of("206", "212", "312", "415", "512", "617", "702", "808", "416", "604")) {
            for (int i = 0; i < 5; i++) {
                numbers.add("+1" + area + "55501" + String.format("%02d", i));
            }
        }
        for (int i = 0; i < 5; i++) {
            numbers.add("+4420794600" + String.format("%02d", i));   // GB, London drama range
            numbers.add("+4930901820" + String.format("%02d", i));   // DE, Berlin
            numbers.add("+3319900000" + i);   // FR, fiction range 01 99 00
            numbers.add("+6125550100" + i);   // AU, Sydney drama range
            numbers.add("+8135550000" + i);   // JP, Tokyo
        }
        numbers.sort(null);
        return List.copyOf(numbers);
    }
}
