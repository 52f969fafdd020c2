package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A type with a local meaning: its {@link LocalResourceType} acts, and this records what it answered. */
final class LocalMeaning implements ResourceKind {

    private final LocalResourceType type;
    private final StackRecord record;
    private final StackContext stack;

    LocalMeaning(LocalResourceType type, StackRecord record, StackContext stack) {
        this.type = type;
        this.record = record;
        this.stack = stack;
    }

    @Override
    public boolean acts() {
        return true;
    }

    @Override
    public JsonNode prepare(String logicalId, JsonNode resolved) {
        try {
            type.validate(resolved);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Properties validation failed for resource " + logicalId
                    + " with message: " + e.getMessage(), e);
        }
        return type.normalize(resolved);
    }

    @Override
    public boolean replaces(ResourceRecord current, JsonNode properties) {
        return type.createOnlyProperties().stream()
                .anyMatch(p -> !Objects.equals(current.properties().get(p), properties.get(p)));
    }

    @Override
    public Outcome create(ResourceRecord target) {
        return provision(target, () -> type.create(new LocalResourceType.Request(stack, target.logicalId(), null,
                target.properties(), null)));
    }

    @Override
    public Outcome update(ResourceRecord current, ResourceRecord target) {
        return provision(target, () -> type.update(new LocalResourceType.Request(stack, target.logicalId(),
                current.physicalId(), target.properties(), current.properties())));
    }

    private Outcome provision(ResourceRecord target, java.util.function.Supplier<LocalResourceType.Provisioned> op) {
        LocalResourceType.Provisioned done;
        try {
            done = op.get();
        } catch (RuntimeException e) {
            return Outcome.failed(Outcome.reason(e), null);
        }
        record.record(target.answered(done.physicalId(), done.attributes()));
        return Outcome.succeeded(done.physicalId(), done.attributes());
    }

    @Override
    public Outcome delete(ResourceRecord r) {
        // What the type throws fails the delete in StackDeployment.deleteResource, its only caller.
        type.delete(new LocalResourceType.Request(stack, r.logicalId(), r.physicalId(), r.properties(), null));
        record.forget(r);
        return Outcome.succeeded(r.physicalId(), r.data());
    }

    @Override
    public String attributeNotRecorded(ResourceRecord r, String attribute) {
        throw new Intrinsics.ResolveException("Fn::GetAtt " + r.logicalId() + "." + attribute + ": " + r.type()
                + " has no attribute " + attribute + " (it has " + r.data().keySet() + ")");
    }
}
