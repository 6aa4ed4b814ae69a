package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the bundler refuses to do; writing a bundle is covered by {@link BundleIntegrationTest}. */
class BundlerTest {

    @TempDir
    Path root;

    private final Bundler bundler = new Bundler(new Installation(Path.of("jace.jar"), Path.of("lib"),
            Path.of("jace-tests.jar"), Path.of("test-lib"), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()),
            new PrintWriter(new StringWriter()));

    @Test
    void refusesANonEmptyFolder() throws IOException {
        Path dir = Files.createDirectories(root.resolve("out"));
        Files.writeString(dir.resolve("notes.txt"), "keep me");

        String message = assertThrows(IllegalArgumentException.class, () -> bundler.write(dir, false, false))
                .getMessage();

        assertTrue(message.contains("is not empty") && message.contains("--force"), message);
        assertEquals("keep me", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void forceReplacesOnlyAPreviousBundle() throws IOException {
        Path dir = Files.createDirectories(root.resolve("home"));
        Files.writeString(dir.resolve("notes.txt"), "keep me");

        String message = assertThrows(IllegalArgumentException.class, () -> bundler.write(dir, true, false))
                .getMessage();

        assertTrue(message.contains("holds no jace bundle"), message);
        assertEquals("keep me", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void replacesAPreviousBundleWithoutLeftovers() throws IOException {
        Path previous = Files.createDirectories(root.resolve("bundle/runtime"));
        Files.writeString(Files.createDirectories(root.resolve("bundle/bin")).resolve("jace"), "old");
        Path staging = Files.createDirectories(root.resolve("bundle.tmp-1/bin"));
        Files.writeString(staging.resolve("jace"), "new");

        Bundler.replace(root.resolve("bundle.tmp-1"), root.resolve("bundle"));

        assertEquals("new", Files.readString(root.resolve("bundle/bin/jace")));
        assertTrue(Files.notExists(previous));
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(List.of(root.resolve("bundle")), entries.toList());
        }
    }

    @Test
    void theNextStepsNameTheScriptsInTheFolderGiven() {
        assertEquals("on the GPU host run t/dist/bin/jace-device-check OUT (every check; OUT/summary.txt, "
                + "OUT/results.tar.gz), or t/dist/bin/jace-test, then t/dist/bin/jace",
                Bundler.nextSteps(Path.of("t/dist")));
        assertEquals("on the GPU host run 'my gpu/it'\\''s/bin/jace-device-check' OUT (every check; OUT/summary.txt,"
                + " OUT/results.tar.gz), or 'my gpu/it'\\''s/bin/jace-test', then 'my gpu/it'\\''s/bin/jace'",
                Bundler.nextSteps(Path.of("my gpu/it's")));
    }

    @Test
    void refusesAFile() throws IOException {
        Path file = Files.writeString(root.resolve("bundle"), "");

        String message = assertThrows(IllegalArgumentException.class, () -> bundler.write(file, true, false))
                .getMessage();

        assertTrue(message.contains("is not a directory"), message);
    }
}
