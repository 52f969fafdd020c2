package io.github.proxysessions.emulator;

import java.util.Map;

/**
 * An error answered the way the service answers it: an HTTP status, the error shape's name in the
 * {@code x-amzn-ErrorType} header (which is how the AWS SDKs pick the exception class), and a body
 * {@code {"Code": ..., "Message": ...}} whose Code is a value of the model's {@code ErrorCode} enum
 * ({@link AwsErrors} writes it).
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String errorType;
    private final String code;
    private final Map<String, String> headers;

    ApiException(int status, String errorType, String code, String message) {
        this(status, errorType, code, message, Map.of());
    }

    private ApiException(int status, String errorType, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
        this.code = code;
        this.headers = headers;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequestException", "BadRequest", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NotFoundException", "NotFound", message);
    }

    /** No operation (or emulator route) at this path. */
    static ApiException unknownOperation(String message) {
        return new ApiException(404, "UnknownOperationException", "NotFound", message);
    }

    /** The path is known, the method is not: 405 with the {@code Allow} header. */
    static ApiException methodNotAllowed(String method, String path, String allowed) {
        return new ApiException(405, "MethodNotAllowedException", "BadRequest",
                method + " is not allowed on " + path + "; allowed: " + allowed, Map.of("Allow", allowed));
    }

    static ApiException conflict(String message) {
        return new ApiException(409, "ConflictException", "Conflict", message);
    }

    static ApiException forbidden(String errorType, String message) {
        return new ApiException(403, errorType, "Forbidden", message);
    }

    static ApiException throttled() {
        return new ApiException(429, "ThrottledClientException", "Throttled", "Rate exceeded");
    }

    static ApiException serviceFailure() {
        return new ApiException(500, "ServiceFailureException", "ServiceFailure",
                "The service encountered an unexpected error (injected fault)");
    }

    static ApiException serviceUnavailable() {
        return new ApiException(503, "ServiceUnavailableException", "ServiceUnavailable",
                "The service is currently unavailable (injected fault)");
    }

    int status() {
        return status;
    }

    String errorType() {
        return errorType;
    }

    String code() {
        return code;
    }

    /** Headers the answer needs besides the error shape's, such as {@code Allow}. */
    Map<String, String> headers() {
        return headers;
    }
}
