package io.github.proxysessions.local;

import io.github.proxysessions.local.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The command line run in-process, as from a terminal: each run's standard output, and all that went to stderr. */
final class Cli {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs a command line and returns its exit code; {@link #out()} is then what this run printed. */
    int run(String... args) {
        out.getBuffer().setLength(0);
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** Both, for an assertion's description. */
    @Override
    public String toString() {
        return out + "\n" + err;
    }
}
