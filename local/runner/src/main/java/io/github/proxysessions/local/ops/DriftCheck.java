package io.github.proxysessions.local.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.ops.Drift.Difference;
import io.github.proxysessions.local.service.ProviderTypes;
import io.github.proxysessions.local.service.ServiceView;
import io.github.proxysessions.local.service.SessionLineages;
import io.github.proxysessions.local.service.VoiceConnectorType;
import io.github.proxysessions.rules.Masking;
import io.github.proxysessions.rules.ProxySessionRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.chimesdkvoice.model.Participant;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnector;

/**
 * Drift detection for the types the runner knows on the service, like {@code cdk drift}: each recorded resource's
 * declared properties (as last sent or applied) compared with what the service holds. Only what the declaration
 * says is compared: a property left out of the template, or a tag key it does not declare (such as the proxy
 * configuration's ownership marker), is never drift. Every value it reports has its phone numbers masked.
 *
 * <ul>
 *   <li>{@code Custom::ProxySession}: the lineage's current generation (see {@link SessionLineages}), or the latest
 *       one when none is Open; Status (Open expected: an expired session is MODIFIED, with when it ended),
 *       participants as a set of numbers by their digits, capabilities as a set, ExpiryMinutes when declared, the
 *       user's part of Name, NumberSelectionBehavior, GeoMatchLevel and GeoMatchParams when declared.</li>
 *   <li>{@code Custom::VoiceConnectorProxy}: DefaultSessionExpiryMinutes, PhoneNumberPoolCountries as a set,
 *       FallBackPhoneNumber, Disabled.</li>
 *   <li>{@code AWS::Chime::VoiceConnector}: Name, RequireEncryption, AwsRegion and NetworkType when declared, and
 *       the declared Tags.</li>
 * </ul>
 * Every other type is NOT_CHECKED: those with no local meaning, and other providers' custom resources.
 */
public final class DriftCheck {

    /**
     * What {@code status} says of one recorded resource.
     *
     * @param drift   its declaration compared with what the service holds
     * @param service what the service says of it, in a few words ({@code Open}, {@code configured}, a connector's
     *                settings and tags, {@code missing}); null for a type the runner does not know on the service
     */
    public record Checked(Drift drift, String service) {
    }

    private final ServiceView service;
    /**
     * By type, how a resource of it is checked: its drift and what the service says of it, from one reading. Adding
     * a type is one entry.
     */
    private final Map<String, Function<ResourceRecord, Checked>> checks;

    public DriftCheck(ServiceView service) {
        this.service = service;
        this.checks = Map.of(
                ProviderTypes.PROXY_SESSION, this::proxySession,
                ProviderTypes.PROXY_CONFIGURATION, this::proxyConfiguration,
                VoiceConnectorType.TYPE, this::voiceConnector);
    }

    /** A resource of the stack: its drift, and what the service says of it. */
    public Checked of(ResourceRecord r) {
        Function<ResourceRecord, Checked> check = checks.get(r.type());
        if (check == null) {
            return new Checked(Drift.notChecked(r.skipped() ? "no local meaning"
                    : "the local runner has no drift check for " + r.type()), null);
        }
        try {
            return check.apply(r);
        } catch (SdkException e) {
            return new Checked(Drift.unknown("the service did not answer: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("")),
                    "unknown (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A resource that left the stack (still to be deleted): not checked, since nothing declares it; what it is. */
    public Checked leftover(ResourceRecord r) {
        return new Checked(Drift.notChecked("it left the stack"), of(r).service());
    }

    // ------------------------------------------------------------------------------------------------ per type

    private Checked proxySession(ResourceRecord r) {
        JsonNode declared = r.properties();
        String connector = declared.path("VoiceConnectorId").asText();
        Optional<ProxySession> found = SessionLineages.current(connector, r.physicalId(),
                service.sessions(connector));
        if (found.isEmpty()) {
            return new Checked(Drift.deleted("no session of this resource on voice connector " + connector),
                    "missing");
        }
        ProxySession s = found.get();
        List<Difference> out = new ArrayList<>();
        if ("Closed".equals(s.statusAsString())) {
            out.add(Difference.of("Status", "Open", "Closed").withDetail(s.endedTimestamp() == null ? null
                    : "ended " + s.endedTimestamp()));
        }
        TreeSet<String> participants = digits(strings(declared.path("ParticipantPhoneNumbers")));
        TreeSet<String> held = digits(s.participants().stream().map(Participant::phoneNumber).toList());
        if (!participants.equals(held)) {
            out.add(Difference.of("ParticipantPhoneNumbers", masked(participants), masked(held)));
        }
        compare(out, "Capabilities", new TreeSet<>(strings(declared.path("Capabilities"))),
                new TreeSet<>(s.capabilitiesAsStrings()));
        if (declared.has("ExpiryMinutes")) {
            compare(out, "ExpiryMinutes", declared.get("ExpiryMinutes").asText(),
                    s.expiryMinutes() == null ? null : String.valueOf(s.expiryMinutes()));
        }
        compare(out, "Name", Masking.maskPhoneNumbersIn(declared.path("Name").asText("")),
                Masking.maskPhoneNumbersIn(SessionLineages.userName(s.name())));
        ifDeclared(out, declared, "NumberSelectionBehavior", s.numberSelectionBehaviorAsString());
        ifDeclared(out, declared, "GeoMatchLevel", s.geoMatchLevelAsString());
        if (declared.has("GeoMatchParams")) {
            JsonNode geo = declared.get("GeoMatchParams");
            var actual = s.geoMatchParams();
            compare(out, "GeoMatchParams.Country", geo.path("Country").asText(null),
                    actual == null ? null : actual.country());
            compare(out, "GeoMatchParams.AreaCode", emptyAsNull(geo.path("AreaCode").asText(null)),
                    actual == null ? null : emptyAsNull(actual.areaCode()));
        }
        return new Checked(Drift.inSyncOrModified(out, s.proxySessionId().equals(r.physicalId()) ? null
                : s.proxySessionId()), s.statusAsString());
    }

    private Checked proxyConfiguration(ResourceRecord r) {
        JsonNode declared = r.properties();
        String connector = declared.path("VoiceConnectorId").asText();
        Optional<Proxy> found = service.proxy(connector);
        if (found.isEmpty()) {
            return new Checked(Drift.deleted("voice connector " + connector + " has no proxy configuration"),
                    "missing");
        }
        Proxy p = found.get();
        List<Difference> out = new ArrayList<>();
        compare(out, "DefaultSessionExpiryMinutes", declared.path("DefaultSessionExpiryMinutes").asText(null),
                p.defaultSessionExpiryMinutes() == null ? null : String.valueOf(p.defaultSessionExpiryMinutes()));
        compare(out, "PhoneNumberPoolCountries", new TreeSet<>(strings(declared.path("PhoneNumberPoolCountries"))),
                new TreeSet<>(p.phoneNumberCountries()));
        compare(out, "FallBackPhoneNumber", Masking.maskPhoneNumber(declared.path("FallBackPhoneNumber")
                .asText(null)), Masking.maskPhoneNumber(p.fallBackPhoneNumber()));
        compare(out, "Disabled", String.valueOf(declared.path("Disabled").asText("false").equals("true")),
                String.valueOf(Boolean.TRUE.equals(p.disabled())));
        return new Checked(Drift.inSyncOrModified(out, null), "configured");
    }

    private Checked voiceConnector(ResourceRecord r) {
        JsonNode declared = r.properties();
        String id = VoiceConnectorType.idOf(r.physicalId());
        Optional<VoiceConnector> found = service.connector(id);
        if (found.isEmpty()) {
            return new Checked(Drift.deleted("no voice connector " + id), "missing");
        }
        VoiceConnector c = found.get();
        List<Difference> out = new ArrayList<>();
        compare(out, "Name", declared.path("Name").asText(null), c.name());
        compare(out, "RequireEncryption", declared.path("RequireEncryption").asText(null),
                c.requireEncryption() == null ? null : String.valueOf(c.requireEncryption()));
        ifDeclared(out, declared, "AwsRegion", c.awsRegionAsString());
        ifDeclared(out, declared, "NetworkType", c.networkTypeAsString());
        Map<String, String> held = service.tags(r.physicalId());
        VoiceConnectorType.declaredTags(declared).forEach((key, value) -> compare(out, "Tags." + key, value,
                held.get(key)));
        return new Checked(Drift.inSyncOrModified(out, null), describe(c, held));
    }

    /**
     * What the service says of a voice connector: its name, region, network type, encryption, whether it has a
     * proxy configuration, and all its tags (those the template does not declare too, such as an ownership marker).
     */
    private String describe(VoiceConnector c, Map<String, String> tags) {
        return "present: '" + c.name() + "', " + c.awsRegionAsString()
                + (c.networkTypeAsString() == null ? "" : ", " + c.networkTypeAsString())
                + ", encryption " + (Boolean.TRUE.equals(c.requireEncryption()) ? "required" : "not required")
                + (service.proxy(c.voiceConnectorId()).isPresent() ? ", proxy configuration set"
                        : ", no proxy configuration")
                + ", tags [" + tags.entrySet().stream().map(t -> t.getKey() + "=" + t.getValue())
                        .collect(Collectors.joining(", ")) + "]";
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void ifDeclared(List<Difference> out, JsonNode declared, String property, String actual) {
        if (declared.has(property)) {
            compare(out, property, declared.get(property).asText(), actual);
        }
    }

    private static void compare(List<Difference> out, String property, String expected, String actual) {
        if (!Objects.equals(expected, actual)) {
            out.add(Difference.of(property, expected, actual));
        }
    }

    private static void compare(List<Difference> out, String property, TreeSet<String> expected,
                                TreeSet<String> actual) {
        compare(out, property, String.join(", ", expected), String.join(", ", actual));
    }

    /** Phone numbers as a set of their digits: the '+' is optional. */
    private static TreeSet<String> digits(Collection<String> numbers) {
        TreeSet<String> out = new TreeSet<>();
        numbers.forEach(n -> out.add(ProxySessionRules.digits(n)));
        return out;
    }

    private static String masked(TreeSet<String> numbers) {
        return String.join(", ", numbers.stream().map(Masking::maskPhoneNumber).toList());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
