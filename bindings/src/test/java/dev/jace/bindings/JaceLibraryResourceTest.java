package dev.jace.bindings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** libjace.so as a classpath resource, and what is said where the natives jar lacks it. */
class JaceLibraryResourceTest {

    private static final String HOW = " (build it on a machine with the CUDA toolkit, e.g. with bin/test, or set"
            + " JACE_NATIVE_LIB=/path/to/libjace.so)";

    @Test
    void aMissingLibraryIsNamedWithTheReasonItsBuildLeftBeside(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(JaceLibraryResource.RESOURCE).getParent());
        Files.writeString(folder.resolve("libjace.so.absent"), "the jace-native jar's build found no nvcc (on PATH,"
                + " or named by NVCC)\n");
        assertEquals("libjace.so not found: the classpath has no resource /dev/jace/native/linux-x86_64/libjace.so;"
                + " the jace-native jar's build found no nvcc (on PATH, or named by NVCC)" + HOW, missing(dir));
    }

    @Test
    void withoutAReasonTheMessageSaysWhenTheJarHoldsTheLibrary(@TempDir Path dir) throws IOException {
        assertEquals("libjace.so not found: the classpath has no resource /dev/jace/native/linux-x86_64/libjace.so;"
                + " the jace-native jar holds it only when its build found nvcc" + HOW, missing(dir));
    }

    @Test
    void aLibraryInAFolderOfTheClasspathIsUsedWhereItLies(@TempDir Path dir) throws IOException {
        Path library = Files.createDirectories(dir.resolve(JaceLibraryResource.RESOURCE).getParent())
                .resolve("libjace.so");
        Files.writeString(library, "stand-in");
        try (URLClassLoader classpath = only(dir)) {
            assertEquals(library, JaceLibraryResource.locate(classpath));
        }
    }

    private static String missing(Path classpathFolder) throws IOException {
        try (URLClassLoader classpath = only(classpathFolder)) {
            return assertThrows(NativeLibraryException.class, () -> JaceLibraryResource.locate(classpath))
                    .getMessage();
        }
    }

    /** A class loader that sees {@code folder} and nothing else (not even this test's classpath). */
    private static URLClassLoader only(Path folder) throws IOException {
        return new URLClassLoader(new URL[] {folder.toUri().toURL()}, null);
    }
}
