package dev.jace.cli;

import dev.jace.backend.cuda.GpuAssumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(new PrintWriter(out), new PrintWriter(err), false).execute("info");
        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().contains("cuda backend: available"), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("  opened as cuda:0 (") && l.contains("; matmul: ")
                && l.contains("; conv: ")), out.toString());
    }
}
