package io.github.proxysessions.local.lambda;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Invokes the probe function once and prints how it ended, for {@link FatJarIT}, which runs it with the runner jar
 * and the test classes alone on the class path. So it names the probe by string: loading the probe's class here
 * would need aws-lambda-java-core, which the runner jar does not have (nor need). Arguments: work directory, the
 * functions' jar.
 */
public final class InvokeOnce {

    private InvokeOnce() {
    }

    public static void main(String[] args) throws Exception {
        Function probe = Function.builder().name("Probe").code(Path.of(args[1]))
                .handler("io.github.proxysessions.local.lambda.fn.ProbeFunction::handleRequest").build();
        try (LocalLambda lambda = LocalLambda.start(Path.of(args[0]), probe, 1)) {
            Invocation.Result result = lambda.invoke("{\"action\":\"inspect\"}").get(60, TimeUnit.SECONDS);
            System.out.println(result.getClass().getSimpleName());
        }
    }
}
