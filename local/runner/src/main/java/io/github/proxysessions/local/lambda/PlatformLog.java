package io.github.proxysessions.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The lines Lambda itself writes to an execution environment's log stream around each invocation ({@code START},
 * {@code END}, {@code REPORT}, and the timeout and exit messages), in the function's log format, appended to the
 * instance's log file next to what the function prints. Request ids and figures only: never the event, the response
 * or an error message.
 */
final class PlatformLog {

    /** How an invocation ended, as {@code platform.report} words it. */
    enum Status {
        SUCCESS("success"),
        ERROR("error"),
        TIMEOUT("timeout");

        final String json;

        Status(String json) {
            this.json = json;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final boolean json;
    private final int memoryMb;
    private final String version;

    PlatformLog(Path file, String logFormat, int memoryMb, String version) {
        this.file = file;
        this.json = logFormat.equals("JSON");
        this.memoryMb = memoryMb;
        this.version = version;
    }

    void start(String requestId) {
        if (json) {
            write(event("platform.start", JSON.createObjectNode().put("requestId", requestId)
                    .put("version", version)));
        } else {
            write("START RequestId: " + requestId + " Version: " + version);
        }
    }

    void timedOut(Invocation.TimedOut result) {
        if (!json) {
            write(Instant.now() + " " + result.requestId() + " " + result.message());
        }
    }

    void crashed(Invocation.InstanceCrashed result) {
        if (!json) {
            write("RequestId: " + result.requestId() + " Error: " + result.message() + "\nRuntime.ExitError");
        }
    }

    /**
     * {@code END} and {@code REPORT}.
     *
     * @param initDurationMs the instance's init duration, on its first invocation only
     * @param maxMemoryUsedMb the instance's peak resident memory, when known
     */
    void end(String requestId, Status status, double durationMs, Double initDurationMs,
             OptionalLong maxMemoryUsedMb) {
        long billed = (long) Math.ceil(durationMs);
        if (json) {
            ObjectNode metrics = JSON.createObjectNode().put("durationMs", round(durationMs))
                    .put("billedDurationMs", billed).put("memorySizeMB", memoryMb);
            maxMemoryUsedMb.ifPresent(mb -> metrics.put("maxMemoryUsedMB", mb));
            if (initDurationMs != null) {
                metrics.put("initDurationMs", round(initDurationMs));
            }
            ObjectNode record = JSON.createObjectNode().put("requestId", requestId);
            record.set("metrics", metrics);
            record.put("status", status.json);
            write(event("platform.report", record));
            return;
        }
        StringBuilder report = new StringBuilder("REPORT RequestId: ").append(requestId)
                .append(String.format(Locale.ROOT, "\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB",
                        durationMs, billed, memoryMb));
        maxMemoryUsedMb.ifPresent(mb -> report.append("\tMax Memory Used: ").append(mb).append(" MB"));
        if (initDurationMs != null) {
            report.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initDurationMs));
        }
        if (status != Status.SUCCESS) {
            report.append("\tStatus: ").append(status.json);
        }
        write("END RequestId: " + requestId + "\n" + report);
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    private static String event(String type, ObjectNode record) {
        ObjectNode event = JSON.createObjectNode().put("time", Instant.now().toString()).put("type", type);
        event.set("record", record);
        return event.toString();
    }

    private void write(String lines) {
        try {
            // O_APPEND, as the instance's own output: lines interleave whole, never mixed.
            Files.writeString(file, lines + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The log is a convenience; an invocation never fails for it.
        }
    }

    /** The peak resident set size of a process, from Linux's {@code /proc/<pid>/status} ({@code VmHWM}). */
    static OptionalLong peakMemoryMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return OptionalLong.of(Math.max(1, Math.round(kb / 1024.0)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process is gone, or this is not Linux: no figure.
        }
        return OptionalLong.empty();
    }
}
