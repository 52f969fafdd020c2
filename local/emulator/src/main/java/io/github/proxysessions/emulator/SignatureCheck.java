package io.github.proxysessions.emulator;

import java.util.function.Function;

/**
 * Refuses unsigned requests as AWS does. The signature is not verified (any credentials will do), but it must be a
 * SigV4 signature scoped to the {@code chime} service.
 */
final class SignatureCheck {

    private SignatureCheck() {
    }

    /**
     * @param header a request header's value by name, or null
     * @throws ApiException 403 when the request is not signed for the {@code chime} service
     */
    static void check(Function<String, String> header) {
        String authorization = header.apply("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.forbidden("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (!authorization.startsWith("AWS4-HMAC-SHA256 ") || !authorization.contains("Credential=")
                || !authorization.contains("SignedHeaders=") || !authorization.contains("Signature=")) {
            throw ApiException.forbidden("IncompleteSignatureException",
                    "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters "
                            + "of an AWS4-HMAC-SHA256 signature");
        }
        if (header.apply("X-Amz-Date") == null && header.apply("Date") == null) {
            throw ApiException.forbidden("IncompleteSignatureException",
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header");
        }
        String credential = authorization.substring(authorization.indexOf("Credential=") + "Credential=".length());
        String[] scope = credential.split("[,\\s]")[0].split("/");
        if (scope.length != 5 || !scope[3].equals("chime") || !scope[4].equals("aws4_request")) {
            throw ApiException.forbidden("InvalidSignatureException",
                    "Credential should be scoped to correct service: 'chime'.");
        }
    }
}
