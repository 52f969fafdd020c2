package io.github.proxysessions.local.lambda;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts an instance JVM as the Lambda {@code java21} runtime's bootstrap starts Java: the same JVM flags, the
 * runtime interface client on the class path, {@code AWSLambda} as the main class and the handler string as its
 * argument, the task root as the working directory (the runtime reads the function's code from {@code user.dir}).
 */
final class InstanceLauncher {

    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String JNI_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private final Function function;
    private final Path taskRoot;
    private final RuntimeBundle runtime;
    private final boolean watchRunner;
    private final ClassDataArchive archive;

    /**
     * @param watchRunner whether instances load {@link ParentWatchAgent}; only tests that show what the runtime
     *                    does without it turn it off
     */
    InstanceLauncher(Function function, Path taskRoot, RuntimeBundle runtime, boolean watchRunner) {
        this.function = function;
        this.taskRoot = taskRoot;
        this.runtime = runtime;
        this.watchRunner = watchRunner;
        this.archive = ClassDataArchive.enabled() ? ClassDataArchive.of(runtime, function.code(), taskRoot)
                : ClassDataArchive.none();
    }

    /** The part the next instance plays in class data sharing (see {@link ClassDataArchive}). */
    ClassDataArchive.Role sharing() {
        return archive.next();
    }

    /** The function's class data archive, whether written yet or not; null when sharing is off. */
    Path archiveFile() {
        return archive.file();
    }

    /**
     * Starts an instance whose stdout and stderr go to {@code logFile}. Its stdin stays a pipe from this process,
     * which {@link ParentWatchAgent} watches.
     */
    Process launch(String runtimeApi, Path logFile, String logStreamName, ClassDataArchive.Role sharing)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(sharing)).directory(taskRoot.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(FunctionEnvironment.of(function, taskRoot, runtime, runtimeApi, logStreamName));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        return builder.start();
    }

    /**
     * The java binary the instances run on: this process's own. The class data archive is dumped by it too
     * ({@link ClassDataArchive}), since a JVM maps only an archive that its own binary wrote.
     */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The command line, from the java binary to the handler string, with the class data sharing flags. */
    List<String> command(ClassDataArchive.Role sharing) {
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        // The flags of Lambda's java21 bootstrap, in its order.
        command.add("-XX:MaxHeapSize=" + maxHeapKb(function.memoryMb()) + "k");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        // Not Lambda's: the function's own class data archive, which makes instances after the first start faster.
        command.addAll(sharing.flags());
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        command.add("-XX:+ErrorFileToStderr");
        // Lambda's bootstrap points the runtime at its pre-extracted JNI library too. Without it, every instance
        // would extract the library to the one fixed path /tmp/.libaws-lambda-jni.so, racing the others.
        command.add("-D" + JNI_PROPERTY + "=" + runtime.jniLibrary());
        if (Runtime.version().feature() < 18) {
            // Java 18+ (Lambda runs 21) defaults to UTF-8 whatever the locale (JEP 400); older JVMs need telling.
            command.add("-Dfile.encoding=UTF-8");
        }
        if (watchRunner) {
            command.add("-javaagent:" + runtime.agentJar() + "=" + ProcessHandle.current().pid());
        }
        command.add("-classpath");
        command.add(runtime.classpath().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)));
        command.add(MAIN_CLASS);
        command.add(function.handler());
        return command;
    }

    /** 85% of the function's memory, in KiB, rounded: 512 MB gives 445645k, as on Lambda. */
    static long maxHeapKb(int memoryMb) {
        return Math.round(memoryMb * 1024L * 0.85);
    }
}
