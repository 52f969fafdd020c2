package io.github.proxysessions.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A state file and its journal in a test's directory: written through the emulator, damaged as disks and edits do. */
final class StateDir {

    /** A connector with a proxy configuration (journal lines 1 and 2) and its sessions (lines 3...). */
    record Written(String connectorId, List<String> sessionIds) {
    }

    private final Path dir;

    StateDir(Path dir) {
        this.dir = dir;
    }

    Path state() {
        return dir.resolve("state.json");
    }

    Path journal() {
        return dir.resolve("state.json.journal");
    }

    /** Writes a connector with a proxy configuration and {@code count} sessions, through an emulator then closed. */
    Written write(int count) {
        try (EmulatorFixture f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state()))) {
            return write(f, count);
        }
    }

    /** Writes a connector with a proxy configuration and {@code count} sessions through {@code f}. */
    static Written write(EmulatorFixture f, int count) {
        String vc = f.connectorWithProxy();
        List<String> ids = new ArrayList<>();
        List<String> numbers = EmulatorFixture.numbers(2 * count, 0);
        for (int i = 0; i < count; i++) {
            ids.add(f.session(vc, numbers.get(2 * i), numbers.get(2 * i + 1)).proxySessionId());
        }
        return new Written(vc, ids);
    }

    /** Changes one character in the middle of line {@code line} (1-based), as a bad sector or a stray edit would. */
    static byte[] flipByteInLine(byte[] bytes, int line) {
        int start = 0;
        for (int i = 1; i < line; i++) {
            start = newline(bytes, start) + 1;
        }
        int end = newline(bytes, start);
        byte[] damaged = bytes.clone();
        int middle = start + (end - start) / 2;
        damaged[middle] = (byte) (damaged[middle] == 'x' ? 'y' : 'x');
        return damaged;
    }

    private static int newline(byte[] bytes, int from) {
        int at = Frames.newline(bytes, from);
        if (at < 0) {
            throw new AssertionError("no such line");
        }
        return at;
    }

    /** The copies of the journal that the emulator set aside. */
    List<Path> keptAside() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("state.json.journal.damaged-")).toList();
        }
    }

    /** Every file under the directory, by its path relative to it, with its bytes. */
    Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
