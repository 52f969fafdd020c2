package io.github.proxysessions.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.proxysessions.local.cfn.StackObserver;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.local.cfn.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The voice connectors each stack used, kept by the runner beside the stacks' records ({@code connectors.json} in the
 * state directory): {@code status} looks for orphans on them, even after a destroy, and even when a stack's record
 * cannot be read. A connector is recorded before the first request that names it is sent.
 */
final class ConnectorLog implements StackObserver {

    static final String FILE_NAME = "connectors.json";
    /** The field in which runners before this one kept the connectors, inside each stack's record. */
    static final String LEGACY_FIELD = "voiceConnectors";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, Set<String>> byStack;

    ConnectorLog(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
        this.byStack = read(file);
    }

    private static Map<String, Set<String>> read(Path file) {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            Map<String, Set<String>> read = MAPPER.readValue(file.toFile(), new TypeReference<>() {
            });
            Map<String, Set<String>> out = new TreeMap<>();
            if (read != null) {
                read.forEach((stack, ids) -> out.put(stack, new LinkedHashSet<>(ids)));
            }
            return out;
        } catch (IOException e) {
            // Only a hint for status: start again rather than block every command.
            return new TreeMap<>();
        }
    }

    /** Records the connector a resource's properties name, if any, before the change is sent. */
    @Override
    public void beforeChange(String stackName, String resourceType, JsonNode properties) {
        String id = properties.path("VoiceConnectorId").asText("");
        if (!id.isEmpty()) {
            add(stackName, id);
        }
    }

    /** Records that a stack used a connector. */
    synchronized void add(String stackName, String voiceConnectorId) {
        if (byStack.computeIfAbsent(stackName, k -> new LinkedHashSet<>()).add(voiceConnectorId)) {
            save();
        }
    }

    /** Takes the connectors an earlier runner kept inside a stack's record. */
    synchronized void importLegacy(StackRecord record) {
        record.carried(LEGACY_FIELD).ifPresent(ids -> {
            Set<String> known = byStack.computeIfAbsent(record.stackName(), k -> new LinkedHashSet<>());
            boolean changed = false;
            for (JsonNode id : ids) {
                changed |= known.add(id.asText());
            }
            if (changed) {
                save();
            }
        });
    }

    synchronized Set<String> connectors(String stackName) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(byStack.getOrDefault(stackName, Set.of())));
    }

    /** Every connector any stack used, in a stable order. */
    synchronized Set<String> all() {
        Set<String> all = new LinkedHashSet<>();
        byStack.values().forEach(all::addAll);
        return all;
    }

    private void save() {
        try {
            StateStore.writeAtomically(file, MAPPER.writeValueAsBytes(byStack));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
