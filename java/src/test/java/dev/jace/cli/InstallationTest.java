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
        Path target = completeJavaTarget();
        assertTrue(Installation.of(target.resolve("jace.jar")).bench().isEmpty());

        Path bench = Files.createDirectories(root.resolve("bench/target"));
        Files.createFile(bench.resolve("jace-bench.jar"));
        Installation installation = Installation.of(target.resolve("jace.jar"));

        assertEquals(new Installation.Bench(bench.resolve("jace-bench.jar"), bench.resolve("lib")),
                installation.bench().orElseThrow());
        assertEquals(List.of(target.resolve("lib/jace-native-0-linux-x86_64.jar")),
                Installation.jars(installation.libDir()));
    }

    @Test
    void findsTheCHeaderAndOnlyTheBuiltExamples() throws IOException {
        Path target = completeJavaTarget();
        assertTrue(Installation.of(target.resolve("jace.jar")).cAbi().isEmpty());

        Path header = Files.createFile(Files.createDirectories(root.resolve("native/include")).resolve("jace.h"));
        assertEquals(new Installation.CAbi(header, List.of()), Installation.of(target.resolve("jace.jar")).cAbi()
                .orElseThrow());

        Path built = Files.createDirectories(root.resolve("native/target/native-obj"));
        Path example = Files.createFile(built.resolve("example_d4_lifting"));
        assertTrue(example.toFile().setExecutable(true));
        Files.createFile(built.resolve("example_half_written"));   // not executable: the linker did not finish it
        Files.createFile(built.resolve("conv.o"));
        Files.createDirectories(built.resolve("example_dir"));
        Installation.CAbi cAbi = Installation.of(target.resolve("jace.jar")).cAbi().orElseThrow();

        assertEquals(List.of(example), cAbi.examples());
        assertEquals("d4_lifting", Installation.CAbi.exampleName(example));
    }

    /** java/target with every part {@link Installation#of} requires. */
    private Path completeJavaTarget() throws IOException {
        Path target = Files.createDirectories(root.resolve("java/target"));
        Files.createFile(target.resolve("jace.jar"));
        Files.createFile(Files.createDirectories(target.resolve("lib")).resolve("jace-native-0-linux-x86_64.jar"));
        Files.createFile(target.resolve("jace-tests.jar"));
        Files.createDirectories(target.resolve("test-lib"));
        return target;
    }
}
