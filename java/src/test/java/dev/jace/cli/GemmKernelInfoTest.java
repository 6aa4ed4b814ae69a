package dev.jace.cli;

import dev.jace.backend.cpu.CpuBackend;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jace info} names the CPU GEMM's kernel: the vector tiles in a JVM with the Vector API's module (the tests',
 * and bin/jace's where JACE_JAVA_OPTS adds it), where the CPU has 512-bit vectors; the loops, and why, in a JVM
 * without it (bin/jace's by default) or told not to use them.
 */
class GemmKernelInfoTest {

    @TempDir
    Path dir;

    @Test
    void thisJvmHasTheVectorModuleAndTheKernelFollowsTheCpu() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the tests' JVM options (jace.test.jvmArgs) add the module");
        boolean wideVectors = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
        try (CpuBackend cpu = new CpuBackend()) {
            assertEquals(wideVectors ? "vector tiles of 8 rows x 48 columns (jdk.incubator.vector, 512-bit)"
                    : "auto-vectorised loops (this CPU has no 512-bit vectors)", cpu.gemmKernel());
        }
    }

    @Test
    void aJvmWithoutTheModuleSaysSoAndRunsTheLoops() throws Exception {
        String out = info(CliRuns.javaCommand(List.of("info")));
        assertTrue(out.contains("\n  gemm: auto-vectorised loops (the JVM was started without --add-modules="
                + "jdk.incubator.vector, which JACE_JAVA_OPTS can add)\n"), out);
    }

    @Test
    void thePropertyTurnsTheTilesOff() throws Exception {
        String out = info(CliRuns.javaCommand(
                List.of("--add-modules=jdk.incubator.vector", "-Djace.cpu.vectorTiles=false"), List.of("info")));
        assertTrue(out.contains("\n  gemm: auto-vectorised loops (-Djace.cpu.vectorTiles=false)\n"), out);
    }

    /** What {@code jace info} printed in a child JVM, asserting that it succeeded. */
    private String info(List<String> command) throws Exception {
        Path log = dir.resolve("info.log");
        int exitCode = CliRuns.run(command, log);
        String out = Files.readString(log);
        assertEquals(0, exitCode, out);
        return out;
    }
}
