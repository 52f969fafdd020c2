package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resource as recorded after its last successful operation. Immutable; its JSON form is the one earlier versions
 * wrote, so their state files still load.
 *
 * @param properties   what was last sent or applied (custom resources: as CloudFormation sends them, scalars as
 *                     strings)
 * @param data         the attributes {@code Fn::GetAtt} reads
 * @param skipped      true for a type with no local meaning: recorded, never acted on
 * @param dependencies the resources this one depended on, for deleting in reverse order
 */
public record ResourceRecord(String logicalId, String type, String physicalId, JsonNode properties,
                             Map<String, String> data, boolean skipped, String deletionPolicy,
                             String updateReplacePolicy, List<String> dependencies) {

    public ResourceRecord {
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
        deletionPolicy = deletionPolicy == null ? "Delete" : deletionPolicy;
        updateReplacePolicy = updateReplacePolicy == null ? "Delete" : updateReplacePolicy;
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    }

    /** The record of a template resource, before it has an id. */
    static ResourceRecord of(Template.Resource resource, JsonNode properties, List<String> dependencies) {
        return new ResourceRecord(resource.logicalId(), resource.type(), null, properties, Map.of(), false,
                resource.deletionPolicy(), resource.updateReplacePolicy(), dependencies);
    }

    /** This record with the id and attributes an operation answered. */
    ResourceRecord answered(String newPhysicalId, Map<String, String> newData) {
        return new ResourceRecord(logicalId, type, newPhysicalId, properties, newData, skipped, deletionPolicy,
                updateReplacePolicy, dependencies);
    }

    /** This record as a resource with no local meaning. */
    ResourceRecord recordedOnly(String newPhysicalId, Map<String, String> newData) {
        return new ResourceRecord(logicalId, type, newPhysicalId, properties, newData, true, deletionPolicy,
                updateReplacePolicy, dependencies);
    }

    /**
     * True when both have the same resource attributes that the runner records: DeletionPolicy,
     * UpdateReplacePolicy, and the dependencies (in any order).
     */
    boolean sameResourceAttributes(ResourceRecord other) {
        return deletionPolicy.equals(other.deletionPolicy) && updateReplacePolicy.equals(other.updateReplacePolicy)
                && new HashSet<>(dependencies).equals(new HashSet<>(other.dependencies));
    }

    /** This resource with the DeletionPolicy, UpdateReplacePolicy and dependencies {@code declared} has. */
    ResourceRecord withResourceAttributesOf(ResourceRecord declared) {
        return new ResourceRecord(logicalId, type, physicalId, properties, data, skipped, declared.deletionPolicy,
                declared.updateReplacePolicy, declared.dependencies);
    }

    /** True when both name the same resource: one logical id, one physical id. */
    boolean sameResource(ResourceRecord other) {
        return other != null && logicalId.equals(other.logicalId) && java.util.Objects.equals(physicalId,
                other.physicalId);
    }
}
