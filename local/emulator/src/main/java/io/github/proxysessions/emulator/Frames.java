package io.github.proxysessions.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The integrity check of the emulator's files: each record is one line {@code <crc32> <json>\n}, the CRC-32 of the
 * JSON's bytes in 8 lower-case hex digits. The journal is a sequence of them; the snapshot is one.
 */
final class Frames {

    private static final int CRC_DIGITS = 8;

    private Frames() {
    }

    /** {@code json} as one framed line, newline included. */
    static byte[] frame(byte[] json) {
        byte[] prefix = String.format("%08x ", crc(json, 0, json.length)).getBytes(StandardCharsets.US_ASCII);
        byte[] line = Arrays.copyOf(prefix, prefix.length + json.length + 1);
        System.arraycopy(json, 0, line, prefix.length, json.length);
        line[line.length - 1] = '\n';
        return line;
    }

    /**
     * The JSON of the framed line {@code bytes[start, end)} (without its newline), or null when it is not framed or its
     * checksum does not match.
     */
    static byte[] unframe(byte[] bytes, int start, int end) {
        if (end - start <= CRC_DIGITS || bytes[start + CRC_DIGITS] != ' ') {
            return null;
        }
        long expected = 0;
        for (int i = start; i < start + CRC_DIGITS; i++) {
            int digit = Character.digit(bytes[i], 16);
            if (digit < 0 || Character.isUpperCase(bytes[i])) {
                return null;
            }
            expected = expected << 4 | digit;
        }
        int json = start + CRC_DIGITS + 1;
        return crc(bytes, json, end) == expected ? Arrays.copyOfRange(bytes, json, end) : null;
    }

    /** Where the first newline at or after {@code from} is in {@code bytes}: the end of a framed line; -1 when none. */
    static int newline(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static long crc(byte[] bytes, int start, int end) {
        CRC32 crc = new CRC32();
        crc.update(bytes, start, end - start);
        return crc.getValue();
    }
}
