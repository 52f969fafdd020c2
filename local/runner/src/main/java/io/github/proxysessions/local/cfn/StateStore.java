package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.DeserializationFeature;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The runner's state directory ({@code .proxy-session-local/} by default): one JSON file per stack under
 * {@code stacks/}, the embedded emulator's state under {@code emulator/}, and the local Lambda's work files under
 * {@code lambda/}. Files are replaced atomically (temporary file, fsync, rename, fsync of the directory), so a crash
 * at any moment leaves either the old content or the new one.
 *
 * <p>A stack file that cannot be read (edited by hand, cut short by a full disk, ...) is never rewritten nor deleted
 * here: loading it throws {@link DamagedRecordException}, naming the file, and {@link #setAside} moves it out of the
 * way under a new name when the user asks for it.
 */
public final class StateStore {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final List<Consumer<StackRecord>> beforeSave = new CopyOnWriteArrayList<>();

    public StateStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * Calls {@code listener} with each record as it is about to be saved, before it is written, on the thread that
     * changed it and under the record's lock: what the layer above keeps of the records (such as the voice connectors
     * they name) follows their changes, whatever the change, and is written first, so that a record never names what
     * the layer above does not know yet.
     *
     * <p>A listener that throws fails the save. A change that is about to cause something (a request recorded before
     * it is sent) is then not written, and undone: nothing is sent. A change that records what has happened (an
     * answer, a resource made or deleted) is written all the same, so that nothing real is lost track of, and the
     * listener's exception is thrown after.
     */
    public void beforeSave(Consumer<StackRecord> listener) {
        beforeSave.add(listener);
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

    /** The file that holds a stack's record. */
    public Path stackFile(String stackName) {
        return stacksDir().resolve(stackName + ".json");
    }

    /**
     * The record of a stack, or null when it was never deployed.
     *
     * @throws DamagedRecordException when the file exists but does not hold a record this runner can read
     */
    public synchronized StackRecord load(String stackName) {
        Path file = stackFile(stackName);
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the record of stack " + stackName + " in " + file, e);
        }
        StackRecord record;
        try {
            record = MAPPER.readValue(bytes, StackRecord.class);
        } catch (IOException | RuntimeException e) {
            throw new DamagedRecordException(stackName, file, firstLine(e.getMessage()));
        }
        if (record == null) {
            throw new DamagedRecordException(stackName, file, "the file holds no JSON object");
        }
        try {
            return record.attach(this, stackName);
        } catch (IllegalStateException e) {
            throw new DamagedRecordException(stackName, file, e.getMessage());
        }
    }

    /** What a stack file held: a record, or the reason it could not be read. */
    public sealed interface Stored {
        String stackName();
    }

    public record Readable(String stackName, StackRecord record) implements Stored {
    }

    public record Damaged(String stackName, DamagedRecordException problem) implements Stored {
    }

    /** Every stack file, in name order, each read or found damaged. */
    public synchronized List<Stored> scan() {
        List<Stored> out = new ArrayList<>();
        for (String name : stackNames()) {
            try {
                out.add(new Readable(name, load(name)));
            } catch (DamagedRecordException e) {
                out.add(new Damaged(name, e));
            }
        }
        return out;
    }

    /**
     * Every recorded stack, in name order.
     *
     * @throws DamagedRecordException naming the first file that cannot be read
     */
    public synchronized List<StackRecord> loadAll() {
        List<StackRecord> out = new ArrayList<>();
        for (String name : stackNames()) {
            out.add(load(name));
        }
        return out;
    }

    private List<String> stackNames() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(stacksDir())) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stacksDir(), "*.json")) {
            files.forEach(f -> names.add(f.getFileName().toString().replaceFirst("\\.json$", "")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + stacksDir(), e);
        }
        names.sort(null);
        return names;
    }

    /** The bytes of a stack file as they are, readable or not. */
    public synchronized byte[] rawStackFile(String stackName) {
        try {
            return Files.readAllBytes(stackFile(stackName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stackFile(stackName), e);
        }
    }

    /**
     * Sets a stack file aside, unchanged, as {@code stacks/NAME.json.damaged-<UTC time>}, and returns where.
     * Nothing is deleted: the file stays for the user to read or restore. A new record of the stack is started with
     * {@code stackId} (status {@code REPAIRED}), holding the {@code adopted} resources: the next deploy compares the
     * template with them as with any recorded resource.
     */
    public synchronized Path setAside(String stackName, String stackId, List<ResourceRecord> adopted) {
        Path file = stackFile(stackName);
        Path aside = damagedCopy(file);
        try {
            // A durable copy first; then the fresh record replaces the damaged one in one atomic save. A run killed
            // in between leaves the damaged record in place (and a copy) for the next repair, never no record.
            writeAtomically(aside, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + file + " aside", e);
        }
        StackRecord fresh = StackRecord.start(this, stackName, stackId);
        fresh.recordAll(adopted, "REPAIRED");
        return aside;
    }

    /**
     * Starts a record of a stack whose file is gone, with {@code stackId} (status {@code REPAIRED}) and the
     * {@code adopted} resources, in one save.
     *
     * @throws IllegalStateException when the stack has a file
     */
    public synchronized void restart(String stackName, String stackId, List<ResourceRecord> adopted) {
        if (Files.exists(stackFile(stackName))) {
            throw new IllegalStateException("stack " + stackName + " has a record: " + stackFile(stackName));
        }
        StackRecord.start(this, stackName, stackId).recordAll(adopted, "REPAIRED");
    }

    /**
     * Where a file that cannot be read is set aside, unchanged: beside it, as {@code NAME.damaged-<UTC time>}.
     */
    public static Path damagedCopy(Path file) {
        return file.resolveSibling(file.getFileName() + ".damaged-" + STAMP.format(Instant.now()));
    }

    /**
     * Replaces the record of a stack, atomically and durably, once every listener has taken the change (see
     * {@link #beforeSave}).
     *
     * @param intent true for a change about to cause something, which a failing listener stops before it is written
     * @return how a listener failed when the record was written all the same (a change that records what happened),
     *         for the caller to throw; null when every listener took it
     * @throws RuntimeException when the record was not written
     */
    RuntimeException save(StackRecord record, boolean intent) {
        RuntimeException refused = null;
        try {
            beforeSave.forEach(listener -> listener.accept(record));
        } catch (RuntimeException e) {
            if (intent) {
                throw e;
            }
            refused = e;
        }
        synchronized (this) {
            try {
                writeAtomically(stackFile(record.stackName()), MAPPER.writeValueAsBytes(record));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the record of stack " + record.stackName(), e);
            }
        }
        return refused;
    }

    /** Replaces a file of the state directory atomically and durably. */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(file.getParent());
    }

    private static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "it is not a stack record";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
