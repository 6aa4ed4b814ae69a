package dev.jace.cli;

import dev.jace.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jace info} names the CPU GEMM's kernel: the vector tiles in a JVM with the Vector API's module (the tests',
 * and bin/jace's where JACE_JAVA_OPTS adds it), where the CPU has 512-bit vectors; the loops, and why, in a JVM
 * without it (bin/jace's by default).
 */
class GemmKernelInfoTest {

    @TempDir
    Path dir;

    @Test
    void thisJvmHasTheVectorModuleAndTheKernelFollowsTheCpu() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the tests' JVM options (jace.test.jvmArgs) add the module");
        try (CpuBackend cpu = new CpuBackend()) {
            String kernel = cpu.gemmKernel();
            assertTrue(kernel.equals("vector tiles of 8 rows x 48 columns (jdk.incubator.vector, 512-bit)")
                    || kernel.equals("auto-vectorised loops (this CPU has no 512-bit vectors)"), kernel);
        }
    }

    @Test
    void aJvmWithoutTheModuleSaysSoAndRunsTheLoops() throws Exception {
        Path log = dir.resolve("info.log");
        Process child = CliRuns.startChild(List.of("info"), log);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "jace info not done in 120 s");
        String out = Files.readString(log);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("\n  gemm: auto-vectorised loops (the JVM was started without --add-modules="
                + "jdk.incubator.vector, which JACE_JAVA_OPTS can add)\n"), out);
    }
}
