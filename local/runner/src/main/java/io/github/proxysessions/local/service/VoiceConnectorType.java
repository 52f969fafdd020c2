package io.github.proxysessions.local.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.local.cfn.LocalResourceType;
import io.github.proxysessions.rules.ProxySessionRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.Tag;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnector;

/**
 * {@code AWS::Chime::VoiceConnector}, as its CloudFormation registry schema defines it, against the Chime SDK Voice
 * service the runner targets (the embedded emulator, or {@code --endpoint}).
 *
 * <ul>
 *   <li>Create: {@code CreateVoiceConnector} with Name, RequireEncryption, AwsRegion, NetworkType and Tags.
 *       {@code Ref} is the ARN; {@code Fn::GetAtt} serves VoiceConnectorId, VoiceConnectorArn, OutboundHostName,
 *       CreatedTimestamp and UpdatedTimestamp.</li>
 *   <li>Update in place: {@code UpdateVoiceConnector} when Name or RequireEncryption changed; {@code TagResource}
 *       for declared tags added or changed and {@code UntagResource} for declared keys that left the declaration. A
 *       key the template does not declare (such as the proxy configuration's ownership marker) is never touched.
 *       AwsRegion and NetworkType are create-only: a change replaces the connector.</li>
 *   <li>Delete: {@code DeleteVoiceConnector}; a connector already gone is deleted.</li>
 * </ul>
 */
public final class VoiceConnectorType implements LocalResourceType {

    public static final String TYPE = "AWS::Chime::VoiceConnector";
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9 _.-]+$");
    private static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "ca-central-1", "eu-central-1",
            "eu-west-1", "eu-west-2", "ap-northeast-2", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2");
    private static final List<String> NETWORK_TYPES = List.of("IPV4_ONLY", "DUAL_STACK");
    private static final Set<String> WRITABLE = Set.of("Name", "RequireEncryption", "AwsRegion", "NetworkType",
            "Tags");
    private static final Set<String> READ_ONLY = Set.of("VoiceConnectorArn", "VoiceConnectorId", "OutboundHostName",
            "CreatedTimestamp", "UpdatedTimestamp");

    private final ChimeSdkVoiceClient client;

    /**
     * @param client the service the type acts on; null for one that only checks and compares properties (its
     *               operations must not be called then)
     */
    public VoiceConnectorType(ChimeSdkVoiceClient client) {
        this.client = client;
    }

    // ------------------------------------------------------------------------------------------------ schema

    /** Every rule the schema states, each violation naming the property and the rule, all at once. */
    @Override
    public void validate(JsonNode p) {
        List<String> problems = new ArrayList<>();
        if (!p.isObject()) {
            throw new IllegalArgumentException("#: expected type: JSONObject, found: " + kind(p));
        }
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            if (READ_ONLY.contains(e.getKey())) {
                problems.add("#/" + e.getKey() + ": is read-only (an attribute for Fn::GetAtt, not a property)");
            } else if (!WRITABLE.contains(e.getKey())) {
                problems.add("#: extraneous key [" + e.getKey() + "] is not permitted");
            }
        }
        for (String required : List.of("Name", "RequireEncryption")) {
            if (!p.has(required)) {
                problems.add("#: required key [" + required + "] not found");
            }
        }
        if (p.has("Name")) {
            string(p.get("Name"), "#/Name", 1, 256, problems);
            if (p.get("Name").isTextual() && !p.get("Name").asText().isEmpty()
                    && !NAME.matcher(p.get("Name").asText()).matches()) {
                problems.add("#/Name: string [" + p.get("Name").asText() + "] does not match pattern " + NAME);
            }
        }
        if (p.has("RequireEncryption") && bool(p.get("RequireEncryption")) == null) {
            problems.add("#/RequireEncryption: expected type: Boolean, found: " + kind(p.get("RequireEncryption")));
        }
        oneOf(p, "AwsRegion", REGIONS, problems);
        oneOf(p, "NetworkType", NETWORK_TYPES, problems);
        if (p.has("Tags")) {
            tags(p.get("Tags"), problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.size() == 1 ? problems.get(0) : problems.toString());
        }
    }

    private static void tags(JsonNode tags, List<String> problems) {
        if (!tags.isArray()) {
            problems.add("#/Tags: expected type: JSONArray, found: " + kind(tags));
            return;
        }
        if (tags.isEmpty()) {
            problems.add("#/Tags: expected minimum item count: 1, found: 0");
        }
        if (tags.size() > 50) {
            problems.add("#/Tags: expected maximum item count: 50, found: " + tags.size());
        }
        Set<JsonNode> items = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            JsonNode tag = tags.get(i);
            String at = "#/Tags/" + i;
            if (!tag.isObject()) {
                problems.add(at + ": expected type: JSONObject, found: " + kind(tag));
                continue;
            }
            for (Map.Entry<String, JsonNode> e : tag.properties()) {
                if (!e.getKey().equals("Key") && !e.getKey().equals("Value")) {
                    problems.add(at + ": extraneous key [" + e.getKey() + "] is not permitted");
                }
            }
            for (String required : List.of("Key", "Value")) {
                if (!tag.has(required)) {
                    problems.add(at + ": required key [" + required + "] not found");
                }
            }
            if (tag.has("Key")) {
                string(tag.get("Key"), at + "/Key", 1, 128, problems);
                if (tag.get("Key").isTextual() && !keys.add(tag.get("Key").asText()) && !items.contains(tag)) {
                    problems.add(at + "/Key: [" + tag.get("Key").asText() + "] is declared twice (the service "
                            + "takes each key once)");
                }
            }
            if (tag.has("Value")) {
                string(tag.get("Value"), at + "/Value", 0, 256, problems);
            }
            if (!items.add(tag)) {
                problems.add("#/Tags: array items are not unique (item " + i + " repeats an earlier one)");
            }
        }
    }

    private static void string(JsonNode value, String at, int min, int max, List<String> problems) {
        if (!value.isTextual()) {
            problems.add(at + ": expected type: String, found: " + kind(value));
            return;
        }
        int length = value.asText().codePointCount(0, value.asText().length());
        if (length < min) {
            problems.add(at + ": expected minLength: " + min + ", actual: " + length);
        }
        if (length > max) {
            problems.add(at + ": expected maxLength: " + max + ", actual: " + length);
        }
    }

    private static void oneOf(JsonNode p, String name, List<String> allowed, List<String> problems) {
        JsonNode value = p.get(name);
        if (value == null) {
            return;
        }
        if (!value.isTextual()) {
            problems.add("#/" + name + ": expected type: String, found: " + kind(value));
        } else if (!allowed.contains(value.asText())) {
            problems.add("#/" + name + ": " + value.asText() + " is not a valid enum value (one of " + allowed + ")");
        }
    }

    /** A JSON boolean, or the strings CloudFormation reads as one; null for anything else. */
    private static Boolean bool(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.valueOf(value.asText());
        }
        return null;
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "String";
            case NUMBER -> value.isIntegralNumber() ? "Integer" : "BigDecimal";
            case BOOLEAN -> "Boolean";
            case ARRAY -> "JSONArray";
            case OBJECT -> "JSONObject";
            default -> "Null";
        };
    }

    /** Tags are unordered: sorted by key, a new order in the template is no change. */
    @Override
    public JsonNode normalize(JsonNode properties) {
        if (!properties.has("Tags")) {
            return properties;
        }
        ObjectNode out = properties.deepCopy();
        List<JsonNode> tags = new ArrayList<>();
        properties.get("Tags").forEach(tags::add);
        tags.sort((a, b) -> a.path("Key").asText().compareTo(b.path("Key").asText()));
        ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
        tags.forEach(sorted::add);
        out.set("Tags", sorted);
        return out;
    }

    @Override
    public Set<String> createOnlyProperties() {
        return Set.of("AwsRegion", "NetworkType");
    }

    /** An update in place keeps the connector, and so its id, ARN, host name and creation time. */
    @Override
    public Set<String> attributesKeptInPlace() {
        return Set.of("VoiceConnectorId", "VoiceConnectorArn", "OutboundHostName", "CreatedTimestamp");
    }

    // ------------------------------------------------------------------------------------------------ operations

    @Override
    public Provisioned create(Request request) {
        JsonNode p = request.properties();
        VoiceConnector created = client.createVoiceConnector(r -> {
            r.name(p.get("Name").asText()).requireEncryption(bool(p.get("RequireEncryption")));
            if (p.has("AwsRegion")) {
                r.awsRegion(p.get("AwsRegion").asText());
            }
            if (p.has("NetworkType")) {
                r.networkType(p.get("NetworkType").asText());
            }
            if (p.has("Tags")) {
                r.tags(toTags(declaredTags(p)));
            }
        }).voiceConnector();
        String arn = arn(request, created);
        return new Provisioned(arn, attributes(created, arn));
    }

    @Override
    public Provisioned update(Request request) {
        JsonNode now = request.properties();
        JsonNode before = request.previousProperties();
        String id = idOf(request.physicalId());
        if (!Objects.equals(now.get("Name"), before.get("Name"))
                || !Objects.equals(bool(now.get("RequireEncryption")), bool(before.get("RequireEncryption")))) {
            client.updateVoiceConnector(r -> r.voiceConnectorId(id).name(now.get("Name").asText())
                    .requireEncryption(bool(now.get("RequireEncryption"))));
        }
        Map<String, String> wanted = declaredTags(now);
        Map<String, String> had = declaredTags(before);
        Map<String, String> toTag = new LinkedHashMap<>();
        wanted.forEach((k, v) -> {
            if (!v.equals(had.get(k))) {
                toTag.put(k, v);
            }
        });
        List<String> toUntag = had.keySet().stream().filter(k -> !wanted.containsKey(k)).toList();
        if (!toTag.isEmpty()) {
            client.tagResource(r -> r.resourceARN(request.physicalId()).tags(toTags(toTag)));
        }
        if (!toUntag.isEmpty()) {
            client.untagResource(r -> r.resourceARN(request.physicalId()).tagKeys(toUntag));
        }
        VoiceConnector current = client.getVoiceConnector(r -> r.voiceConnectorId(id)).voiceConnector();
        return new Provisioned(request.physicalId(), attributes(current, request.physicalId()));
    }

    @Override
    public void delete(Request request) {
        try {
            client.deleteVoiceConnector(r -> r.voiceConnectorId(idOf(request.physicalId())));
        } catch (NotFoundException gone) {
            // already deleted: the delete succeeds, as CloudFormation's does
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The declared tags, key to value. */
    public static Map<String, String> declaredTags(JsonNode properties) {
        Map<String, String> tags = new LinkedHashMap<>();
        properties.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        return tags;
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * The connector id a connector's physical id (its ARN) names, read by the rule the handler and the constructs read
     * it by ({@link ProxySessionRules#voiceConnectorIdInArn}); a physical id that is not a connector's ARN is returned
     * as it is.
     */
    public static String idOf(String arn) {
        return ProxySessionRules.voiceConnectorIdInArn(arn).orElse(arn);
    }

    private static String arn(Request request, VoiceConnector c) {
        if (c.voiceConnectorArn() != null) {
            return c.voiceConnectorArn();
        }
        return "arn:" + request.stack().partition() + ":chime:" + c.awsRegionAsString() + ":"
                + request.stack().account() + ":vc/" + c.voiceConnectorId();
    }

    /** The attributes Fn::GetAtt serves. */
    public static Map<String, String> attributes(VoiceConnector c, String arn) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("VoiceConnectorId", c.voiceConnectorId());
        out.put("VoiceConnectorArn", arn);
        out.put("OutboundHostName", c.outboundHostName());
        out.put("CreatedTimestamp", String.valueOf(c.createdTimestamp()));
        out.put("UpdatedTimestamp", String.valueOf(c.updatedTimestamp()));
        return out;
    }
}
