package io.github.proxysessions.local.lambda;

import java.nio.file.Path;

/**
 * One instance (Lambda's "execution environment"): a JVM running the Lambda Java runtime with the function's code.
 *
 * @param id            a random 32-hex-digit id, the suffix of the log stream name
 * @param pid           the instance JVM's process id
 * @param logFile       the file that receives the instance's stdout and stderr, and the START/END/REPORT lines that
 *                      Lambda itself would add (Lambda sends all of these to the log stream)
 * @param logStreamName the log stream name the function sees in {@code AWS_LAMBDA_LOG_STREAM_NAME}, such as
 *                      {@code 2026/11/23/[$LATEST]0123456789abcdef0123456789abcdef}
 */
public record InstanceInfo(String id, long pid, Path logFile, String logStreamName) {
}
