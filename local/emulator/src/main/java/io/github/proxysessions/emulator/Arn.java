package io.github.proxysessions.emulator;

/**
 * An Amazon Resource Name, {@code arn:<partition>:<service>:<region>:<account>:<resource>}.
 *
 * @param resource everything after the account, such as {@code vc/abcdef1ghij2klmno3pqr4}
 */
record Arn(String partition, String service, String region, String account, String resource) {

    /** The ARN, or null when {@code text} is not one (a partition, a service and a resource are required). */
    static Arn parse(String text) {
        String[] parts = text.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn") || parts[1].isEmpty() || parts[2].isEmpty()
                || parts[5].isEmpty()) {
            return null;
        }
        return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }
}
