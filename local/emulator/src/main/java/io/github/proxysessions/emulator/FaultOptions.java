package io.github.proxysessions.emulator;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The emulator's fault flags, declared once for every command that starts an emulator: a picocli mixin.
 *
 * <pre>{@code
 * @Mixin FaultOptions faults;
 * ...
 * faults.validate();                       // a usage error (exit 2) naming the flag, before anything starts
 * faults.applyTo(emulator.faults());
 * }</pre>
 *
 * <p>{@code --throttle-rps R}, {@code --throttle-burst B}, {@code --fail-rate F}, {@code --latency-ms L}; see
 * {@link Faults} for what each does.
 */
public final class FaultOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--throttle-rps", paramLabel = "R", defaultValue = "0",
            description = "Answer 429 ThrottledClientException beyond R requests per second (token bucket); 0 turns "
                    + "throttling off. Default: ${DEFAULT-VALUE}.")
    private double throttleRps;

    @Option(names = "--throttle-burst", paramLabel = "B",
            description = "Bucket size of the throttle: requests allowed at once before the rate applies. "
                    + "Default: R rounded up.")
    private Integer throttleBurst;

    @Option(names = "--fail-rate", paramLabel = "F", defaultValue = "0",
            description = "Answer this fraction (0 to 1) of requests with 500 ServiceFailureException or 503 "
                    + "ServiceUnavailableException. Default: ${DEFAULT-VALUE}.")
    private double failRate;

    @Option(names = "--latency-ms", paramLabel = "L", defaultValue = "0",
            description = "Add L milliseconds of latency to every request. Default: ${DEFAULT-VALUE}.")
    private long latencyMs;

    /**
     * Checks the values together.
     *
     * @throws ParameterException (picocli's usage error, exit code 2) naming the flag and the rule
     */
    public void validate() {
        String problem = problem();
        if (problem != null) {
            throw new ParameterException(command.commandLine(), problem);
        }
    }

    /** Sets these faults on an emulator (throttling only when a rate is given). */
    public void applyTo(Faults faults) {
        if (throttleRps > 0) {
            faults.throttle(throttleRps, throttleBurst != null ? throttleBurst : (int) Math.ceil(throttleRps));
        }
        faults.failRate(failRate);
        faults.latency(Duration.ofMillis(latencyMs));
    }

    /** True when a flag asks for a fault. */
    public boolean any() {
        return throttleRps > 0 || failRate > 0 || latencyMs > 0;
    }

    /** {@code --throttle-rps}: 0 for none. */
    public double throttleRps() {
        return throttleRps;
    }

    /** {@code --throttle-burst}, or null for R rounded up. */
    public Integer throttleBurst() {
        return throttleBurst;
    }

    /** {@code --fail-rate}. */
    public double failRate() {
        return failRate;
    }

    /** {@code --latency-ms}. */
    public long latencyMs() {
        return latencyMs;
    }

    /** What is wrong with these values, in the flags' terms, or null when nothing is. */
    private String problem() {
        if (throttleRps < 0) {
            return "--throttle-rps must be 0 or more, was " + throttleRps;
        }
        if (throttleBurst != null && throttleBurst < 1) {
            return "--throttle-burst must be at least 1, was " + throttleBurst;
        }
        if (throttleBurst != null && throttleRps == 0) {
            return "--throttle-burst needs --throttle-rps";
        }
        if (failRate < 0 || failRate > 1) {
            return "--fail-rate must be between 0 and 1, was " + failRate;
        }
        if (latencyMs < 0) {
            return "--latency-ms must be 0 or more, was " + latencyMs;
        }
        return null;
    }
}
