package io.github.proxysessions.local.cfn;

import java.util.List;
import java.util.Map;

/**
 * How a custom resource type's provider decides on replacement, for predicting it before a deploy: CloudFormation
 * cannot tell (a custom resource is replaced when its provider answers an Update with a new physical id), so the layer
 * above supplies the provider's own rule for the types it knows.
 */
@FunctionalInterface
public interface ReplacementRule {

    /**
     * The properties whose change gives the resource a new physical id; empty for a change in place.
     *
     * @param physicalId the resource's physical id now
     * @param current    its properties as last sent (scalars as strings)
     * @param next       the properties the deploy would send
     */
    List<String> replacingChanges(String physicalId, Map<String, Object> current, Map<String, Object> next);
}
