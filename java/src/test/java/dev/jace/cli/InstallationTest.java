package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstallationTest {

    @TempDir
    Path root;

    @Test
    void namesEveryMissingPartAndHowToBuildIt() throws IOException {
        Path target = Files.createDirectories(root.resolve("java/target"));
        Files.createFile(target.resolve("jace.jar"));
        Files.createDirectories(target.resolve("lib"));

        String message = assertThrows(IllegalArgumentException.class,
                () -> Installation.of(target.resolve("jace.jar"))).getMessage();

        assertTrue(message.contains("lib/jace-native-*.jar"), message);
        assertTrue(message.contains("jace-tests.jar"), message);
        assertTrue(message.contains("test-lib/"), message);
        assertTrue(message.contains("mvn -DskipTests package"), message);
    }

    @Test
    void findsTheBenchmarksBesideTheJavaModule() throws IOException {
        Path target = Files.createDirectories(root.resolve("java/target"));
        Files.createFile(target.resolve("jace.jar"));
        Files.createFile(Files.createDirectories(target.resolve("lib")).resolve("jace-native-0-linux-x86_64.jar"));
        Files.createFile(target.resolve("jace-tests.jar"));
        Files.createDirectories(target.resolve("test-lib"));
        assertTrue(Installation.of(target.resolve("jace.jar")).bench().isEmpty());

        Path bench = Files.createDirectories(root.resolve("bench/target"));
        Files.createFile(bench.resolve("jace-bench.jar"));
        Installation installation = Installation.of(target.resolve("jace.jar"));

        assertEquals(new Installation.Bench(bench.resolve("jace-bench.jar"), bench.resolve("lib")),
                installation.bench().orElseThrow());
        assertEquals(List.of(target.resolve("lib/jace-native-0-linux-x86_64.jar")),
                Installation.jars(installation.libDir()));
    }
}
