package io.github.proxysessions.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarFile;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Lambda runtime, extracted from the runner's resources into a content-addressed cache. */
class RuntimeBundleTest {

    @TempDir
    Path cache;

    @Test
    void concurrentExtractionsShareOneCompleteDirectory() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            Callable<RuntimeBundle> extract = () -> {
                go.await();
                return RuntimeBundle.extract(cache);
            };
            List<Future<RuntimeBundle>> all = IntStream.range(0, 4).mapToObj(i -> threads.submit(extract)).toList();
            go.countDown();

            RuntimeBundle first = all.get(0).get();
            for (Future<RuntimeBundle> other : all) {
                assertThat(other.get().directory()).isEqualTo(first.directory());
            }
            assertThat(first.classpath()).extracting(p -> p.getFileName().toString())
                    .contains("aws-lambda-java-runtime-interface-client-2.10.1.jar", "aws-lambda-java-core-1.4.0.jar",
                            "aws-lambda-java-serialization-1.2.0.jar")
                    .anyMatch(name -> name.startsWith("utils-lite-"));
            assertThat(first.classpath()).allMatch(java.nio.file.Files::isRegularFile);
            assertThat(first.jniLibrary()).isRegularFile().hasFileName(RuntimeBundle.jniLibraryName());
            assertThat(cache).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".staging"));
            try (JarFile agent = new JarFile(first.agentJar().toFile())) {
                assertThat(agent.getManifest().getMainAttributes().getValue("Premain-Class"))
                        .isEqualTo(ParentWatchAgent.class.getName());
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
