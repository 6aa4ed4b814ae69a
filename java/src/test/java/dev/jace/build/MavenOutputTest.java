package dev.jace.build;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project's Maven settings (.mvn/jvm.config) keep a batch build's output free of terminal escapes: Maven 3.8's
 * console library writes a colour reset to stdout and stderr on exit even with -B, which bin/jace's build would
 * otherwise leave in a log as "^[[0m^[[0m".
 */
class MavenOutputTest {

    private static final Path JVM_CONFIG = Path.of("..", ".mvn", "jvm.config").toAbsolutePath().normalize();

    @TempDir
    Path project;

    @Test
    void aQuietBatchBuildPrintsNoTerminalEscapes() throws Exception {
        Path mvn = onPath("mvn");
        Files.createDirectories(project.resolve(".mvn"));
        Files.copy(JVM_CONFIG, project.resolve(".mvn/jvm.config"));
        Files.writeString(project.resolve("pom.xml"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>t</groupId><artifactId>t</artifactId>
                <version>1</version><packaging>pom</packaging></project>
                """);
        Process process = new ProcessBuilder(mvn.toString(), "-B", "-q", "-ntp", "-o", "validate")
                .directory(project.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "mvn validate did not end");
        String text = new String(output, StandardCharsets.UTF_8);

        assertEquals(0, process.exitValue(), text);
        assertFalse(text.contains("\u001b"), () -> "escapes in: " + text.replace("\u001b", "^["));
    }

    private static Path onPath(String program) {
        return Shell.onPath(program).orElseGet(() -> {
            Assumptions.abort(program + " is not on the PATH (bin/test then uses a downloaded Maven)");
            return null;
        });
    }
}
