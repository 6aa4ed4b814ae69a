package dev.jace.cli;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU peak's child JVM and what {@code jace bench} shows of it. That its rate is the CPU's is checked against
 * {@code bench/cpu-peak/fma_peak.c} by the bench module's {@code FmaPeakProbeTest}.
 */
class CpuPeakTest {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @Test
    void aChildJvmMeasuresItWithThisJvmsWidestVectors() {
        // Spans of 0.1 s: up to 3 s to settle, enough for C2 to compile the probe on a CPU shared with other tests
        // (in spans of 0.02 s a contended child gave its interpreter's rate, 0.27 GFLOP/s).
        CpuPeak peak = CpuPeak.measure(1, 0.1);
        CpuPeak.Measured measured = assertInstanceOf(peak);
        assertEquals(1, measured.threads());
        assertEquals(FloatVector.SPECIES_PREFERRED.vectorBitSize(), measured.vectorBits());
        assertEquals(0.1, measured.seconds());
        // At most two multiply-adds a cycle at 7 GHz; at least one GFLOP/s, for a probe that ran at all.
        double ceiling = 2 * 7 * 2 * measured.vectorBits() / 32.0;
        assertTrue(measured.gflops() > 1 && measured.gflops() < ceiling, measured.toString());
    }

    @Test
    void aJavaThatCannotStartIsNamed() {
        Path missing = Path.of("/nonexistent/jdk/bin/java");
        assertEquals(new CpuPeak.Unmeasured(missing + " could not be started"),
                CpuPeak.inChildJvm(missing, System.getProperty("java.class.path"), 1, 0.02));
    }

    @Test
    void aChildThatFailsSaysHowWithItsLastLine() {
        CpuPeak peak = CpuPeak.inChildJvm(JAVA, "/nonexistent.jar", 1, 0.02);
        String reason = ((CpuPeak.Unmeasured) peak).reason();
        assertTrue(reason.startsWith("the child JVM measuring it (" + JAVA + " --add-modules=jdk.incubator.vector) "
                + "exited with 1: "), reason);
        assertTrue(reason.contains("dev.jace.cli.FmaPeak"), reason);
    }

    /** A {@code java} in {@code dir} that prints {@code lines} and exits 0, as the child JVM would. */
    private static Path javaPrinting(Path dir, String... lines) throws IOException {
        Path java = dir.resolve("java");
        StringBuilder script = new StringBuilder("#!/bin/sh\n");
        for (String line : lines) {
            script.append("echo '").append(line).append("'\n");
        }
        Files.writeString(java, script);
        assertTrue(java.toFile().setExecutable(true));
        return java;
    }

    @Test
    void aChildThatPrintsNoNumberIsNotTakenForAPeak(@TempDir Path dir) throws IOException {
        Path java = javaPrinting(dir, "WARNING: Using incubator modules: jdk.incubator.vector", "fma-peak fast 512");
        assertEquals(new CpuPeak.Unmeasured("the child JVM printed an unreadable peak: fma-peak fast 512"),
                CpuPeak.inChildJvm(java, "unused", 1, 0.02));
    }

    /** The JVM may print lines of its own (here a tool option picked up, and three words) before the peak's. */
    @Test
    void thePeakIsReadFromItsOwnLine(@TempDir Path dir) throws IOException {
        Path java = javaPrinting(dir, "Picked up JAVA_TOOL_OPTIONS: -Xss2m", "warming up spans", "fma-peak 529.14 512");
        assertEquals(new CpuPeak.Measured(529.14, 2, 512, 0.02), CpuPeak.inChildJvm(java, "unused", 2, 0.02));
    }

    @Test
    void theBenchLineAndJsonSayWhatWasMeasured() {
        CpuPeak measured = new CpuPeak.Measured(529.14, 2, 512, 0.3);
        assertEquals("peak: cpu FP32 529.1 GFLOP/s, measured here on 2 threads (the CPU backend's) as 512-bit FMA "
                + "chains in registers, the best of 3 spans of 0.3 s in a child JVM with jdk.incubator.vector",
                measured.line());
        assertEquals(Map.of("gflops", 529.14, "threads", 2, "vectorBits", 512, "spanSeconds", 0.3),
                measured.toJson());
        CpuPeak unmeasured = new CpuPeak.Unmeasured("--quick measures none");
        assertEquals("peak: cpu FP32 not measured (--quick measures none)", unmeasured.line());
        assertEquals(Map.of("unmeasured", "--quick measures none"), unmeasured.toJson());
        assertEquals(529.14, measured.measuredGflops().orElseThrow());
        assertTrue(unmeasured.measuredGflops().isEmpty());
    }

    @Test
    void theProbeRefusesNoThreadsOrNoTime() {
        assertThrows(IllegalArgumentException.class, () -> FmaPeak.measure(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> FmaPeak.measure(1, 0));
    }

    private static CpuPeak.Measured assertInstanceOf(CpuPeak peak) {
        assertTrue(peak instanceof CpuPeak.Measured, peak.toString());
        return (CpuPeak.Measured) peak;
    }
}
