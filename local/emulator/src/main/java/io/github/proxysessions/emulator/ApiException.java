package io.github.proxysessions.emulator;

/**
 * An error answered the way the service answers it: an HTTP status, the error shape's name in the
 * {@code x-amzn-ErrorType} header (which is how the AWS SDKs pick the exception class), and a body
 * {@code {"Code": ..., "Message": ...}} whose Code is a value of the model's {@code ErrorCode} enum.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String errorType;
    private final String code;

    ApiException(int status, String errorType, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
        this.code = code;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequestException", "BadRequest", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NotFoundException", "NotFound", message);
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
}
