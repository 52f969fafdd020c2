package io.github.proxysessions.local;

/**
 * Something the user gave cannot be used (an app directory that is no cloud assembly, a context value the app
 * refuses, a template the runner cannot play, a state file it cannot read). The command prints the message as one
 * line and exits with 2, as for a usage error; nothing was changed.
 */
public final class UserError extends RuntimeException {

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
