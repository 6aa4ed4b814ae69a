package dev.jace.cli;

import dev.jace.backend.cuda.GpuAssumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jace info} where CUDA is usable names the engines a CUDA backend takes (cuBLAS, cuDNN or libjace's). */
@Tag("gpu")
class InfoOnCudaTest {

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    @Test
    void infoOpensACudaBackendAndNamesItsEngines() {
        CliRuns.Output info = CliRuns.inThisJvm("info");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("cuda backend: available"), info.out());
        assertTrue(info.out().lines().anyMatch(l -> l.startsWith("  opened as cuda:0 (") && l.contains("; matmul: ")
                && l.contains("; conv: ")), info.out());
    }
}
