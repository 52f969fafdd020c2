package io.github.proxysessions.local.cfn;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Prints a deployment as {@code cdk deploy} does: one line per resource event, led by the stack's name and its own
 * progress counter (stacks deployed at once each count their own); and, while operations take long, a line every
 * {@link #PROGRESS_EVERY} per stack saying what it is still waiting on.
 */
public final class EventPrinter implements AutoCloseable {

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    /** The operations in progress, by stack: since when each has been, by logical id. */
    private final Map<Progress, Map<String, Long>> inFlight = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastPrint = System.nanoTime();

    public EventPrinter(PrintStream out) {
        this.out = out;
        ticker.scheduleAtFixedRate(this::progress, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis() / 3,
                TimeUnit.MILLISECONDS);
    }

    /** Starts counting the events of an operation on a stack. */
    Progress begin(String stackName, int totalSteps) {
        return new Progress(stackName, totalSteps);
    }

    /** One stack operation's events, counted. */
    final class Progress {
        private final String stack;
        private final int total;
        private int done;

        private Progress(String stack, int total) {
            this.stack = stack;
            this.total = total;
        }

        /** Prints one event. A status ending in _COMPLETE, _FAILED or SKIPPED counts towards the progress. */
        void event(String status, String type, String logicalId, String detail) {
            synchronized (EventPrinter.this) {
                Map<String, Long> mine = inFlight.computeIfAbsent(this, k -> new ConcurrentHashMap<>());
                if (status.endsWith("_IN_PROGRESS")) {
                    mine.put(logicalId, System.nanoTime());
                } else {
                    mine.remove(logicalId);
                    if (!type.equals(StackDeployment.STACK_TYPE)) {
                        done = Math.min(total, done + 1);
                    }
                }
                out.printf("%s | %3d/%-3d | %s | %-28s | %-28s | %s%s%n", stack, done, total,
                        LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(TIME), status, type, logicalId,
                        detail == null || detail.isEmpty() ? "" : " " + detail);
                out.flush();
                lastPrint = System.nanoTime();
            }
        }

        /** Ends the operation: nothing of it is waited on any more. */
        void end() {
            inFlight.remove(this);
        }
    }

    /** Prints a line of its own. */
    synchronized void line(String text) {
        lines(List.of(text));
    }

    /** Prints lines together, with no other line among them. */
    public synchronized void lines(List<String> text) {
        text.forEach(out::println);
        out.flush();
        lastPrint = System.nanoTime();
    }

    private synchronized void progress() {
        if (System.nanoTime() - lastPrint < PROGRESS_EVERY.toNanos()) {
            return;
        }
        long now = System.nanoTime();
        boolean printed = false;
        for (Map.Entry<Progress, Map<String, Long>> stackInFlight : inFlight.entrySet()) {
            Progress stack = stackInFlight.getKey();
            Map<String, Long> waiting = stackInFlight.getValue();
            if (waiting.isEmpty()) {
                continue;
            }
            String which = waiting.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(5)
                    .map(e -> e.getKey() + " (" + (now - e.getValue()) / 1_000_000_000L + "s)")
                    .collect(Collectors.joining(", "));
            out.println(stack.stack + " | " + stack.done + "/" + stack.total + " done; waiting on " + which
                    + (waiting.size() > 5 ? " and " + (waiting.size() - 5) + " more" : ""));
            printed = true;
        }
        if (printed) {
            out.flush();
            lastPrint = System.nanoTime();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
