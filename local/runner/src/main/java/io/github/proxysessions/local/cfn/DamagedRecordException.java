package io.github.proxysessions.local.cfn;

import java.nio.file.Path;

/**
 * A stack's record exists but cannot be read: not JSON, or JSON without what a record must hold. The file is left as
 * it is; the message names it and the way out.
 */
public final class DamagedRecordException extends RuntimeException {

    private final String stackName;
    private final transient Path file;
    private final String problem;

    DamagedRecordException(String stackName, Path file, String problem) {
        super("the record of stack " + stackName + " cannot be read: " + file + ": " + problem);
        this.stackName = stackName;
        this.file = file;
        this.problem = problem;
    }

    public String stackName() {
        return stackName;
    }

    public Path file() {
        return file;
    }

    /** What is wrong with it, in one line. */
    public String problem() {
        return problem;
    }
}
