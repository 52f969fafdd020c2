package io.github.proxysessions.emulator;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Durable state: a snapshot file ({@link SnapshotFile}) plus an append-only journal of the changes made since, one
 * checksummed line per change ({@link Frames}).
 *
 * <p>A change is acknowledged only after {@link #sync(long)} returns, that is after an fsync that covers its line.
 * Concurrent writers share fsyncs (group commit), so durability does not serialise the emulator. Each record carries a
 * sequence number and the snapshot records the last one it contains, so a crash between writing a snapshot and
 * truncating the journal cannot apply a change twice. What opening does with damaged files is {@link JournalReplay}'s
 * and {@link SnapshotFile}'s to say; when it repairs the journal, the journal as it was is kept beside it.
 */
final class Journal implements Closeable {

    /** The journal is folded into a new snapshot after this many records. */
    static final int COMPACT_AFTER_RECORDS = 20_000;

    /** How many times {@link #read} reads files that another emulator changes meanwhile before it gives up. */
    private static final int READ_ATTEMPTS = 5;

    /** Writes each record as its declared type, so that the record says which change it is; one for every append. */
    private static final ObjectWriter RECORD_WRITER = Json.MAPPER.writerFor(JournalRecord.class);

    private static final DateTimeFormatter COPY_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path snapshotFile;
    private final FileChannel channel;
    private final FileLock fileLock;
    private final List<String> repairs;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition syncDone = lock.newCondition();
    private long lastSeq;
    private long syncedSeq;
    private boolean syncing;
    private int recordsSinceSnapshot;

    private Journal(Path snapshotFile, FileChannel channel, FileLock fileLock, long lastSeq, List<String> repairs) {
        this.snapshotFile = snapshotFile;
        this.channel = channel;
        this.fileLock = fileLock;
        this.lastSeq = lastSeq;
        this.syncedSeq = lastSeq;
        this.repairs = List.copyOf(repairs);
    }

    /**
     * Opens the state at {@code stateFile}, feeding the snapshot (if any) and then every intact journal record newer
     * than it to the given consumers.
     *
     * @throws EmulatorStateException when the state cannot be used as it is (the message says why and what to do);
     *                                the files are left as they were
     */
    static Journal open(Path stateFile, Consumer<Snapshot> snapshotLoader, Consumer<JournalRecord> recordApplier) {
        Path snapshot = stateFile.toAbsolutePath();
        Path journal = journalOf(snapshot);
        FileChannel channel = null;
        try {
            Files.createDirectories(snapshot.getParent());
            channel = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock fileLock = lock(channel);
            if (fileLock == null) {
                throw new EmulatorStateException("Cannot open the emulator state: " + snapshot
                        + " is in use by another emulator");
            }
            Snapshot root = SnapshotFile.read(snapshot);
            byte[] bytes = readAll(channel);
            JournalReplay replay = new JournalReplay(bytes, journal, snapshot, root == null ? 0 : root.lastSeq());
            if (root != null) {
                snapshotLoader.accept(root);
            }
            replay.apply(recordApplier);
            List<String> repairs = new ArrayList<>(replay.repairs());
            if (replay.losesAnything()) {
                // Before anything on disk changes: whatever is cut or lost stays readable in the copy.
                Path copy = keepAside(journal, bytes);
                int last = repairs.size() - 1;
                repairs.set(last, repairs.get(last) + " The journal as it was is kept in " + copy + ".");
            }
            if (replay.cut() > 0) {
                channel.truncate(replay.keep());
            }
            channel.position(replay.keep());
            if (replay.newlineAt() >= 0) {
                SnapshotFile.writeFully(channel, ByteBuffer.wrap(new byte[] {'\n'}));
            }
            channel.force(true);
            SnapshotFile.forceDirectory(snapshot.getParent());
            Journal opened = new Journal(snapshot, channel, fileLock, replay.lastSeq(), repairs);
            channel = null;
            return opened;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open emulator state " + stateFile, e);
        } finally {
            closeQuietly(channel);
        }
    }

    /**
     * Reads the state at {@code stateFile} as {@link #open} does, feeding the same consumers, but changes nothing: it
     * takes no lock, creates no file or directory, and repairs, cuts or sets aside nothing; a damaged journal line is
     * skipped as on open, and a record cut short at the end is not read. Another emulator may use the state
     * meanwhile: when it replaces the snapshot or empties the journal while they are read, they are read again.
     *
     * @return what was found damaged and left as it is, one line each; empty when the files were whole or absent
     * @throws EmulatorStateException when the state cannot be used as it is (the message says why)
     */
    static List<String> read(Path stateFile, Consumer<Snapshot> snapshotLoader,
                             Consumer<JournalRecord> recordApplier) {
        Path snapshot = stateFile.toAbsolutePath();
        Path journal = journalOf(snapshot);
        for (int attempt = 1; ; attempt++) {
            byte[] before = readIfPresent(snapshot);
            byte[] bytes = readIfPresent(journal);
            byte[] after = readIfPresent(snapshot);
            Snapshot root;
            JournalReplay replay;
            try {
                if (!Arrays.equals(before, after)) {
                    throw new EmulatorStateException("Cannot read the emulator state: " + snapshot
                            + " was replaced while it was read, " + READ_ATTEMPTS + " times in a row");
                }
                root = before == null ? null : SnapshotFile.parse(snapshot, before);
                replay = new JournalReplay(bytes == null ? new byte[0] : bytes, journal, snapshot,
                        root == null ? 0 : root.lastSeq());
            } catch (EmulatorStateException e) {
                if (attempt == READ_ATTEMPTS) {
                    throw e;
                }
                // The emulator that owns the state may have been writing a snapshot, then emptying the journal,
                // between the reads: the files are whole again a moment later.
                pause(attempt);
                continue;
            }
            if (root != null) {
                snapshotLoader.accept(root);
            }
            replay.apply(recordApplier);
            return replay.asRead();
        }
    }

    private static byte[] readIfPresent(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the emulator state " + file, e);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorStateException("Cannot read the emulator state: interrupted");
        }
    }

    private static Path journalOf(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + ".journal");
    }

    private static FileLock lock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static byte[] readAll(FileChannel channel) throws IOException {
        // The journal is bounded by COMPACT_AFTER_RECORDS, so reading it whole is fine.
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(channel.size()));
        channel.position(0);
        while (all.hasRemaining() && channel.read(all) >= 0) {
            // keep reading
        }
        return all.array();
    }

    /** Writes the journal as it was to {@code <journal>.damaged-<UTC time>}, durably; returns that file. */
    private static Path keepAside(Path journal, byte[] bytes) throws IOException {
        String stamp = COPY_STAMP.format(Instant.now());
        for (int n = 1; ; n++) {
            Path copy = journal.resolveSibling(journal.getFileName() + ".damaged-" + stamp + (n == 1 ? "" : "-" + n));
            try (FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                SnapshotFile.writeFully(out, ByteBuffer.wrap(bytes));
                out.force(true);
                return copy;
            } catch (FileAlreadyExistsException e) {
                // another copy this second: try the next name
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();   // releases the lock too
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }

    /** What opening had to repair, one line each; empty when the files were whole. */
    List<String> repairs() {
        return repairs;
    }

    /**
     * Appends the record that {@code make} builds with the next sequence number, and returns it. The record is not
     * yet durable: call {@link #sync(long)} with its {@code seq} before acknowledging the change. Callers append in
     * the order they apply changes.
     */
    JournalRecord append(LongFunction<? extends JournalRecord> make) {
        lock.lock();
        try {
            JournalRecord record = make.apply(++lastSeq);
            SnapshotFile.writeFully(channel, ByteBuffer.wrap(
                    Frames.frame(RECORD_WRITER.writeValueAsBytes(record))));
            recordsSinceSnapshot++;
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the emulator journal", e);
        } finally {
            lock.unlock();
        }
    }

    /** Returns once every record up to {@code seq} is on disk; one fsync serves every writer waiting meanwhile. */
    void sync(long seq) {
        lock.lock();
        try {
            while (syncedSeq < seq) {
                if (syncing) {
                    syncDone.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long target = lastSeq;
                lock.unlock();
                try {
                    channel.force(false);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot sync the emulator journal", e);
                } finally {
                    lock.lock();
                    syncing = false;
                    syncDone.signalAll();
                }
                syncedSeq = Math.max(syncedSeq, target);
            }
        } finally {
            lock.unlock();
        }
    }

    boolean needsCompaction() {
        lock.lock();
        try {
            return recordsSinceSnapshot >= COMPACT_AFTER_RECORDS;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces the snapshot with the state that {@code stateAt} gives for the journal's last sequence number, and
     * empties the journal. The caller must hold off every change while this runs, so that the state includes every
     * record appended so far.
     */
    void compact(LongFunction<Snapshot> stateAt) {
        lock.lock();
        try {
            SnapshotFile.write(snapshotFile, stateAt.apply(lastSeq));
            // The snapshot now holds everything: the journal can go, and every waiter is durable.
            channel.truncate(0);
            channel.position(0);
            channel.force(true);
            recordsSinceSnapshot = 0;
            syncedSeq = lastSeq;
            syncDone.signalAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the emulator snapshot " + snapshotFile, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (channel.isOpen()) {
                channel.force(true);
                fileLock.release();
                channel.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
