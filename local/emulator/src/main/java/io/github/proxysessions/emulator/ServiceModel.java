package io.github.proxysessions.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The relevant part of the Chime SDK Voice service model (botocore's {@code service-2.json}, Apache 2.0), loaded from
 * the classpath. Routes and input constraints are read from it rather than transcribed by hand, so the emulator checks
 * exactly what the model declares.
 */
final class ServiceModel {

    private static final String RESOURCE = "chime-sdk-voice-2022-08-03.json";

    private final Map<String, OperationDef> operations;
    private final Map<String, ShapeDef> shapes;

    private ServiceModel(Map<String, OperationDef> operations, Map<String, ShapeDef> shapes) {
        this.operations = operations;
        this.shapes = shapes;
    }

    static ServiceModel load() {
        try (InputStream in = ServiceModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("service model resource missing: " + RESOURCE);
            }
            return parse(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service model", e);
        }
    }

    private static ServiceModel parse(JsonNode root) {
        Map<String, ShapeDef> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.get("shapes").properties()) {
            shapes.put(e.getKey(), ShapeDef.parse(e.getKey(), e.getValue()));
        }
        Map<String, OperationDef> operations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.get("operations").properties()) {
            JsonNode op = e.getValue();
            JsonNode http = op.get("http");
            int code = http.has("responseCode") ? http.get("responseCode").asInt() : 200;
            String input = op.has("input") ? op.get("input").get("shape").asText() : null;
            operations.put(e.getKey(), new OperationDef(e.getKey(), http.get("method").asText(),
                    http.get("requestUri").asText(), code, input));
        }
        return new ServiceModel(Collections.unmodifiableMap(operations), Collections.unmodifiableMap(shapes));
    }

    Map<String, OperationDef> operations() {
        return operations;
    }

    ShapeDef shape(String name) {
        ShapeDef shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no shape " + name + " in the model");
        }
        return shape;
    }

    /** An operation's HTTP binding. */
    record OperationDef(String name, String method, String requestUri, int successCode, String inputShape) {
    }

    /** Where a member of an input structure is bound in the HTTP request. */
    enum Location { URI, QUERY, BODY }

    /** A member of a structure: the shape it refers to and its HTTP binding. */
    record MemberDef(String name, String shape, Location location, String locationName) {
    }

    /** One shape of the model, with the constraints that the emulator enforces. */
    record ShapeDef(String name, String type, Integer min, Integer max, Pattern pattern, String patternSource,
                    List<String> enumValues, boolean sensitive, Map<String, MemberDef> members,
                    Set<String> required, String listMember) {

        static ShapeDef parse(String name, JsonNode node) {
            String type = node.get("type").asText();
            Integer min = node.has("min") ? node.get("min").asInt() : null;
            Integer max = node.has("max") ? node.get("max").asInt() : null;
            String patternSource = node.has("pattern") ? node.get("pattern").asText() : null;
            List<String> enums = null;
            if (node.has("enum")) {
                enums = new ArrayList<>();
                for (JsonNode v : node.get("enum")) {
                    enums.add(v.asText());
                }
                enums = List.copyOf(enums);
            }
            Map<String, MemberDef> members = new LinkedHashMap<>();
            if (node.has("members")) {
                for (Map.Entry<String, JsonNode> m : node.get("members").properties()) {
                    JsonNode def = m.getValue();
                    Location location = Location.BODY;
                    if (def.has("location")) {
                        location = switch (def.get("location").asText()) {
                            case "uri" -> Location.URI;
                            case "querystring" -> Location.QUERY;
                            default -> throw new IllegalStateException("unsupported location in " + name);
                        };
                    }
                    String locationName = def.has("locationName") ? def.get("locationName").asText() : m.getKey();
                    members.put(m.getKey(), new MemberDef(m.getKey(), def.get("shape").asText(), location,
                            locationName));
                }
            }
            List<String> required = new ArrayList<>();
            if (node.has("required")) {
                node.get("required").forEach(r -> required.add(r.asText()));
            }
            String listMember = node.has("member") ? node.get("member").get("shape").asText() : null;
            return new ShapeDef(name, type, min, max,
                    // Smithy patterns are not implicitly anchored: a value matches when the pattern is found in it.
                    patternSource == null ? null : Pattern.compile(patternSource), patternSource, enums,
                    node.path("sensitive").asBoolean(false), Collections.unmodifiableMap(members),
                    Set.copyOf(required), listMember);
        }
    }
}
