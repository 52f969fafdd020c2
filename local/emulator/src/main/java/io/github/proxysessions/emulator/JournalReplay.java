package io.github.proxysessions.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a journal and applies what it holds after the snapshot, without ever dropping an acknowledged record in
 * silence (issue 12 §1):
 *
 * <ul>
 *   <li>bytes after the last newline that pass the checksum as they are, or without their last byte, are a whole
 *       record whose newline was lost or damaged: it is applied like any other, and {@link #newlineAt()} says where
 *       its newline belongs;</li>
 *   <li>other bytes after the last newline are a record that a crash cut short; it was never acknowledged (a change
 *       is acknowledged once its whole line is on disk), and is cut off;</li>
 *   <li>a whole line that fails its checksum, or that is not a record, is damaged: the change it held is lost, every
 *       intact record after it is still applied, and {@link #repairs()} says so, line by line (or in one line when
 *       there are many), so that the caller can keep the journal as it was;</li>
 *   <li>a journal that does not continue the snapshot (records the snapshot claims to hold, or a snapshot that ends
 *       before the journal begins) means that one of the two was replaced or edited: nothing is applied, and the
 *       start stops with an {@link EmulatorStateException}.</li>
 * </ul>
 */
final class JournalReplay {

    /** Beyond this many damaged lines, or records that cannot be applied, they are counted in one line. */
    static final int DETAIL_LIMIT = 10;

    /** One newline-terminated line: its record, or why it has none (and whether that is a checksum that fails). */
    private record Line(int number, int start, int end, JournalRecord record, boolean failsChecksum, String problem) {
        long seq() {
            return record.seq();
        }
    }

    private final Path journalFile;
    private final Path snapshotFile;
    private final long snapshotSeq;
    private final List<Line> lines = new ArrayList<>();
    private final int keep;
    private final int newlineAt;
    private final int cut;
    /** The whole last line whose newline was missing or damaged, or null. */
    private final Line tail;
    /** The byte that stood where the tail's newline belongs, or -1 when it was missing. */
    private final int damagedNewline;
    private final List<String> damaged = new ArrayList<>();
    /** Whether the damaged lines were counted in one line rather than described one by one. */
    private boolean counted;

    /**
     * Reads {@code bytes}, the journal beside the snapshot {@code snapshotFile} whose last record is {@code snapshotSeq},
     * and checks that the two belong together.
     *
     * @throws EmulatorStateException when they do not
     */
    JournalReplay(byte[] bytes, Path journalFile, Path snapshotFile, long snapshotSeq) {
        this.journalFile = journalFile;
        this.snapshotFile = snapshotFile;
        this.snapshotSeq = snapshotSeq;
        int start = 0;
        int number = 1;
        for (int newline = Frames.newline(bytes, start); newline >= 0;
                newline = Frames.newline(bytes, start), number++) {
            lines.add(decode(bytes, number, start, newline));
            start = newline + 1;
        }
        Line tail = null;
        int end = bytes.length;
        if (start < bytes.length) {
            // A whole last line whose newline is missing (checksum holds as it is) or damaged (holds without the
            // last byte); anything else after the last newline is a record cut short.
            tail = decode(bytes, number, start, end);
            if (tail.record() == null && bytes.length - start > 1) {
                Line shorter = decode(bytes, number, start, end - 1);
                if (shorter.record() != null || !shorter.failsChecksum()) {
                    tail = shorter;
                    end--;
                }
            }
            if (tail.record() == null && tail.failsChecksum()) {
                tail = null;
            }
        }
        this.tail = tail;
        if (tail != null) {
            lines.add(tail);
            this.keep = end;
            this.newlineAt = end;
            this.cut = bytes.length - end;
            this.damagedNewline = cut == 0 ? -1 : bytes[end] & 0xff;
        } else {
            this.keep = start;
            this.newlineAt = -1;
            this.cut = bytes.length - start;
            this.damagedNewline = -1;
        }
        checkContinuity();
    }

    private static Line decode(byte[] bytes, int number, int start, int end) {
        byte[] json = Frames.unframe(bytes, start, end);
        if (json == null) {
            return new Line(number, start, end, null, true, "fails its checksum");
        }
        try {
            return new Line(number, start, end, Json.MAPPER.readValue(json, JournalRecord.class), false, null);
        } catch (JsonProcessingException e) {
            return new Line(number, start, end, null, false, "is not a record this emulator knows ("
                    + StateFileErrors.describe(e) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A journal continues its snapshot when it is empty, when it begins with the record after the snapshot's last, or
     * when it ends with the snapshot's last (a crash came between writing the snapshot and emptying the journal, whose
     * records the snapshot holds). Damaged lines may explain a gap at either end.
     */
    private void checkContinuity() {
        List<Line> intact = lines.stream().filter(l -> l.record() != null).toList();
        if (intact.isEmpty()) {
            return;
        }
        boolean held = intact.stream().anyMatch(l -> l.seq() <= snapshotSeq);
        Line firstNew = intact.stream().filter(l -> l.seq() > snapshotSeq).findFirst().orElse(null);
        Line last = intact.get(intact.size() - 1);
        boolean continues;
        if (held && firstNew != null) {
            continues = false;
        } else if (held) {
            continues = last.seq() == snapshotSeq || damagedAfter(last);
        } else {
            continues = firstNew.seq() == snapshotSeq + 1 || damagedBefore(firstNew);
        }
        if (!continues) {
            throw new EmulatorStateException("Cannot open the emulator state: " + snapshotFile + " and "
                    + journalFile + " do not belong together: the snapshot holds the changes up to record "
                    + snapshotSeq + ", but the journal holds records " + intact.get(0).seq() + " to " + last.seq()
                    + ", so one of them was replaced or edited. " + SnapshotFile.advice(snapshotFile));
        }
    }

    private boolean damagedBefore(Line line) {
        return lines.stream().anyMatch(l -> l.record() == null && l.number() < line.number());
    }

    private boolean damagedAfter(Line line) {
        return lines.stream().anyMatch(l -> l.record() == null && l.number() > line.number());
    }

    /**
     * Applies every intact record newer than the snapshot, in order; a record that cannot be applied (it depends on one
     * that was lost) is reported with the damaged lines.
     */
    void apply(Consumer<JournalRecord> applier) {
        boolean[] applied = new boolean[lines.size()];
        List<Integer> damagedLines = new ArrayList<>();
        List<String> others = new ArrayList<>();
        long previous = snapshotSeq;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (line.record() == null) {
                damagedLines.add(i);
                continue;
            }
            long seq = line.seq();
            if (seq <= snapshotSeq) {
                continue;   // already in the snapshot
            }
            if (seq <= previous) {
                others.add(where(line) + " (record " + seq + ") comes after record " + previous
                        + ", out of order, and was not applied.");
                continue;
            }
            if (seq > previous + 1 && !(i > 0 && lines.get(i - 1).record() == null)) {
                others.add(journalFile + ": records " + (previous + 1) + " to " + (seq - 1) + " are missing before "
                        + "line " + line.number() + " (were lines removed?); their changes are lost.");
            }
            try {
                applier.accept(line.record());
                applied[i] = true;
            } catch (RuntimeException e) {
                others.add(where(line) + " (record " + seq + ") could not be applied: " + e.getMessage() + ".");
            }
            previous = seq;
        }
        if (damagedLines.size() <= DETAIL_LIMIT) {
            damagedLines.forEach(i -> damaged.add(describeDamage(i, applied)));
        } else {
            damaged.add(countDamage(damagedLines, applied));
            counted = true;
        }
        if (others.size() <= DETAIL_LIMIT) {
            damaged.addAll(others);
        } else {
            damaged.add(journalFile + ": " + others.size() + " intact records were not applied (out of order, "
                    + "after missing ones, or depending on a lost one); the first: " + others.get(0));
        }
    }

    /** Many damaged lines, such as a journal that is not the emulator's at all, in one line: how many, and where. */
    private String countDamage(List<Integer> indices, boolean[] applied) {
        Line first = lines.get(indices.get(0));
        Line last = lines.get(indices.get(indices.size() - 1));
        long failing = indices.stream().filter(i -> lines.get(i).failsChecksum()).count();
        long unknown = indices.size() - failing;
        String kinds = unknown == 0 ? "each fails its checksum"
                : failing == 0 ? "none is a record this emulator knows"
                : failing + " fail their checksum and " + unknown + " are not records this emulator knows";
        return journalFile + ": " + indices.size() + " lines could not be read, line " + first.number() + " to line "
                + last.number() + " (bytes " + first.start() + "-" + last.end() + "; " + kinds + "): the changes "
                + "they held are lost; " + after(indices.get(0), applied, "them", "among and after them") + ".";
    }

    /** What a damaged line held, as far as the intact records around it tell, and what became of those after it. */
    private String describeDamage(int index, boolean[] applied) {
        Line line = lines.get(index);
        int runStart = index;
        while (runStart > 0 && lines.get(runStart - 1).record() == null) {
            runStart--;
        }
        int runEnd = index;
        while (runEnd + 1 < lines.size() && lines.get(runEnd + 1).record() == null) {
            runEnd++;
        }
        long before = runStart == 0 ? snapshotSeq : lines.get(runStart - 1).seq();
        Line next = runEnd + 1 < lines.size() ? lines.get(runEnd + 1) : null;
        String record;
        if (next == null || next.seq() - before - 1 == runEnd - runStart + 1) {
            record = "record " + (before + 1 + index - runStart);
        } else {
            record = "one of records " + (before + 1) + " to " + (next.seq() - 1);
        }
        return where(line) + " (bytes " + line.start() + "-" + line.end() + ") " + line.problem() + ": " + record
                + " could not be read and is lost; " + after(index, applied, "it", "after it") + ".";
    }

    /** What became of the intact records after the line at {@code index}: {@code it} names that line. */
    private String after(int index, boolean[] applied, String it, String afterIt) {
        long intactAfter = 0;
        long appliedAfter = 0;
        for (int i = index + 1; i < lines.size(); i++) {
            if (lines.get(i).record() != null && lines.get(i).seq() > snapshotSeq) {
                intactAfter++;
                appliedAfter += applied[i] ? 1 : 0;
            }
        }
        if (intactAfter == 0) {
            return "no intact record follows " + it;
        } else if (appliedAfter == intactAfter) {
            return intactAfter == 1 ? "the intact record " + afterIt + " was applied"
                    : "the " + intactAfter + " intact records " + afterIt + " were applied";
        }
        return appliedAfter + " of the " + intactAfter + " intact records " + afterIt + " could be applied";
    }

    private String where(Line line) {
        return journalFile + " line " + line.number();
    }

    /**
     * What opening found, as the emulator that owns the state repairs it: one line for each damaged, missing or
     * unusable record (counted in one line when there are more than {@value #DETAIL_LIMIT}), and what is done to the
     * end of the journal; empty when the journal was whole.
     */
    List<String> repairs() {
        return report(tailRepair());
    }

    /** What opening found, as a reader that changes nothing leaves it: the same lines as {@link #repairs()}. */
    List<String> asRead() {
        return report(tailAsRead());
    }

    private List<String> report(String tailLine) {
        List<String> report = new ArrayList<>();
        if (tailLine != null && tail != null) {
            report.add(tailLine);   // a record that was read: first, as it is not about anything lost
            tailLine = null;
        }
        report.addAll(damaged);
        if (tailLine != null && counted) {
            // One line for a journal that is garbage throughout, its end included.
            report.set(0, report.get(0) + " Also " + tailLine.substring(journalFile.toString().length() + 2));
        } else if (tailLine != null) {
            report.add(tailLine);
        }
        return List.copyOf(report);
    }

    /** Whether anything of the journal is lost or cut off: then the journal as it was is worth keeping. */
    boolean losesAnything() {
        return !damaged.isEmpty() || cut > 0;
    }

    /** How many bytes of the journal to keep as they are: everything before what is cut off or repaired. */
    int keep() {
        return keep;
    }

    /** Where a newline must be written back after the last line (it was missing or damaged), or -1. */
    int newlineAt() {
        return newlineAt;
    }

    /** How many bytes are cut off the end of the journal (a record cut short, a damaged newline); 0 when none. */
    int cut() {
        return cut;
    }

    /** What was done to the end of the journal, in one line, or null when it ended with a whole line. */
    String tailRepair() {
        if (tail != null) {
            return wholeTail() + (tail.record() == null ? "it is read as a damaged line (see the other repairs)"
                    : "the record was applied") + ", and the newline restored.";
        }
        return cut == 0 ? null : journalFile + ": cut off the last " + cut + " bytes, a record that a crash cut short "
                + "while it was written (never acknowledged).";
    }

    /**
     * What a reader that changes nothing makes of the end of the journal, in one line, or null when it ended with a
     * whole line. Unlike {@link #tailRepair()}, the bytes stay as they are.
     */
    String tailAsRead() {
        if (tail != null) {
            return wholeTail() + (tail.record() == null ? "it is read as a damaged line" : "the record was read")
                    + "; the file was left as it is.";
        }
        return cut == 0 ? null : journalFile + ": the last " + cut + " bytes are not a whole record (one being "
                + "written, or cut short by a crash, so never acknowledged) and were not read; the file was left as it "
                + "is.";
    }

    private String wholeTail() {
        return journalFile + " line " + tail.number() + (tail.record() == null ? "" : " (record " + tail.seq() + ")")
                + " is whole (its checksum holds) but its newline was " + (damagedNewline < 0 ? "missing"
                : "damaged (byte " + newlineAt + " was 0x" + String.format("%02x", damagedNewline) + ")") + ": ";
    }

    /** The last sequence number used, in the snapshot or the journal. */
    long lastSeq() {
        return Math.max(snapshotSeq, lines.stream().filter(l -> l.record() != null).mapToLong(Line::seq).max()
                .orElse(snapshotSeq));
    }
}
