package io.github.proxysessions.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps phone numbers out of messages and logs: only their last four digits are shown. */
public final class Masking {

    /**
     * A phone number in free text: an optional '+' and 7 to 15 digits, not part of a longer word or identifier (so the
     * all-digit groups of a UUID, which sit between hyphens, are left alone).
     */
    private static final Pattern PHONE_NUMBER = Pattern.compile("(?<![\\w+-])\\+?\\d{7,15}(?![\\w-])");

    private Masking() {
    }

    /** {@code +12065550100} becomes {@code ***0100}. */
    public static String maskPhoneNumber(String number) {
        if (number == null) {
            return null;
        }
        return number.length() <= 4 ? "***" : "***" + number.substring(number.length() - 4);
    }

    /** Masks every phone number found in {@code text}. */
    public static String maskPhoneNumbersIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = PHONE_NUMBER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(maskPhoneNumber(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A value quoted in a message: its phone numbers masked, and cut to 40 characters (then {@code ...}). */
    public static String abbreviate(String value) {
        String masked = maskPhoneNumbersIn(value);
        return masked.length() > 40 ? masked.substring(0, 40) + "..." : masked;
    }
}
