package io.github.proxysessions.local.lambda.fn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test custom-resource provider, run by the runner as any provider: it appends one line per event it gets to the
 * file its {@code Log} property names, and answers at the ResponseURL.
 *
 * <ul>
 *   <li>The line: {@code <RequestType> <PhysicalResourceId or -> Value=<Value> Old=<OldResourceProperties' Value
 *       or ->}; when it runs as a published version, {@code  Version=<number> Via=<the invoked ARN's qualifier>
 *       Mark=<its MARK environment variable>} follows.</li>
 *   <li>The answer: FAILED when the ResourceProperties' {@code Fail} names the request type ({@code Create},
 *       {@code Update} or {@code Delete}), otherwise SUCCESS; the physical id is the event's, or on a Create (or an
 *       Update whose ResourceProperties say {@code Replace: "true"}) {@code <Value>-<RequestId>}; {@code Data} holds
 *       the Value.</li>
 * </ul>
 * The properties are flat strings (the runner sends every scalar as a string). JDK and aws-lambda-java-core only.
 */
public final class RecordingProvider implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String requestType = field(event, "RequestType");
        String properties = object(event, "ResourceProperties");
        String old = object(event, "OldResourceProperties");
        String value = field(properties, "Value");
        String physicalId = field(event, "PhysicalResourceId");
        Files.writeString(Path.of(field(properties, "Log")), requestType + " " + (physicalId == null ? "-"
                        : physicalId) + " Value=" + value + " Old=" + (old == null ? "-" : field(old, "Value"))
                        + version(context) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        boolean fail = requestType.equals(field(properties, "Fail"));
        if (physicalId == null || (requestType.equals("Update") && "true".equals(field(properties, "Replace")))) {
            physicalId = value + "-" + field(event, "RequestId");
        }
        String response = "{\"Status\":\"" + (fail ? "FAILED" : "SUCCESS") + "\""
                + (fail ? ",\"Reason\":\"asked to fail a " + requestType + "\"" : "")
                + ",\"PhysicalResourceId\":\"" + physicalId + "\""
                + ",\"StackId\":\"" + field(event, "StackId") + "\""
                + ",\"RequestId\":\"" + field(event, "RequestId") + "\""
                + ",\"LogicalResourceId\":\"" + field(event, "LogicalResourceId") + "\""
                + ",\"Data\":{\"Value\":\"" + value + "\"}}";
        HttpURLConnection put = (HttpURLConnection) new URL(field(event, "ResponseURL")).openConnection();
        put.setRequestMethod("PUT");
        put.setDoOutput(true);
        put.setRequestProperty("Content-Type", "");
        try (OutputStream out = put.getOutputStream()) {
            out.write(response.getBytes(StandardCharsets.UTF_8));
        }
        put.getResponseCode();
    }

    /** Which version ran, through which qualifier, with which MARK: empty for $LATEST. */
    private static String version(Context context) {
        String version = System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
        if (version == null || version.equals("$LATEST")) {
            return "";
        }
        String[] arn = context.getInvokedFunctionArn().split(":");
        return " Version=" + version + " Via=" + (arn.length == 8 ? arn[7] : "-") + " Mark=" + System.getenv("MARK");
    }

    /** A string member of a flat JSON text, or null. */
    private static String field(String json, String name) {
        if (json == null) {
            return null;
        }
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The text of a flat object member, or null. */
    private static String object(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\{[^}]*\\})").matcher(json);
        return m.find() ? m.group(1) : null;
    }
}
