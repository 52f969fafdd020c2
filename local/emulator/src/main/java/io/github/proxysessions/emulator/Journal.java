package io.github.proxysessions.emulator;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.zip.CRC32;

/**
 * Durable state: a snapshot file written atomically (temporary file, fsync, rename, fsync of the directory) plus an
 * append-only journal of the changes made since, one {@code <crc32> <json>} line per change.
 *
 * <p>A change is acknowledged only after {@link #sync(long)} returns, that is after an fsync that covers its line.
 * Concurrent writers share fsyncs (group commit), so durability does not serialise the emulator. A line torn by a crash
 * fails its checksum and is cut off on the next start; it was never acknowledged. Each record carries a sequence number
 * and the snapshot records the last one it contains, so a crash between writing a snapshot and truncating the journal
 * cannot apply a change twice.
 */
final class Journal implements Closeable {

    /** The journal is folded into a new snapshot after this many records. */
    static final int COMPACT_AFTER_RECORDS = 20_000;

    private final Path snapshotFile;
    private final FileChannel channel;
    private final FileLock fileLock;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition syncDone = lock.newCondition();
    private long lastSeq;
    private long syncedSeq;
    private boolean syncing;
    private int recordsSinceSnapshot;

    private Journal(Path snapshotFile, FileChannel channel, FileLock fileLock, long lastSeq) {
        this.snapshotFile = snapshotFile;
        this.channel = channel;
        this.fileLock = fileLock;
        this.lastSeq = lastSeq;
        this.syncedSeq = lastSeq;
    }

    /**
     * Opens the state at {@code stateFile}, feeding the snapshot (if any) and then every intact journal record newer
     * than it to the given consumers.
     */
    static Journal open(Path stateFile, Consumer<Snapshot> snapshotLoader, Consumer<JournalRecord> recordApplier) {
        Path snapshot = stateFile.toAbsolutePath();
        Path journal = snapshot.resolveSibling(snapshot.getFileName() + ".journal");
        try {
            Files.createDirectories(snapshot.getParent());
            FileChannel channel = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock fileLock;
            try {
                fileLock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null;
            }
            if (fileLock == null) {
                channel.close();
                throw new IllegalStateException("state file " + stateFile + " is in use by another emulator");
            }
            long snapshotSeq = 0;
            if (Files.exists(snapshot)) {
                Snapshot root = Json.MAPPER.readValue(snapshot.toFile(), Snapshot.class);
                snapshotSeq = root.lastSeq();
                snapshotLoader.accept(root);
            }
            long lastSeq = replay(channel, snapshotSeq, recordApplier);
            forceDirectory(snapshot.getParent());
            return new Journal(snapshot, channel, fileLock, lastSeq);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open emulator state " + stateFile, e);
        }
    }

    private static long replay(FileChannel channel, long snapshotSeq, Consumer<JournalRecord> applier) throws IOException {
        // The journal is bounded by COMPACT_AFTER_RECORDS, so reading it whole is fine.
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(channel.size()));
        channel.position(0);
        while (all.hasRemaining() && channel.read(all) >= 0) {
            // keep reading
        }
        byte[] bytes = all.array();
        long lastSeq = snapshotSeq;
        int goodBytes = 0;
        // Only newline-terminated lines count: a line without its newline was torn by a crash mid-write.
        for (int newline = indexOf(bytes, goodBytes); newline >= 0; newline = indexOf(bytes, goodBytes)) {
            JournalRecord record = decode(new String(bytes, goodBytes, newline - goodBytes, StandardCharsets.UTF_8));
            if (record == null) {
                break;  // a corrupt tail: never acknowledged, cut off below
            }
            goodBytes = newline + 1;
            long seq = record.seq();
            if (seq > snapshotSeq) {
                applier.accept(record);
                lastSeq = Math.max(lastSeq, seq);
            }
        }
        channel.truncate(goodBytes);
        channel.position(goodBytes);
        channel.force(true);
        return lastSeq;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static JournalRecord decode(String line) {
        int space = line.indexOf(' ');
        if (space != 8) {
            return null;
        }
        String json = line.substring(space + 1);
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        try {
            if (Long.parseLong(line.substring(0, 8), 16) != crc.getValue()) {
                return null;
            }
            return Json.MAPPER.readValue(json, JournalRecord.class);
        } catch (NumberFormatException | IOException e) {
            return null;
        }
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
            byte[] json = Json.MAPPER.writerFor(JournalRecord.class).writeValueAsBytes(record);
            CRC32 crc = new CRC32();
            crc.update(json);
            byte[] prefix = String.format("%08x ", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
            ByteBuffer buffer = ByteBuffer.allocate(prefix.length + json.length + 1);
            buffer.put(prefix).put(json).put((byte) '\n').flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
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
            Snapshot state = stateAt.apply(lastSeq);
            Path tmp = snapshotFile.resolveSibling(snapshotFile.getFileName() + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(state));
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, snapshotFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(snapshotFile.getParent());
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

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
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
