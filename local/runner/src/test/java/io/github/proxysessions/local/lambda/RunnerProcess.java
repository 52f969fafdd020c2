package io.github.proxysessions.local.lambda;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A runner in a JVM of its own, for the tests that kill it: starts the probe function, leaves one instance busy in
 * a handler that never returns (and has a non-daemon thread) and another idle, waiting for its next event, prints
 * {@code READY}, and waits to be killed.
 *
 * <p>Arguments: work directory, the functions' jar, the URL the busy handler signals, and whether instances watch
 * the runner ({@code true}, the default of {@link LocalLambda#start(Path, Function, int)}).
 */
public final class RunnerProcess {

    private RunnerProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Function function = TestFunctions.probe(Path.of(args[1])).build();
        LocalLambda lambda = LocalLambda.start(work, function, 2, Boolean.parseBoolean(args[3]));
        lambda.invoke("{\"action\":\"block\",\"signal\":\"" + args[2] + "\"}");
        Invocation.Result idle = lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS);
        if (!(idle instanceof Invocation.Success)) {
            throw new AssertionError("the second instance failed: " + idle);
        }
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}
