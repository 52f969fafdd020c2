package io.github.proxysessions.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxysessions.local.lambda.fn.ProbeFunction;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The function's code, laid out as Lambda lays it out in {@code /var/task}. */
class TaskRootTest {

    @TempDir
    Path work;

    @Test
    void aPackageIsUnpackedOnceIntoADirectoryNamedByItsContent() throws Exception {
        Path jar = TestFunctions.jar(work);

        Path root = TaskRoot.prepare(jar, work.resolve("run"));
        Path again = TaskRoot.prepare(jar, work.resolve("run"));

        assertThat(again).isEqualTo(root);
        assertThat(root.getParent()).isEqualTo(work.resolve("run").resolve("code"));
        assertThat(root.resolve(ProbeFunction.class.getName().replace('.', '/') + ".class")).isRegularFile();
        assertThat(root.getParent()).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".staging"));
    }

    @Test
    void dependencyJarsInLibAreOnTheFunctionsClassPath() throws Exception {
        // The handler class lives in lib/functions.jar, as in a zip built by the Gradle or Maven Lambda layouts.
        Path zip = work.resolve("function.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("lib/functions.jar"));
            out.write(Files.readAllBytes(TestFunctions.jar(work)));
            out.closeEntry();
        }
        try (LocalLambda lambda = LocalLambda.start(work.resolve("run"), TestFunctions.probe(zip).build(), 1)) {
            Invocation.Result result = lambda.invoke(TestFunctions.event("inspect")).get(60, TimeUnit.SECONDS);

            assertThat(result).isInstanceOf(Invocation.Success.class);
        }
    }

    @Test
    void aDirectoryIsUsedAsItIs() throws Exception {
        Path classes = Path.of(ProbeFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        assertThat(TaskRoot.prepare(classes, work)).isEqualTo(classes.toAbsolutePath().normalize());
    }

    @Test
    void anEntryOutsideTheRootIsRefused() throws Exception {
        Path zip = work.resolve("evil.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("../../escaped.txt"));
            out.write("x".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        assertThatThrownBy(() -> TaskRoot.prepare(zip, work.resolve("run")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has an entry outside its root: ../../escaped.txt");
        assertThat(work.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void somethingElseIsRefused() throws Exception {
        Path text = Files.writeString(work.resolve("handler.txt"), "not a zip");

        assertThatThrownBy(() -> TaskRoot.prepare(text, work))
                .hasMessageContaining("is neither a directory nor a .zip/.jar deployment package");
        assertThatThrownBy(() -> TaskRoot.prepare(work.resolve("missing.jar"), work))
                .hasMessageContaining("does not exist");
    }
}
