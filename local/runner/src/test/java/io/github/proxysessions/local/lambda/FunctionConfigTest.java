package io.github.proxysessions.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A function's configuration is checked as Lambda's CreateFunction checks it, with messages that say what to do. */
class FunctionConfigTest {

    private static Function.Builder valid() {
        return Function.builder().name("Fn").code(Path.of("fn.jar")).handler("a.B::c");
    }

    @Test
    void defaultsAreLambdas() {
        Function function = valid().build();

        assertThat(function.memoryMb()).isEqualTo(128);
        assertThat(function.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(function.logFormat()).isEqualTo("Text");
        assertThat(function.environment()).isEmpty();
        assertThat(function.logGroupName()).isEqualTo("/aws/lambda/Fn");
        assertThat(function.version()).isEqualTo("$LATEST");
        assertThat(function.qualifier()).isNull();
    }

    @Test
    void theHeapIs85PercentOfTheMemoryInKibibytes() {
        assertThat(InstanceLauncher.maxHeapKb(512)).isEqualTo(445645);   // as seen on Lambda
        assertThat(InstanceLauncher.maxHeapKb(1024)).isEqualTo(891290);
        assertThat(InstanceLauncher.maxHeapKb(128)).isEqualTo(111411);
    }

    @ParameterizedTest
    @ValueSource(strings = {"_HANDLER", "AWS_LAMBDA_FUNCTION_NAME", "LAMBDA_TASK_ROOT", "AWS_LAMBDA_RUNTIME_API",
        "AWS_EXECUTION_ENV", "AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_MAX_CONCURRENCY"})
    void variablesLambdaSetsItselfAreRefused(String name) {
        assertThatThrownBy(() -> valid().environment(Map.of(name, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Environment variable " + name + " is reserved: Lambda sets it itself");
    }

    @Test
    void theRunnerMayPassTheRegionCredentialsAndJavaToolOptions() {
        Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "a",
                "AWS_SECRET_ACCESS_KEY", "b", "AWS_SESSION_TOKEN", "c", "JAVA_TOOL_OPTIONS", "-Xss1m", "TZ", "UTC");

        assertThat(valid().environment(env).build().environment()).isEqualTo(env);
    }

    @Test
    void invalidValuesAreRefusedWithWhatLambdaAccepts() {
        assertThatThrownBy(() -> valid().memoryMb(64)).hasMessage("Memory size must be from 128 to 10240 MB; got 64");
        assertThatThrownBy(() -> valid().timeout(Duration.ofMillis(1500)))
                .hasMessage("Timeout must be whole seconds from 1 to 900; got PT1.5S");
        assertThatThrownBy(() -> valid().timeout(Duration.ofMinutes(16)))
                .hasMessage("Timeout must be whole seconds from 1 to 900; got PT16M");
        assertThatThrownBy(() -> valid().name("my function"))
                .hasMessageContaining("1 to 64 letters, digits, hyphens and underscores");
        assertThatThrownBy(() -> valid().handler("a.B ::c")).hasMessageContaining("no spaces");
        assertThatThrownBy(() -> valid().logFormat("xml")).hasMessage("Log format must be JSON or Text; got xml");
        assertThatThrownBy(() -> valid().environment(Map.of("1ST", "x")))
                .hasMessageContaining("requires a letter followed by letters, digits and underscores");
        assertThatThrownBy(() -> valid().version("live"))
                .hasMessage("Version must be $LATEST or a version number; got live");
        assertThatThrownBy(() -> valid().qualifier("a:b")).hasMessageContaining("an alias name, a version number");
        assertThatThrownBy(() -> Function.builder().name("Fn").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("A function needs a name, code and a handler; missing: code handler");
    }

    @Test
    void aConcurrencyBelowOneIsRefused() {
        assertThatThrownBy(() -> LocalLambda.start(Path.of("target"), valid().build(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrency must be at least 1; got 0");
    }
}
