package io.github.proxysessions.local.cfn;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Prints a deployment as {@code cdk deploy} does: one line per resource event, with a progress counter; and, while
 * operations take long, a line every {@link #PROGRESS_EVERY} saying what is still being waited on.
 */
public final class EventPrinter implements AutoCloseable {

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastPrint = System.nanoTime();
    private volatile String stack = "";
    private volatile int done;
    private volatile int total;

    public EventPrinter(PrintStream out) {
        this.out = out;
        ticker.scheduleAtFixedRate(this::progress, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis() / 3,
                TimeUnit.MILLISECONDS);
    }

    /** Starts counting the events of a stack's operation. */
    synchronized void begin(String stackName, int totalSteps) {
        this.stack = stackName;
        this.done = 0;
        this.total = totalSteps;
    }

    /** Prints one event. A status ending in _COMPLETE, _FAILED or SKIPPED counts towards the progress. */
    synchronized void event(String status, String type, String logicalId, String detail) {
        if (status.endsWith("_IN_PROGRESS")) {
            inFlight.put(logicalId, System.nanoTime());
        } else {
            inFlight.remove(logicalId);
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

    /** Prints a line of its own. */
    synchronized void line(String text) {
        out.println(text);
        out.flush();
        lastPrint = System.nanoTime();
    }

    private void progress() {
        if (inFlight.isEmpty() || System.nanoTime() - lastPrint < PROGRESS_EVERY.toNanos()) {
            return;
        }
        long now = System.nanoTime();
        String waiting = inFlight.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(5)
                .map(e -> e.getKey() + " (" + (now - e.getValue()) / 1_000_000_000L + "s)")
                .collect(Collectors.joining(", "));
        line(stack + " | " + done + "/" + total + " done; waiting on " + waiting
                + (inFlight.size() > 5 ? " and " + (inFlight.size() - 5) + " more" : ""));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
