package io.github.proxysessions.local.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.proxysessions.local.cfn.PendingOperation;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.local.cfn.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the runner keeps of each stack's voice connectors, beside the stacks' records ({@code connectors.json} in the
 * state directory), so that it survives a destroy and a record that cannot be read:
 *
 * <ul>
 *   <li>every connector the stack used: {@code status} looks for orphans on them;</li>
 *   <li>the connectors the stack declares ({@code AWS::Chime::VoiceConnector}), by logical id: {@code repair} can
 *       give them back to the stack.</li>
 * </ul>
 *
 * <p>The log follows the records ({@link #sync}, before every save of one): a connector is in it before a record
 * names it, so before the first request that names it is recorded as pending, and so sent; what a stack declares is
 * what the record holds as its resources, whatever change put them there or took them out (a create, a rollback
 * that restores a replaced connector, a retained connector forgotten by a destroy). A log that cannot be written
 * fails the record's save, which then changes nothing. The type's own calls do not write it.
 */
public final class ConnectorLog {

    public static final String FILE_NAME = "connectors.json";
    /** The field in which runners before this one kept the connectors, inside each stack's record. */
    static final String LEGACY_FIELD = "voiceConnectors";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One stack's entry. */
    static final class Entry {
        public Set<String> voiceConnectors = new LinkedHashSet<>();
        /** By logical id, the connectors the stack declared and has not deleted. */
        public Map<String, Declared> declared = new LinkedHashMap<>();

        Entry copy() {
            Entry copy = new Entry();
            copy.voiceConnectors.addAll(voiceConnectors);
            copy.declared.putAll(declared);
            return copy;
        }
    }

    /**
     * A declared connector: its ARN, the properties last applied to it, and its resource attributes as the template
     * gave them (null in an entry an earlier version wrote: CloudFormation's defaults then).
     */
    public record Declared(String arn, JsonNode properties, String deletionPolicy, String updateReplacePolicy,
                    List<String> dependencies) {

        static Declared of(ResourceRecord r) {
            return new Declared(r.physicalId(), r.properties(), r.deletionPolicy(), r.updateReplacePolicy(),
                    r.dependencies());
        }
    }

    private final Path file;
    private final boolean writable;
    private final Map<String, Entry> byStack;
    /** What was wrong with the file when it was read, for people; null when nothing was. */
    private String problem;

    public ConnectorLog(Path stateDir) {
        this(stateDir, true);
    }

    /** @param writable false for a runner that only reads: the log changes in memory, the file never */
    public ConnectorLog(Path stateDir, boolean writable) {
        this.file = stateDir.resolve(FILE_NAME);
        this.writable = writable;
        this.byStack = read();
    }

    /**
     * The file's entries. A file that cannot be read is never dropped: it is set aside, unchanged, as
     * {@code connectors.json.damaged-<UTC time>}, and the log starts empty, to be rebuilt from the stacks' records
     * ({@link #sync}); {@link #problem()} says so.
     */
    private Map<String, Entry> read() {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        String why;
        try {
            Map<String, Entry> read = MAPPER.readValue(file.toFile(), new TypeReference<TreeMap<String, Entry>>() {
            });
            if (read != null && read.values().stream().allMatch(e -> e != null && e.voiceConnectors != null
                    && e.declared != null)) {
                return read;
            }
            why = "it holds no stack entries";
        } catch (IOException e) {
            why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
        if (!writable) {
            problem = file + " could not be read (" + why + "): this command uses what the stacks' records show; "
                    + "the next deploy, destroy, renew or repair sets it aside and rebuilds it.";
            return new TreeMap<>();
        }
        Path aside = StateStore.damagedCopy(file);
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " aside (it cannot be read: " + why + ")", e);
        }
        problem = file + " could not be read (" + why + "): set aside, unchanged, as " + aside.getFileName()
                + ", and rebuilt from the stacks' records. A connector only it knew (of a stack destroyed, or whose "
                + "record cannot be read) is not searched for orphans now; the file set aside names it.";
        return new TreeMap<>();
    }

    /** What was wrong with the file when it was read (and what was done about it), or null. */
    public String problem() {
        return problem;
    }

    /**
     * Brings a stack's entry to its record, as it is about to be saved: the connectors it declares are those the
     * record holds as resources; every connector the record names (declared ones, and the {@code VoiceConnectorId}
     * of its resources, leftovers and requests under way) is among those it used, which are never forgotten.
     *
     * @throws UncheckedIOException when the log cannot be written; the log is then as it was
     */
    public void sync(StackRecord record) {
        Map<String, Declared> declared = new LinkedHashMap<>();
        Set<String> used = new LinkedHashSet<>();
        for (ResourceRecord r : record.resources()) {
            if (r.type().equals(VoiceConnectorType.TYPE)) {
                declared.put(r.logicalId(), Declared.of(r));
                used.add(VoiceConnectorType.idOf(r.physicalId()));
            }
        }
        Stream.concat(Stream.concat(record.resources().stream(), record.leftovers().stream()),
                record.pending().stream().map(PendingOperation::target))
                .map(r -> r.properties().path("VoiceConnectorId").asText(""))
                .filter(id -> !id.isEmpty()).forEach(used::add);
        update(record.stackName(), declared, used);
    }

    private synchronized void update(String stackName, Map<String, Declared> declared, Set<String> used) {
        Entry next = entry(stackName).copy();
        next.voiceConnectors.addAll(used);
        next.declared = new LinkedHashMap<>(declared);
        commit(stackName, next);
    }

    /** Takes the connectors an earlier runner kept inside a stack's record. */
    public synchronized void importLegacy(StackRecord record) {
        record.carried(LEGACY_FIELD).ifPresent(ids -> {
            Entry next = entry(record.stackName()).copy();
            ids.forEach(id -> next.voiceConnectors.add(id.asText()));
            commit(record.stackName(), next);
        });
    }

    /** Makes {@code next} the stack's entry once it is written: a write that fails changes nothing. */
    private void commit(String stackName, Entry next) {
        Entry now = byStack.getOrDefault(stackName, new Entry());
        if (now.voiceConnectors.equals(next.voiceConnectors) && now.declared.equals(next.declared)) {
            return;
        }
        Map<String, Entry> after = new TreeMap<>(byStack);
        after.put(stackName, next);
        save(after);
        byStack.put(stackName, next);
    }

    /** The stacks the log has an entry for. */
    public synchronized Set<String> stacks() {
        return Set.copyOf(byStack.keySet());
    }

    /** The connectors a stack used. */
    public synchronized Set<String> connectors(String stackName) {
        Entry entry = byStack.get(stackName);
        return entry == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(entry.voiceConnectors));
    }

    /** The connectors a stack's record holds as its resources, by logical id. */
    public synchronized Map<String, Declared> declared(String stackName) {
        Entry entry = byStack.get(stackName);
        return entry == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(entry.declared));
    }

    /** Every connector any stack used, in a stable order. */
    public synchronized Set<String> all() {
        Set<String> all = new LinkedHashSet<>();
        byStack.values().forEach(e -> all.addAll(e.voiceConnectors));
        return all;
    }

    private Entry entry(String stackName) {
        return byStack.getOrDefault(stackName, new Entry());
    }

    private void save(Map<String, Entry> entries) {
        if (!writable) {
            return;
        }
        try {
            StateStore.writeAtomically(file, MAPPER.writeValueAsBytes(entries));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
