package io.github.proxysessions.local.cfn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stacks and the stacks each one depends on: the order deploys and destroys follow, and the stacks a command line's
 * patterns select, as the CDK CLI selects them ({@code selectStacks}, with its upstream and downstream extension).
 */
public final class StackGraph {

    /**
     * A stack in the graph.
     *
     * @param name        its stack name, which CloudFormation knows it by
     * @param displayName its hierarchical id ({@code Prod/Sessions})
     * @param dependsOn   the names of the stacks it needs first
     */
    public record Node(String name, String displayName, Collection<String> dependsOn) {

        public Node {
            dependsOn = List.copyOf(new LinkedHashSet<>(dependsOn));
        }

        /** The stack for people: its display name, and its stack name when that is another. */
        public String describe() {
            return displayName.equals(name) ? name : displayName + " (" + name + ")";
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();

    private StackGraph(Collection<Node> nodes) {
        nodes.forEach(n -> this.nodes.put(n.name(), n));
    }

    public static StackGraph of(Collection<Node> nodes) {
        return new StackGraph(nodes);
    }

    /** The stack named so, or null. */
    public Node node(String name) {
        return nodes.get(name);
    }

    public Collection<Node> nodes() {
        return nodes.values();
    }

    /** The stacks {@code name} depends on that are in the graph. */
    public Set<String> dependencies(String name) {
        Node node = nodes.get(name);
        return node == null ? Set.of() : node.dependsOn().stream().filter(nodes::containsKey)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The stacks that depend on {@code name}. */
    public Set<String> dependents(String name) {
        Set<String> out = new LinkedHashSet<>();
        nodes.values().stream().filter(n -> n.dependsOn().contains(name)).forEach(n -> out.add(n.name()));
        return out;
    }

    /**
     * The names in an order where each stack comes after the stacks it depends on.
     *
     * @throws TemplateException on a dependency cycle between stacks, naming it
     */
    public List<String> order() {
        return DependencyScheduler.order(nodes.keySet(), this::dependencies, "stacks");
    }
}
