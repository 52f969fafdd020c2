package io.github.proxysessions.local.lambda.fn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test function, run by LocalLambda in its own JVM. The event says what to do:
 * {@code {"action": "inspect" | "throw" | "block" | "exit" | "answer", "message": ..., "signal": url, "code": n}};
 * {@code answer} returns a renewal's answer (contract C8) made of the fields {@code logical}, {@code renewAction} and
 * {@code detail}.
 * JDK and aws-lambda-java-core only: the jar built from it holds this package and nothing else.
 */
public final class ProbeFunction implements RequestStreamHandler {

    /** Counts this JVM's invocations: 1 on a cold start, more on a warm instance. */
    private static final AtomicInteger INVOCATIONS = new AtomicInteger();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        int count = INVOCATIONS.incrementAndGet();
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String action = field(event, "action");
        switch (action) {
            case "inspect" -> output.write(inspect(context, count).getBytes(StandardCharsets.UTF_8));
            case "throw" -> throw new IllegalStateException(field(event, "message"));
            case "exit" -> System.exit(Integer.parseInt(field(event, "code")));
            case "block" -> block(field(event, "signal"));
            case "answer" -> output.write(json(Map.of("LogicalResourceId", field(event, "logical"),
                    "Action", field(event, "renewAction"), "Detail", field(event, "detail")))
                    .getBytes(StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
    }

    /** Tells the test it is running (its pid), then never returns, and leaves a non-daemon thread behind. */
    private static void block(String signal) throws IOException {
        Thread keeper = new Thread(() -> sleepForever(), "probe-non-daemon");
        keeper.setDaemon(false);
        keeper.start();
        if (signal != null) {
            HttpURLConnection post = (HttpURLConnection) new URL(signal).openConnection();
            post.setRequestMethod("POST");
            post.setDoOutput(true);
            try (OutputStream out = post.getOutputStream()) {
                out.write(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8));
            }
            post.getResponseCode();
        }
        sleepForever();
    }

    private static void sleepForever() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // keep blocking: only the process's end stops this
            }
        }
    }

    private static String inspect(Context context, int count) {
        Map<String, Object> out = new TreeMap<>();
        out.put("pid", ProcessHandle.current().pid());
        out.put("count", count);
        out.put("requestId", context.getAwsRequestId());
        out.put("remainingMs", context.getRemainingTimeInMillis());
        out.put("memoryLimitMb", context.getMemoryLimitInMB());
        out.put("functionName", context.getFunctionName());
        out.put("functionVersion", context.getFunctionVersion());
        out.put("invokedFunctionArn", context.getInvokedFunctionArn());
        out.put("logGroupName", context.getLogGroupName());
        out.put("logStreamName", context.getLogStreamName());
        out.put("userDir", System.getProperty("user.dir"));
        out.put("classPath", System.getProperty("java.class.path"));
        out.put("probeProperty", String.valueOf(System.getProperty("local.lambda.probe")));
        out.put("defaultCharset", Charset.defaultCharset().name());
        out.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        out.put("command", ProcessHandle.current().info().command().orElse(""));
        out.put("environment", new TreeMap<>(System.getenv()));
        System.out.println("probe: inspected");
        return json(out);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)\"?").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(json(k)).append(':').append(json(v)));
            return sb.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            list.forEach(v -> sb.append(sb.length() > 1 ? "," : "").append(json(v)));
            return sb.append(']').toString();
        }
        if (value instanceof Number) {
            return value.toString();
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : String.valueOf(value).toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
