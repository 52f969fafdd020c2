package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a resource type means to the local runner: the one seam between the player ({@link StackDeployment}) and the
 * types. There are three kinds: a custom resource, served by a function ({@link CustomResourceKind}); a type with a
 * local meaning, acted on by a {@link LocalResourceType} ({@link LocalMeaning}); and a type with none, recorded only
 * ({@link NoLocalMeaning}). {@link ResourceKinds} says which kind a type is. Each kind records what its operations
 * change in the {@link StackRecord}; the player orders operations, prints events and undoes on rollback.
 */
sealed interface ResourceKind permits CustomResourceKind, LocalMeaning, NoLocalMeaning {

    /** False for a type with no local meaning: its events say SKIPPED. */
    boolean acts();

    /**
     * The resolved properties as this kind records, compares and sends them.
     *
     * @throws IllegalArgumentException when they break the type's rules, naming the property and the rule
     */
    JsonNode prepare(String logicalId, JsonNode resolved);

    /** True when going from {@code current} to {@code properties} needs a new physical resource, made first. */
    boolean replaces(ResourceRecord current, JsonNode properties);

    /** Creates the resource of {@code target} (which has no physical id yet) and records it. */
    Outcome create(ResourceRecord target);

    /**
     * Brings {@code current} to {@code target}'s properties and records it. An outcome with another physical id is a
     * replacement, whose old resource the cleanup phase deletes.
     *
     * @throws Refused when CloudFormation refuses the update before sending anything
     */
    Outcome update(ResourceRecord current, ResourceRecord target);

    /** Deletes the resource and, when that succeeds, forgets it. */
    Outcome delete(ResourceRecord r);

    /**
     * CloudFormation refuses the operation, in its words: nothing was sent or changed, so there is nothing for a
     * rollback to undo.
     */
    final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The value of {@code Fn::GetAtt} for an attribute the record does not hold.
     *
     * @throws Intrinsics.ResolveException when the kind has no such attribute
     */
    String attributeNotRecorded(ResourceRecord r, String attribute);
}
