package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The runner's state directory ({@code .proxy-session-local/} by default): one JSON file per stack under
 * {@code stacks/}, the embedded emulator's state under {@code emulator/}, and the local Lambda's work files under
 * {@code lambda/}. Stack files are replaced atomically (temporary file, fsync, rename, fsync of the directory), so a
 * crash at any moment leaves either the old record or the new one.
 */
public final class StateStore {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public StateStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path directory() {
        return dir;
    }

    public Path emulatorStateFile() {
        return dir.resolve("emulator").resolve("state.json");
    }

    public Path lambdaWorkDir() {
        return dir.resolve("lambda");
    }

    private Path stacksDir() {
        return dir.resolve("stacks");
    }

    /** The record of a stack, or null when it was never deployed (or was destroyed). */
    public synchronized StackRecord load(String stackName) {
        Path file = stacksDir().resolve(stackName + ".json");
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return MAPPER.readValue(file.toFile(), StackRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the record of stack " + stackName + " in " + file, e);
        }
    }

    /** Every recorded stack, in name order. */
    public synchronized List<StackRecord> loadAll() {
        List<StackRecord> out = new ArrayList<>();
        if (!Files.isDirectory(stacksDir())) {
            return out;
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stacksDir(), "*.json")) {
            files.forEach(f -> names.add(f.getFileName().toString().replaceFirst("\\.json$", "")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + stacksDir(), e);
        }
        names.sort(null);
        for (String name : names) {
            out.add(load(name));
        }
        return out;
    }

    /** Replaces the record of a stack, atomically and durably. */
    public synchronized void save(StackRecord record) {
        try {
            Files.createDirectories(stacksDir());
            Path file = stacksDir().resolve(record.stackName + ".json");
            Path tmp = stacksDir().resolve(record.stackName + ".json.tmp");
            byte[] json = MAPPER.writeValueAsBytes(record);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(stacksDir(), StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the record of stack " + record.stackName, e);
        }
    }
}
