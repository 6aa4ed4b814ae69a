package dev.jace.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bench/cpu-peak/fma_peak.c}, the CPU's measured FP32 peak (bench/RESULTS.md takes the CPU target's fractions
 * of it), builds with gcc's warnings as errors and prints one row per thread count whose FP32 rates fit its clock: an
 * x86 core does at most two vector multiply-adds a cycle and at least one, so a miscounted lane or chain shows as too
 * many or too few FLOP a cycle; and jace bench's peak, measured in Java, agrees with it. Skips without gcc or off
 * x86-64.
 */
class FmaPeakProbeTest {

    private static final Path SOURCE = Path.of("cpu-peak", "fma_peak.c").toAbsolutePath();

    /**
     * Runs of the probe before a row that does not fit its clock fails the test: its clock and its rates are timed
     * apart, so another process on the core during one timing (a build beside the tests once read 3.64 multiply-adds
     * a cycle) can make a row misfit once; a miscounted lane or chain misfits on every run.
     */
    private static final int PROBE_ATTEMPTS = 3;

    @Test
    void printsARatePerThreadCountThatFitsItsClock(@TempDir Path dir) throws IOException, InterruptedException {
        String arch = System.getProperty("os.arch");
        assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "fma_peak.c is x86-64 assembly, this is " + arch);
        Path binary = dir.resolve("fma_peak");
        CommandRun build;
        try {
            build = CommandRun.run(dir, 60, "gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-pthread",
                    SOURCE.toString(), "-o", binary.toString());
        } catch (IOException e) {
            assumeTrue(false, "no gcc here: bench/cpu-peak/fma_peak.c is not built (" + e.getMessage() + ")");
            return;
        }
        assertEquals(0, build.exitCode(), build.output());

        ProbeRows probe = probeRows(dir, binary);
        for (int attempt = 1; attempt < PROBE_ATTEMPTS && probe.misfit() != null; attempt++) {
            probe = probeRows(dir, binary);
        }
        assertNull(probe.misfit(), probe.misfit());
        javaProbeReadsWhatTheAssemblyReads(dir, probe.rows().getFirst(), probe.output());
    }

    /** The probe's rows and output, and why a row does not fit its clock (null when all fit). */
    private record ProbeRows(List<String[]> rows, String output, String misfit) {}

    private static ProbeRows probeRows(Path dir, Path binary) throws IOException, InterruptedException {
        CommandRun probe = CommandRun.run(dir, 60, binary.toString(), "0.05");
        assertEquals(0, probe.exitCode(), probe.output());
        List<String> lines = probe.output().lines().toList();
        assertEquals("threads  GHz per thread  FP32 GFLOP/s 256-bit  FP32 GFLOP/s 512-bit", lines.getFirst());
        int cpus = Runtime.getRuntime().availableProcessors();
        List<String[]> rows = lines.subList(1, lines.size()).stream().filter(l -> l.matches("\\s*\\d+\\s.*"))
                .map(l -> l.trim().split("\\s+")).toList();
        assertTrue(rows.size() >= cpus, "a row per online CPU count, at least the JVM's " + cpus + ":\n"
                + probe.output());
        String misfit = null;
        for (int i = 0; i < rows.size() && misfit == null; i++) {
            String[] row = rows.get(i);
            int threads = Integer.parseInt(row[0]);
            assertEquals(i + 1, threads, probe.output());
            double ghz = Double.parseDouble(row[1]);
            assertTrue(ghz > 0.2 && ghz < 7, row[1] + " GHz:\n" + probe.output());
            misfit = flopsPerCycleMisfit(row[2], 8, threads, ghz, probe.output());
            if (misfit == null) {
                misfit = flopsPerCycleMisfit(row[3], 16, threads, ghz, probe.output());
            }
        }
        return new ProbeRows(rows, probe.output(), misfit);
    }

    /**
     * {@code jace bench}'s peak, {@code dev.jace.cli.FmaPeak} on the Vector API in a JVM with its module, on one thread
     * reads the C probe's one-thread rate at its vector width, within 20% either way: a miscounted lane, chain or
     * multiply-add in either, or FMAs the JIT left slow (it once reloaded two constants for each), would show.
     */
    private static void javaProbeReadsWhatTheAssemblyReads(Path dir, String[] oneThread, String cOutput)
            throws IOException, InterruptedException {
        CommandRun java = CommandRun.run(dir, 60, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "dev.jace.cli.FmaPeak", "1", "0.05");
        assertEquals(0, java.exitCode(), java.output());
        String[] reading = java.output().lines().filter(l -> l.startsWith("fma-peak ")).findFirst()
                .orElseThrow(() -> new AssertionError("no fma-peak line:\n" + java.output())).split(" ");
        double javaGflops = Double.parseDouble(reading[1]);
        int bits = Integer.parseInt(reading[2]);
        assertTrue(bits == 256 || bits == 512, java.output());
        String cColumn = oneThread[bits == 512 ? 3 : 2];
        assumeTrue(!cColumn.equals("-"), "the JVM's " + bits + "-bit vectors, which fma_peak.c did not time here");
        double ratio = javaGflops / Double.parseDouble(cColumn);
        assertTrue(ratio > 1 / 1.2 && ratio < 1.2, String.format(Locale.ROOT,
                "FmaPeak %.1f GFLOP/s against fma_peak.c's %s at %d bits, one thread:%n%s%n%s", javaGflops, cColumn,
                bits, java.output(), cOutput));
    }

    /**
     * {@code lanes}-wide multiply-adds, 2·lanes FLOP each: at most two a cycle per thread, and at least half of one
     * even if the thread shared its core with another for part of the timing, with 20% for timing noise. Null where
     * the rate fits, else why not.
     */
    private static String flopsPerCycleMisfit(String gflops, int lanes, int threads, double ghz, String output) {
        if (gflops.equals("-")) {
            return null;
        }
        double fmasPerCycle = Double.parseDouble(gflops) / (threads * ghz) / (2 * lanes);
        return fmasPerCycle >= 0.5 / 1.2 && fmasPerCycle <= 2 * 1.2 ? null : String.format(Locale.ROOT,
                "%d-lane rate %s GFLOP/s on %d threads at %.3f GHz: %.2f multiply-adds a cycle per thread (the last "
                        + "of %d runs, each with a row that did not fit)%n%s", lanes, gflops, threads, ghz,
                fmasPerCycle, PROBE_ATTEMPTS, output);
    }
}
