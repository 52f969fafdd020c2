package io.github.proxysessions.emulator;

import io.github.proxysessions.emulator.Inputs.CreateProxySession;
import io.github.proxysessions.emulator.Inputs.CreateVoiceConnector;
import io.github.proxysessions.emulator.Inputs.GeoMatchParams;
import io.github.proxysessions.emulator.Inputs.ListProxySessions;
import io.github.proxysessions.emulator.Inputs.ListVoiceConnectors;
import io.github.proxysessions.emulator.Inputs.PutVoiceConnectorProxy;
import io.github.proxysessions.emulator.Inputs.TagResource;
import io.github.proxysessions.emulator.Inputs.UntagResource;
import io.github.proxysessions.emulator.Inputs.UpdateProxySession;
import io.github.proxysessions.emulator.Inputs.UpdateVoiceConnector;
import io.github.proxysessions.emulator.JournalRecord.ClockPut;
import io.github.proxysessions.emulator.JournalRecord.ConnectorDelete;
import io.github.proxysessions.emulator.JournalRecord.ConnectorPut;
import io.github.proxysessions.emulator.JournalRecord.ConnectorUpdate;
import io.github.proxysessions.emulator.JournalRecord.InventoryPut;
import io.github.proxysessions.emulator.JournalRecord.ProxyDelete;
import io.github.proxysessions.emulator.JournalRecord.ProxyPut;
import io.github.proxysessions.emulator.JournalRecord.SessionDelete;
import io.github.proxysessions.emulator.JournalRecord.SessionPut;
import io.github.proxysessions.emulator.JournalRecord.TagsPut;
import io.github.proxysessions.emulator.Pages.Page;
import io.github.proxysessions.emulator.Records.ConnectorRec;
import io.github.proxysessions.emulator.Records.ParticipantRec;
import io.github.proxysessions.emulator.Records.ProxyRec;
import io.github.proxysessions.emulator.Records.SessionRec;
import io.github.proxysessions.emulator.Records.TagRec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;

/**
 * The emulated service's rules: what each operation of the API may do to voice connectors, their proxy configurations
 * and proxy sessions, with the behaviour that docs/EMULATOR.md describes. Every change goes through
 * {@link ServiceState#change}, which journals and applies it; this class decides what the change is. Thread-safe.
 */
final class VoiceService {

    /** Where a voice connector is when its creator does not say. */
    private static final String DEFAULT_REGION = "us-east-1";
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final ServiceState state;
    private final EmulatorClock clock;
    private final Object clockChange = new Object();
    private final Object connectorCreation = new Object();

    VoiceService(ServiceState state) {
        this.state = state;
        this.clock = state.clock();
    }

    // ---------------------------------------------------------------- voice connectors

    ConnectorRec createVoiceConnector(CreateVoiceConnector in) {
        return createVoiceConnector(randomConnectorId(), in);
    }

    ConnectorRec createVoiceConnector(String id, CreateVoiceConnector in) {
        synchronized (connectorCreation) {
            return state.change(null, none -> {
                if (state.find(id) != null) {
                    throw ApiException.conflict("Voice connector " + id + " already exists");
                }
                long now = clock.millis();
                ConnectorRec rec = new ConnectorRec(id, state.nextSeq(), in.name(),
                        in.awsRegion() == null ? DEFAULT_REGION : in.awsRegion(), in.requireEncryption(),
                        in.networkType(), in.integrationType(), now, now);
                List<TagRec> tags = mergeTags(List.of(), in.tags() == null ? List.of() : in.tags());
                return new ServiceState.Change<>(rec, seq -> new ConnectorPut(seq, rec, PhoneNumbers.defaultInventory(), tags));
            });
        }
    }

    ConnectorRec updateVoiceConnector(UpdateVoiceConnector in) {
        return state.change(in.voiceConnectorId(), cs -> {
            ConnectorRec c = cs.connector;
            ConnectorRec rec = new ConnectorRec(c.id(), c.seq(), in.name(), c.awsRegion(), in.requireEncryption(),
                    c.networkType(), c.integrationType(), c.created(), clock.millis());
            return new ServiceState.Change<>(rec, seq -> new ConnectorUpdate(seq, rec));
        });
    }

    ConnectorRec getVoiceConnector(String id) {
        return state.connector(id).connector;
    }

    void deleteVoiceConnector(String id) {
        state.change(id, cs -> {
            if (!cs.byId.isEmpty()) {
                throw ApiException.conflict("Voice connector " + id + " has " + cs.byId.size()
                        + " proxy sessions; delete them before deleting the voice connector");
            }
            return new ServiceState.Change<>(null, seq -> new ConnectorDelete(seq, id));
        });
    }

    Page<ConnectorRec> listVoiceConnectors(ListVoiceConnectors in) {
        return Pages.page(state.connectorOrder(), id -> {
            ConnectorState cs = state.find(id);
            return cs == null ? null : cs.connector;
        }, c -> true, ConnectorRec::seq, "connectors", "-", in.maxResults(), in.nextToken());
    }

    /** Replaces the phone numbers a connector's proxy numbers are drawn from (emulator-only). */
    void setInventory(String connectorId, List<String> numbers) {
        List<String> inventory = List.copyOf(numbers);
        state.change(connectorId, cs -> new ServiceState.Change<>(null, seq -> new InventoryPut(seq, connectorId, inventory)));
    }

    // ---------------------------------------------------------------- tags

    /** The tags of the resource that {@code arn} names: only voice connectors have tags here. */
    List<TagRec> listTags(String arn) {
        return state.connector(connectorIdOf(arn)).tags;
    }

    /** Adds tags to the resource, replacing the value of a key it has already. */
    void tagResource(TagResource in) {
        String connectorId = connectorIdOf(in.resourceARN());
        state.change(connectorId, cs -> {
            List<TagRec> merged = mergeTags(cs.tags, in.tags());
            if (merged.size() > ServiceRules.MAX_TAGS) {
                throw new ApiException(400, "ResourceLimitExceededException",
                        "Voice connector " + connectorId + " would have " + merged.size() + " tags; a resource can "
                                + "have at most " + ServiceRules.MAX_TAGS);
            }
            return new ServiceState.Change<>(null, seq -> new TagsPut(seq, connectorId, merged));
        });
    }

    /** Removes the tags with these keys from the resource; keys it does not have are ignored. */
    void untagResource(UntagResource in) {
        String connectorId = connectorIdOf(in.resourceARN());
        Set<String> removed = new HashSet<>(in.tagKeys());
        state.change(connectorId, cs -> {
            List<TagRec> kept = cs.tags.stream().filter(tag -> !removed.contains(tag.key())).toList();
            return new ServiceState.Change<>(null, seq -> new TagsPut(seq, connectorId, kept));
        });
    }

    /**
     * The id of the voice connector that a resource ARN names: {@code arn:aws:chime:<region>:<account>:vc/<id>} with
     * this emulator's account. The region is not compared, as callers build ARNs from their own region.
     *
     * @param text an ARN that {@link ServiceRules} has accepted
     * @throws ApiException 404 when it names no voice connector of this account
     */
    private static String connectorIdOf(String text) {
        Arn arn = Arn.parse(text);
        if (arn.partition().equals("aws") && arn.service().equals("chime")
                && arn.account().equals(ServiceRules.ACCOUNT_ID) && arn.resource().startsWith("vc/")
                && arn.resource().indexOf('/', 3) < 0 && arn.resource().length() > 3) {
            return arn.resource().substring(3);
        }
        throw ApiException.notFound("No resource with the given ResourceARN: only voice connectors have tags here, "
                + "as arn:aws:chime:<region>:" + ServiceRules.ACCOUNT_ID + ":vc/<voice connector id>");
    }

    /** {@code current} with {@code added} applied: a new key goes last, a key already there keeps its place. */
    private static List<TagRec> mergeTags(List<TagRec> current, List<TagRec> added) {
        Map<String, String> merged = new LinkedHashMap<>();
        current.forEach(tag -> merged.put(tag.key(), tag.value()));
        added.forEach(tag -> merged.put(tag.key(), tag.value()));
        List<TagRec> out = new ArrayList<>();
        merged.forEach((k, v) -> out.add(new TagRec(k, v)));
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- the clock

    /** How far the emulator's clock has been moved ahead of the clock it was built with. */
    Duration clockOffset() {
        return Duration.ofMillis(clock.offsetMillis());
    }

    /** Moves the clock ahead, durably; returns the new total offset. */
    Duration advanceClock(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward; cannot advance it by " + by);
        }
        synchronized (clockChange) {
            return state.change(null, none -> {
                long total = Math.addExact(clock.offsetMillis(), by.toMillis());
                return new ServiceState.Change<>(Duration.ofMillis(total), seq -> new ClockPut(seq, total));
            });
        }
    }

    // ---------------------------------------------------------------- proxy configuration

    ProxyRec putVoiceConnectorProxy(PutVoiceConnectorProxy in) {
        String connectorId = in.voiceConnectorId();
        return state.change(connectorId, cs -> {
            ProxyRec rec = new ProxyRec(in.defaultSessionExpiryMinutes(), List.copyOf(in.phoneNumberPoolCountries()),
                    in.fallBackPhoneNumber(), Boolean.TRUE.equals(in.disabled()));
            return new ServiceState.Change<>(rec, seq -> new ProxyPut(seq, connectorId, rec));
        });
    }

    ProxyRec getVoiceConnectorProxy(String connectorId) {
        ProxyRec proxy = state.connector(connectorId).proxy;
        if (proxy == null) {
            throw noProxyConfiguration(connectorId);
        }
        return proxy;
    }

    void deleteVoiceConnectorProxy(String connectorId) {
        state.change(connectorId, cs -> {
            if (cs.proxy == null) {
                throw noProxyConfiguration(connectorId);
            }
            return new ServiceState.Change<>(null, seq -> new ProxyDelete(seq, connectorId));
        });
    }

    private static ApiException noProxyConfiguration(String connectorId) {
        return ApiException.notFound("Voice connector " + connectorId + " has no proxy configuration");
    }

    // ---------------------------------------------------------------- proxy sessions

    SessionRec createProxySession(CreateProxySession in) {
        String connectorId = in.voiceConnectorId();
        return state.change(connectorId, cs -> {
            ProxyRec proxy = cs.proxy;
            if (proxy == null) {
                throw ApiException.badRequest("Voice connector " + connectorId
                        + " has no proxy configuration; call PutVoiceConnectorProxy first");
            }
            if (proxy.disabled()) {
                throw ApiException.badRequest("Proxy sessions are disabled on voice connector " + connectorId
                        + " (its proxy configuration has Disabled set to true)");
            }
            String first = in.participantPhoneNumbers().get(0);
            String second = in.participantPhoneNumbers().get(1);
            long now = clock.millis();
            GeoMatchParams geo = in.geoMatchParams();
            String proxyNumber = NumberSelector.choose(cs, proxy, in, now);
            int expiry = in.expiryMinutes() != null ? in.expiryMinutes() : proxy.defaultSessionExpiryMinutes();
            List<ParticipantRec> participants = new ArrayList<>(List.of(
                    new ParticipantRec(first, proxyNumber), new ParticipantRec(second, proxyNumber)));
            // The service does not keep the input order (AWS's own example returns them sorted).
            participants.sort(Comparator.comparing(ParticipantRec::phoneNumber));
            String name = in.name();
            SessionRec session = new SessionRec(connectorId, UUID.randomUUID().toString(),
                    state.nextSeq(), name == null || name.isEmpty() ? null : name,
                    distinct(in.capabilities()), expiry, now, now, now + expiry * 60_000L, List.copyOf(participants),
                    in.numberSelectionBehavior(), in.geoMatchLevel(), geo == null ? null : geo.country(),
                    geo == null ? null : geo.areaCode(), false);
            return new ServiceState.Change<>(session, sessionPut(session));
        });
    }

    SessionRec getProxySession(String connectorId, String sessionId) {
        SessionRec session = state.connector(connectorId).byId.get(sessionId);
        if (session == null) {
            throw notFoundSession(connectorId, sessionId);
        }
        return session;
    }

    SessionRec updateProxySession(UpdateProxySession in) {
        String connectorId = in.voiceConnectorId();
        String sessionId = in.proxySessionId();
        return state.change(connectorId, cs -> {
            SessionRec s = cs.byId.get(sessionId);
            if (s == null) {
                throw notFoundSession(connectorId, sessionId);
            }
            long now = clock.millis();
            if (!s.active(now)) {
                throw ApiException.badRequest("Proxy session " + sessionId + " is Closed (it ended at "
                        + Json.timestamp(Instant.ofEpochMilli(s.endsAt())) + ") and can no longer be updated");
            }
            int expiry = in.expiryMinutes() != null ? in.expiryMinutes() : s.expiryMinutes();
            SessionRec updated = new SessionRec(s.connectorId(), s.id(), s.seq(), s.name(),
                    distinct(in.capabilities()), expiry, s.created(), now,
                    Math.max(s.created() + expiry * 60_000L, now), s.participants(), s.numberSelectionBehavior(),
                    s.geoMatchLevel(), s.geoCountry(), s.geoAreaCode(), s.inProgress());
            return new ServiceState.Change<>(updated, sessionPut(updated));
        });
    }

    void deleteProxySession(String connectorId, String sessionId) {
        state.change(connectorId, cs -> {
            if (!cs.byId.containsKey(sessionId)) {
                throw notFoundSession(connectorId, sessionId);
            }
            return new ServiceState.Change<>(null, seq -> new SessionDelete(seq, connectorId, sessionId));
        });
    }

    /** Marks a session as carrying traffic, which no API call can do (emulator-only). */
    void markInProgress(String connectorId, String sessionId) {
        state.change(connectorId, cs -> {
            SessionRec s = cs.byId.get(sessionId);
            if (s == null) {
                throw notFoundSession(connectorId, sessionId);
            }
            SessionRec marked = new SessionRec(s.connectorId(), s.id(), s.seq(), s.name(), s.capabilities(),
                    s.expiryMinutes(), s.created(), s.updated(), s.endsAt(), s.participants(),
                    s.numberSelectionBehavior(), s.geoMatchLevel(), s.geoCountry(), s.geoAreaCode(), true);
            return new ServiceState.Change<>(marked, sessionPut(marked));
        });
    }

    Page<SessionRec> listProxySessions(ListProxySessions in) {
        ConnectorState cs = state.connector(in.voiceConnectorId());
        long now = clock.millis();
        String status = in.status();
        return Pages.page(cs.bySeq, s -> s, s -> status == null || status.equals(s.status(now)), SessionRec::seq,
                "sessions:" + in.voiceConnectorId(), status == null ? "-" : status, in.maxResults(), in.nextToken());
    }

    /** Every session of a connector, in creation order (for tests and the emulator's own tools). */
    List<SessionRec> sessions(String connectorId) {
        return List.copyOf(state.connector(connectorId).bySeq.values());
    }

    List<String> connectorIds() {
        return state.connectorIds();
    }

    long now() {
        return clock.millis();
    }

    /** Capabilities as given, each once. */
    private static List<String> distinct(List<String> capabilities) {
        return List.copyOf(new LinkedHashSet<>(capabilities));
    }

    private static LongFunction<JournalRecord> sessionPut(SessionRec session) {
        return seq -> new SessionPut(seq, session.connectorId(), session);
    }

    // ---------------------------------------------------------------- helpers

    private static ApiException notFoundSession(String connectorId, String sessionId) {
        return ApiException.notFound("Proxy session " + sessionId + " not found on voice connector " + connectorId);
    }

    private static String randomConnectorId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(22);
        for (int i = 0; i < 22; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    static String arn(ConnectorRec c) {
        return "arn:aws:chime:" + c.awsRegion() + ":" + ServiceRules.ACCOUNT_ID + ":vc/" + c.id();
    }
}
