package io.github.proxysessions.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shape of every error the emulator answers, as the service's: the status, {@code x-amzn-ErrorType} naming the
 * error (how the AWS SDKs choose the exception), {@code x-amzn-RequestId}, and a JSON body
 * {@code {"Code":"...","Message":"..."}}.
 */
final class AwsErrors {

    static final String REQUEST_ID = "x-amzn-RequestId";
    static final String ERROR_TYPE = "x-amzn-ErrorType";
    static final String JSON = "application/json";

    private AwsErrors() {
    }

    /** The body of every error, as the service sends it. */
    private record ErrorBody(String code, String message) {
    }

    static Endpoint.Response response(ApiException e, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>(e.headers());
        headers.put(REQUEST_ID, requestId);
        headers.put(ERROR_TYPE, e.errorType());
        headers.put("Content-Type", JSON);
        try {
            return new Endpoint.Response(e.status(), headers,
                    Json.WIRE.writeValueAsBytes(new ErrorBody(e.code(), e.getMessage())));
        } catch (JsonProcessingException io) {
            throw new UncheckedIOException(io);
        }
    }

    /** A bug in the emulator: reported on stderr and answered 500, as the service answers its own failures. */
    static Endpoint.Response internalError(String what, RuntimeException e, String requestId) {
        System.err.println("emulator: internal error on " + what + ": " + e);
        e.printStackTrace(System.err);
        return response(new ApiException(500, "ServiceFailureException",
                "Internal error in the emulator: " + e), requestId);
    }

    /** A new request id, a random UUID (version 4) as the service's are. */
    static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
