package io.github.proxysessions.emulator;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code emulator}: serves the Chime SDK Voice proxy-session API on loopback until interrupted. */
@Command(name = "emulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Serves the Amazon Chime SDK Voice proxy-session API on 127.0.0.1 until interrupted.",
            "Prints 'listening on http://127.0.0.1:PORT' once it accepts connections. Point any AWS SDK or the AWS CLI "
                + "at it with AWS_ENDPOINT_URL_CHIME_SDK_VOICE=http://127.0.0.1:PORT (any credentials will do).",
            "A demo voice connector, " + ChimeVoiceEmulator.DEMO_VOICE_CONNECTOR_ID + ", exists from the start."})
public final class EmulatorCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "Loopback port to listen on; 0 or absent picks a free port.")
    private int port;

    @Option(names = "--state", paramLabel = "FILE",
            description = "Keep the state in FILE (plus FILE.journal) so that it survives restarts; every change is "
                    + "on disk before it is acknowledged. Default: in memory only.")
    private Path state;

    @Mixin
    private FaultOptions faults;

    /** Runs the emulator on its own, without the rest of the local tools. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EmulatorCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        ChimeVoiceEmulator emulator;
        try {
            emulator = ChimeVoiceEmulator.builder().port(port).stateFile(state).build();
        } catch (EmulatorStateException | UncheckedIOException e) {
            // Not a usage error and not a bug: say what is wrong, in one line, without a stack trace.
            PrintWriter err = spec.commandLine().getErr();
            err.println("emulator: " + e.getMessage()
                    + (e.getCause() != null && e instanceof UncheckedIOException ? ": " + e.getCause().getMessage() : ""));
            err.flush();
            return 1;
        }
        emulator.seedDemoVoiceConnector();
        faults.applyTo(emulator.faults());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "emulator-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("listening on " + emulator.endpoint());
        out.flush();
        stopped.await();
        return 0;
    }

    private void validate() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, was " + port);
        }
        faults.validate();
    }
}
