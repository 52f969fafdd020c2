package io.github.proxysessions.emulator;

import java.util.Map;

/**
 * An error answered the way the service answers it: an HTTP status, the error's name in the {@code x-amzn-ErrorType}
 * header (which is how the AWS SDKs pick the exception class), and a body {@code {"Code": ..., "Message": ...}}
 * ({@link AwsErrors} writes it). The body's Code is always the same error as the header's: the name without its
 * {@code Exception} suffix, which for the model's error shapes is the value of its {@code ErrorCode} enum
 * ({@code BadRequestException} is {@code BadRequest}), except {@code ThrottledClientException}, whose code the enum
 * names {@code Throttled}.
 */
final class ApiException extends RuntimeException {

    private static final String SUFFIX = "Exception";

    private final int status;
    private final String errorType;
    private final String code;
    private final Map<String, String> headers;

    ApiException(int status, String errorType, String message) {
        this(status, errorType, message, Map.of());
    }

    private ApiException(int status, String errorType, String message, Map<String, String> headers) {
        super(message, null, false, false);
        if (!errorType.endsWith(SUFFIX)) {
            throw new IllegalArgumentException("an error type ends with " + SUFFIX + ": " + errorType);
        }
        this.status = status;
        this.errorType = errorType;
        this.code = errorType.equals("ThrottledClientException") ? "Throttled"
                : errorType.substring(0, errorType.length() - SUFFIX.length());
        this.headers = headers;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequestException", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NotFoundException", message);
    }

    /** No operation (or emulator route) at this path. */
    static ApiException unknownOperation(String message) {
        return new ApiException(404, "UnknownOperationException", message);
    }

    /** The path is known, the method is not: 405 with the {@code Allow} header. */
    static ApiException methodNotAllowed(String method, String path, String allowed) {
        return new ApiException(405, "MethodNotAllowedException",
                method + " is not allowed on " + path + "; allowed: " + allowed, Map.of("Allow", allowed));
    }

    static ApiException conflict(String message) {
        return new ApiException(409, "ConflictException", message);
    }

    /** A request that is not signed as AWS requires: MissingAuthenticationToken, IncompleteSignature, ... */
    static ApiException forbidden(String errorType, String message) {
        return new ApiException(403, errorType, message);
    }

    static ApiException throttled() {
        return new ApiException(429, "ThrottledClientException", "Rate exceeded");
    }

    static ApiException serviceFailure() {
        return new ApiException(500, "ServiceFailureException",
                "The service encountered an unexpected error (injected fault)");
    }

    static ApiException serviceUnavailable() {
        return new ApiException(503, "ServiceUnavailableException",
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
