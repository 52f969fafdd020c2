package io.github.proxysessions.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An error as a runtime reports it to {@code /invocation/{id}/error} or {@code /init/error}: a JSON document
 * {@code {"errorMessage", "errorType", "stackTrace"}}, and the {@code Lambda-Runtime-Function-Error-Type} header
 * (the runtime interface client sends {@code Runtime.UserException} or {@code Runtime.BadFunctionCode} there).
 *
 * @param errorType    the document's {@code errorType}, else the header, else {@code Unhandled}
 * @param errorMessage the document's {@code errorMessage}, else the whole body as text
 * @param body         the body as sent
 */
record ErrorDocument(String errorType, String errorMessage, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ErrorDocument parse(String errorTypeHeader, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String fallbackType = errorTypeHeader != null && !errorTypeHeader.isBlank() ? errorTypeHeader : "Unhandled";
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                return new ErrorDocument(json.path("errorType").asText(fallbackType),
                        json.path("errorMessage").asText(""), text);
            }
        } catch (IOException notJson) {
            // A custom runtime may post anything; keep it as the message.
        }
        return new ErrorDocument(fallbackType, text, text);
    }

    /** The result of invocation {@code requestId} on {@code instance} when it failed with this error. */
    Invocation.FunctionError toFunctionError(String requestId, InstanceInfo instance) {
        return new Invocation.FunctionError(requestId, instance, errorType, errorMessage, body);
    }
}
