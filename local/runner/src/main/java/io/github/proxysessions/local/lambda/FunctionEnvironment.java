package io.github.proxysessions.local.lambda;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables an instance gets: what Lambda sets for a {@code java21} function, then the function's
 * own variables. Nothing is inherited from the runner's environment except {@code PATH}, as Lambda starts the
 * runtime with an environment of its own.
 */
final class FunctionEnvironment {

    /** What Lambda sets itself and refuses in a function's configuration, with what to use instead. */
    private static final Map<String, String> SET_BY_LAMBDA = Map.ofEntries(
            Map.entry("_HANDLER", "handler(...)"),
            Map.entry("_X_AMZN_TRACE_ID", "nothing: Lambda sets it per invocation"),
            Map.entry("AWS_EXECUTION_ENV", "nothing: it is AWS_Lambda_java21"),
            Map.entry("AWS_LAMBDA_FUNCTION_NAME", "name(...)"),
            Map.entry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "memoryMb(...)"),
            Map.entry("AWS_LAMBDA_FUNCTION_VERSION", "version(...)"),
            Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", "nothing: it is on-demand"),
            Map.entry("AWS_LAMBDA_LOG_GROUP_NAME", "nothing: it is /aws/lambda/<name>"),
            Map.entry("AWS_LAMBDA_LOG_STREAM_NAME", "nothing: each instance has its own"),
            Map.entry("AWS_LAMBDA_LOG_FORMAT", "logFormat(...)"),
            Map.entry("AWS_LAMBDA_LOG_LEVEL", "nothing: log levels are not supported locally"),
            Map.entry("AWS_LAMBDA_RUNTIME_API", "nothing: each instance has its own Runtime API"),
            Map.entry("AWS_LAMBDA_MAX_CONCURRENCY", "nothing: it is for Lambda Managed Instances"),
            Map.entry("AWS_LAMBDA_EXEC_WRAPPER", "nothing: wrapper scripts are not supported locally"),
            Map.entry("AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID"),
            Map.entry("LAMBDA_TASK_ROOT", "code(...)"),
            Map.entry("LAMBDA_RUNTIME_DIR", "nothing: it is the extracted runtime"));

    // AWS_REGION, AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN are reserved by
    // Lambda too, but Lambda derives them from the function's region and execution role, which the local runner does
    // not have: the runner passes them in the function's environment (so they are not in SET_BY_LAMBDA), and
    // placeholders fill in what it does not pass (see of()).

    static final String DEFAULT_REGION = "us-east-1";

    private FunctionEnvironment() {
    }

    /**
     * Checks a function's own variables as Lambda's API does.
     *
     * @throws IllegalArgumentException naming the first variable that Lambda would refuse
     */
    static void validate(Map<String, String> variables) {
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String key = variable.getKey();
            String instead = key == null ? null : SET_BY_LAMBDA.get(key);
            if (instead != null) {
                throw new IllegalArgumentException("Environment variable " + key + " is reserved: Lambda sets it "
                        + "itself (use " + instead + ")");
            }
            if (key == null || !key.matches("[a-zA-Z]\\w*")) {
                throw new IllegalArgumentException("Environment variable name '" + key + "' is invalid: Lambda "
                        + "requires a letter followed by letters, digits and underscores");
            }
            if (variable.getValue() == null) {
                throw new IllegalArgumentException("Environment variable " + key + " has no value");
            }
        }
    }

    /** The region the function runs in: its {@code AWS_REGION} when given, else {@value #DEFAULT_REGION}. */
    static String region(Map<String, String> variables) {
        return variables.getOrDefault("AWS_REGION", DEFAULT_REGION);
    }

    /** The full environment of one instance. */
    static Map<String, String> of(Function function, Path taskRoot, RuntimeBundle runtime,
                                  String runtimeApi, String logStreamName) {
        Map<String, String> own = function.environment();
        Map<String, String> env = new LinkedHashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path != null ? path : "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtime.directory().toString());
        env.put("_HANDLER", function.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", function.version());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", function.logGroupName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName);
        env.put("AWS_LAMBDA_LOG_FORMAT", function.logFormat());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        String region = region(own);
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        // Either the runner's credentials, all of them, or placeholders: a placeholder session token next to real
        // long-term keys would break them.
        if (!own.containsKey("AWS_ACCESS_KEY_ID") && !own.containsKey("AWS_SECRET_ACCESS_KEY")
                && !own.containsKey("AWS_SESSION_TOKEN")) {
            env.put("AWS_ACCESS_KEY_ID", "ASIALOCALLAMBDA00000");
            env.put("AWS_SECRET_ACCESS_KEY", "local-lambda-placeholder-secret-access-key");
            env.put("AWS_SESSION_TOKEN", "local-lambda-placeholder-session-token");
        }
        env.putAll(own);
        return env;
    }
}
