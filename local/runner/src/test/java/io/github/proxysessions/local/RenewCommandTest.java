package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.local.RunnerFixture.Run;
import io.github.proxysessions.local.cfn.CloudAssembly;
import io.github.proxysessions.local.lambda.TestFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * {@code renew}'s plumbing, whatever the function: each recorded schedule's target invoked synchronously with the
 * schedule's input, one line per schedule from the function's result or its error, exit 1 when one failed. The
 * function is the probe test function, so that every outcome can be asked for.
 */
class RenewCommandTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    /**
     * A stack "Probe" with the probe function and a schedule per entry of {@code inputs} (logical id to the target's
     * Input), each targeting the function; and one schedule that targets another function, and one disabled.
     */
    private CloudAssembly app(Map<String, String> inputs) throws Exception {
        Path outdir = Files.createDirectories(dir.resolve("cdk.out"));
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        Stack stack = new Stack(app, "Probe");
        Function fn = Function.Builder.create(stack, "Fn").runtime(Runtime.JAVA_21).handler(TestFunctions.PROBE)
                .code(Code.fromAsset(TestFunctions.jar(Files.createDirectories(dir.resolve("code"))).toString()))
                .memorySize(256).timeout(Duration.seconds(20)).build();
        inputs.forEach((id, input) -> schedule(stack, id, fn.getFunctionArn(), input, "ENABLED"));
        schedule(stack, "Elsewhere", "arn:aws:lambda:us-east-1:123456789012:function:another", "{}", "ENABLED");
        schedule(stack, "Off", fn.getFunctionArn(), "{\"action\":\"inspect\"}", "DISABLED");
        app.synth();
        return CloudAssembly.read(outdir);
    }

    private static void schedule(Stack stack, String id, String arn, String input, String state) {
        CfnResource.Builder.create(stack, id).type("AWS::Scheduler::Schedule")
                .properties(Map.of("ScheduleExpression", "rate(5 minutes)", "State", state,
                        "FlexibleTimeWindow", Map.of("Mode", "OFF"),
                        "Target", Map.of("Arn", arn, "RoleArn", "arn:aws:iam::123456789012:role/scheduler",
                                "Input", input)))
                .build().overrideLogicalId(id);
    }

    /** How many invocations the functions' instances logged (Lambda's START line, one per invocation). */
    private static long invocations(RunnerFixture f) throws Exception {
        return f.functionLogLines().stream().filter(l -> l.startsWith("START RequestId: ")).count();
    }

    @Test
    void eachScheduleInvokesItsFunctionOnceAndPrintsWhatItAnsweredOrHowItFailed() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly app = app(Map.of(
                "RenewsA", "{\"action\":\"answer\",\"logical\":\"A\",\"renewAction\":\"RENEWED\","
                        + "\"detail\":\"generation 1 for +12065550150\"}",
                "RenewsB", "{\"action\":\"answer\",\"logical\":\"B\",\"renewAction\":\"LEFT_ALONE\","
                        + "\"detail\":\"closes in 50 minutes\"}",
                "Breaks", "{\"action\":\"throw\",\"message\":\"no session for +14155550151\"}",
                "Plain", "{\"action\":\"inspect\"}"));
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
        }

        assertThat(cli.run("renew", "--state-dir", f.stateDir.toString())).as(cli.err()).isEqualTo(1);

        // Once each: the four enabled schedules that target the function, the failed one not retried.
        assertThat(invocations(f)).isEqualTo(4);
        assertThat(cli.out().lines()).hasSize(6);
        assertThat(cli.out())
                .containsPattern("Probe +A +RENEWED +generation 1 for \\*\\*\\*0150")
                .containsPattern("Probe +B +LEFT_ALONE +closes in 50 minutes")
                .containsPattern("Probe +Breaks +FAILED +java.lang.IllegalStateException: no session for \\*\\*\\*0151")
                .containsPattern("Probe +Plain +INVOKED +the function returned \\{")
                .containsPattern("Probe +Elsewhere +SKIPPED +its target arn:aws:lambda:us-east-1:123456789012:"
                        + "function:another is not a function of the stack")
                .containsPattern("Probe +Off +SKIPPED +the schedule is DISABLED")
                .doesNotContain("2065550150", "4155550151");
    }

    @Test
    void withNothingThatFailsItExitsZeroAndWithNoScheduleItSaysSo() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        assertThat(cli.run("renew", "--state-dir", f.stateDir.toString())).isZero();
        assertThat(cli.out()).startsWith("No renewal schedules recorded in ");

        CloudAssembly app = app(Map.of("RenewsA", "{\"action\":\"answer\",\"logical\":\"A\","
                + "\"renewAction\":\"LEFT_ALONE\",\"detail\":\"closes in 50 minutes\"}"));
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
        }
        assertThat(cli.run("renew", "--state-dir", f.stateDir.toString())).as(cli.out()).isZero();
        assertThat(cli.out()).containsPattern("Probe +A +LEFT_ALONE +closes in 50 minutes");
    }

    @Test
    void theFunctionGetsTheTimeOfTheRunWhereTheInputHasTheSchedulersScheduledTime() throws Exception {
        RunnerFixture f = new RunnerFixture(dir);
        CloudAssembly app = app(Map.of("RenewsA", "{\"action\":\"answer\",\"logical\":\"A\","
                + "\"renewAction\":\"LEFT_ALONE\",\"detail\":\"<aws.scheduler.scheduled-time>\"}"));
        try (Run run = f.open()) {
            assertThat(run.runner().deploy(app)).as(run.output()).isTrue();
        }
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        assertThat(cli.run("renew", "--state-dir", f.stateDir.toString())).as(cli.out()).isZero();

        Matcher line = Pattern.compile("Probe +A +LEFT_ALONE +(\\S+)").matcher(cli.out());
        assertThat(line.find()).as(cli.out()).isTrue();
        assertThat(line.group(1)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(Instant.parse(line.group(1))).isBetween(before, Instant.now());
        assertThat(cli.out()).doesNotContain("aws.scheduler");
    }
}
