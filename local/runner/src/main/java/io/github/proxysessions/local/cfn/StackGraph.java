package io.github.proxysessions.local.cfn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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

    /** Which stacks a selection takes besides those its patterns match, as {@code cdk} extends a selection. */
    public enum Extension {
        /** Only the stacks the patterns match ({@code --exclusively}). */
        NONE,
        /** And the stacks they depend on, transitively: {@code deploy}'s. */
        UPSTREAM,
        /** And the stacks that depend on them, transitively: {@code destroy}'s. */
        DOWNSTREAM
    }

    /**
     * The stacks selected, in the graph's order, and those among them the extension added (for the line
     * {@code cdk} prints: "Including dependency stacks: ...").
     */
    public record Selection(List<String> stacks, List<String> added) {
    }

    /** No stack matches a pattern. The message is one line that lists the stacks there are. */
    public static final class NoMatch extends RuntimeException {
        NoMatch(String message) {
            super(message);
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
     * The stacks the patterns select, extended as asked, in the graph's order; every stack when there is no pattern.
     * A pattern matches a stack's display name or its stack name, glob style as {@code cdk} matches them:
     * {@code *} and {@code ?} within one level of the hierarchy ({@code Prod/*}), {@code **} across levels.
     *
     * @param whose whose the stacks are, for the message of {@link NoMatch} ({@code "the app's"}, {@code "the
     *              recorded"})
     * @throws NoMatch naming the patterns that match no stack, and listing the stacks there are
     */
    public Selection select(List<String> patterns, Extension extension, String whose) {
        Set<String> selected = new LinkedHashSet<>();
        if (patterns.isEmpty()) {
            selected.addAll(nodes.keySet());
        }
        List<String> unmatched = new ArrayList<>();
        for (String pattern : new LinkedHashSet<>(patterns)) {
            Pattern glob = glob(pattern);
            List<String> matched = nodes.values().stream()
                    .filter(n -> glob.matcher(n.displayName()).matches() || glob.matcher(n.name()).matches())
                    .map(Node::name).toList();
            if (matched.isEmpty()) {
                unmatched.add(pattern);
            }
            selected.addAll(matched);
        }
        if (!unmatched.isEmpty()) {
            throw new NoMatch("no stack matches " + String.join(", ", unmatched) + "; " + whose + " stacks are: "
                    + (nodes.isEmpty() ? "none" : nodes.values().stream().map(Node::describe)
                            .collect(Collectors.joining(", "))));
        }
        List<String> added = new ArrayList<>();
        if (extension != Extension.NONE) {
            List<String> queue = new ArrayList<>(selected);
            while (!queue.isEmpty()) {
                String next = queue.remove(0);
                Set<String> more = extension == Extension.UPSTREAM ? dependencies(next) : dependents(next);
                for (String m : more) {
                    if (selected.add(m)) {
                        added.add(m);
                        queue.add(m);
                    }
                }
            }
        }
        List<String> inOrder = nodes.keySet().stream().filter(selected::contains).toList();
        return new Selection(inOrder, nodes.keySet().stream().filter(added::contains).toList());
    }

    /**
     * The names in an order where each stack comes after the stacks it depends on.
     *
     * @throws TemplateException on a dependency cycle between stacks, naming it
     */
    public List<String> order() {
        return DependencyScheduler.order(nodes.keySet(), this::dependencies, "stacks");
    }

    /** A glob as {@code cdk} reads it: {@code **} any text, {@code *} and {@code ?} any but a {@code /}. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
