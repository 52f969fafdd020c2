package io.github.proxysessions.rules;

import java.util.regex.Pattern;

/** Keeps phone numbers out of messages and logs: only their last four digits are shown. */
public final class Masking {

    /** Digits that may part the groups of a written phone number: {@code +1 (206) 555-0100}, {@code 206.555.0100}. */
    private static final String SEPARATORS = " \u00a0-.()";
    /** At most this many separator characters between two groups of digits, as in {@code ") - "}. */
    private static final int MAX_SEPARATOR_RUN = 3;
    /** The fewest digits a phone number has (a local number); the most, E.164's 15, only limits unbroken runs. */
    private static final int MIN_DIGITS = 7;
    private static final int MAX_E164_DIGITS = 15;

    /** Runs of digits and separators that are something else: dates, UUIDs, IPv4 addresses, decimals. */
    private static final Pattern DATE = Pattern.compile("^\\d{4}[-.]\\d{1,2}[-.]\\d{1,2}");
    private static final Pattern UUID = Pattern.compile("^\\d{8}-\\d{4}-\\d{4}-\\d{4}-\\d{12}$");
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern DECIMAL = Pattern.compile("^\\d+\\.\\d+$");

    private Masking() {
    }

    /** {@code +12065550100} (or {@code +1 206 555 0100}) becomes {@code ***0100}: the last four digits. */
    public static String maskPhoneNumber(String number) {
        if (number == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < number.length(); i++) {
            if (Character.isDigit(number.charAt(i))) {
                digits.append(number.charAt(i));
            }
        }
        return digits.length() <= 4 ? "***" : "***" + digits.substring(digits.length() - 4);
    }

    /**
     * Masks every phone number found in {@code text}: a run of at least 7 digits, unbroken or in groups parted by
     * spaces, hyphens, dots or parentheses, with an optional leading '+', that stands apart from the words around it.
     * Runs that are part of an identifier (a UUID's groups, a connector id, an ARN's account), a date or a time, an
     * IPv4 address or a decimal are left alone, and so are unbroken runs longer than any E.164 number.
     */
    public static String maskPhoneNumbersIn(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int end = startsRun(text, i) ? runEnd(text, i) : -1;
            if (end < 0) {
                out.append(text.charAt(i));
                i++;
                continue;
            }
            String run = text.substring(i, end);
            out.append(standsApart(text, end) && isPhoneNumber(run) ? maskPhoneNumber(run) : run);
            i = end;
        }
        return out.toString();
    }

    /** A value quoted in a message: its phone numbers masked, and cut to 40 characters (then {@code ...}). */
    public static String abbreviate(String value) {
        String masked = maskPhoneNumbersIn(value);
        return masked.length() > 40 ? masked.substring(0, 40) + "..." : masked;
    }

    /**
     * True when a phone number may start at {@code i}: a '+', '(' or digit that does not continue a word, an
     * identifier, a decimal, a time or a path. A '+' needs only to stand apart from letters and digits
     * ({@code tel:+1}). After a colon a number may start too ({@code number:12065550100}, {@code "phone":1206...}),
     * unless a digit comes before the colon: that is a time ({@code 10:00:00}) or an ARN's region and account.
     */
    private static boolean startsRun(String text, int i) {
        char c = text.charAt(i);
        char before = i == 0 ? ' ' : text.charAt(i - 1);
        if (isPlus(c)) {
            return i + 1 < text.length() && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '(')
                    && !isWordCharacter(before);
        }
        if (c != '(' && !Character.isDigit(c)) {
            return false;
        }
        if (c == '(' && !(i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
            return false;
        }
        if (before == ':') {
            return i < 2 || !Character.isDigit(text.charAt(i - 2));
        }
        return !isWordCharacter(before) && "./-".indexOf(before) < 0 && !isPlus(before);
    }

    /** The end of the run of digits and separators starting at {@code start} (after its last digit), or -1. */
    private static int runEnd(String text, int start) {
        int i = isPlus(text.charAt(start)) ? start + 1 : start;
        int end = -1;
        while (i < text.length()) {
            if (Character.isDigit(text.charAt(i))) {
                i++;
                end = i;
                continue;
            }
            int j = i;
            while (j < text.length() && j - i < MAX_SEPARATOR_RUN && SEPARATORS.indexOf(text.charAt(j)) >= 0) {
                j++;
            }
            if (j == i || j >= text.length() || !Character.isDigit(text.charAt(j))) {
                break;
            }
            i = j;
        }
        return end;
    }

    /**
     * True when the run ending at {@code end} is not followed by more of a word, an identifier or a time. An
     * underscore after the digits does not hide the number ({@code +12065550100_2}): the word it joins would start
     * with the number itself.
     */
    private static boolean standsApart(String text, int end) {
        if (end >= text.length()) {
            return true;
        }
        char next = text.charAt(end);
        char after = end + 1 < text.length() ? text.charAt(end + 1) : ' ';
        if (Character.isLetterOrDigit(next)) {
            return false;
        }
        return !((next == ':' || next == '-' || next == '.') && Character.isLetterOrDigit(after));
    }

    private static boolean isPhoneNumber(String run) {
        int digits = 0;
        boolean parted = false;
        for (int i = 0; i < run.length(); i++) {
            if (Character.isDigit(run.charAt(i))) {
                digits++;
            } else if (!isPlus(run.charAt(i))) {
                parted = true;
            }
        }
        if (digits < MIN_DIGITS) {
            return false;
        }
        if (isPlus(run.charAt(0))) {
            return true;
        }
        if (!parted) {
            return digits <= MAX_E164_DIGITS;
        }
        return !DATE.matcher(run).find() && !UUID.matcher(run).matches() && !IPV4.matcher(run).matches()
                && !DECIMAL.matcher(run).matches();
    }

    private static boolean isPlus(char c) {
        return c == '+' || c == '\uff0b';
    }

    private static boolean isWordCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
