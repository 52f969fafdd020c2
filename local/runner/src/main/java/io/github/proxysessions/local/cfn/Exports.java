package io.github.proxysessions.local.cfn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The exports of the region, as CloudFormation keeps them ({@code ListExports}, {@code ListImports}): each export's
 * name is unique, names the stack that exports it and its value, and lists the stacks that import it. Read from the
 * stacks' records; immutable, so that a deploy's checks can lay the exports a stack is about to publish over them.
 */
public final class Exports {

    /** One export: its stack and its value. */
    public record Export(String name, String stackName, String value) {
    }

    private final Map<String, Export> byName;
    /** By export name, the stacks that import it. */
    private final Map<String, Set<String>> importers;

    private Exports(Map<String, Export> byName, Map<String, Set<String>> importers) {
        this.byName = byName;
        this.importers = importers;
    }

    /** The exports and imports these records hold. */
    public static Exports of(Collection<StackRecord> records) {
        Map<String, Export> byName = new LinkedHashMap<>();
        Map<String, Set<String>> importers = new LinkedHashMap<>();
        for (StackRecord r : records) {
            r.exports().forEach((name, value) -> byName.put(name, new Export(name, r.stackName(), value)));
            r.imports().forEach(name -> importers.computeIfAbsent(name, k -> new LinkedHashSet<>())
                    .add(r.stackName()));
        }
        return new Exports(byName, importers);
    }

    /** The export of this name, if any stack exports it. */
    public Optional<Export> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The stacks that import the export of this name, but {@code except}. */
    public Set<String> importers(String name, String except) {
        Set<String> out = new LinkedHashSet<>(importers.getOrDefault(name, Set.of()));
        out.remove(except);
        return out;
    }

    /** The names a stack exports. */
    public Set<String> exportedBy(String stackName) {
        Set<String> out = new LinkedHashSet<>();
        byName.values().stream().filter(e -> e.stackName().equals(stackName)).forEach(e -> out.add(e.name()));
        return out;
    }

    /** The stacks whose exports a stack imports: it needs them first, and they need it gone before they go. */
    public Set<String> producersFor(String stackName) {
        Set<String> out = new LinkedHashSet<>();
        importers.forEach((name, stacks) -> {
            if (stacks.contains(stackName) && byName.containsKey(name)) {
                out.add(byName.get(name).stackName());
            }
        });
        out.remove(stackName);
        return out;
    }

    /**
     * These exports with a stack's replaced by {@code exports}, and its imports by {@code imports}: as they will be
     * once the stack is deployed.
     */
    public Exports with(String stackName, Map<String, String> exports, Collection<String> imports) {
        Map<String, Export> byNameAfter = new LinkedHashMap<>();
        byName.values().stream().filter(e -> !e.stackName().equals(stackName))
                .forEach(e -> byNameAfter.put(e.name(), e));
        exports.forEach((name, value) -> byNameAfter.putIfAbsent(name, new Export(name, stackName, value)));
        Map<String, Set<String>> importersAfter = new LinkedHashMap<>();
        importers.forEach((name, stacks) -> {
            Set<String> others = new LinkedHashSet<>(stacks);
            others.remove(stackName);
            importersAfter.put(name, others);
        });
        imports.forEach(name -> importersAfter.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(stackName));
        return new Exports(byNameAfter, importersAfter);
    }

    /**
     * CloudFormation's refusals of what a stack's deploy would do to the exports, in its words, before anything is
     * changed: an export name another stack exports; an export another stack imports that the stack would delete, or
     * whose value would change (values that cannot be known before the deploy are left to the check made once they
     * are, as CloudFormation makes it).
     *
     * @param after   the stack's exports after the deploy, name to value
     * @param changes true for a value that will differ from {@code before}'s
     */
    List<String> refusals(String stackName, Map<String, String> after, BiPredicate<String, String> changes) {
        List<String> out = new ArrayList<>();
        after.keySet().forEach(name -> find(name).filter(e -> !e.stackName().equals(stackName)).ifPresent(e ->
                out.add("Export with name " + name + " is already exported by stack " + e.stackName())));
        for (String name : exportedBy(stackName)) {
            Set<String> users = importers(name, stackName);
            if (users.isEmpty()) {
                continue;
            }
            if (!after.containsKey(name)) {
                out.add("Export " + name + " cannot be deleted as it is in use by " + String.join(", ", users));
            } else if (changes.test(byName.get(name).value(), after.get(name))) {
                out.add("Export " + name + " cannot be updated as it is in use by " + String.join(", ", users));
            }
        }
        return out;
    }

    /**
     * CloudFormation's refusal of deleting a stack while another stack imports one of its exports.
     *
     * @param deletedFirst the stacks deleted before it, whose imports will be gone by then
     */
    List<String> refusalsToDelete(String stackName, Collection<String> deletedFirst) {
        List<String> out = new ArrayList<>();
        for (String name : exportedBy(stackName)) {
            Set<String> users = importers(name, stackName);
            users.removeAll(deletedFirst);
            if (!users.isEmpty()) {
                out.add("Export " + name + " cannot be deleted as it is in use by " + String.join(", ", users));
            }
        }
        return out;
    }
}
