package io.github.proxysessions.local;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import io.github.proxysessions.emulator.FaultOptions;
import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.RunnerFixture.Session;
import io.github.proxysessions.local.cfn.CloudAssembly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stack of many proxy sessions deployed and destroyed through the local runner with the emulator throttled, as a
 * busy service would be. Prints, for each run and as medians: the wall time of deploy and destroy, the API calls the
 * emulator admitted and throttled, and the bound that the throttle alone sets, (admitted calls - burst) / rate.
 *
 * <p>With a rate of 0 there is no throttle, and what counts is the calls: each run prints the deploy's calls per
 * operation and per session (the configuration included), and the median.
 *
 * <p>Run with {@code bench/deploy.sh}; arguments: {@code [sessions] [rps] [burst] [runs]}.
 */
public final class DeployBenchmark {

    private DeployBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double rps = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.printf("deploy benchmark: %d sessions, %s, %d runs, %d resource operations at once, %d cores%n",
                count, rps > 0 ? String.format("emulator throttled to %.0f requests/s (burst %d)", rps, burst)
                        : "no throttle", runs, LocalRunner.CONCURRENCY, Runtime.getRuntime().availableProcessors());
        FaultOptions faults = rps > 0 ? RunnerFixture.faults("--throttle-rps", String.valueOf(rps),
                "--throttle-burst", String.valueOf(burst)) : RunnerFixture.faults();
        double[] callsPerSession = new double[runs];
        double[] deploys = new double[runs];
        double[] destroys = new double[runs];
        double[] deployBounds = new double[runs];
        double[] destroyBounds = new double[runs];
        for (int run = 0; run < runs; run++) {
            Path dir = Files.createTempDirectory("deploy-bench");
            RunnerFixture f = new RunnerFixture(dir);
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sessions.add(Session.of("S" + i, String.format("+1206%07d", i), String.format("+1415%07d", i)));
            }
            CloudAssembly app = f.app(sessions.toArray(Session[]::new));
            try (Run r = f.open(faults, false)) {
                ChimeVoiceEmulator emulator = r.runner().emulator();
                emulator.resetRequestCounts();
                long start = System.nanoTime();
                boolean deployed = r.runner().deploy(app);
                deploys[run] = (System.nanoTime() - start) / 1e9;
                check(deployed && r.sessions(RunnerFixture.DEMO).size() == count, "deploy", r);
                long received = total(emulator);
                long throttled = emulator.faults().throttledCount();
                deployBounds[run] = bound(received - throttled, burst, rps);
                System.out.printf("  run %d: deploy  %6.1f s; calls admitted %5d, throttled %5d; bound %5.1f s%n",
                        run + 1, deploys[run], received - throttled, throttled, deployBounds[run]);
                callsPerSession[run] = (double) (received - throttled) / count;
                System.out.printf("         deploy calls per session %.3f; by operation %s%n", callsPerSession[run],
                        new java.util.TreeMap<>(emulator.requestCounts()));

                emulator.resetRequestCounts();
                long throttledBefore = emulator.faults().throttledCount();
                start = System.nanoTime();
                boolean destroyed = r.runner().destroy();
                destroys[run] = (System.nanoTime() - start) / 1e9;
                check(destroyed && r.sessions(RunnerFixture.DEMO).isEmpty()
                        && r.runner().status().orphans().isEmpty(), "destroy", r);
                received = total(emulator);
                throttled = emulator.faults().throttledCount() - throttledBefore;
                destroyBounds[run] = bound(received - throttled, burst, rps);
                System.out.printf("  run %d: destroy %6.1f s; calls admitted %5d, throttled %5d; bound %5.1f s%n",
                        run + 1, destroys[run], received - throttled, throttled, destroyBounds[run]);
            }
        }
        System.out.printf("median deploy:  %.1f s (throttle bound %.1f s)%n", median(deploys), median(deployBounds));
        System.out.printf("median deploy calls per session: %.3f (the configuration included)%n",
                median(callsPerSession));
        System.out.printf("median destroy: %.1f s (throttle bound %.1f s)%n", median(destroys),
                median(destroyBounds));
        System.out.println("failures: 0");
    }

    /** What the throttle alone allows: (admitted calls - burst) / rate; 0 without a throttle. */
    private static double bound(long admitted, int burst, double rps) {
        return rps > 0 ? Math.max(0, admitted - burst) / rps : 0;
    }

    private static long total(ChimeVoiceEmulator emulator) {
        return emulator.requestCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    private static void check(boolean ok, String what, Run run) {
        if (!ok) {
            System.out.println(run.output());
            throw new IllegalStateException(what + " failed; see the output above");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
