package dev.jace.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DocumentationTool;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The library's API documentation builds: javadoc with every doclint check but missing comments finds no error in
 * the main sources of the library and its bindings (a stray {@code <} or a broken {@code {@link}} fails a javadoc
 * jar, which a library user needs). The CPU GEMM's vector tiles compile against the incubating Vector API, as the
 * build does.
 */
class ApiDocsTest {

    private static final Path SOURCES = Path.of("src", "main", "java").toAbsolutePath();
    private static final Path BINDINGS = Path.of("..", "bindings", "src", "main", "java").toAbsolutePath().normalize();

    @TempDir
    Path out;

    @Test
    void javadocOfTheMainSourcesHasNoErrors() {
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(messages, true, StandardCharsets.UTF_8);
        int status = javadoc.run(null, stream, stream, "-quiet", "-Xdoclint:all,-missing", "-d", out.toString(),
                "--add-modules", "jdk.incubator.vector", "-classpath", System.getProperty("java.class.path"),
                "-sourcepath", SOURCES + File.pathSeparator + BINDINGS, "-subpackages", "dev.jace");
        assertEquals(0, status, messages.toString(StandardCharsets.UTF_8));
    }
}
