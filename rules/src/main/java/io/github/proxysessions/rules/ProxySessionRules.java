package io.github.proxysessions.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a proxy session's properties must follow, shared by the Lambda handler (which checks what CloudFormation
 * sends) and the CDK construct (which checks literal values at synth time), so that the two cannot drift apart.
 *
 * <p>Each check returns empty when the value is valid, or the rule it breaks, worded to follow the name of the
 * property: {@code "must be ..."}. Callers put their own name for the property in front. No message contains a full
 * phone number.
 */
public final class ProxySessionRules {

    /** The service's documented maximum session length: 12 hours. */
    public static final int MAX_EXPIRY_MINUTES = 720;
    public static final int MIN_EXPIRY_MINUTES = 1;
    /** The service's limit on a session's name. */
    public static final int SERVICE_NAME_MAX_LENGTH = 30;
    /**
     * What is left of the service's 30 characters for the name a user chooses: 22. The provider keeps a space and the
     * 7-character tag it appends to every session's name ({@link ProxySessionLineage#TAG_LENGTH}), so that a retried
     * delivery of the same CloudFormation request finds the session the first delivery created.
     */
    public static final int MAX_NAME_LENGTH = SERVICE_NAME_MAX_LENGTH - ProxySessionLineage.TAG_LENGTH - 1;
    /** What is left for the user's name when the session is renewed: 19. */
    public static final int MAX_RENEWABLE_NAME_LENGTH = MAX_NAME_LENGTH - ProxySessionLineage.MAX_GENERATION_LENGTH;

    /**
     * The property of a {@code Custom::ProxySession} that asks for renewal, its window in minutes: defined here once,
     * for the constructs that write it and the handler that reads it.
     */
    public static final String RENEW_BEFORE_EXPIRY_MINUTES = "RenewBeforeExpiryMinutes";
    /** The shortest renewal window, in minutes. */
    public static final int MIN_RENEW_BEFORE_EXPIRY_MINUTES = 1;
    /** The longest renewal window, in minutes: shorter than the longest session. */
    public static final int MAX_RENEW_BEFORE_EXPIRY_MINUTES = MAX_EXPIRY_MINUTES - 1;

    /**
     * The properties of a {@code Custom::ProxySession} that UpdateProxySession cannot change, in the order a
     * replacement names them: a change of any of them needs a new session (a new id, and possibly a new proxy
     * number). Capabilities and ExpiryMinutes change in place, and RenewBeforeExpiryMinutes is the provider's own.
     */
    public static final List<String> REPLACING_PROPERTIES = List.of("VoiceConnectorId", "ParticipantPhoneNumbers",
            "Name", "NumberSelectionBehavior", "GeoMatchLevel", "GeoMatchParams");

    public static final List<String> CAPABILITIES = List.of("Voice", "SMS");
    public static final List<String> NUMBER_SELECTION_BEHAVIORS = List.of("PreferSticky", "AvoidSticky");
    public static final List<String> GEO_MATCH_LEVELS = List.of("Country", "AreaCode");

    /** Voice connector ids: 21 or 22 lower-case letters and digits, or a UUID (the model's pattern, anchored). */
    private static final Pattern VOICE_CONNECTOR_ID = Pattern.compile(
            "^([a-z0-9]{21,22}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$");
    /** A voice connector's ARN, {@code arn:<partition>:chime:<region>:<account>:vc/<id>}, its id captured. */
    private static final Pattern VOICE_CONNECTOR_ARN = Pattern.compile("^arn:[a-z-]+:chime:[a-z0-9-]*:[0-9]*:vc/(.+)$");
    private static final Pattern E164 = Pattern.compile("^\\+?[1-9]\\d{1,14}$");
    /** A North American number without its country code: NXX NXX XXXX, N from 2 to 9. */
    private static final Pattern NANP_NATIONAL = Pattern.compile("^[2-9]\\d{2}[2-9]\\d{6}$");
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9 ]*$");
    private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");
    private static final Pattern AREA_CODE = Pattern.compile("^[0-9]{3}$");

    private ProxySessionRules() {
    }

    /**
     * A voice connector id. An ARN is refused with a message that says what to give instead: CloudFormation's
     * {@code Ref} of an {@code AWS::Chime::VoiceConnector} is its ARN, so it is the mistake to expect.
     */
    public static Optional<String> voiceConnectorId(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of("must be a voice connector id, and is empty");
        }
        if (id.startsWith("arn:")) {
            return Optional.of("must be a voice connector id, not an ARN: give "
                    + voiceConnectorIdInArn(id).map(inner -> "the part after 'vc/' ('" + Masking.abbreviate(inner)
                            + "')").orElse("the connector's id")
                    + "; with the CDK constructs, pass the connector itself with voiceConnector(...); in a template, "
                    + "use Fn::GetAtt <Connector>.VoiceConnectorId, not Ref");
        }
        if (!VOICE_CONNECTOR_ID.matcher(id).matches()) {
            return Optional.of("must be a voice connector id (21 or 22 lower-case letters and digits, or a UUID); got '"
                    + Masking.abbreviate(id) + "'");
        }
        return Optional.empty();
    }

    /**
     * The id in a voice connector's ARN ({@code arn:<partition>:chime:<region>:<account>:vc/<id>}), or empty when
     * {@code arn} is not one. The id itself is not checked: {@link #voiceConnectorId(String)} does that.
     */
    public static Optional<String> voiceConnectorIdInArn(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        Matcher m = VOICE_CONNECTOR_ARN.matcher(arn);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static Optional<String> phoneNumber(String number) {
        if (number == null || !E164.matcher(number).matches()) {
            return Optional.of("must be an E.164 phone number (an optional '+', then 2 to 15 digits, the first not 0)"
                    + (number == null ? "" : "; got '" + Masking.maskPhoneNumber(number) + "'"));
        }
        return Optional.empty();
    }

    /**
     * What a number that {@link #phoneNumber(String) follows the rule} may still get wrong: without a '+', the
     * service reads its first digits as the country code, so the US number {@code 2065550100} would be {@code +20}
     * (Egypt) followed by {@code 65550100}. The service accepts such numbers, and {@code 12065550100} is a correct
     * way to write a US number, so this is a warning rather than a broken rule.
     *
     * @return empty for a number with a '+' (or one that breaks the rule), otherwise the warning, worded to follow
     *         the name of the property, with the number masked
     */
    public static Optional<String> phoneNumberWarning(String number) {
        if (number == null || number.startsWith("+") || phoneNumber(number).isPresent()) {
            return Optional.empty();
        }
        String masked = Masking.maskPhoneNumber(number);
        String nanp = NANP_NATIONAL.matcher(number).matches()
                ? " It looks like a North American number without its country code: write +1 before its 10 digits."
                : "";
        // No example number in full: the handler masks every phone-number-like value in what it says.
        return Optional.of("'" + masked + "' has no '+': the service reads its first digits as the country code, so "
                + "a US number written without +1 is read as another country's (206... as +20, Egypt)." + nanp
                + " Write numbers in E.164: '+', the country code, then the number.");
    }

    /** Exactly two different E.164 numbers; the order matters to geo matching, which follows the first. */
    public static Optional<String> participantPhoneNumbers(List<String> numbers) {
        return participantPhoneNumbers(numbers, number -> false);
    }

    /**
     * {@link #participantPhoneNumbers(List)} for a list some of whose numbers are not known yet (the CDK construct's
     * tokens, which the handler checks once they are resolved): there must still be exactly two, the known ones must
     * be E.164 numbers, and whether the two differ is only checked when both are known.
     *
     * @param unknown true for a number whose value is not known yet
     */
    public static Optional<String> participantPhoneNumbers(List<String> numbers, Predicate<String> unknown) {
        if (numbers == null || numbers.size() != 2) {
            return Optional.of("must be exactly 2 phone numbers; got " + (numbers == null ? 0 : numbers.size()));
        }
        for (int i = 0; i < 2; i++) {
            if (unknown.test(numbers.get(i))) {
                continue;
            }
            Optional<String> broken = phoneNumber(numbers.get(i));
            if (broken.isPresent()) {
                return Optional.of("item " + (i + 1) + " " + broken.get());
            }
        }
        if (unknown.test(numbers.get(0)) || unknown.test(numbers.get(1))) {
            return Optional.empty();
        }
        if (digits(numbers.get(0)).equals(digits(numbers.get(1)))) {
            return Optional.of("must be two different phone numbers; both are '"
                    + Masking.maskPhoneNumber(numbers.get(0)) + "'");
        }
        return Optional.empty();
    }

    /**
     * Voice and/or SMS, each at most once. A repeated capability is refused rather than silently dropped, by the
     * construct at synth time and by the handler at deploy time alike: it is a mistake in the declaration, and
     * CloudFormation's own schemas refuse repeated items the same way ({@code uniqueItems}).
     */
    public static Optional<String> capabilities(Collection<String> capabilities) {
        if (capabilities == null || capabilities.isEmpty()) {
            return Optional.of("must list at least one of " + CAPABILITIES);
        }
        for (String c : capabilities) {
            if (!CAPABILITIES.contains(c)) {
                return Optional.of("must contain only " + CAPABILITIES + "; got '"
                        + Masking.abbreviate(String.valueOf(c)) + "'");
            }
        }
        if (new HashSet<>(capabilities).size() != capabilities.size()) {
            return Optional.of("must not repeat a capability; got " + capabilities);
        }
        return Optional.empty();
    }

    /** {@link #name(String, boolean)} for a session without renewal: at most {@value #MAX_NAME_LENGTH} characters. */
    public static Optional<String> name(String name) {
        return name(name, false);
    }

    /**
     * A session's name: ASCII letters, digits and spaces, at most {@value #MAX_NAME_LENGTH} characters, or
     * {@value #MAX_RENEWABLE_NAME_LENGTH} when the session is renewed (the provider keeps the rest of the service's
     * 30 for the tags it appends). The two rules are reported separately: which characters are not allowed, and how
     * long the name may be.
     */
    public static Optional<String> name(String name, boolean renewed) {
        if (name == null) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        Set<String> notAllowed = new LinkedHashSet<>();
        name.codePoints().filter(c -> !NAME.matcher(Character.toString(c)).matches())
                .forEach(c -> notAllowed.add(describe(c)));
        if (!notAllowed.isEmpty()) {
            problems.add("must contain only letters, digits and spaces; not allowed: " + String.join(", ", notAllowed));
        }
        int max = renewed ? MAX_RENEWABLE_NAME_LENGTH : MAX_NAME_LENGTH;
        if (name.length() > max) {
            problems.add("must be at most " + max + " characters (the service allows " + SERVICE_NAME_MAX_LENGTH
                    + "; the provider keeps " + (SERVICE_NAME_MAX_LENGTH - max) + " for "
                    + (renewed ? "the tags of a renewed session" : "its idempotency tag") + "); got " + name.length());
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(", and ", problems));
    }

    /** A character for a message: quoted when it prints, named by its code point when it does not. */
    private static String describe(int codePoint) {
        if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                || !Character.isDefined(codePoint)) {
            return String.format("U+%04X", codePoint);
        }
        return "'" + Character.toString(codePoint) + "'";
    }

    public static Optional<String> expiryMinutes(long minutes) {
        if (minutes < MIN_EXPIRY_MINUTES || minutes > MAX_EXPIRY_MINUTES) {
            return Optional.of("must be from " + MIN_EXPIRY_MINUTES + " to " + MAX_EXPIRY_MINUTES
                    + " minutes (the service's maximum is 12 hours); got " + minutes);
        }
        return Optional.empty();
    }

    /**
     * A renewal window ({@code RenewBeforeExpiryMinutes}): a whole number of minutes from
     * {@value #MIN_RENEW_BEFORE_EXPIRY_MINUTES} to {@value #MAX_RENEW_BEFORE_EXPIRY_MINUTES}.
     */
    public static Optional<String> renewBeforeExpiryMinutes(long minutes) {
        if (minutes < MIN_RENEW_BEFORE_EXPIRY_MINUTES || minutes > MAX_RENEW_BEFORE_EXPIRY_MINUTES) {
            return Optional.of("must be from " + MIN_RENEW_BEFORE_EXPIRY_MINUTES + " to "
                    + MAX_RENEW_BEFORE_EXPIRY_MINUTES + " minutes (shorter than the longest session, 12 hours); got "
                    + minutes);
        }
        return Optional.empty();
    }

    /**
     * A renewal window against the session's declared expiry: it must be shorter, or the session would be renewed as
     * soon as it is made. Without a declared expiry, the handler checks against the session's real one.
     */
    public static Optional<String> renewBeforeExpiryMinutes(long minutes, long expiryMinutes) {
        Optional<String> range = renewBeforeExpiryMinutes(minutes);
        if (range.isPresent()) {
            return range;
        }
        if (minutes >= expiryMinutes) {
            return Optional.of("must be shorter than the session's expiry (" + expiryMinutes + " minutes); got "
                    + minutes);
        }
        return Optional.empty();
    }

    public static Optional<String> numberSelectionBehavior(String behavior) {
        return oneOf(behavior, NUMBER_SELECTION_BEHAVIORS);
    }

    public static Optional<String> geoMatchLevel(String level) {
        return oneOf(level, GEO_MATCH_LEVELS);
    }

    public static Optional<String> country(String country) {
        if (country == null || !COUNTRY.matcher(country).matches()) {
            return Optional.of("must be an ISO 3166 alpha-2 country code such as 'US'; got '"
                    + Masking.abbreviate(String.valueOf(country)) + "'");
        }
        return Optional.empty();
    }

    public static Optional<String> areaCode(String areaCode) {
        if (areaCode == null || !AREA_CODE.matcher(areaCode).matches()) {
            return Optional.of("must be a 3-digit area code such as '206'; got '"
                    + Masking.abbreviate(String.valueOf(areaCode)) + "'");
        }
        return Optional.empty();
    }

    /**
     * How the geo-matching properties combine: parameters say where to match, the level says how closely, so
     * parameters need a level, and matching by area code on explicit parameters needs an area code.
     *
     * @param level    GeoMatchLevel, or null
     * @param country  GeoMatchParams.Country, or null when there are no parameters
     * @param areaCode GeoMatchParams.AreaCode, or null/empty when not given
     */
    public static Optional<String> geoMatch(String level, String country, String areaCode) {
        if (country == null) {
            return Optional.empty();
        }
        if (level == null) {
            return Optional.of("needs GeoMatchLevel: parameters alone do not ask the service to match anything");
        }
        if (level.equals("AreaCode") && (areaCode == null || areaCode.isEmpty())) {
            return Optional.of("must include an AreaCode when GeoMatchLevel is AreaCode");
        }
        return Optional.empty();
    }

    /**
     * Which of a proxy session's {@link #REPLACING_PROPERTIES} a change from {@code before} to {@code after} changes:
     * empty when the session is updated in place, otherwise the properties that need a new session. The one rule the
     * handler replaces a session by and that the local runner's {@code diff} predicts replacement with.
     *
     * <p>The properties are as CloudFormation sends them (scalars as strings; lists and objects as such). Participants
     * are compared in order, because geo matching follows the first, by their digits, since the '+' is optional; an
     * empty string is as good as an absent value; {@code GeoMatchParams} without an AreaCode is the same as with an
     * empty one. A null map is a resource with no properties.
     */
    public static List<String> replacingChanges(Map<String, ?> before, Map<String, ?> after) {
        Map<String, ?> was = before == null ? Map.of() : before;
        Map<String, ?> now = after == null ? Map.of() : after;
        List<String> changed = new ArrayList<>();
        for (String property : REPLACING_PROPERTIES) {
            if (!Objects.equals(comparable(property, was.get(property)), comparable(property, now.get(property)))) {
                changed.add(property);
            }
        }
        return changed;
    }

    /** A replacing property's value as the rule compares it. */
    private static Object comparable(String property, Object value) {
        if (value == null || "".equals(value)) {
            return null;
        }
        if (property.equals("ParticipantPhoneNumbers") && value instanceof List<?> numbers) {
            return numbers.stream().map(n -> digits(String.valueOf(n))).toList();
        }
        if (property.equals("GeoMatchParams") && value instanceof Map<?, ?> params) {
            Map<Object, Object> out = new HashMap<>();
            params.forEach((k, v) -> {
                if (v != null && !"".equals(v)) {
                    out.put(k, String.valueOf(v));
                }
            });
            return out;
        }
        return value instanceof String || value instanceof List<?> || value instanceof Map<?, ?> ? value
                : String.valueOf(value);
    }

    /** Two phone numbers are the same participant when their digits are: the '+' is optional. */
    public static String digits(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }

    /** True when the two lists hold the same capabilities, in any order, counting duplicates once. */
    public static boolean sameCapabilities(Collection<String> a, Collection<String> b) {
        return sameElements(a, b);
    }

    /** True when the two collections hold the same elements, in any order, counting duplicates once. */
    static boolean sameElements(Collection<String> a, Collection<String> b) {
        return new HashSet<>(a).equals(new HashSet<>(b));
    }

    private static Optional<String> oneOf(String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            return Optional.of("must be one of " + allowed + "; got '" + Masking.abbreviate(String.valueOf(value))
                    + "'");
        }
        return Optional.empty();
    }
}
