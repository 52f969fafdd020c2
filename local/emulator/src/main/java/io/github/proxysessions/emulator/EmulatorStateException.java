package io.github.proxysessions.emulator;

/**
 * The emulator's state file cannot be used as it is: damaged, edited, not a state file, or in use by another
 * emulator. The message says which file, what is wrong and what to do; the files are left as they were.
 */
public final class EmulatorStateException extends IllegalStateException {

    EmulatorStateException(String message) {
        super(message);
    }

    EmulatorStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
