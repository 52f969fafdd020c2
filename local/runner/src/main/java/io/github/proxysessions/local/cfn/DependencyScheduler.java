package io.github.proxysessions.local.cfn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs resource operations in dependency order, as CloudFormation does: each once everything it waits for has run,
 * independent ones concurrently up to a bound. Deletes run on the reverse graph: a resource once everything that
 * depends on it is gone.
 */
final class DependencyScheduler {

    private final int concurrency;

    DependencyScheduler(int concurrency) {
        this.concurrency = Math.max(1, concurrency);
    }

    /** A dependency cycle: the ids on it, in order, the first repeated at the end. */
    static final class Cycle extends TemplateException {
        private final List<String> path;

        Cycle(String what, List<String> path) {
            super("circular dependency between " + what + ": " + String.join(" -> ", path));
            this.path = List.copyOf(path);
        }

        /** The ids on the cycle, each once. */
        List<String> members() {
            return path.subList(0, path.size() - 1);
        }
    }

    /** An operation was not started because another one failed. */
    static final class NotStarted extends RuntimeException {
        NotStarted() {
            super("not started: the operation failed", null, false, false);
        }
    }

    /**
     * Runs {@code action} for every id once everything it waits for (among {@code ids}) has run. After a failure
     * nothing new starts; what is running finishes. Returns when every one has ended; each failure is the action's to
     * report.
     *
     * @throws TemplateException on a dependency cycle, before anything runs
     */
    void runInOrder(Set<String> ids, Function<String, Set<String>> waitsFor, Consumer<String> action) {
        List<String> order = order(ids, waitsFor);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "resource");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean failed = new AtomicBoolean();
        Map<String, CompletableFuture<Void>> futures = new HashMap<>();
        try {
            for (String id : order) {
                CompletableFuture<?>[] before = waitsFor.apply(id).stream().filter(futures::containsKey)
                        .map(futures::get).toArray(CompletableFuture[]::new);
                futures.put(id, CompletableFuture.allOf(before).thenRunAsync(() -> {
                    if (failed.get()) {
                        throw new NotStarted();
                    }
                    try {
                        action.accept(id);
                    } catch (RuntimeException e) {
                        failed.set(true);
                        throw e;
                    }
                }, pool));
            }
            CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                    .join();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs {@code action} for every key once every key that depends on it has run: the order of deletes.
     *
     * @param dependencies for each key, the keys it depends on (keys outside the map are ignored)
     */
    void runInReverseOrder(Map<String, Set<String>> dependencies, Consumer<String> action) {
        runInOrder(dependencies.keySet(), reverse(dependencies)::get, action);
    }

    /** For each key, the keys that depend on it. */
    static Map<String, Set<String>> reverse(Map<String, Set<String>> dependencies) {
        Map<String, Set<String>> dependents = new LinkedHashMap<>();
        dependencies.keySet().forEach(k -> dependents.put(k, new LinkedHashSet<>()));
        dependencies.forEach((key, needs) -> needs.stream().filter(dependents::containsKey)
                .forEach(needed -> dependents.get(needed).add(key)));
        return dependents;
    }

    /**
     * The ids in an order where each comes after what it waits for (ids outside the set are ignored).
     *
     * @throws TemplateException on a cycle, naming it: {@code A -> B -> A}
     */
    static List<String> order(Set<String> ids, Function<String, Set<String>> waitsFor) {
        return order(ids, waitsFor, "resources");
    }

    /** As {@link #order(Set, Function)}; a cycle's message names the ids as {@code what} ("stacks"). */
    static List<String> order(Set<String> ids, Function<String, Set<String>> waitsFor, String what) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String id : ids) {
            visit(id, ids, waitsFor, done, new LinkedHashSet<>(), order, what);
        }
        return order;
    }

    private static void visit(String id, Set<String> ids, Function<String, Set<String>> waitsFor, Set<String> done,
                              LinkedHashSet<String> path, List<String> order, String what) {
        if (done.contains(id)) {
            return;
        }
        if (path.contains(id)) {
            List<String> cycle = new ArrayList<>();
            boolean inCycle = false;
            for (String p : path) {
                inCycle |= p.equals(id);
                if (inCycle) {
                    cycle.add(p);
                }
            }
            cycle.add(id);
            throw new Cycle(what, cycle);
        }
        path.add(id);
        for (String next : waitsFor.apply(id)) {
            if (ids.contains(next)) {
                visit(next, ids, waitsFor, done, path, order, what);
            }
        }
        path.remove(id);
        done.add(id);
        order.add(id);
    }
}
