package io.github.proxysessions.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an instance is given: the JVM's command line, its environment, the Runtime API's headers. */
class InstanceEnvironmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void anInstanceIsStartedAsLambdaStartsJava() throws Exception {
        Function function = TestFunctions.probe(TestFunctions.jar(work)).memoryMb(512)
                .environment(Map.of("JAVA_TOOL_OPTIONS", "-Dlocal.lambda.probe=picked-up", "GREETING", "hello"))
                .build();
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"), function, 1)) {
            Invocation.Result result = lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS);

            assertThat(result).isInstanceOf(Invocation.Success.class);
            JsonNode probe = JSON.readTree(((Invocation.Success) result).payload());
            List<String> jvmArguments = new ArrayList<>();
            probe.path("jvmArguments").forEach(a -> jvmArguments.add(a.asText()));
            // JAVA_TOOL_OPTIONS comes first: the JVM reads it itself.
            assertThat(jvmArguments).startsWith("-Dlocal.lambda.probe=picked-up").contains(
                    "-XX:MaxHeapSize=445645k", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation",
                    "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac", "-XX:+ErrorFileToStderr");
            assertThat(probe.path("probeProperty").asText()).isEqualTo("picked-up");
            assertThat(probe.path("command").asText()).isEqualTo(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString());
            assertThat(probe.path("classPath").asText().split(":")).extracting(p -> Path.of(p).getFileName()
                    .toString()).allMatch(name -> name.startsWith("aws-lambda-java-") || name.startsWith("utils-lite")
                    || name.startsWith("annotations")).anyMatch(name -> name.startsWith(
                    "aws-lambda-java-runtime-interface-client-2.10.1"));
            assertThat(probe.path("defaultCharset").asText()).isEqualTo("UTF-8");

            JsonNode env = probe.path("environment");
            String taskRoot = env.path("LAMBDA_TASK_ROOT").asText();
            assertThat(Path.of(taskRoot)).startsWith(work.resolve("run").resolve("code").toRealPath());
            assertThat(probe.path("userDir").asText()).isEqualTo(taskRoot);
            InstanceInfo instance = result.instance();
            assertThat(env.path("AWS_LAMBDA_RUNTIME_API").asText()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(env.path("_HANDLER").asText()).isEqualTo(TestFunctions.PROBE);
            assertThat(env.path("AWS_EXECUTION_ENV").asText()).isEqualTo("AWS_Lambda_java21");
            assertThat(env.path("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("Probe");
            assertThat(env.path("AWS_LAMBDA_FUNCTION_VERSION").asText()).isEqualTo("$LATEST");
            assertThat(env.path("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("512");
            assertThat(env.path("AWS_LAMBDA_LOG_GROUP_NAME").asText()).isEqualTo("/aws/lambda/Probe");
            assertThat(env.path("AWS_LAMBDA_LOG_STREAM_NAME").asText()).isEqualTo(instance.logStreamName())
                    .matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
            assertThat(env.path("AWS_LAMBDA_LOG_FORMAT").asText()).isEqualTo("Text");
            assertThat(env.path("AWS_REGION").asText()).isEqualTo("us-east-1");
            assertThat(env.path("AWS_DEFAULT_REGION").asText()).isEqualTo("us-east-1");
            assertThat(env.path("AWS_ACCESS_KEY_ID").asText()).isNotBlank();
            assertThat(env.path("AWS_SECRET_ACCESS_KEY").asText()).isNotBlank();
            assertThat(env.path("AWS_SESSION_TOKEN").asText()).isNotBlank();
            assertThat(env.path("TZ").asText()).isEqualTo(":UTC");
            assertThat(env.path("GREETING").asText()).isEqualTo("hello");
            // Nothing else from the runner's environment (surefire's and Maven's variables, HOME, ...).
            List<String> names = new ArrayList<>();
            env.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyInAnyOrder("PATH", "LANG", "TZ", "LAMBDA_TASK_ROOT",
                    "LAMBDA_RUNTIME_DIR", "_HANDLER", "AWS_EXECUTION_ENV", "AWS_LAMBDA_RUNTIME_API",
                    "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                    "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_LOG_FORMAT",
                    "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
                    "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "JAVA_TOOL_OPTIONS", "GREETING");

            // The context, from the Runtime API's headers and the environment.
            assertThat(probe.path("requestId").asText()).isEqualTo(result.requestId());
            assertThat(probe.path("memoryLimitMb").asInt()).isEqualTo(512);
            assertThat(probe.path("functionName").asText()).isEqualTo("Probe");
            assertThat(probe.path("functionVersion").asText()).isEqualTo("$LATEST");
            assertThat(probe.path("invokedFunctionArn").asText()).isEqualTo(lambda.functionArn())
                    .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:Probe");
            assertThat(probe.path("logGroupName").asText()).isEqualTo("/aws/lambda/Probe");
            // Deadline-Ms is now + the 10 s timeout.
            assertThat(probe.path("remainingMs").asLong()).isBetween(5_000L, 10_000L);
        }
    }

    @Test
    void theRuntimeApiRefusesWhatIsNotTheInvocationInProgress() throws Exception {
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"),
                TestFunctions.probe(TestFunctions.jar(work)).build(), 1)) {
            Invocation.Success result = (Invocation.Success) lambda.invoke(TestFunctions.event("inspect"))
                    .get(60, TimeUnit.SECONDS);
            String api = "http://" + JSON.readTree(result.payload()).path("environment")
                    .path("AWS_LAMBDA_RUNTIME_API").asText() + "/2018-06-01/runtime/";
            HttpClient http = HttpClient.newHttpClient();

            // The invocation is over: a second answer for it is refused, as is an id never given out.
            HttpResponse<String> late = http.send(HttpRequest.newBuilder(URI.create(api + "invocation/"
                    + result.requestId() + "/response")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(late.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(late.body()).path("errorType").asText()).isEqualTo("InvalidRequestID");
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(api + "invocation/"
                    + "no-such-id/error")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(400);
            HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(URI.create(api
                    + "invocation/next")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET");
            HttpResponse<String> nowhere = http.send(HttpRequest.newBuilder(URI.create(api + "extension/next"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(nowhere.statusCode()).isEqualTo(404);

            // The instance is unharmed.
            assertThat(lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(Invocation.Success.class);
        }
    }

    @Test
    void theRunnerMaySupplyTheRegionAndCredentials() throws Exception {
        Function function = TestFunctions.probe(TestFunctions.jar(work))
                .environment(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                        "AWS_SECRET_ACCESS_KEY", "secret"))
                .logFormat("json").build();
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"), function, 1)) {
            Invocation.Success result = (Invocation.Success) lambda.invoke(TestFunctions.event("inspect"))
                    .get(60, TimeUnit.SECONDS);

            JsonNode env = JSON.readTree(result.payload()).path("environment");
            assertThat(env.path("AWS_REGION").asText()).isEqualTo("eu-west-1");
            assertThat(env.path("AWS_DEFAULT_REGION").asText()).isEqualTo("eu-west-1");
            assertThat(env.path("AWS_ACCESS_KEY_ID").asText()).isEqualTo("AKIDEXAMPLE");
            assertThat(env.has("AWS_SESSION_TOKEN")).isFalse();
            assertThat(env.path("AWS_LAMBDA_LOG_FORMAT").asText()).isEqualTo("JSON");
            assertThat(lambda.functionArn()).isEqualTo("arn:aws:lambda:eu-west-1:000000000000:function:Probe");
        }
    }
}
