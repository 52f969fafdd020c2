package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Told of every operation on a resource before it is sent, so that the layer above the player can keep what it
 * needs of the stacks (such as the service resources they used) durably, before anything exists to lose track of.
 */
@FunctionalInterface
public interface StackObserver {

    StackObserver NONE = (stackName, resourceType, properties) -> {
    };

    /** Called before a Create, Update or Delete of a resource with a local meaning or a custom resource is sent. */
    void beforeChange(String stackName, String resourceType, JsonNode properties);
}
