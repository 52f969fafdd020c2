package io.github.proxysessions.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one runner that may change a state directory: an exclusive lock on {@code <state-dir>/.lock}, held by
 * {@code deploy}, {@code destroy}, {@code repair} and {@code renew} for as long as they run, so that two runners
 * never write the same records (with {@code --endpoint} nothing else stops them; the embedded emulator locks only its
 * own state). {@code status} reads without it (it only reads the file, {@link #workingRunner}). The operating system releases the lock when the process ends, however
 * it ends; the file holds the holder's process id, for people.
 */
final class StateDirectoryLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, or fails at once.
     *
     * @throws UserError when another runner holds it (one line: which directory, which process)
     */
    static StateDirectoryLock acquire(Path stateDir) {
        Path file = stateDir.toAbsolutePath().normalize().resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = holder(channel);
                throw new UserError("another runner is using the state directory " + file.getParent()
                        + (holder.isEmpty() ? "" : " (process " + holder + ")") + ": nothing was done. Wait for it "
                        + "to end, or give another --state-dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
                    0);
            StateDirectoryLock held = new StateDirectoryLock(channel, lock);
            channel = null;
            return held;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the state directory " + file.getParent(), e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // already failing
                }
            }
        }
    }

    /** The lock, or null when another process (or this one) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;   // held by this process
        }
    }

    /**
     * The process id of a runner that is working in the state directory now, or null when none is: read from the
     * lock file without opening it for writing or taking its lock (for {@code status}, which takes none), and
     * believed only while that process lives. A runner clears the file when it releases the lock, so a process id
     * left in it is that of a runner that was killed, or of one working now.
     */
    static String workingRunner(Path stateDir) {
        Path file = stateDir.toAbsolutePath().normalize().resolve(FILE_NAME);
        try {
            long pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? Long.toString(pid) : null;
        } catch (IOException | NumberFormatException e) {
            return null;   // no lock file, or none that names a process: no runner has it now
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);   // no runner works here any more (see workingRunner)
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of the state directory", e);
        }
    }
}
