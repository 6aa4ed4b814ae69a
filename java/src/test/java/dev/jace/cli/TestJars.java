package dev.jace.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Jars for fake installations, made from the classes the tests run with. */
final class TestJars {

    private TestJars() {
    }

    /** The jar or classes folder {@code type} was loaded from. */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code jar} holding {@code files}, given relative to {@code root}. */
    static void write(Path jar, Path root, List<Path> files) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path file : files) {
                out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
    }

    /** Writes {@code jar} holding every file under the folder {@code root}. */
    static void writeTree(Path jar, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            write(jar, root, files.filter(Files::isRegularFile).toList());
        }
    }
}
