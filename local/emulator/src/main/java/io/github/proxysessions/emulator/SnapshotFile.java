package io.github.proxysessions.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The snapshot file: the whole state as one framed line ({@link Frames}), written atomically (temporary file, fsync,
 * rename, fsync of the directory). A snapshot that fails its checksum, or that is not a whole valid snapshot, stops
 * the start with an {@link EmulatorStateException} that says so; nothing is changed. Snapshots of versions before the
 * checksum (plain JSON) are still read, strictly, once: the next snapshot written has the checksum.
 */
final class SnapshotFile {

    private SnapshotFile() {
    }

    /** The snapshot in {@code file}, or null when there is none yet. */
    static Snapshot read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the emulator snapshot " + file, e);
        }
        return parse(file, bytes);
    }

    /**
     * The snapshot that {@code bytes}, the contents of {@code file}, hold.
     *
     * @throws EmulatorStateException when they are not a whole valid snapshot
     */
    static Snapshot parse(Path file, byte[] bytes) {
        byte[] json = json(file, bytes);
        Snapshot snapshot;
        try {
            snapshot = Json.MAPPER.readValue(json, Snapshot.class);
        } catch (JsonProcessingException e) {
            throw invalid(file, StateFileErrors.describe(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the emulator snapshot " + file, e);
        }
        if (snapshot == null) {
            throw invalid(file, "it holds null", null);
        }
        return snapshot;
    }

    /** The JSON of the snapshot: the framed line's, or the whole file for a snapshot written before the checksum. */
    private static byte[] json(Path file, byte[] bytes) {
        if (bytes.length == 0) {
            throw invalid(file, "it is empty", null);
        }
        if (bytes[0] == '{' || bytes[0] == '[' || bytes[0] == 'n') {
            return bytes;   // unframed JSON, as versions before the checksum wrote it
        }
        int newline = bytes.length - 1;
        if (bytes[newline] != '\n' || Frames.newline(bytes, 0) != newline) {
            throw invalid(file, "it is not one checksummed line, as the emulator writes it (cut short?)", null);
        }
        byte[] json = Frames.unframe(bytes, 0, newline);
        if (json == null) {
            throw new EmulatorStateException("Cannot open the emulator state: the snapshot " + file
                    + " fails its checksum, so it was changed or damaged after the emulator wrote it. " + advice(file));
        }
        return json;
    }

    static EmulatorStateException invalid(Path file, String why, Throwable cause) {
        return new EmulatorStateException("Cannot open the emulator state: " + file + " is not a valid emulator "
                + "snapshot: " + why + ". " + advice(file), cause);
    }

    /** What the user can do about a snapshot that cannot be used. */
    static String advice(Path file) {
        return "Nothing was changed. Restore " + file.getFileName() + " and " + file.getFileName()
                + ".journal from the same copy, or move both aside to start with an empty state.";
    }

    /** Replaces the snapshot with {@code snapshot}, atomically. */
    static void write(Path file, Snapshot snapshot) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, ByteBuffer.wrap(Frames.frame(Json.MAPPER.writeValueAsBytes(snapshot))));
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.getParent());
    }

    /** Writes every remaining byte of {@code buffer} at the channel's position: one write may write only some. */
    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
