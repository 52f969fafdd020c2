package io.github.proxysessions.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * The Lambda Java runtime, as files an instance JVM can use: the runtime interface client's jars (bundled in the
 * runner jar as resources by the build), its JNI library, and the {@link ParentWatchAgent} jar.
 *
 * <p>They are extracted once into {@code <cache>/<hash of the content>/}: a directory is complete before it gets its
 * name (extracted under a temporary name, then renamed atomically), so concurrent runners, even of different
 * versions, share what is identical and never see a half-written file. The cache is the system property
 * {@value #CACHE_PROPERTY} when set, else {@code $XDG_CACHE_HOME/proxy-session-local/lambda-runtime}, else
 * {@code ~/.cache/proxy-session-local/lambda-runtime}.
 *
 * @param directory   the extracted runtime (the instance's {@code LAMBDA_RUNTIME_DIR})
 * @param classpath   the runtime's jars, in class path order
 * @param jniLibrary  the runtime interface client's native library for this platform
 * @param agentJar    the parent-watch agent
 */
record RuntimeBundle(Path directory, List<Path> classpath, Path jniLibrary, Path agentJar) {

    static final String CACHE_PROPERTY = "proxysessions.local.cacheDir";

    private static final String RESOURCES = "/io/github/proxysessions/local/lambda/runtime/";
    private static final String RIC_JAR_PREFIX = "aws-lambda-java-runtime-interface-client-";

    /** Per cache directory: hashing the bundle costs tens of milliseconds, once per runner is enough. */
    private static final Map<Path, RuntimeBundle> EXTRACTED = new ConcurrentHashMap<>();

    /** Extracts the runtime into the default cache, unless it is there already. */
    static RuntimeBundle extract() throws IOException {
        String configured = System.getProperty(CACHE_PROPERTY);
        return extract(configured != null ? Path.of(configured) : defaultCache());
    }

    static RuntimeBundle extract(Path cache) throws IOException {
        Path key = cache.toAbsolutePath().normalize();
        RuntimeBundle known = EXTRACTED.get(key);
        if (known != null && known.isComplete()) {
            return known;
        }
        RuntimeBundle bundle = extractInto(key);
        if (!bundle.isComplete()) {
            throw new IOException("the Lambda runtime cache " + bundle.directory() + " is incomplete (files were "
                    + "deleted from it); delete the directory and start again");
        }
        EXTRACTED.put(key, bundle);
        return bundle;
    }

    private boolean isComplete() {
        return classpath.stream().allMatch(Files::isRegularFile) && Files.isRegularFile(jniLibrary)
                && Files.isRegularFile(agentJar);
    }

    private static RuntimeBundle extractInto(Path cache) throws IOException {
        String jniName = jniLibraryName();
        List<String> jars = bundledJars();
        byte[] agentClass = resource("/" + ParentWatchAgent.class.getName().replace('.', '/') + ".class");
        Path directory = ContentAddressed.createOnce(cache.resolve(contentHash(jars, agentClass)),
                staging -> populate(staging, jars, agentClass));
        List<Path> classpath = jars.stream().map(jar -> directory.resolve("lib").resolve(jar)).toList();
        return new RuntimeBundle(directory, classpath, directory.resolve("jni").resolve(jniName),
                directory.resolve("agent").resolve("local-lambda-runner-watch.jar"));
    }

    private static void populate(Path staging, List<String> jars, byte[] agentClass) throws IOException {
        Path lib = Files.createDirectories(staging.resolve("lib"));
        for (String jar : jars) {
            try (InputStream in = openResource(RESOURCES + jar)) {
                Files.copy(in, lib.resolve(jar));
            }
        }
        // Every platform's library, so that one cache directory serves any machine that shares it.
        Path jni = Files.createDirectories(staging.resolve("jni"));
        String ric = jars.stream().filter(j -> j.startsWith(RIC_JAR_PREFIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the runner jar bundles no runtime interface client"));
        try (JarFile jar = new JarFile(lib.resolve(ric).toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().startsWith("jni/") && !e.isDirectory())
                    .toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, jni.resolve(entry.getName().substring("jni/".length())));
                }
            }
        }
        Path agent = Files.createDirectories(staging.resolve("agent"));
        writeAgentJar(agent.resolve("local-lambda-runner-watch.jar"), agentClass);
    }

    private static void writeAgentJar(Path target, byte[] agentClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchAgent.class.getName());
        try (OutputStream file = Files.newOutputStream(target);
             JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.putNextEntry(new ZipEntry(ParentWatchAgent.class.getName().replace('.', '/') + ".class"));
            jar.write(agentClass);
            jar.closeEntry();
        }
    }

    /** The jars, in class path order, as the build listed them: {@code runtime/a.jar,runtime/b.jar,...}. */
    private static List<String> bundledJars() throws IOException {
        String listing = new String(resource(RESOURCES + "classpath.txt"), StandardCharsets.UTF_8).trim();
        List<String> jars = new ArrayList<>();
        for (String entry : listing.split(",")) {
            jars.add(entry.substring(entry.lastIndexOf('/') + 1).trim());
        }
        return jars;
    }

    private static String contentHash(List<String> jars, byte[] agentClass) throws IOException {
        MessageDigest digest = ContentAddressed.sha256();
        for (String jar : jars) {
            digest.update(jar.getBytes(StandardCharsets.UTF_8));
            try (InputStream in = openResource(RESOURCES + jar)) {
                ContentAddressed.update(digest, in);
            }
        }
        digest.update(agentClass);
        return ContentAddressed.name(digest);
    }

    /**
     * The library file the runtime interface client would pick for this machine. It ships Linux builds only (glibc
     * and musl, x86_64 and aarch64).
     */
    static String jniLibraryName() {
        String os = System.getProperty("os.name", "");
        String arch = switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> null;
        };
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux") || arch == null) {
            throw new UnsupportedOperationException("The AWS Lambda Java runtime interface client runs on Linux "
                    + "x86_64 and aarch64 only; this machine is " + os + " " + System.getProperty("os.arch"));
        }
        boolean musl = Files.exists(Path.of("/lib/ld-musl-" + (arch.equals("x86_64") ? "x86_64" : "aarch64")
                + ".so.1"));
        return "libaws-lambda-jni." + (musl ? "linux_musl-" : "linux-") + arch + ".so";
    }

    private static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("proxy-session-local").resolve("lambda-runtime");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = openResource(name)) {
            return in.readAllBytes();
        }
    }

    private static InputStream openResource(String name) throws IOException {
        InputStream in = RuntimeBundle.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("the runner jar lacks " + name + "; it was not built by Maven "
                    + "(the dependency plugin bundles the Lambda runtime)");
        }
        return in;
    }
}
