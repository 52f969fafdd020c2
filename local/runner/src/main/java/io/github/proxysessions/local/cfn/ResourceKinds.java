package io.github.proxysessions.local.cfn;

import java.util.Map;

/** Which kind each resource type of a stack is: the one place a type is given its meaning. */
final class ResourceKinds {

    private final CustomResourceKind custom;
    private final Map<String, LocalMeaning> local;
    private final NoLocalMeaning none;

    ResourceKinds(CustomResourceKind custom, Map<String, LocalMeaning> local, NoLocalMeaning none) {
        this.custom = custom;
        this.local = Map.copyOf(local);
        this.none = none;
    }

    ResourceKind of(String type) {
        if (isCustom(type)) {
            return custom;
        }
        LocalMeaning meaning = local.get(type);
        return meaning != null ? meaning : none;
    }

    /** True for a custom resource's type: {@code Custom::*} or {@code AWS::CloudFormation::CustomResource}. */
    static boolean isCustom(String type) {
        return type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource");
    }
}
