package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * A resource type with a local meaning: the runner creates, updates and deletes it through this, against whatever
 * the layer above the player serves it with. The player knows nothing of what a type does; it gives the type
 * resolved properties (scalars keep their JSON types) and records what it answers: the physical id is what
 * {@code Ref} returns, the attributes what {@code Fn::GetAtt} returns.
 *
 * <p>A failure is an exception whose message is the Reason shown in the stack's events.
 */
public interface LocalResourceType {

    /**
     * Checks the properties as the type's registry schema does, before anything is called.
     *
     * @throws IllegalArgumentException naming the property and the rule it breaks
     */
    void validate(JsonNode properties);

    /**
     * The properties as they are recorded and compared, once valid: a type whose schema calls a list unordered
     * sorts it here, so that a new order is no change.
     */
    default JsonNode normalize(JsonNode properties) {
        return properties;
    }

    /** The properties whose change replaces the resource (create-only in the registry schema). */
    Set<String> createOnlyProperties();

    /**
     * The attributes an update in place keeps as they were (such as an id derived from the physical id), for predicting
     * what a deploy changes: the others may change with an update.
     */
    default Set<String> attributesKeptInPlace() {
        return Set.of();
    }

    Provisioned create(Request request);

    /** Brings the resource {@code request.physicalId()} from {@code previousProperties} to {@code properties}. */
    Provisioned update(Request request);

    /** Deletes the resource; one that is already gone is deleted. */
    void delete(Request request);

    /**
     * One operation's input.
     *
     * @param physicalId         null for a Create
     * @param previousProperties an Update's properties before, otherwise null
     */
    record Request(StackContext stack, String logicalId, String physicalId, JsonNode properties,
                   JsonNode previousProperties) {
    }

    /** What a Create or Update answers: the physical id ({@code Ref}) and the attributes ({@code Fn::GetAtt}). */
    record Provisioned(String physicalId, Map<String, String> attributes) {
    }
}
