package dev.jace.cli;

import dev.jace.cli.CliRuns.Output;
import dev.jace.cli.GpuReportFixture.ConvCheckLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jace gpu-report DIR} end to end: the Markdown for full and partial results, clean errors for bad input. */
class GpuReportCommandTest {

    private static Output run(String... args) {
        return CliRuns.inThisJvm(args);
    }

    private static List<String> lines(Output result) {
        return result.out().lines().toList();
    }

    @Test
    void fullResultsGiveTheDeviceCeilingsAndOneRowPerTarget(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("", result.err());
        List<String> lines = lines(result);
        assertEquals("### 2026-12-02, GPU device check (`jace-device-check`): issue #6 targets", lines.getFirst());
        assertTrue(lines.contains("- Device: " + GpuReportFixture.GPU), result.out());
        // The fixture's bench files are from before the date and CPU details.
        assertTrue(lines.contains("- Host: Intel(R) Xeon(R) Platinum 8480+, 16 logical CPUs; JVM OpenJDK 64-Bit Server "
                + "VM 25.0.3+9-LTS"), result.out());
        assertTrue(lines.contains("- `jace bench --backend cuda` config: default (12 warm-ups, 5 timed reps per op)"),
                result.out());
        assertTrue(lines.contains("- PyTorch fp32: torch 2.5.1+cu124 on cuda (NVIDIA H200)"), result.out());
        assertFalse(result.out().contains("cut short"), "whole bench runs are not called cut short");
        // 2·8192³ FLOP in 21.99 ms = 50 TFLOP/s, in 3 ms = 366.5, in 1.6 ms = 687.2.
        for (String ceiling : List.of(
                "| cuBLAS GEMM FP32, n = 8192 | 50 TFLOP/s | CublasGemmBench.gemm: 21.99 ± 0.22 ms/op |",
                "| cuBLAS GEMM TF32, n = 8192 | 366.5 TFLOP/s | CublasGemmBench.gemm: 3 ms/op |",
                "| cuBLAS GEMM BF16, n = 8192 | 687.2 TFLOP/s | CublasGemmBench.gemm: 1.6 ± 0.016 ms/op |",
                "| device copy, 256 MiB (read + write) | 4000 GB/s | DeviceCopyBench.copy: 134.2 us/op |",
                "| no-op kernel launch through FFM (bursts of 32 between drains) | 2 µs | FfmOverheadBench"
                        + ".noopLaunchBurst: 2000 ± 20 ns/op |",
                "| no-op kernel launch through FFM (enqueue only) | 2.3 µs | FfmOverheadBench.noopLaunch: 2300 ns/op |",
                "| no-op kernel launch + stream synchronize | 9.5 µs | FfmOverheadBench.noopLaunchSync: 9500 ± 95 "
                        + "ns/op |",
                "| FFM downcall alone (jace_version) | 0.0061 µs | FfmOverheadBench.version: 6.1 ns/op |")) {
            assertTrue(lines.contains(ceiling), ceiling + "\n" + result.out());
        }
        int header = lines.indexOf("| target | measured | threshold | verdict |");
        assertTrue(header > 0, result.out());
        List<String> targets = lines.subList(header + 2, header + 8);
        List<String> verdicts = List.of("| not met (gap: 1 of 90 cases below 1.0: TF32 D4 128x128x128x7x3 forward "
                + "0.950) |",
                "| not met (gap: 1 of 6 below 60.0%: n32 c32 28x28 k3 backward_filter 55.0%, 5.0 points short) |",
                "| not met (gap: 1 of 27 picked the slower: ",
                "| not met (gap: 1 of 3 runs short: BF16 run 75.0%, 5.0 points short) |", "| met |",
                "| not met (gap: 0.2 µs over, of which the FFM downcall itself is 0.0061 µs) |");
        for (int i = 0; i < 6; i++) {
            assertTrue(targets.get(i).contains(verdicts.get(i)), targets.get(i));
            assertEquals(4, targets.get(i).split(" \\| ", -1).length, targets.get(i));
        }
        // GroupConvBench's cases: 2·1·8·4·28²·8·4·9 FLOP in 1 ms = 0.01445 TFLOP/s; 2·128·1024·7²·1024·9 FLOP
        // (118.4 GFLOP) in 1 ms = 118.4, in 0.95 ms = 124.6.
        int groupConv = lines.indexOf("| precision | group | shape | pass | DIRECT ms | DIRECT TFLOP/s | EXPANDED ms "
                + "| EXPANDED TFLOP/s | ratio |");
        assertTrue(lines.get(groupConv - 2).startsWith("GroupConvBench (JMH on CUDA, `jmh-groupconv.json`; ")
                && lines.get(groupConv - 2).endsWith("EXPANDED baselines: FP32 conv: cuDNN 9.10.0; TF32 conv: cuDNN "
                + "9.10.0; BF16 conv: " + GpuReportFixture.BF16_CUDNN + "):"), result.out());
        assertEquals("| FP32 | C4 | 1x8x8x28x3 | forward | 1 | 0.01445 | 1.25 | 0.01156 | 1.250 |",
                lines.get(groupConv + 2));
        assertTrue(lines.contains("| TF32 | D4 | 128x128x128x7x3 | forward | 1 | 118.4 | 0.95 | 124.6 | 0.950 |"),
                result.out());
        assertEquals("", lines.get(groupConv + 2 + 90));
        assertTrue(lines.contains("| FP32 | group-conv-bwd-filter | d4 | 16,16,16,28,3 | EXPANDED | 0.1 | 0.101 | DIRECT "
                + "| 1.0% | EXPANDED | kept the slower (near tie) |"), result.out());
        assertTrue(lines.contains("| BF16 | group-conv-bwd-filter | d4 | 16,16,16,28,3 | EXPANDED | 0.1 | 0.097 | "
                + "EXPANDED | 3.1% | EXPANDED | kept the faster |"), result.out());
        assertTrue(lines.contains("All 16 result files were read: bench-FP32.json, bench-TF32.json, bench-BF16.json, "
                + "jmh-ceilings.json, jmh-groupconv.json, pytorch-c4-fp32.json, pytorch-c4-bf16.json, NN-gpu.log, "
                + "NN-conv-kernels.log, NN-conv-kernels-bench.log, NN-c-launch_overhead.log, NN-ncu-conv.log, "
                + "NN-ncu-deviation.log, NN-step-traffic.log, NN-step-traffic-graph.log, "
                + "NN-step-traffic-overlapped.log."), result.out());
    }

    /**
     * The entry carries what a RESULTS.md entry needs beside the verdicts: the driver's own version and the day from
     * nvidia-smi's query, and every CUDA bench row with its ratio to its baseline and its fraction of the ceiling.
     */
    @Test
    void theEntryGivesTheDriverTheDateAndEveryBenchRow(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        List<String> lines = lines(run("gpu-report", dir.toString()));
        String out = String.join("\n", lines);
        assertTrue(lines.contains("- nvidia-smi (`01-gpu.log`): name NVIDIA H200, driver_version 580.65.06, "
                + "memory.total 143771 MiB, clocks.max.sm 1980 MHz (driver 580.65.06 is the driver's own version; a "
                + "`CUDA driver` above is the CUDA version it supports)"), out);
        int table = lines.indexOf("| precision | op | group | shape | algorithm | median ms | min ms | rate | ratio | "
                + "% of ceiling |");
        assertTrue(lines.get(table - 2).endsWith("EXPANDED baselines: FP32 conv: cuDNN 9.10.0; TF32 conv: cuDNN "
                + "9.10.0; BF16 conv: " + GpuReportFixture.BF16_CONV + "):"), out);
        // 3 precisions × (27 conv rows, deviation, action, copy, gemm, 3 ace-step, 2 p4cnn-fwd-bwd rows).
        assertEquals("", lines.get(table + 2 + 3 * 36));
        // c4 forward: 0.924844032 GFLOP in 0.05 ms = 18.5 TFLOP/s, 37.0% of the 50 TFLOP/s FP32 GEMM.
        assertTrue(lines.contains("| FP32 | group-conv-fwd | c4 | 16,16,16,28,3 | DIRECT | 0.05 | 0.049 | 18500 "
                + "GFLOP/s | 1.200 | 37.0% |"), out);
        assertTrue(lines.contains("| TF32 | group-conv-fwd | d4 | 16,16,16,28,3 | EXPANDED | 0.095 | 0.0931 | 38940 "
                + "GFLOP/s | 1.000 | 10.6% |"), out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| BF16 | deviation | d4 | 32,16,28 | - | ")
                && l.endsWith(" | 3000 GB/s | — | 75.0% |")), out);
        assertTrue(lines.contains("| BF16 | ace-step | c4 | 64,1,28,28 | overlapped | 4 | 3.92 | 64000 img/s | — "
                + "| — |"), out);

        // Without PyTorch's files the day comes from nvidia-smi's timestamp.
        Path alone = Files.createDirectories(dir.resolve("alone"));
        new GpuReportFixture.Bench("FP32").write(alone);
        GpuReportFixture.gpuLogs(alone);
        assertTrue(run("gpu-report", alone.toString()).out().startsWith("### 2026-12-02, GPU device check"));
    }

    /**
     * conv_gpu_check bench's second timing of each entry point under JACE_CONV_KERNELS=implicit-gemm is a table of its
     * own, the default kernels' speed-up beside each row; a log without those lines (an older check) has none.
     */
    @Test
    void theImplicitGemmTimingsGiveTheDefaultKernelsSpeedUp(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        assertFalse(run("gpu-report", dir.toString()).out().contains("JACE_CONV_KERNELS"));
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).fail(GpuReportFixture.LARGE_7, "BF16", "forward")
                .write(dir, 5);
        List<String> lines = lines(run("gpu-report", dir.toString()));
        String header = "| layer | precision | op | default ms | default TFLOP/s | implicit GEMM ms | implicit GEMM "
                + "TFLOP/s | speed-up |";
        int table = tableAt(lines, "`conv_gpu_check bench` (`05-conv-kernels-bench.log`; mean of 20 calls between two "
                + "CUDA events), each D4 group-conv entry point with the default kernels and then with "
                + "`JACE_CONV_KERNELS=implicit-gemm`; speed-up = implicit GEMM ms / default ms:", header);
        // 2·64·32²·128²·3² = 19.33 GFLOP: 0.483 ms at 40 TFLOP/s, 1.208 ms at 16; 1.208 / 0.483 = 2.50.
        assertEquals("| n64 c16 32x32 k3 | FP32 | forward | 0.483 | 40 | 1.208 | 16 | 2.50 |", lines.get(table + 2));
        assertEquals("| n32 c32 28x28 k3 | BF16 | backward_filter | 0.074 | 400 | 0.185 | 160 | 2.50 |",
                lines.get(table + 27));
        assertEquals("", lines.get(table + 28), "26 rows: the failed BF16 forward has none");
    }

    /**
     * On Hopper conv_gpu_check bench times TF32's and BF16's entry points a third time, under JACE_CONV_KERNELS=wgmma:
     * three more columns, the wgmma kernels' speed-up over the default beside each row they timed, "—" beside the
     * others.
     */
    @Test
    void theWgmmaTimingsGiveItsSpeedUpOverTheDefaultKernels(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).write(dir, 5);
        List<String> lines = lines(run("gpu-report", dir.toString()));
        String header = "| layer | precision | op | default ms | default TFLOP/s | implicit GEMM ms | implicit GEMM "
                + "TFLOP/s | speed-up | wgmma ms | wgmma TFLOP/s | wgmma speed-up |";
        int table = tableAt(lines, "`conv_gpu_check bench` (`05-conv-kernels-bench.log`; mean of 20 calls between two "
                + "CUDA events), each D4 group-conv entry point with the default kernels and then with "
                + "`JACE_CONV_KERNELS=implicit-gemm` (TF32's and BF16's entry points also with "
                + "`JACE_CONV_KERNELS=wgmma`, the opt-in Hopper warpgroup-MMA kernels); speed-up = implicit GEMM ms / "
                + "default ms, wgmma speed-up = default ms / wgmma ms:", header);
        assertEquals("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |", lines.get(table + 1));
        assertEquals("| n64 c16 32x32 k3 | FP32 | forward | 0.483 | 40 | 1.208 | 16 | 2.50 | — | — | — |",
                lines.get(table + 2));
        // 19.33 GFLOP: 0.077 ms at 250 TFLOP/s, 0.193 at 100, 0.062 at 312.5; 0.193 / 0.077 = 2.51,
        // 0.077 / 0.062 = 1.24.
        assertEquals("| n64 c16 32x32 k3 | TF32 | forward | 0.077 | 250 | 0.193 | 100 | 2.51 | 0.062 | 312.5 | 1.24 |",
                lines.get(table + 5));
        // 118.38 GFLOP: 0.474 ms at 250 TFLOP/s, 1.184 at 100, 0.379 at 312.5; 1.184 / 0.474 = 2.50,
        // 0.474 / 0.379 = 1.25.
        assertEquals("| n128 c128 7x7 k3 | TF32 | forward | 0.474 | 250 | 1.184 | 100 | 2.50 | 0.379 | 312.5 | 1.25 |",
                lines.get(table + 14));
        // BF16 at 400 TFLOP/s: 0.296 ms, 0.74 at 160, 0.237 at 500 under wgmma; 0.74 / 0.296 = 2.50,
        // 0.296 / 0.237 = 1.25; FP32 has no wgmma timing.
        assertEquals("| n128 c128 7x7 k3 | BF16 | forward | 0.296 | 400 | 0.74 | 160 | 2.50 | 0.237 | 500 | 1.25 |",
                lines.get(table + 17));
        assertEquals("| n128 c128 7x7 k3 | BF16 | backward_filter | 0.296 | 400 | 0.74 | 160 | 2.50 | 0.237 | 500 | "
                + "1.25 |", lines.get(table + 19));
        assertTrue(lines.get(table + 11).startsWith("| n128 c128 7x7 k3 | FP32 | forward | ")
                && lines.get(table + 11).endsWith(" | — | — | — |"), lines.get(table + 11));
        // backward_filter: the same 118.38 GFLOP, the same figures.
        String filter = "| n128 c128 7x7 k3 | TF32 | backward_filter | 0.474 | 250 | 1.184 | 100 | 2.50 | ";
        assertEquals(filter + "0.379 | 312.5 | 1.25 |", lines.get(table + 16));
        // 2·32·28²·256²·3² = 29.6 GFLOP: 0.118 ms at 250 TFLOP/s, 0.296 at 100, 0.095 at 312.5; 0.296 / 0.118 = 2.51,
        // 0.118 / 0.095 = 1.24.
        assertEquals("| n32 c32 28x28 k3 | TF32 | backward_data | 0.118 | 250 | 0.296 | 100 | 2.51 | 0.095 | 312.5 | "
                + "1.24 |", lines.get(table + 24));
        assertEquals("| n32 c32 28x28 k3 | TF32 | backward_filter | 0.118 | 250 | 0.296 | 100 | 2.51 | 0.095 | 312.5 "
                + "| 1.24 |", lines.get(table + 25));
        assertEquals("", lines.get(table + 29), "27 rows");
        assertFalse(lines.stream().anyMatch(l -> l.contains("wgmma-128")), "no tile heights' table without them");

        // A wgmma call that failed (its FAIL line instead of its timing) leaves only its own row without wgmma cells.
        String log = new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).text().replaceFirst(
                "bench wgmma D4 group conv n128 c128 7x7 k3 TF32 backward_filter .*", "FAIL bench wgmma D4 group conv "
                + "n128 c128 7x7 k3 TF32 backward_filter: status 2: out of device memory");
        Files.writeString(dir.resolve("05-conv-kernels-bench.log"), log);
        List<String> failed = lines(run("gpu-report", dir.toString()));
        assertEquals(filter + "— | — | — |", failed.get(table + 16));
        assertEquals(lines.get(table + 25), failed.get(table + 25));
    }

    /**
     * Where conv_gpu_check bench also times TF32's entry points with the wgmma kernels forced to 128-row, 192-row
     * (forward and backward_data only) and 256-row block tiles, a second table follows the kernels': those timings
     * beside the chosen height's and the tiles the rule names ({@code wgmma tiles} lines; the fixture's defaults: 256
     * rows on the small layer, 192 for forward and backward_data on the large ones, 128 rows, 1 split and 256 rows,
     * 7 splits for backward_filter on the 7x7 and 28x28 ones), which of those timed ran fastest, by how much over the
     * next, and whether the rule's height did; "—" where a forced timing failed or is none (backward_filter's 192-row).
     */
    @Test
    void theForcedWgmmaTileHeightsGiveTheFastestHeight(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).wgmmaTiles(1.25, 1.6, 1.5).write(dir, 5);
        List<String> lines = lines(run("gpu-report", dir.toString()));
        int table = tableAt(lines, "wgmma tile heights: `conv_gpu_check bench` (`05-conv-kernels-bench.log`; mean of "
                + "20 calls between two CUDA events) times each TF32 entry point under `JACE_CONV_KERNELS=wgmma` "
                + "(chosen: the block-tile height the library picks by itself; rule = the tile height, and "
                + "backward_filter's K splits, that `JACE_CONV_KERNELS=wgmma` chooses, from the log's `wgmma tiles` "
                + "lines), then with the wgmma kernels forced to 128-row (`JACE_CONV_KERNELS=wgmma-128`), to 192-row "
                + "(`JACE_CONV_KERNELS=wgmma-192`; forward and backward_data only, backward_filter has no 192-row "
                + "tiles) and to 256-row block tiles (`JACE_CONV_KERNELS=wgmma-256`); faster = the forced height with "
                + "the shortest time, by = the next shortest time's ms / its ms, rule fastest? = whether the rule's "
                + "height is (or ties) the fastest, else its ms / the fastest's ms:", TILES_HEADER);
        int kernels = lines.indexOf("| layer | precision | op | default ms | default TFLOP/s | implicit GEMM ms | "
                + "implicit GEMM TFLOP/s | speed-up | wgmma ms | wgmma TFLOP/s | wgmma speed-up |");
        assertTrue(kernels > 1, String.join("\n", lines));
        assertEquals(kernels + 32, table, "right after the kernels' 27 rows, a blank line and its lead");
        assertEquals("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
                lines.get(table + 1));
        // 19.33 GFLOP at 250 TFLOP/s = 0.0773 ms: / 1.25 = 0.062 (chosen and 128 rows), / 1.6 = 0.048 (192 rows),
        // / 1.5 = 0.052; 0.052 / 0.048 = 1.08. The rule's 256 rows are not the fastest: 0.052 / 0.048 = 1.08.
        String small = "| n64 c16 32x32 k3 | forward | 0.062 | 256-row | ";
        assertEquals(small + "0.062 | 0.048 | 0.052 | 312.5 | 400 | 375 | 192-row | 1.08 | no (1.08× slower) |",
                lines.get(table + 2));
        // 118.38 GFLOP: 0.4735 ms / 1.25 = 0.379, / 1.6 = 0.296, / 1.5 = 0.316; 0.316 / 0.296 = 1.07; the rule's
        // 192 rows are the fastest, on forward too.
        String data = "| n128 c128 7x7 k3 | backward_data | 0.379 | 192-row | 0.379 | ";
        assertEquals(data + "0.296 | 0.316 | 312.5 | 400 | 375 | 192-row | 1.07 | yes |", lines.get(table + 6));
        assertEquals("| n128 c128 7x7 k3 | forward | 0.379 | 192-row | 0.379 | 0.296 | 0.316 | 312.5 | 400 | 375 | "
                + "192-row | 1.07 | yes |", lines.get(table + 5));
        // backward_filter has no 192-row timing: the faster of the other two, 0.379 / 0.316 = 1.20; the rule's
        // 128 rows (1 split) ran 0.379 / 0.316 = 1.20 times the fastest's time.
        String filter = "| n128 c128 7x7 k3 | backward_filter | 0.379 | 128-row, 1 split | 0.379 | — | ";
        assertEquals(filter + "0.316 | 312.5 | — | 375 | 256-row | 1.20 | no (1.20× slower) |", lines.get(table + 7));
        // 29.6 GFLOP: 0.1184 ms / 1.25 = 0.095, / 1.5 = 0.079; 0.095 / 0.079 = 1.20; the rule's 256 rows (7 splits)
        // are the fastest.
        assertEquals("| n32 c32 28x28 k3 | backward_filter | 0.095 | 256-row, 7 splits | 0.095 | — | 0.079 | 312.5 | — "
                + "| 375 | 256-row | 1.20 | yes |", lines.get(table + 10));
        assertEquals("", lines.get(table + 11), "9 rows: TF32's 3 entry points on 3 layers");

        // 0.0773 ms / 1.6 = 0.048 at 400 TFLOP/s, / 1.4 = 0.055 at 350; by the next shortest, 0.052 / 0.048 = 1.08,
        // the rule's 256 rows 0.052 / 0.048 = 1.08 times the fastest's time.
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).wgmmaTiles(1.6, 1.4, 1.5).write(dir, 5);
        assertEquals(small + "0.048 | 0.055 | 0.052 | 400 | 350 | 375 | 128-row | 1.08 | no (1.08× slower) |",
                lines(run("gpu-report", dir.toString())).get(table + 2));
        // 256 rows fastest, the rule's, 192 next: 0.055 / 0.052 = 1.06.
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).wgmmaTiles(1.25, 1.4, 1.5).write(dir, 5);
        assertEquals(small + "0.062 | 0.055 | 0.052 | 312.5 | 350 | 375 | 256-row | 1.06 | yes |",
                lines(run("gpu-report", dir.toString())).get(table + 2));
        // The rule's 256 rows tie with 128 for the fastest.
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).wgmmaTiles(1.5, 1.4, 1.5).write(dir, 5);
        assertEquals(small + "0.052 | 0.055 | 0.052 | 375 | 350 | 375 | tie | 1.00 | yes |",
                lines(run("gpu-report", dir.toString())).get(table + 2));
        // A log from before wgmma-192: its cells "—", the faster of the other two, the rule's.
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).wgmmaTiles(1.25, 0, 1.5).write(dir, 5);
        assertEquals(small + "0.062 | — | 0.052 | 312.5 | — | 375 | 256-row | 1.19 | yes |",
                lines(run("gpu-report", dir.toString())).get(table + 2));

        // A forced height that failed (its FAIL line instead of its timing) leaves "—" in its own row only, in rule
        // fastest? too where it is the rule's (192 rows on backward_data); with one height timed, no faster.
        String log = new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).wgmmaTiles(1.25, 1.6, 1.5)
                .text().replaceFirst("bench wgmma-256 D4 group conv n128 c128 7x7 k3 TF32 backward_filter .*",
                        "FAIL bench wgmma-256 D4 group conv n128 c128 7x7 k3 TF32 backward_filter: status 2: out of "
                                + "device memory")
                .replaceFirst("bench wgmma-192 D4 group conv n128 c128 7x7 k3 TF32 backward_data .*",
                        "FAIL bench wgmma-192 D4 group conv n128 c128 7x7 k3 TF32 backward_data: status 2: out of "
                                + "device memory");
        Files.writeString(dir.resolve("05-conv-kernels-bench.log"), log);
        List<String> failed = lines(run("gpu-report", dir.toString()));
        assertEquals(data + "— | 0.316 | 312.5 | — | 375 | 256-row | 1.20 | — |", failed.get(table + 6));
        assertEquals(filter + "— | 312.5 | — | — | — | — | — |", failed.get(table + 7));
        assertEquals(lines.get(table + 10), failed.get(table + 10));
        assertEquals(lines.get(kernels + 16), failed.get(kernels + 16), "the kernels' table keeps its wgmma cells");
    }

    private static final String SPLIT_K_HEADER = "| layer | precision | op | splits | default ms | unsplit ms | "
            + "faster | by |";

    /**
     * Where conv_gpu_check bench also times the forward and backward_data whose default kernels split K with K whole
     * (JACE_CONV_KERNELS=unsplit), a split-K table follows the kernels' (and the tile heights'): per such entry point
     * the splits from its {@code splits} line, both times, which ran faster and by how much; "—" for splits where its
     * line failed, for the default time and the comparison where the default kernels' call failed. A log without
     * unsplit timings (an older check) has none.
     */
    @Test
    void theUnsplitTimingsGiveWhetherSplittingKGains(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).wgmmaTiles(1.25, 1.6, 1.5).write(dir, 5);
        assertFalse(run("gpu-report", dir.toString()).out().contains("split-K"), "no table without unsplit timings");

        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).wgmmaTiles(1.25, 1.6, 1.5).splitK(1.5)
                .write(dir, 5);
        List<String> lines = lines(run("gpu-report", dir.toString()));
        String lead = "split-K: `conv_gpu_check bench` (`05-conv-kernels-bench.log`; mean of 20 calls between two CUDA "
                + "events) times each forward and backward_data whose default kernels split K (where their grid "
                + "leaves SMs idle) again with K whole; splits = the K splits the default kernels use, from the log's "
                + "`splits` lines, default = K split as the library chooses, unsplit = `JACE_CONV_KERNELS=unsplit`, "
                + "the default kernels with K whole; faster = the one with the shorter time, by = the longer time's ms "
                + "/ the shorter's ms:";
        List<String> body = tableBody(lines, lead, SPLIT_K_HEADER);
        assertTrue(lines.indexOf(SPLIT_K_HEADER) > lines.indexOf(TILES_HEADER), "after the tile heights' table");
        assertEquals("| --- | --- | --- | --- | --- | --- | --- | --- |", lines.get(lines.indexOf(SPLIT_K_HEADER) + 1));
        // 2·16·28²·128²·3² = 3.699 GFLOP: 0.092 ms at 40 TFLOP/s, · 1.5 = 0.139 with K whole; 0.139 / 0.092 = 1.51.
        // 0.015 ms at 250 TFLOP/s, 0.022 whole: 1.47; 0.009 at 400, 0.014 whole: 1.56.
        // 2·1·28²·64²·3² = 57.8 MFLOP: 0.072 ms at 0.8 TFLOP/s, 0.108 whole: 1.50; 0.012 at 5, 0.017 whole: 1.42;
        // 0.007 at 8, 0.011 whole: 1.57.
        assertEquals(List.of(
                "| n16 c16 28x28 k3 | FP32 | forward | 2 | 0.092 | 0.139 | default | 1.51 |",
                "| n16 c16 28x28 k3 | FP32 | backward_data | 2 | 0.092 | 0.139 | default | 1.51 |",
                "| n16 c16 28x28 k3 | TF32 | forward | 2 | 0.015 | 0.022 | default | 1.47 |",
                "| n16 c16 28x28 k3 | TF32 | backward_data | 2 | 0.015 | 0.022 | default | 1.47 |",
                "| n16 c16 28x28 k3 | BF16 | forward | 2 | 0.009 | 0.014 | default | 1.56 |",
                "| n16 c16 28x28 k3 | BF16 | backward_data | 2 | 0.009 | 0.014 | default | 1.56 |",
                "| n1 c8 28x28 k3 | FP32 | forward | 4 | 0.072 | 0.108 | default | 1.50 |",
                "| n1 c8 28x28 k3 | FP32 | backward_data | 4 | 0.072 | 0.108 | default | 1.50 |",
                "| n1 c8 28x28 k3 | TF32 | forward | 4 | 0.012 | 0.017 | default | 1.42 |",
                "| n1 c8 28x28 k3 | TF32 | backward_data | 4 | 0.012 | 0.017 | default | 1.42 |",
                "| n1 c8 28x28 k3 | BF16 | forward | 4 | 0.007 | 0.011 | default | 1.57 |",
                "| n1 c8 28x28 k3 | BF16 | backward_data | 4 | 0.007 | 0.011 | default | 1.57 |"), body);

        // K whole faster: 0.092 · 0.8 = 0.074 ms, 0.092 / 0.074 = 1.24; a tie at 1.
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).splitK(0.8).write(dir, 5);
        assertEquals("| n16 c16 28x28 k3 | FP32 | forward | 2 | 0.092 | 0.074 | unsplit | 1.24 |",
                tableBody(lines(run("gpu-report", dir.toString())), lead, SPLIT_K_HEADER).getFirst());
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).splitK(1).write(dir, 5);
        assertEquals("| n16 c16 28x28 k3 | FP32 | forward | 2 | 0.092 | 0.092 | tie | 1.00 |",
                tableBody(lines(run("gpu-report", dir.toString())), lead, SPLIT_K_HEADER).getFirst());

        // A failed splits line leaves "—" in its entry point's rows; a failed default call, in its own row's default
        // time, faster and by.
        String log = new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).splitK(1.5).text()
                .replaceFirst("splits D4 group conv n1 c8 28x28 k3 backward_data .*", "FAIL splits D4 group conv n1 "
                        + "c8 28x28 k3 FP32 backward_data: status 2: out of device memory")
                .replaceFirst("bench D4 group conv n16 c16 28x28 k3 FP32 forward .*", "FAIL bench D4 group conv n16 "
                        + "c16 28x28 k3 FP32 forward: status 2: out of device memory");
        Files.writeString(dir.resolve("05-conv-kernels-bench.log"), log);
        List<String> failed = tableBody(lines(run("gpu-report", dir.toString())), lead, SPLIT_K_HEADER);
        assertEquals("| n16 c16 28x28 k3 | FP32 | forward | 2 | — | 0.139 | — | — |", failed.get(0));
        assertEquals(body.get(1), failed.get(1));
        assertEquals("| n1 c8 28x28 k3 | FP32 | backward_data | — | 0.072 | 0.108 | default | 1.50 |", failed.get(7));
        assertEquals("| n1 c8 28x28 k3 | BF16 | backward_data | — | 0.007 | 0.011 | default | 1.57 |",
                failed.get(11));
        assertEquals(body.get(10), failed.get(10));
    }

    private static final String STAGING_HEADER = "| layer | forward / backward_data ms | backward_filter ms |";

    /**
     * Where conv_gpu_check bench also times the bfloat16 conversions the BF16 expand + cuDNN baseline adds per pass, a
     * table of them follows the split-K table: one row per layer with a {@code staging bf16} line. A log without such
     * lines (an older check) has none.
     */
    @Test
    void theStagingLinesGiveTheBf16BaselinesConversions(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).splitK(1.5).write(dir, 5);
        String without = run("gpu-report", dir.toString()).out();
        assertFalse(without.contains("BF16 staging") || without.contains(STAGING_HEADER), "no table without them");

        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).splitK(1.5).staging(GpuReportFixture.BENCH_28, 0.0123,
                0.015).staging(GpuReportFixture.BATCH_1, 0.00456, 0.0061).write(dir, 5);
        List<String> lines = lines(run("gpu-report", dir.toString()));
        String lead = "BF16 staging: `conv_gpu_check bench` (`05-conv-kernels-bench.log`; mean of 20 passes between "
                + "two CUDA events) times, per layer, the bfloat16 conversions (`jace_to_bf16`, `jace_from_bf16`) that "
                + "the BF16 expand + cuDNN baseline adds to one pass of the layer run as a plain convolution: forward "
                + "and backward_data round one map and the expanded filter to bfloat16 and widen the output map back to "
                + "float, backward_filter rounds two maps and widens the filter. They are part of that baseline's "
                + "measured time (cuDNN's BF16 convolutions on bfloat16 copies of jace's float tensors), which a "
                + "framework that stores bfloat16 activations (PyTorch autocast) would not pay:";
        assertEquals("| --- | --- | --- |", lines.get(lines.indexOf(STAGING_HEADER) + 1));
        // %8.4f rounds 0.00456 to 0.0046.
        assertEquals(List.of(
                "| n16 c16 28x28 k3 | 0.0123 | 0.015 |",
                "| n1 c8 28x28 k3 | 0.0046 | 0.0061 |"), tableBody(lines, lead, STAGING_HEADER));
        assertTrue(lines.indexOf(STAGING_HEADER) > lines.indexOf(SPLIT_K_HEADER), "after the split-K table");
    }

    private static final String PLAIN_HEADER = "| precision | GEMM | tiles | feed | ms | TFLOP/s | of cuBLAS GEMM | "
            + "fastest large-layer wgmma entry point | its share of this |";

    /**
     * Where conv_gpu_check bench times the wgmma main loop on a plain GEMM (Hopper, since session 73), a table sets
     * each timing beside cuBLAS's GEMM of its precision and beside the fastest wgmma entry point of the large layers
     * (ties: the first in the log), or of the one layer whose forward GEMM has its shape; without the JMH ceilings the
     * cuBLAS cells read —; a log without such lines has no table.
     */
    @Test
    void thePlainGemmLinesGiveTheWgmmaMainLoopsCeiling(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).write(dir, 5);
        String without = run("gpu-report", dir.toString()).out();
        assertFalse(without.contains("wgmma main loop:") || without.contains(PLAIN_HEADER), "no table without them");

        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).plain("TF32", 128, 350)
                .plain("BF16", 256, 600).plainTma("TF32", 330).plainShape("TF32", 25088, 256, 2304, "128-row tma", 300)
                .write(dir, 5);
        List<String> lines = lines(run("gpu-report", dir.toString()));
        String lead = "wgmma main loop: `conv_gpu_check bench` (`05-conv-kernels-bench.log`; mean of 10 calls between "
                + "two CUDA events, after 2 untimed) runs the wgmma kernels' copies, main loop and epilogue on a plain "
                + "GEMM, C^T = A B^T from K-major matrices already rounded to the precision, whose rows need none of a "
                + "convolution's address arithmetic: its rate against cuBLAS's GEMM of the same precision (JMH) is "
                + "what the pipeline costs; the fastest wgmma entry point of the large layers n128 c128 7x7 k3 and n32 "
                + "c32 28x28 k3 (of the layer itself, on a GEMM of its forward shape) against it, what the "
                + "convolutions' operands cost. Feeds: cp.async (the convolutions' "
                + "own: every thread copies, a barrier a step) and TMA (tensor copies by a producer warpgroup onto "
                + "transaction barriers, 128-byte swizzle, 6 stages; the convolutions' under "
                + "`JACE_CONV_KERNELS=wgmma-tma`):";
        // The fixture's cuBLAS GEMMs: 2 x 8192^3 FLOP in 3.0 ms (TF32) and 1.6 ms (BF16); its wgmma timings 1.25 times
        // the default rates, 250 and 400 TFLOP/s, on every layer.
        assertEquals(List.of(
                "| TF32 | m8192 n8192 k8192 | 128-row | cp.async | 3.141 | 350 | 95.5% of 366.5 | n128 c128 7x7 k3 "
                        + "forward, 312.5 TFLOP/s | 89.3% |",
                "| BF16 | m8192 n8192 k8192 | 256-row | cp.async | 1.833 | 600 | 87.3% of 687.2 | n128 c128 7x7 k3 "
                        + "forward, 500 TFLOP/s | 83.3% |",
                "| TF32 | m8192 n8192 k8192 | 128-row | TMA | 3.332 | 330 | 90.0% of 366.5 | n128 c128 7x7 k3 "
                        + "forward, 312.5 TFLOP/s | 94.7% |",
                "| TF32 | m25088 n256 k2304 (n32 c32 28x28 k3 forward) | 128-row | TMA | 0.099 | 300 | 81.9% of "
                        + "366.5 | n32 c32 28x28 k3 forward, 312.5 TFLOP/s | 104.2% |"), tableBody(lines, lead,
                PLAIN_HEADER));
        int kernels = lines.stream().filter(l -> l.startsWith("| layer | precision | op | default ms |")).findFirst()
                .map(lines::indexOf).orElse(-1);
        assertTrue(kernels > 0 && lines.indexOf(PLAIN_HEADER) > kernels, "after the kernels' table");

        Files.delete(dir.resolve("jmh-ceilings.json"));
        List<String> noCeilings = lines(run("gpu-report", dir.toString()));
        int header = noCeilings.indexOf(PLAIN_HEADER);
        assertTrue(header > 0, String.join("\n", noCeilings));
        assertEquals("| TF32 | m8192 n8192 k8192 | 128-row | cp.async | 3.141 | 350 | — | n128 c128 7x7 k3 forward, "
                + "312.5 TFLOP/s | 89.3% |", noCeilings.get(header + 2));
    }

    private static final String TMA_HEADER = "| layer | precision | op | wgmma-tma ms | wgmma-tma TFLOP/s | wgmma ms "
            + "| speed-up over wgmma | default ms | speed-up over default |";

    /**
     * Where conv_gpu_check bench times the entry points fed by tensor copies (JACE_CONV_KERNELS=wgmma-tma, on Hopper
     * since session 75), a table sets each timing beside the same entry point's wgmma and default timings, after the
     * main loop's table; a timing whose wgmma line is missing reads — there; a log without such lines has no table.
     */
    @Test
    void theTensorCopyLinesGiveTheirSpeedUps(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).plain("TF32", 128, 350).write(dir, 5);
        String without = run("gpu-report", dir.toString()).out();
        assertFalse(without.contains("wgmma fed by tensor copies:") || without.contains(TMA_HEADER),
                "no table without them");

        String log = new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).plain("TF32", 128, 350)
                .wgmmaTma(1.6).text();
        // The 28x28 layer's BF16 wgmma backward_filter line gone: its row has no wgmma figures.
        Files.writeString(dir.resolve("05-conv-kernels-bench.log"), log.replaceFirst(
                "bench wgmma D4 group conv n32 c32 28x28 k3 BF16 backward_filter .*\\n", ""));
        List<String> lines = lines(run("gpu-report", dir.toString()));
        String lead = "wgmma fed by tensor copies: `conv_gpu_check bench` (`05-conv-kernels-bench.log`; mean of 20 "
                + "calls between two CUDA events) times each layer's entry points at TF32 and BF16 under "
                + "`JACE_CONV_KERNELS=wgmma-tma` (128 x 128 tiles, a producer warpgroup's tensor copies onto "
                + "transaction barriers; forward and backward_data by segments of 8 outputs of a row, backward_filter "
                + "with K padded to whole tiles per image), after every other timing; wgmma = the same entry point on "
                + "the cp.async loop (`JACE_CONV_KERNELS=wgmma`), speed-up = its ms / wgmma-tma ms, and over the "
                + "default kernels = default ms / wgmma-tma ms:";
        List<String> body = tableBody(lines, lead, TMA_HEADER);
        assertEquals(18, body.size(), "3 layers, 2 precisions, 3 entry points");
        // The fixture's default rates 250 (TF32) and 400 (BF16) TFLOP/s, wgmma's 1.25 times those, wgmma-tma's 1.6
        // times wgmma's: 500 and 800 TFLOP/s; the speed-ups are of the log's ms, which have 3 decimals (n64's TF32:
        // 1.933e10 FLOP in 0.039, 0.062 and 0.077 ms).
        assertEquals(List.of(
                "| n64 c16 32x32 k3 | TF32 | backward_filter | 0.039 | 500 | 0.062 | 1.59 | 0.077 | 1.97 |",
                "| n64 c16 32x32 k3 | BF16 | backward_filter | 0.024 | 800 | 0.039 | 1.63 | 0.048 | 2.00 |",
                "| n128 c128 7x7 k3 | TF32 | backward_filter | 0.237 | 500 | 0.379 | 1.60 | 0.474 | 2.00 |",
                "| n128 c128 7x7 k3 | BF16 | backward_filter | 0.148 | 800 | 0.237 | 1.60 | 0.296 | 2.00 |",
                "| n32 c32 28x28 k3 | TF32 | backward_filter | 0.059 | 500 | 0.095 | 1.61 | 0.118 | 2.00 |",
                "| n32 c32 28x28 k3 | BF16 | backward_filter | 0.037 | 800 | — | — | 0.074 | 2.00 |"),
                body.stream().filter(l -> l.contains("| backward_filter |")).toList());
        assertEquals("| n32 c32 28x28 k3 | BF16 | forward | 0.037 | 800 | 0.059 | 1.59 | 0.074 | 2.00 |",
                body.get(15));
        assertTrue(lines.indexOf(TMA_HEADER) > lines.indexOf(PLAIN_HEADER), "after the main loop's table");
    }

    /**
     * Where ncu-conv's profile has the wgmma main loop on a plain GEMM (conv_gpu_check profile runs it on Hopper after
     * the convolutions), the profile's lead says so, and its {@code profiled} line is among the entry points run.
     */
    @Test
    void aProfiledPlainGemmIsNamedInTheProfilesLead(@TempDir Path dir) throws IOException {
        String out = reportWithConvProfile(dir, GpuReportFixture.NcuLog.convWithPlainGemm());
        assertTrue(out.contains("ncu-conv (`06-ncu-conv.log`), the D4 group-conv kernels of `conv_gpu_check profile`, "
                + "then the wgmma main loop on a plain GEMM (`conv_wgmma128_plain_kernel`), in the order ncu lists "
                + "them:"), out);
        assertTrue(out.contains("| `conv_wgmma128_plain_kernel` | (32, 32, 1) × (256, 1, 1) | 731 |"), out);
        assertTrue(out.contains("wgmma-plain TF32 m4096 n4096 k4096 128-row"), out);

        String both = reportWithConvProfile(dir, GpuReportFixture.NcuLog.convWithPlainGemms());
        assertTrue(both.contains("then the wgmma main loop on a plain GEMM (`conv_wgmma128_plain_kernel`, then "
                + "`conv_wgmma_tma_plain_kernel`), in the order ncu lists them:"), both);
        assertTrue(both.contains("| `conv_wgmma_tma_plain_kernel` | (32, 32, 1) × (384, 1, 1) | 512 |"), both);
    }

    /**
     * Where ncu-conv's profile has the issue slots and the shared-memory counters, its table gains an issue column and
     * a bank-conflict column (conflicts' wavefronts of all of them), and the legend says what each is; a profile
     * without them (conv()'s) has neither.
     */
    @Test
    void issueSlotsAndBankConflictsGetColumnsWhereProfiled(@TempDir Path dir) throws IOException {
        String out = reportWithConvProfile(dir, GpuReportFixture.NcuLog.convWithCounters());
        assertTrue(out.contains("| kernel | grid × block | time µs | SM % | memory % | DRAM % | tensor % | issue % | "
                + "smem conflicts % | top stalls |"), out);
        assertTrue(out.contains("| `conv_packed_kernel` | (98, 1, 1) × (256, 1, 1) | 300 | 80.1 | 50.3 | 10.2 | 40.0 | "
                + "91.2 | 10.0 |"), out);
        assertTrue(out.contains("| `conv_packed_kernel` | (98, 1, 1) × (256, 1, 1) | 200 | 80.1 | 50.3 | 10.2 | 50.0 | "
                + "64.5 | 0.0 |"), out);
        assertTrue(out.contains("; issue % = sm__inst_issued.avg.pct_of_peak_sustained_active (the cycles"), out);
        assertTrue(out.contains("; smem conflicts % = the shared-memory wavefronts bank conflicts added, of all ("
                + "l1tex__data_bank_conflicts_pipe_lsu_mem_shared_op_ld.sum + "), out);

        String without = reportWithConvProfile(dir, GpuReportFixture.NcuLog.conv());
        assertFalse(without.contains("issue %") || without.contains("smem conflicts %"), without);
    }

    /** gpu-report's output on the full fixture in dir with this log as ncu-conv's. */
    private static String reportWithConvProfile(Path dir, GpuReportFixture.NcuLog conv) throws IOException {
        GpuReportFixture.full(dir);
        conv.write(dir, "06-ncu-conv.log");
        return run("gpu-report", dir.toString()).out();
    }

    private static final String TILES_HEADER = "| layer | op | wgmma (chosen) ms | rule | 128-row ms | 192-row ms | "
            + "256-row ms | 128-row TFLOP/s | 192-row TFLOP/s | 256-row TFLOP/s | faster | by | rule fastest? |";

    /**
     * The rule columns of the wgmma tile heights' table follow each entry point's own {@code wgmma tiles} line: rows 0
     * (the pass keeps the default kernels) give "default kernels" and no rule fastest?; a failed tiles line, or a log
     * from before those lines, "—" in both.
     */
    @Test
    void theRuleColumnsFollowEachEntryPointsTilesLine(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).wgmmaTiles(1.25, 1.6, 1.5)
                .tiles(GpuReportFixture.SMALL, "backward_data", 0, 1).tiles(GpuReportFixture.LARGE_7, "forward", 128, 1)
                .tiles(GpuReportFixture.LARGE_28, "backward_filter", 128, 1).write(dir, 5);
        List<String> lines = lines(run("gpu-report", dir.toString()));
        int table = lines.indexOf(TILES_HEADER);
        assertTrue(table > 0, String.join("\n", lines));
        // The small layer's timings: 0.062 ms at 128 rows, 0.048 at 192, 0.052 at 256; forward keeps the default 256
        // rows, 0.052 / 0.048 = 1.08 times the fastest's time.
        assertEquals("| n64 c16 32x32 k3 | forward | 0.062 | 256-row | 0.062 | 0.048 | 0.052 | 312.5 | 400 | 375 | "
                + "192-row | 1.08 | no (1.08× slower) |", lines.get(table + 2));
        assertEquals("| n64 c16 32x32 k3 | backward_data | 0.062 | default kernels | 0.062 | 0.048 | 0.052 | 312.5 | "
                + "400 | 375 | 192-row | 1.08 | — |", lines.get(table + 3));
        // n128 c128 7x7 k3: 0.379 ms at 128 rows, 0.296 at 192; forward's 128 rows 0.379 / 0.296 = 1.28 times the
        // fastest's time, backward_data keeps 192 rows, the fastest.
        assertEquals("| n128 c128 7x7 k3 | forward | 0.379 | 128-row | 0.379 | 0.296 | 0.316 | 312.5 | 400 | 375 | "
                + "192-row | 1.07 | no (1.28× slower) |", lines.get(table + 5));
        assertEquals("| n128 c128 7x7 k3 | backward_data | 0.379 | 192-row | 0.379 | 0.296 | 0.316 | 312.5 | 400 | "
                + "375 | 192-row | 1.07 | yes |", lines.get(table + 6));
        // n32 c32 28x28 k3 backward_filter: 0.095 ms at 128 rows, 0.079 at 256; 0.095 / 0.079 = 1.20.
        assertEquals("| n32 c32 28x28 k3 | backward_filter | 0.095 | 128-row, 1 split | 0.095 | — | 0.079 | 312.5 | — "
                + "| 375 | 256-row | 1.20 | no (1.20× slower) |", lines.get(table + 10));

        String failedTiles = new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25)
                .wgmmaTiles(1.25, 1.6, 1.5).text().replaceFirst("wgmma tiles D4 group conv n128 c128 7x7 k3 "
                        + "backward_data .*", "FAIL wgmma tiles D4 group conv n128 c128 7x7 k3 TF32 backward_data: "
                        + "status 2: out of device memory");
        Files.writeString(dir.resolve("05-conv-kernels-bench.log"), failedTiles);
        List<String> failed = lines(run("gpu-report", dir.toString()));
        assertEquals("| n128 c128 7x7 k3 | backward_data | 0.379 | — | 0.379 | 0.296 | 0.316 | 312.5 | 400 | 375 | "
                + "192-row | 1.07 | — |", failed.get(table + 6));
        assertEquals("| n128 c128 7x7 k3 | forward | 0.379 | 192-row | 0.379 | 0.296 | 0.316 | 312.5 | 400 | 375 | "
                + "192-row | 1.07 | yes |", failed.get(table + 5));

        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).wgmmaTiles(1.25, 1.6, 1.5)
                .withoutTilesLines().write(dir, 5);
        List<String> older = lines(run("gpu-report", dir.toString()));
        assertEquals(table, older.indexOf(TILES_HEADER));
        assertEquals("| n64 c16 32x32 k3 | forward | 0.062 | — | 0.062 | 0.048 | 0.052 | 312.5 | 400 | 375 | "
                + "192-row | 1.08 | — |", older.get(table + 2));
        assertEquals("| n32 c32 28x28 k3 | backward_filter | 0.095 | — | 0.095 | — | 0.079 | 312.5 | — | 375 | "
                + "256-row | 1.20 | — |", older.get(table + 10));
    }

    private static final String KERNEL_CHECK = "Kernel check (`03-conv-kernels.log`, `conv_gpu_check` against "
            + "float64): ";
    /** The mma.sync probe's outcome in the kernel check's lead, where it passed (it runs on every device). */
    private static final String MMA_SYNC = "; mma.sync probe passed";

    /**
     * The kernel check's paragraph stands right before the conv-kernels timings: a clean run in one line (with the tma
     * probe's outcome where it ran); where lines failed, the first 10 verbatim, the rest counted, then the NOTE lines;
     * a run cut short or skipped says so; without the log there is none.
     */
    @Test
    void theKernelCheckPrecedesTheConvKernelsTimings(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).write(dir, 5);
        List<String> lines = lines(run("gpu-report", dir.toString()));
        int paragraph = lines.indexOf(KERNEL_CHECK + "2292 checks, 0 failures" + MMA_SYNC + "; wgmma probe passed.");
        assertTrue(paragraph > 0, String.join("\n", lines));
        assertEquals("", lines.get(paragraph - 1));
        assertEquals("", lines.get(paragraph + 1));
        assertTrue(lines.get(paragraph + 2).startsWith("`conv_gpu_check bench` (`05-conv-kernels-bench.log`; "),
                lines.get(paragraph + 2));

        ConvCheckLog failing = new ConvCheckLog().probeFails();
        for (int i = 1; i <= 11; i++) {
            failing.fail("D4 group n1 cin" + i + " cout20 h10 w9 k3 pad2 JACE_CONV_KERNELS=wgmma backward_filter prec "
                    + "1: rel err 1.86 (tol 1e-02)");
        }
        failing.note("JACE_CONV_KERNELS=wgmma TF32 forward: the default kernels' bits (both kernels' tensor cores "
                + "summed alike; the bench's times tell them apart)").write(dir, 3);
        lines = lines(run("gpu-report", dir.toString()));
        List<String> expected = new ArrayList<>(List.of(KERNEL_CHECK + "2292 checks, 12 failures" + MMA_SYNC
                + "; wgmma probe FAILED. Its FAIL and NOTE lines:", "", "- `" + ConvCheckLog.PROBE_FAILED + "`"));
        for (int i = 1; i <= 9; i++) {
            expected.add("- `FAIL D4 group n1 cin" + i + " cout20 h10 w9 k3 pad2 JACE_CONV_KERNELS=wgmma "
                    + "backward_filter prec 1: rel err 1.86 (tol 1e-02)`");
        }
        expected.addAll(List.of("- and 2 more FAIL lines", "- `NOTE JACE_CONV_KERNELS=wgmma TF32 forward: the default "
                + "kernels' bits (both kernels' tensor cores summed alike; the bench's times tell them apart)`", ""));
        assertEquals(expected, lines.subList(paragraph, paragraph + expected.size()));
        assertTrue(lines.get(paragraph + expected.size()).startsWith("`conv_gpu_check bench` ("));

        new ConvCheckLog().tmaProbePasses().write(dir, 3);
        lines = lines(run("gpu-report", dir.toString()));
        assertEquals(KERNEL_CHECK + "2292 checks, 0 failures" + MMA_SYNC + "; wgmma probe passed; tma probe passed.",
                lines.get(paragraph));
        new ConvCheckLog().tmaProbeFails().write(dir, 3);
        lines = lines(run("gpu-report", dir.toString()));
        assertEquals(List.of(KERNEL_CHECK + "2292 checks, 1 failure" + MMA_SYNC + "; wgmma probe passed; tma probe "
                + "FAILED. Its FAIL and NOTE lines:", "", "- `" + ConvCheckLog.TMA_PROBE_FAILED + "`", "- `" + ConvCheckLog.TMA_NOT_RUN
                + "`", ""), lines.subList(paragraph, paragraph + 5));

        new ConvCheckLog().noProbe().fail("NULL x: status 0, message ''").write(dir, 3);
        lines = lines(run("gpu-report", dir.toString()));
        assertEquals(List.of(KERNEL_CHECK + "2292 checks, 1 failure" + MMA_SYNC + ". Its FAIL lines:", "",
                "- `FAIL NULL x: status 0, message ''`", ""), lines.subList(paragraph, paragraph + 4));
        ConvCheckLog ten = new ConvCheckLog().noProbe();
        List<String> tenShown = new ArrayList<>(List.of(KERNEL_CHECK + "2292 checks, 10 failures" + MMA_SYNC
                + ". Its FAIL lines:", ""));
        for (int i = 1; i <= 10; i++) {
            ten.fail("case " + i);
            tenShown.add("- `FAIL case " + i + "`");
        }
        ten.write(dir, 3);
        tenShown.add("");
        lines = lines(run("gpu-report", dir.toString()));
        assertEquals(tenShown, lines.subList(paragraph, paragraph + tenShown.size()), "all shown, no 'and 0 more'");
        new ConvCheckLog().note("JACE_CONV_KERNELS=wgmma TF32 forward: the default kernels' bits").cutShort()
                .write(dir, 3);
        lines = lines(run("gpu-report", dir.toString()));
        assertEquals(List.of(KERNEL_CHECK + "cut short, the log ends before its last line (the count of checks and "
                + "failures)" + MMA_SYNC + "; wgmma probe passed. Its NOTE lines:", "", "- `NOTE JACE_CONV_KERNELS=wgmma "
                + "TF32 forward: the default kernels' bits`", ""), lines.subList(paragraph, paragraph + 4));
        // The TF32 probe's line before the BF16 probe's FAIL line: the probe failed.
        new ConvCheckLog().bf16ProbeFails().write(dir, 3);
        lines = lines(run("gpu-report", dir.toString()));
        assertEquals(List.of(KERNEL_CHECK + "2292 checks, 1 failure" + MMA_SYNC + "; wgmma probe FAILED. Its FAIL lines:",
                "",
                "- `" + ConvCheckLog.probeFailed("BF16") + "`", ""), lines.subList(paragraph, paragraph + 4));
        // The mma.sync probe's FAIL line, among the default kernels' failures; a log from before the probe.
        new ConvCheckLog().mmaSyncProbeFails().write(dir, 3);
        lines = lines(run("gpu-report", dir.toString()));
        assertEquals(List.of(KERNEL_CHECK + "2292 checks, 1 failure; mma.sync probe FAILED; wgmma probe passed. Its "
                + "FAIL lines:", "", "- `" + ConvCheckLog.MMA_SYNC_PROBE_FAILED + "`", ""),
                lines.subList(paragraph, paragraph + 4));
        new ConvCheckLog().noMmaSyncProbe().write(dir, 3);
        lines = lines(run("gpu-report", dir.toString()));
        assertEquals(KERNEL_CHECK + "2292 checks, 0 failures; wgmma probe passed.", lines.get(paragraph));
        Files.writeString(dir.resolve("03-conv-kernels.log"), "SKIP conv_gpu_check: no CUDA device\n");
        lines = lines(run("gpu-report", dir.toString()));
        assertEquals(List.of(KERNEL_CHECK + "skipped, the log says: conv_gpu_check: no CUDA device.", ""),
                lines.subList(paragraph, paragraph + 2));

        Files.delete(dir.resolve("03-conv-kernels.log"));
        Output without = run("gpu-report", dir.toString());
        assertFalse(without.out().contains("Kernel check"), without.out());
        assertTrue(without.out().contains("\n- `NN-conv-kernels.log`: whether the conv kernels compute right results"),
                without.out());
    }

    /**
     * Where FAIL lines of the wgmma kernels (under JACE_CONV_KERNELS=wgmma, wgmma-128, wgmma-192, wgmma-256 or
     * wgmma-tma, their graph, the probe, or their main loop on a plain GEMM) are in the kernel check, the leads of the
     * tables of their
     * times say that those are of wrong results; other kernels' FAIL lines, a clean check or a table without wgmma
     * timings leave the leads as they are.
     */
    @Test
    void wgmmaTimesOfAFailedKernelCheckAreMarked(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).wgmma(1.25).wgmmaTiles(1.25, 1.6, 1.5)
                .plain("TF32", 128, 350).wgmmaTma(1.6).write(dir, 5);
        String kernelsEnd = "wgmma speed-up = default ms / wgmma ms";
        String tilesEnd = "else its ms / the fastest's ms";
        String plainEnd = "the convolutions' under `JACE_CONV_KERNELS=wgmma-tma`)";
        String tmaEnd = "over the default kernels = default ms / wgmma-tma ms";
        List<String> clean = leads(dir);
        assertTrue(clean.get(0).endsWith(kernelsEnd + ":"), clean.get(0));
        assertTrue(clean.get(1).endsWith(tilesEnd + ":"), clean.get(1));
        assertTrue(clean.get(2).endsWith(plainEnd + ":"), clean.get(2));
        assertTrue(clean.get(3).endsWith(tmaEnd + ":"), clean.get(3));
        String warning = "; the wgmma kernels FAILED the kernel check (1 FAIL line in `03-conv-kernels.log`), so their "
                + "times are of wrong results:";
        for (ConvCheckLog failed : List.of(new ConvCheckLog().probeFails(),
                new ConvCheckLog().fail("JACE_CONV_KERNELS=wgmma-256 BF16 forward: status 5 (default 0), launch "
                        + "failed"),
                new ConvCheckLog().fail("D4 group n1 cin5 cout20 h10 w9 k3 pad2 JACE_CONV_KERNELS=wgmma-128 "
                        + "backward_filter prec 1: rel err 1.86 (tol 1e-02)"),
                new ConvCheckLog().fail("graph wgmma TF32 replay 0: not the eager call's bits"),
                new ConvCheckLog().fail("JACE_CONV_KERNELS=wgmma-192 TF32 backward_data: status 5 (default 0), "
                        + "launch failed"),
                new ConvCheckLog().fail("wgmma plain gemm BF16 256-row m512 n256 k48: err 0.751 (tol 1e-05)"),
                new ConvCheckLog().fail("D4 group n4 cin4 cout4 h20 w20 k3 pad1 JACE_CONV_KERNELS=wgmma-tma prec 2: "
                        + "status 0 0 5 5: launch failed"))) {
            failed.fail("D4 group n2 cin3 cout5 h11 w11 k5 pad2 forward prec 0: rel err 0.031 (tol 1e-05)")
                    .write(dir, 3);
            List<String> marked = leads(dir);
            assertEquals(clean.get(0).replace(kernelsEnd + ":", kernelsEnd + warning), marked.get(0));
            assertEquals(clean.get(1).replace(tilesEnd + ":", tilesEnd + warning), marked.get(1));
            assertEquals(clean.get(2).replace(plainEnd + ":", plainEnd + warning), marked.get(2));
            assertEquals(clean.get(3).replace(tmaEnd + ":", tmaEnd + warning), marked.get(3));
        }
        new ConvCheckLog().fail("graph TF32: status eager 0, captured 5: out of memory").fail("JACE_CONV_KERNELS="
                + "implicit-gemm: status 5 (default 0), launch failed").write(dir, 3);
        assertEquals(clean, leads(dir));

        // Without wgmma timings the kernels' table has no wgmma column to mark.
        new ConvCheckLog().probeFails().write(dir, 3);
        new GpuReportFixture.ConvBenchLog().implicitGemm(2.5).write(dir, 5);
        List<String> lines = lines(run("gpu-report", dir.toString()));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("`conv_gpu_check bench` (") && l.endsWith("speed-up = "
                + "implicit GEMM ms / default ms:")), String.join("\n", lines));
        assertFalse(lines.stream().anyMatch(l -> l.contains("their times are of wrong results")),
                String.join("\n", lines));
    }

    /**
     * The leads of the conv-kernels table, of the wgmma tile heights' table, of the wgmma main loop's table and of the
     * tensor-copy loop's table.
     */
    private static List<String> leads(Path dir) {
        List<String> lines = lines(run("gpu-report", dir.toString()));
        return List.of(lines.stream().filter(l -> l.startsWith("`conv_gpu_check bench` (")).findFirst().orElseThrow(),
                lines.stream().filter(l -> l.startsWith("wgmma tile heights: ")).findFirst().orElseThrow(),
                lines.stream().filter(l -> l.startsWith("wgmma main loop: ")).findFirst().orElseThrow(),
                lines.stream().filter(l -> l.startsWith("wgmma fed by tensor copies: ")).findFirst().orElseThrow());
    }

    /**
     * bench-TF32-implicit-gemm.json beside bench-TF32.json: a table of the rows the variable can change (no EXPANDED
     * row, no deviation or copy), each with the default kernels' speed-up; without the file, none.
     */
    @Test
    void theImplicitGemmBenchGivesTheDefaultKernelsSpeedUpOnTheBenchRows(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        assertFalse(run("gpu-report", dir.toString()).out().contains(KernelVariantBench.IMPLICIT_GEMM.file()));
        // The fixture's TF32 run: c4 DIRECT 0.05 ms, d4 DIRECT 0.1 ms except d4 forward 0.1; here 0.08 and 0.09 ms.
        new GpuReportFixture.Bench("TF32").conv("c4", "group-conv-fwd", 0.08, 0.06).conv("d4", "group-conv-fwd", 0.09,
                0.095).steps(10000, 20000, 25600).write(dir, KernelVariantBench.IMPLICIT_GEMM.file());
        List<String> lines = lines(run("gpu-report", dir.toString()));
        String out = String.join("\n", lines);
        List<String> body = tableBody(lines, "`jace bench --backend cuda --precision TF32` with the default "
                + "convolution kernels (`bench-TF32.json`) and with `JACE_CONV_KERNELS=implicit-gemm` "
                + "(`bench-TF32-implicit-gemm.json`), medians of each run; speed-up = implicit GEMM ms / default ms; "
                + "the EXPANDED rows, the autotuner's where both runs kept EXPANDED, and the other ops, which the "
                + "variable does not touch, left out:",
                "| op | group | shape | algorithm | default ms | default rate | implicit GEMM ms | implicit GEMM rate "
                + "| speed-up |");
        assertTrue(body.stream().anyMatch(l -> l.startsWith("| group-conv-fwd | c4 | 16,16,16,28,3 | DIRECT | 0.05 | ")
                && l.endsWith(" | 0.08 | 11560 GFLOP/s | 1.60 |")), out);
        assertTrue(body.stream().anyMatch(l -> l.startsWith("| ace-step | c4 | 64,1,28,28 | overlapped | 5 | 51200 "
                + "img/s | 10 | 25600 img/s | 2.00 |")), out);
        // The autotuner kept DIRECT at 0.05 ms; under the variable it kept EXPANDED (0.06 ms against 0.08).
        assertTrue(body.contains("| group-conv-fwd | c4 | 16,16,16,28,3 | AUTO:DIRECT | 0.05 | 18500 GFLOP/s | "
                + "0.06 (AUTO:EXPANDED) | 15410 GFLOP/s | 1.20 |"), out);
        // d4 forward's kept EXPANDED (0.095 ms) by default, DIRECT (0.09) under the variable: a row, 0.09 / 0.095.
        assertTrue(body.contains("| group-conv-fwd | d4 | 16,16,16,28,3 | AUTO:EXPANDED | 0.095 | 38940 GFLOP/s | "
                + "0.09 (AUTO:DIRECT) | 41100 GFLOP/s | 0.95 |"), out);
        assertTrue(body.stream().noneMatch(l -> l.contains("| EXPANDED |") || l.contains("| deviation |")
                || l.contains("| copy |")), out);
        assertTrue(body.stream().filter(l -> l.contains("| AUTO:EXPANDED |"))
                .allMatch(l -> l.contains("(AUTO:DIRECT)")), out);
    }

    /** The header of a wgmma variant's bench table (TF32's and BF16's). */
    private static final String WGMMA_VARIANT_HEADER = "| op | group | shape | algorithm | default ms | default rate | "
            + "wgmma ms | wgmma rate | wgmma speed-up |";

    /**
     * bench-TF32-wgmma.json beside bench-TF32.json: a table after the implicit GEMM's, its ratio the other way round
     * (wgmma speed-up = default ms / wgmma ms); the file is optional: without it the report is the same less that
     * table, and it is neither counted among the result files nor missing.
     */
    @Test
    void theWgmmaBenchGivesItsOwnSpeedUpOnTheBenchRows(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.Bench("TF32").write(dir, KernelVariantBench.IMPLICIT_GEMM.file());
        List<String> without = lines(run("gpu-report", dir.toString()));
        // The fixture's kernel check names the wgmma probe, nothing else does.
        assertFalse(String.join("\n", without).replace("; wgmma probe passed.", "").contains("wgmma"),
                String.join("\n", without));
        // The fixture's TF32 run: c4 DIRECT 0.05 ms, d4 forward DIRECT 0.1 ms, ace-step overlapped 5 ms (51200 img/s).
        new GpuReportFixture.Bench("TF32").conv("c4", "group-conv-fwd", 0.04, 0.06).conv("d4", "group-conv-fwd", 0.125,
                0.095).steps(20000, 40000, 64000).write(dir, KernelVariantBench.WGMMA.file());
        List<String> lines = lines(run("gpu-report", dir.toString()));
        String out = String.join("\n", lines);
        String header = WGMMA_VARIANT_HEADER;
        Table variant = table(lines, "`jace bench --backend cuda --precision TF32` with the default "
                + "convolution kernels (`bench-TF32.json`) and with `JACE_CONV_KERNELS=wgmma`, the opt-in Hopper "
                + "warpgroup-MMA kernels for the TF32 convolutions of many channels (`bench-TF32-wgmma.json`), medians "
                + "of each run; wgmma speed-up = default ms / wgmma ms, how many times faster the wgmma kernels ran; "
                + "the EXPANDED rows, the autotuner's where both runs kept EXPANDED, and the other ops, which the "
                + "variable does not touch, left out:", header);
        List<String> body = variant.body();
        assertTrue(body.contains("| group-conv-fwd | c4 | 16,16,16,28,3 | DIRECT | 0.05 | 18500 GFLOP/s | 0.04 | "
                + "23120 GFLOP/s | 1.25 |"), out);
        assertTrue(body.contains("| group-conv-fwd | d4 | 16,16,16,28,3 | DIRECT | 0.1 | 36990 GFLOP/s | 0.125 | "
                + "29600 GFLOP/s | 0.80 |"), out);
        assertTrue(body.contains("| ace-step | c4 | 64,1,28,28 | overlapped | 5 | 51200 img/s | 4 | 64000 img/s | "
                + "1.25 |"), out);
        assertTrue(body.contains("| group-conv-fwd | c4 | 16,16,16,28,3 | AUTO:DIRECT | 0.05 | 18500 GFLOP/s | 0.04 | "
                + "23120 GFLOP/s | 1.25 |"), out);
        // d4 forward's autotuner kept EXPANDED in both runs: not a row, as the EXPANDED rows, deviation and copy.
        assertTrue(body.stream().noneMatch(l -> l.contains("| EXPANDED |") || l.contains("| AUTO:EXPANDED |")
                || l.contains("| deviation |") || l.contains("| copy |")), out);
        int implicit = lines.indexOf("| op | group | shape | algorithm | default ms | default rate | "
                + "implicit GEMM ms | implicit GEMM rate | speed-up |");
        assertTrue(implicit > 1 && implicit < variant.header(), out);
        assertOptionalVariant(dir, lines, variant, without, KernelVariantBench.WGMMA.file(), "wgmma", "TF32");
    }

    /**
     * bench-TF32-unsplit.json beside bench-TF32.json: a table after wgmma's, its ratio the split default's speed-up
     * (unsplit ms / default ms, as the implicit GEMM's); the file is optional: without it the report is the same less
     * that table, and it is neither counted among the result files nor missing.
     */
    @Test
    void theUnsplitBenchGivesTheSplitDefaultsSpeedUpOnTheBenchRows(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.Bench("TF32").write(dir, KernelVariantBench.IMPLICIT_GEMM.file());
        new GpuReportFixture.Bench("TF32").write(dir, KernelVariantBench.WGMMA.file());
        List<String> without = lines(run("gpu-report", dir.toString()));
        assertFalse(String.join("\n", without).contains("unsplit"), String.join("\n", without));
        // The fixture's TF32 run: d4 lifting DIRECT 0.03 ms, c4 group conv DIRECT 0.05 ms, d4 0.1 ms, ace-step
        // overlapped 5 ms (51200 img/s); with K whole here 0.045, 0.055 and 0.08 ms and 6.25 ms (40960 img/s).
        new GpuReportFixture.Bench("TF32").conv("d4", "lifting-bwd-data", 0.045, 0.036)
                .conv("c4", "group-conv-fwd", 0.055, 0.06).conv("d4", "group-conv-fwd", 0.08, 0.095)
                .steps(20000, 40000, 40960).write(dir, KernelVariantBench.UNSPLIT.file());
        List<String> lines = lines(run("gpu-report", dir.toString()));
        String out = String.join("\n", lines);
        String header = "| op | group | shape | algorithm | default ms | default rate | unsplit ms | unsplit rate | "
                + "speed-up |";
        Table variant = table(lines, "`jace bench --backend cuda --precision TF32` with the default "
                + "convolution kernels (`bench-TF32.json`) and with `JACE_CONV_KERNELS=unsplit`, the default kernels "
                + "with forward's and backward_data's K kept whole (`bench-TF32-unsplit.json`), medians of each run; "
                + "speed-up = unsplit ms / default ms; the EXPANDED rows, the autotuner's where both runs kept "
                + "EXPANDED, and the other ops, which the variable does not touch, left out:", header);
        List<String> body = variant.body();
        assertTrue(body.contains("| lifting-bwd-data | d4 | 16,3,16,28,5 | DIRECT | 0.03 | 8028 GFLOP/s | 0.045 | "
                + "5352 GFLOP/s | 1.50 |"), out);
        // Under the variable the autotuner took EXPANDED (0.036 ms against 0.045).
        assertTrue(body.contains("| lifting-bwd-data | d4 | 16,3,16,28,5 | AUTO:DIRECT | 0.03 | 8028 GFLOP/s | "
                + "0.036 (AUTO:EXPANDED) | 6690 GFLOP/s | 1.20 |"), out);
        assertTrue(body.contains("| group-conv-fwd | c4 | 16,16,16,28,3 | DIRECT | 0.05 | 18500 GFLOP/s | 0.055 | "
                + "16820 GFLOP/s | 1.10 |"), out);
        assertTrue(body.contains("| group-conv-fwd | d4 | 16,16,16,28,3 | DIRECT | 0.1 | 36990 GFLOP/s | 0.08 | "
                + "46240 GFLOP/s | 0.80 |"), out);
        assertTrue(body.contains("| ace-step | c4 | 64,1,28,28 | overlapped | 5 | 51200 img/s | 6.25 | 40960 img/s | "
                + "1.25 |"), out);
        assertTrue(body.contains("| p4cnn-fwd-bwd | c4 | 64,1,28,28 | graph | 1 | 64000 img/s | 1 | 64000 img/s | "
                + "1.00 |"), out);
        // d4 forward's autotuner kept EXPANDED (0.095 ms) by default, DIRECT (0.08) with K whole: 0.08 / 0.095.
        assertTrue(body.contains("| group-conv-fwd | d4 | 16,16,16,28,3 | AUTO:EXPANDED | 0.095 | 38940 GFLOP/s | "
                + "0.08 (AUTO:DIRECT) | 46240 GFLOP/s | 0.84 |"), out);
        assertTrue(body.stream().noneMatch(l -> l.contains("| EXPANDED |") || l.contains("| deviation |")
                || l.contains("| copy |")), out);
        int wgmma = lines.indexOf(WGMMA_VARIANT_HEADER);
        assertTrue(wgmma > 1 && wgmma < variant.header(), out);
        assertOptionalVariant(dir, lines, variant, without, KernelVariantBench.UNSPLIT.file(), "unsplit", "TF32");
    }

    /**
     * bench-BF16-wgmma.json beside bench-BF16.json: a table after unsplit's, its ratio wgmma's (default ms / wgmma ms),
     * with an autotuner row that kept EXPANDED by default and DIRECT under the variable (the case that tells whether
     * the direct group conv catches up with BF16's expand + cuDNN); one that kept EXPANDED in both runs is no row. The
     * file is optional as the TF32 variants' are.
     */
    @Test
    void theBf16WgmmaBenchGivesItsSpeedUpAndTheAutotunersNewChoice(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        new GpuReportFixture.Bench("TF32").write(dir, KernelVariantBench.UNSPLIT.file());
        // The default BF16 run: d4 forward DIRECT 0.13 ms against EXPANDED 0.12 (the autotuner keeps EXPANDED), d4
        // backward_filter DIRECT 0.1 against 0.097 (EXPANDED too).
        new GpuReportFixture.Bench("BF16").conv("d4", "group-conv-fwd", 0.13, 0.12)
                .conv("d4", "group-conv-bwd-filter", 0.1, 0.097).deviation(3000).steps(25600, 51200, 64000).write(dir);
        List<String> without = lines(run("gpu-report", dir.toString()));
        // Under wgmma: c4 forward 0.04 ms (0.05 by default), d4 forward 0.104, faster than EXPANDED's 0.12.
        new GpuReportFixture.Bench("BF16").conv("c4", "group-conv-fwd", 0.04, 0.06).conv("d4", "group-conv-fwd", 0.104,
                0.12).conv("d4", "group-conv-bwd-filter", 0.1, 0.097).steps(25600, 51200, 64000)
                .write(dir, KernelVariantBench.WGMMA_BF16.file());
        List<String> lines = lines(run("gpu-report", dir.toString()));
        String out = String.join("\n", lines);
        String header = WGMMA_VARIANT_HEADER;
        Table variant = table(lines, "`jace bench --backend cuda --precision BF16` with the default "
                + "convolution kernels (`bench-BF16.json`) and with `JACE_CONV_KERNELS=wgmma`, the opt-in Hopper "
                + "warpgroup-MMA kernels for the BF16 convolutions of many channels "
                + "(`bench-BF16-wgmma.json`), medians of each run; wgmma speed-up = default ms / wgmma ms, how many "
                + "times faster the wgmma kernels ran; the EXPANDED rows, the autotuner's where both runs kept "
                + "EXPANDED, and the other ops, which the variable does not touch, left out:", header);
        List<String> body = variant.body();
        assertTrue(body.contains("| group-conv-fwd | c4 | 16,16,16,28,3 | DIRECT | 0.05 | 18500 GFLOP/s | 0.04 | "
                + "23120 GFLOP/s | 1.25 |"), out);
        // 0.13 / 0.104 = 1.25; the autotuner's 0.12 (EXPANDED) / 0.104 (DIRECT) = 1.15.
        assertTrue(body.contains("| group-conv-fwd | d4 | 16,16,16,28,3 | DIRECT | 0.13 | 28460 GFLOP/s | 0.104 | "
                + "35570 GFLOP/s | 1.25 |"), out);
        assertTrue(body.contains("| group-conv-fwd | d4 | 16,16,16,28,3 | AUTO:EXPANDED | 0.12 | 30830 GFLOP/s | "
                + "0.104 (AUTO:DIRECT) | 35570 GFLOP/s | 1.15 |"), out);
        assertTrue(body.stream().noneMatch(l -> l.startsWith("| group-conv-bwd-filter | d4 | 16,16,16,28,3 | AUTO:")),
                out);
        assertTrue(body.stream().noneMatch(l -> l.contains("| EXPANDED |") || l.contains("| deviation |")), out);
        int unsplit = lines.indexOf("| op | group | shape | algorithm | default ms | default rate | unsplit ms | "
                + "unsplit rate | speed-up |");
        assertTrue(unsplit > 1 && unsplit < variant.header(), out);
        assertOptionalVariant(dir, lines, variant, without, KernelVariantBench.WGMMA_BF16.file(), "wgmma", "BF16");
    }

    /**
     * What an optional kernel-variant file of `jace bench` gives besides its table, {@code variant} of
     * {@code lines}: nothing else changes (the report without the file,
     * {@code without}, is this one less the table, its lead and blank lines), the file is not counted among the result
     * files, and it is read as the implicit GEMM's is: a row of another precision than its {@code precision} is an
     * error naming it, empty is absent.
     */
    private static void assertOptionalVariant(Path dir, List<String> lines, Table table, List<String> without,
                                              String file, String variant, String precision) throws IOException {
        List<String> less = new ArrayList<>(lines.subList(0, table.header() - 2));
        less.addAll(lines.subList(table.end() + 1, lines.size()));
        assertEquals(without, less);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("All 16 result files were read: ")
                && !l.contains(variant)), String.join("\n", lines));
        Path path = dir.resolve(file);
        Files.writeString(path, Files.readString(path).replace("\"precision\": \"" + precision + "\"",
                "\"precision\": \"FP32\""));
        assertFails(run("gpu-report", dir.toString()), path + ": has a cuda row of precision FP32 (lifting-fwd), but "
                + "its name says " + precision);
        Files.writeString(path, "");
        assertEquals(without, lines(run("gpu-report", dir.toString())));
    }

    /** A query that printed no fields (an unknown field name, a driver error) is named, not dropped. */
    @Test
    void aGpuQueryWithoutFieldsIsNamed(@TempDir Path dir) throws IOException {
        new GpuReportFixture.Bench("FP32").write(dir);
        GpuReportFixture.gpuLogs(dir);
        Files.writeString(dir.resolve("01-gpu.log"), "Field \"clocks.max.sm\" is not a valid field to query.\n");
        String out = run("gpu-report", dir.toString()).out();
        assertTrue(out.contains("- nvidia-smi (`01-gpu.log`): no query result (no header line naming driver_version"
                + " followed by a line of as many values); the driver version is not known and the entry's date does"
                + " not come from it\n"), out);
        assertTrue(out.startsWith("### YYYY-MM-DD, GPU device check"), out);
    }

    @Test
    void theProfilesSectionFollowsTheTargets(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        List<String> lines = lines(run("gpu-report", dir.toString()));
        int section = lines.indexOf("Profiles (Nsight Compute, one row per profiled kernel launch):");
        int targets = lines.indexOf("| target | measured | threshold | verdict |");
        assertTrue(section > targets + 7, String.join("\n", lines));
        String header = "| kernel | grid × block | time µs | SM % | memory % | DRAM % | tensor % |";
        String gemmStalls = " barrier 6.48, long scoreboard 2.1, wait 1.65 of 15.9 |";
        String fp32 = "| `conv_igemm_kernel` | (1568, 1, 1) × (256, 1, 1) | 2474 | 78.1 | 45.2 | 12.4 | 0.0 |"
                + gemmStalls;
        String fold = "| `conv_fold_filter_kernel` | (576, 1, 1) × (256, 1, 1) | 8.512 | 8.3 | 70.5 | 61.0 | 0.0 | "
                + "long scoreboard 5.3, wait 1.1, barrier 0.4 of 9.2 |";
        String tf32 = "| `conv_igemm_kernel` | (1568, 1, 1) × (256, 1, 1) | 412.4 | 78.1 | 45.2 | 12.4 | 65.4 |"
                + gemmStalls;
        String bf16 = "| `conv_igemm_kernel` | (1568, 1, 1) × (256, 1, 1) | 247.4 | 78.1 | 45.2 | 12.4 | 65.4 |"
                + gemmStalls;
        String layer = "D4 group conv n128 c128 7x7 k3 ";
        List<String> expected = List.of("",
                "ncu-conv (`06-ncu-conv.log`), the D4 group-conv kernels of `conv_gpu_check profile`, in the order ncu "
                        + "lists them:", "", header + " top stalls |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |",
                fp32, fp32, fp32, fold, tf32, tf32, tf32, fold, bf16, bf16, bf16, fold, "",
                "Entry points run, in order (ncu does not say which kernels each launched): " + layer + "FP32 forward, "
                        + layer + "FP32 backward_data, " + layer + "FP32 backward_filter, " + layer + "TF32 forward, "
                        + layer + "TF32 backward_data, " + layer + "TF32 backward_filter, " + layer + "BF16 forward, "
                        + layer + "BF16 backward_data, " + layer + "BF16 backward_filter.", "",
                "ncu-deviation (`16-ncu-deviation.log`), the deviation kernels of DeviationBench.forward, in the "
                        + "order ncu lists them:", "", header, "| --- | --- | --- | --- | --- | --- | --- |",
                "| `jace_deviation_kernel` | (3136, 1, 1) × (256, 1, 1) | 21.34 | 31.5 | 86.9 | 84.9 | — |",
                "| `jace_deviation_kernel` | (3136, 1, 1) × (256, 1, 1) | 21.34 | 31.5 | 87.6 | 85.6 | — |",
                "| `jace_deviation_kernel` | (3136, 1, 1) × (256, 1, 1) | 21.34 | 31.5 | 87.3 | 85.3 | — |", "",
                "Columns: SM % = sm__throughput.avg.pct_of_peak_sustained_elapsed, memory % = "
                        + "gpu__compute_memory_throughput.avg.pct_of_peak_sustained_elapsed, DRAM % = "
                        + "dram__throughput.avg.pct_of_peak_sustained_elapsed or "
                        + "gpu__dram_throughput.avg.pct_of_peak_sustained_elapsed (% of peak sustained over the "
                        + "kernel's time); tensor % = the busiest tensor pipe, the highest of the profiles' % "
                        + "metrics whose name has `tensor` (1), in these rows "
                        + "sm__pipe_tensor_op_hmma_cycles_active.avg.pct_of_peak_sustained_active; top stalls = the 3 "
                        + "reasons warps waited longest for, in warp cycles per issued instruction "
                        + "(smsp__average_warps_issue_stalled_REASON_per_issue_active.ratio), of the cycles between "
                        + "two issues (smsp__average_warp_latency_per_inst_issued.ratio; the difference is the other "
                        + "reasons and the issue itself).", "",
                "Autotuner choices (`AUTO:<choice>` rows against the DIRECT and EXPANDED rows of the same run; margin "
                        + "= slower median / faster median − 1):");
        assertEquals(expected, lines.subList(section + 1, section + 1 + expected.size()));
    }

    @Test
    void aProfileNotRunOrWithoutCountersSaysSo(@TempDir Path dir) throws IOException {
        new GpuReportFixture.Bench("FP32").write(dir);
        String denied = "==ERROR== ERR_NVGPUCTRPERM - The user does not have permission to access NVIDIA GPU "
                + "Performance Counters on the target device 0.";
        Files.writeString(dir.resolve("06-ncu-conv.log"), String.join("\n", "==PROF== Connected to process 41872 "
                + "(/opt/jace/native/conv_gpu_check)", denied, "profiled D4 group conv n128 c128 7x7 k3 FP32 forward",
                "==PROF== Disconnected from process 41872", "==WARNING== No kernels were profiled.", ""));
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = lines(result);
        int section = lines.indexOf("Profiles (Nsight Compute, one row per profiled kernel launch):");
        assertEquals(List.of("", "ncu-conv (`06-ncu-conv.log`): no profile: `" + denied + "`.", "",
                "ncu-deviation: not run (no NN-ncu-deviation.log).", "", "Autotuner choices (`AUTO:<choice>` rows "
                        + "against the DIRECT and EXPANDED rows of the same run; margin = slower median / faster "
                        + "median − 1):"), lines.subList(section + 1, section + 7));

        Files.writeString(dir.resolve("06-ncu-conv.log"), "==WARNING== No kernels were profiled.\n");
        Files.writeString(dir.resolve("16-ncu-deviation.log"), "# JMH version: 1.37\n# Run progress: 0.00% complete\n");
        lines = lines(run("gpu-report", dir.toString()));
        assertTrue(lines.contains("ncu-conv (`06-ncu-conv.log`): no profile: `==WARNING== No kernels were profiled.`."),
                String.join("\n", lines));
        assertTrue(lines.contains("ncu-deviation (`16-ncu-deviation.log`): no profile: the log has no ncu CSV report."),
                String.join("\n", lines));
        assertFalse(String.join("\n", lines).contains("Columns: "), "no table, no column notes");
    }

    @Test
    void ncuErrorsBesideAProfileAreMentioned(@TempDir Path dir) throws IOException {
        GpuReportFixture.NcuLog log = GpuReportFixture.NcuLog.deviation(80.0);
        Files.writeString(dir.resolve("16-ncu-deviation.log"), log.text() + "==ERROR== An error was reported by the "
                + "driver\n==ERROR== Failed to profile \"jace_deviation_kernel\" in process 52188\n");
        List<String> lines = lines(run("gpu-report", dir.toString()));
        assertTrue(lines.contains("| `jace_deviation_kernel` | (3136, 1, 1) × (256, 1, 1) | 21.34 | 31.5 | 82.0 | "
                + "80.0 | — |"), String.join("\n", lines));
        assertTrue(lines.contains("ncu also reported 2 error line(s), the first: `==ERROR== An error was reported by "
                + "the driver`."), String.join("\n", lines));
        assertTrue(lines.contains("Columns: SM % = sm__throughput.avg.pct_of_peak_sustained_elapsed, memory % = "
                + "gpu__compute_memory_throughput.avg.pct_of_peak_sustained_elapsed, DRAM % = "
                + "dram__throughput.avg.pct_of_peak_sustained_elapsed or "
                + "gpu__dram_throughput.avg.pct_of_peak_sustained_elapsed (% of peak sustained over the kernel's "
                + "time); tensor % = the busiest tensor pipe, the highest of the profiles' % metrics whose name has "
                + "`tensor` (1), none of them a number in any row."), String.join("\n", lines));
    }

    @Test
    void benchFilesGiveTheHostsCpuDetailsAndTheDateWhereNoOtherFileDoes(@TempDir Path dir) throws IOException {
        MachineInfo later = new MachineInfo(GpuReportFixture.DETAILED_MACHINE.cpu(), 224,
                GpuReportFixture.MACHINE.jvm(), GpuReportFixture.GPU, "0.1.0-SNAPSHOT", "2026-12-04T01:00:00Z");
        new GpuReportFixture.Bench("TF32").machine(later).write(dir);
        new GpuReportFixture.Bench("FP32").machine(GpuReportFixture.DETAILED_MACHINE).write(dir);
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = lines(result);
        assertTrue(lines.getFirst().startsWith("### 2026-12-03, GPU device check"), "the earliest bench run's day: "
                + lines.getFirst());
        assertEquals(List.of("- Host: Intel(R) Xeon(R) Platinum 8480+ (family 6, model 143, 2000 MHz (max 3800); avx2"
                        + " fma avx512f), 224 logical CPUs, 2 threads per core; JVM OpenJDK 64-Bit Server VM "
                        + "25.0.3+9-LTS; jace 0.1.0-SNAPSHOT; bench runs 2026-12-03T08:30:00Z, 2026-12-04T01:00:00Z"),
                lines.stream().filter(l -> l.startsWith("- Host: ")).toList(), "one machine, whatever its runs' times");
    }

    /** Without nvidia-smi's timestamp the day is the PyTorch run's, before any bench run's. */
    @Test
    void theHeadingTakesThePytorchRunsDayWithoutNvidiaSmi(@TempDir Path dir) throws IOException {
        GpuReportFixture.pytorch(dir, "fp32", 16000);
        new GpuReportFixture.Bench("FP32").machine(GpuReportFixture.DETAILED_MACHINE).write(dir);
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("### 2026-12-02, GPU device check"), result.out());
    }

    @Test
    void theHeadingTakesNoDateFromAPytorchFileWhoseDateIsNotOne(@TempDir Path dir) throws IOException {
        Path pytorch = GpuReportFixture.pytorch(dir, "fp32", 16000);
        Files.writeString(pytorch, Files.readString(pytorch).replace("2026-12-02T10:15:00+00:00", "n/a"));
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("### YYYY-MM-DD, GPU device check"), result.out());
    }

    @Test
    void missingFilesAreListedWithWhatTheyLeaveUnjudged(@TempDir Path dir) throws IOException {
        new GpuReportFixture.Bench("FP32").config("quick").write(dir);
        new GpuReportFixture.Jmh().gemm("TF32", 8192, 3).write(dir);
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = lines(result);
        assertTrue(lines.getFirst().startsWith("### YYYY-MM-DD, "), "no file gives the date: " + lines.getFirst());
        assertTrue(lines.contains("- `jace bench --backend cuda` config: quick (tiny sizes: these rates say little)"),
                result.out());
        assertTrue(lines.contains("Not in jmh-ceilings.json (failed or cut short; see the jmh-ceilings log): "
                + "CublasGemmBench.gemm FP32, CublasGemmBench.gemm BF16, DeviceCopyBench.copy (cuda), "
                + "FfmOverheadBench.noopLaunchBurst, FfmOverheadBench.noopLaunch, FfmOverheadBench.noopLaunchSync, "
                + "FfmOverheadBench.version."),
                result.out());
        int missing = lines.indexOf("Missing files, and what each leaves unjudged:");
        assertTrue(missing > 0, result.out());
        assertEquals(List.of(
                "- `bench-TF32.json`: the TF32 rows of the autotuner, deviation and training-step targets, and of "
                        + "the DIRECT/EXPANDED ratio where GroupConvBench has no score (`jace bench` writes its JSON "
                        + "from its first measured row on, so its step failed or was stopped before that row: see its "
                        + "NN-bench-TF32.log)",
                "- `bench-BF16.json`: the BF16 rows of the autotuner, deviation and training-step targets, and of "
                        + "the DIRECT/EXPANDED ratio where GroupConvBench has no score (`jace bench` writes its JSON "
                        + "from its first measured row on, so its step failed or was stopped before that row: see its "
                        + "NN-bench-BF16.log)",
                "- `jmh-groupconv.json`: the DIRECT/EXPANDED ratio on GroupConvBench's shapes, the issue's "
                        + "representative ones: it is judged on `jace bench`'s one group-conv shape instead (no score "
                        + "in its step's log either)",
                "- `pytorch-c4-fp32.json`: PyTorch's fp32 images/s beside jace's (the device check skips PyTorch "
                        + "where the host's python has no CUDA torch; see summary.txt)",
                "- `pytorch-c4-bf16.json`: PyTorch's bf16 images/s beside jace's (the device check skips PyTorch "
                        + "where the host's python has no CUDA torch; see summary.txt)",
                "- `NN-gpu.log`: the driver version (nvidia-smi's) and the date of the entry, where no PyTorch file "
                        + "has it (no verdict depends on them)",
                "- `NN-conv-kernels.log`: whether the conv kernels compute right results (`conv_gpu_check` against "
                        + "float64): the conv-kernels timings and the TF32-peak target's rates are shown unchecked",
                "- `NN-conv-kernels-bench.log`: the TF32-peak target, measured on the large layers n128 c128 7x7 k3 "
                        + "and n32 c32 28x28 k3 only (`jace bench`'s shape is shown beside it, too small to judge)",
                "- `NN-c-launch_overhead.log`: FFM's own share of a launch: the launch-overhead target judges the "
                        + "whole launch through FFM instead",
                "- `NN-ncu-conv.log`: the Nsight Compute profile of the conv kernels (no verdict depends on it)",
                "- `NN-ncu-deviation.log`: the Nsight Compute DRAM throughput beside the deviation-bandwidth target "
                        + "(its verdict does not depend on it)",
                "- `NN-step-traffic.log`: the backend calls of a warm eager training step, shown beside the "
                        + "training-step target (its verdict does not depend on them)",
                "- `NN-step-traffic-graph.log`: the backend calls of a warm graph-replayed training step, shown "
                        + "beside the training-step target (its verdict does not depend on them)",
                "- `NN-step-traffic-overlapped.log`: the training-step target: whether a warm captured step "
                        + "(overlapped) makes no host round trip and no allocation"),
                lines.subList(missing + 2, missing + 16));
    }

    @Test
    void anEmptyResultFileIsMissingItsStepStoppedBeforeWritingIt(@TempDir Path dir) throws IOException {
        // JMH makes its result file when it starts, so a JMH step stopped at its limit leaves it empty.
        GpuReportFixture.full(dir);
        Files.write(dir.resolve("jmh-ceilings.json"), new byte[0]);
        Files.write(dir.resolve("pytorch-c4-bf16.json"), new byte[0]);
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("\nCeilings: not measured (no jmh-ceilings.json).\n"), result.out());
        assertTrue(result.out().contains("\n- `jmh-ceilings.json` (empty: its step stopped before writing it): every "
                + "ceiling (GEMM, copy, launch), so the TF32-peak and launch-overhead targets (the deviation is judged "
                + "against `jace bench`'s own copy)\n"), result.out());
        assertTrue(result.out().contains("\n- `pytorch-c4-bf16.json` (empty: its step stopped before writing it): "
                + "PyTorch's bf16 images/s beside jace's"), result.out());
    }

    /** GroupConvBench's cases read from its step's log: its empty JSON is not listed with the missing files. */
    @Test
    void groupConvBenchStoppedBeforeItsJsonIsNotAMissingFile(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        Files.write(dir.resolve("jmh-groupconv.json"), new byte[0]);
        new GpuReportFixture.GroupConvJmh("FP32", "TF32", "BF16").log(dir, 11);
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("JMH was stopped before it wrote jmh-groupconv.json"), result.out());
        assertFalse(result.out().contains("- `jmh-groupconv.json`"), result.out());
    }

    @Test
    void jmhStoppedBeforeItsJsonLeavesTheCeilingsItFinishedInItsLog(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        Files.write(dir.resolve("jmh-ceilings.json"), new byte[0]);
        Files.writeString(dir.resolve("14-jmh-ceilings.log"), String.join("\n",
                "# Benchmark: dev.jace.bench.CublasGemmBench.gemm",
                "# Parameters: (precision = TF32, size = 8192)",
                "Result \"dev.jace.bench.CublasGemmBench.gemm\":",
                "  3.000 ±(99.9%) 0.030 ms/op [Average]",
                "# Benchmark: dev.jace.bench.DeviceCopyBench.copy",
                "# Parameters: (backend = cuda, mebibytes = 256)",
                "Result \"dev.jace.bench.DeviceCopyBench.copy\":",
                "  134.218 ±(99.9%) 1.342 us/op [Average]",
                "# Benchmark: dev.jace.bench.FfmOverheadBench.noopLaunch",
                "Full thread dump OpenJDK 64-Bit Server VM (25.0.3+9-LTS mixed mode):"));
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = lines(result);
        for (String line : List.of(
                "Ceilings (JMH, from its step's log `14-jmh-ceilings.log`: the step stopped before JMH wrote "
                        + "`jmh-ceilings.json`, so only the benchmarks it finished):",
                "| cuBLAS GEMM TF32, n = 8192 | 366.5 TFLOP/s | CublasGemmBench.gemm: 3 ± 0.03 ms/op |",
                "| device copy, 256 MiB (read + write) | 4000 GB/s | DeviceCopyBench.copy: 134.2 ± 1.3 us/op |",
                "Not in 14-jmh-ceilings.log (failed or cut short; see the jmh-ceilings log): CublasGemmBench.gemm "
                        + "FP32, CublasGemmBench.gemm BF16, FfmOverheadBench.noopLaunchBurst, FfmOverheadBench"
                        + ".noopLaunch, FfmOverheadBench.noopLaunchSync, FfmOverheadBench.version.")) {
            assertTrue(lines.contains(line), line + "\n" + result.out());
        }
        assertFalse(result.out().contains("- `jmh-ceilings.json`"), result.out());
        // The copy ceiling the log gave is shown beside the deviation target.
        assertTrue(result.out().contains("JMH device copy, 256 MiB (read + write): 4000 GB/s"), result.out());
    }

    @Test
    void aBenchRunStoppedPartWayIsJudgedOnTheRowsItMeasuredAndSaysSo(@TempDir Path dir) throws IOException {
        // Stopped during the p4 CNN rows: everything before them is there.
        new GpuReportFixture.Bench("FP32").drop("ace-step").drop("p4cnn-fwd-bwd").cutShort().write(dir);
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = lines(result);
        assertTrue(lines.contains("- `bench-FP32.json`: cut short, 31 CUDA rows measured before `jace bench` was "
                + "stopped (the step's limit); the ops after them are not measured"), result.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| Direct group conv vs expand + cuDNN, same precision | "
                + "FP32: c4 fwd ")), result.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| ACE training step of the p4 CNN") && l.contains(
                "FP32 (no ace-step row in bench-FP32.json)")), result.out());
        // A verdict on the rows there says what the cut left unjudged.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| Autotuner never picks the slower algorithm |")
                && l.endsWith("| met where measured (18 of 27 AUTO rows not judged: TF32 (no bench-TF32.json), BF16 "
                + "(no bench-BF16.json)) |")), result.out());
    }

    @Test
    void withoutTheJmhFileThereAreNoCeilings(@TempDir Path dir) throws IOException {
        GpuReportFixture.pytorch(dir, "fp32", 16000);
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("\nCeilings: not measured (no jmh-ceilings.json).\n"), result.out());
        assertTrue(result.out().contains("\n- Device: not measured (no bench-*.json)\n"), result.out());
        assertTrue(result.out().contains("\n- `jmh-ceilings.json`: every ceiling (GEMM, copy, launch), so the "
                + "TF32-peak and launch-overhead targets (the deviation is judged against `jace bench`'s own copy)\n"),
                result.out());
    }

    private static void assertFails(Output result, String message) {
        assertEquals(1, result.exitCode(), result.out());
        assertEquals("", result.out());
        assertEquals("jace: " + message + System.lineSeparator(), result.err());
    }

    @Test
    void aMissingOrWrongFolderIsACleanError(@TempDir Path dir) throws IOException {
        Path absent = dir.resolve("absent");
        assertFails(run("gpu-report", absent.toString()), absent
                + ": no such folder (give the folder results.tar.gz was unpacked into)");
        Path archive = Files.writeString(dir.resolve("results.tar.gz"), "not really");
        assertFails(run("gpu-report", archive.toString()), archive + ": not a folder; unpack the device check's "
                + "results.tar.gz and give its folder: mkdir R && tar -xzf results.tar.gz -C R && jace gpu-report R");
        String expected = "bench-FP32.json, bench-TF32.json, bench-BF16.json, jmh-ceilings.json, jmh-groupconv.json, "
                + "pytorch-c4-fp32.json, pytorch-c4-bf16.json, NN-gpu.log, NN-conv-kernels.log, "
                + "NN-conv-kernels-bench.log, NN-c-launch_overhead.log, NN-ncu-conv.log, NN-ncu-deviation.log, "
                + "NN-step-traffic.log, NN-step-traffic-graph.log, NN-step-traffic-overlapped.log";
        assertFails(run("gpu-report", dir.toString()), dir + ": holds none of " + expected + "; unpack its "
                + "results.tar.gz first: tar -xzf results.tar.gz -C FOLDER, then jace gpu-report FOLDER");
        Files.delete(archive);
        // A log of another step is none of them.
        Files.writeString(dir.resolve("03-gpu-tests.log"), "Test run finished after 81234 ms\n");
        assertFails(run("gpu-report", dir.toString()), dir + ": holds none of " + expected + " (give the folder the "
                + "device check's results.tar.gz was unpacked into)");
        Output usage = run("gpu-report");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.err().contains("Missing required parameter: 'DIR'"), usage.err());
    }

    /**
     * A bench file that says which JACE_CONV_KERNELS value it ran under must have run under the one its name says:
     * a default run's file under none (auto), a variant's under its own; files from before that field pass.
     */
    @Test
    void aBenchFileRunUnderOtherKernelsThanItsNameSaysIsRefused(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        Path tf32 = new GpuReportFixture.Bench("TF32").convKernels("wgmma").write(dir);
        assertFails(run("gpu-report", dir.toString()), tf32 + ": was measured under JACE_CONV_KERNELS=wgmma, but its "
                + "name says the default kernels (auto): run jace-device-check without JACE_CONV_KERNELS in its "
                + "environment (it sets the variable for its steps itself)");
        new GpuReportFixture.Bench("TF32").convKernels("auto").write(dir);
        assertEquals(0, run("gpu-report", dir.toString()).exitCode());

        Path wgmma = new GpuReportFixture.Bench("TF32").convKernels("auto").write(dir, KernelVariantBench.WGMMA.file());
        assertFails(run("gpu-report", dir.toString()), wgmma + ": was measured under JACE_CONV_KERNELS=auto, but its "
                + "name says wgmma: run jace-device-check without JACE_CONV_KERNELS in its environment (it sets the "
                + "variable for its steps itself)");
        new GpuReportFixture.Bench("TF32").convKernels("wgmma").write(dir, KernelVariantBench.WGMMA.file());
        assertEquals(0, run("gpu-report", dir.toString()).exitCode());
        new GpuReportFixture.Bench("TF32").write(dir, KernelVariantBench.WGMMA.file());
        assertEquals(0, run("gpu-report", dir.toString()).exitCode(), "a file from before the field");
    }

    @Test
    void aCorruptFileIsACleanErrorNamingIt(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        Path tf32 = dir.resolve("bench-TF32.json");
        String text = Files.readString(tf32);
        Files.writeString(tf32, text.substring(0, text.length() / 2));
        Output truncated = run("gpu-report", dir.toString());
        assertEquals(1, truncated.exitCode());
        assertTrue(truncated.err().startsWith("jace: " + tf32 + ": malformed JSON: JSON parse error at line "),
                truncated.err());
        assertFalse(truncated.err().contains("\tat "), "no stack trace: " + truncated.err());

        Files.writeString(tf32, text.replace("\"precision\": \"TF32\"", "\"precision\": \"FP32\""));
        assertFails(run("gpu-report", dir.toString()), tf32 + ": has a cuda row of precision FP32 (lifting-fwd), but "
                + "its name says TF32");

        Files.writeString(tf32, text.replace("cuda:0 ", "cuda:0 jace CPU emulator (H200 geometry) "));
        assertFails(run("gpu-report", dir.toString()), tf32 + ": measured on jace's CPU emulator of CUDA, not a GPU ("
                + GpuReportFixture.GPU.replace("cuda:0 ", "cuda:0 jace CPU emulator (H200 geometry) ") + "); its times "
                + "are no GPU figures: run jace-device-check on the GPU host");

        Files.writeString(tf32, text);
        // The ceilings name no device: jace info's log tells an emulator run, which judges nothing either.
        Path info = Files.writeString(dir.resolve("02-info.log"), "cuda backend: available\n  CUDA driver 13.0, 1 "
                + "device(s): cuda:0 jace CPU emulator (H200 geometry) (compute 9.0, 16384 MiB)\n");
        assertFails(run("gpu-report", dir.toString()), info + ": the device check ran on jace's CPU emulator of CUDA,"
                + " not a GPU; its times are no GPU figures: run jace-device-check on the GPU host without "
                + "JACE_NATIVE_LIB");
        Files.writeString(info, "cuda backend: available\n  CUDA driver 13.0, 1 device(s): cuda:0 NVIDIA H200\n");
        assertEquals(0, run("gpu-report", dir.toString()).exitCode());
        // launch_overhead prints the device it ran on first: the emulator's launches are no GPU figures either.
        Path launch = GpuReportFixture.cLaunchLog(dir, 0.8, 0.974, 0.898);
        Files.writeString(launch, Files.readString(launch).replace("NVIDIA H200", "jace CPU emulator (H200 geometry)"));
        assertFails(run("gpu-report", dir.toString()), launch + ": launch_overhead ran on jace's CPU emulator of CUDA,"
                + " not a GPU; its times are no GPU figures: run it on the GPU host against the libjace.so of the "
                + "bundle's natives jar");
        GpuReportFixture.cLaunchLog(dir, 0.8, 0.974, 0.898);
        assertEquals(0, run("gpu-report", dir.toString()).exitCode());

        Path jmh = dir.resolve("jmh-ceilings.json");
        Files.writeString(jmh, Files.readString(jmh).replace("\"8192\"", "\"8k\""));
        assertFails(run("gpu-report", dir.toString()), jmh + ": CublasGemmBench.gemm: parameter size = \"8k\" is not "
                + "a positive whole number");
    }

    @Test
    void theCommandIsListed() {
        Output result = run("--help");
        assertTrue(result.out().contains("gpu-report"), result.out());
    }

    /**
     * jmh-groupconv-wgmma.json beside jmh-groupconv.json: after GroupConvBench's table, one of the DIRECT cases under
     * wgmma against the default DIRECT and EXPANDED scores of the same cases, and its summary in the ratio target's
     * row, not judged; the file is optional: without it neither, and it is not counted among the result files.
     */
    @Test
    void theWgmmaGroupConvBenchGivesItsSpeedUpAndRatioOnTheRepresentativeShapes(@TempDir Path dir) throws IOException {
        GpuReportFixture.full(dir);
        List<String> without = lines(run("gpu-report", dir.toString()));
        assertFalse(String.join("\n", without).contains(GpuResults.JMH_GROUP_CONV_WGMMA), String.join("\n", without));
        new GpuReportFixture.GroupConvJmh("TF32", "BF16").directOnly()
                .direct("TF32", "D4", "128x128x128x7x3", "forward", 0.5)
                .direct("BF16", "C4", "1x8x8x28x3", "backwardData", 2.5)
                .direct("BF16", "D4", "32x8x8x64x3", "forward", 1.25).write(dir, GpuResults.JMH_GROUP_CONV_WGMMA);
        Output result = run("gpu-report", dir.toString());
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = lines(result);
        String summary = "TF32: 30 of 30 cases at or above 1.0 (ratio 1.250 to 1.900); BF16: 29 of 30 cases at or "
                + "above 1.0 (ratio 0.500 to 1.250)";
        String lead = "GroupConvBench's DIRECT cases again under `JACE_CONV_KERNELS=wgmma` "
                + "(`jmh-groupconv-wgmma.json`; the opt-in Hopper warpgroup-MMA kernels for the TF32 and BF16 convolutions of many channels), "
                + "beside the default kernels' DIRECT and the EXPANDED baseline of the GroupConvBench table above; "
                + "wgmma speed-up = default DIRECT ms / wgmma ms; ratio = EXPANDED ms / wgmma ms, the target's ratio "
                + "were wgmma the default (" + summary + "):";
        String header = "| precision | group | shape | pass | default DIRECT ms | wgmma ms | wgmma TFLOP/s | "
                + "EXPANDED ms | wgmma speed-up | ratio |";
        Table table = table(lines, lead, header);
        assertEquals(60, table.body().size(), String.join("\n", table.body()));
        // 0.01445 TFLOP/s at 1 ms (see fullResultsGiveTheDeviceCeilingsAndOneRowPerTarget), 118.4 at 1 ms: 236.8 at 0.5
        assertEquals("| TF32 | C4 | 1x8x8x28x3 | forward | 1 | 1 | 0.01445 | 1.25 | 1.000 | 1.250 |",
                table.body().getFirst());
        assertTrue(table.body().contains("| TF32 | D4 | 128x128x128x7x3 | forward | 1 | 0.5 | 236.8 | 0.95 | 2.000 | "
                + "1.900 |"), String.join("\n", table.body()));
        assertTrue(table.body().contains("| BF16 | C4 | 1x8x8x28x3 | backwardData | 1 | 2.5 | 0.00578 | 1.25 | 0.400 | "
                + "0.500 |"), String.join("\n", table.body()));
        assertTrue(table.body().stream().anyMatch(r -> r.startsWith("| BF16 | D4 | 32x8x8x64x3 | forward | 1 | 1.25 | ")
                && r.endsWith(" | 1.25 | 0.800 | 1.000 |")), "a ratio of 1.0 reaches the target: "
                + String.join("\n", table.body()));
        int groupConv = lines.indexOf("| precision | group | shape | pass | DIRECT ms | DIRECT TFLOP/s | EXPANDED ms "
                + "| EXPANDED TFLOP/s | ratio |");
        assertEquals(groupConv + 2 + 90 + 1, lines.indexOf(lead), "right after GroupConvBench's table");
        String ratioRow = lines.stream().filter(l -> l.startsWith("| Direct group conv vs expand + cuDNN")).findFirst()
                .orElseThrow();
        assertTrue(ratioRow.contains("; DIRECT under `JACE_CONV_KERNELS=wgmma` (opt-in, not judged; its table below): "
                + summary + " |"), ratioRow);
        assertTrue(ratioRow.endsWith("| not met (gap: 1 of 90 cases below 1.0: TF32 D4 128x128x128x7x3 forward "
                + "0.950) |"), ratioRow);
        assertEquals(without.stream().filter(l -> l.startsWith("All ")).toList(),
                lines.stream().filter(l -> l.startsWith("All ")).toList(), "not one of the result files");

        // JMH stopped at the step's limit: an empty JSON, the scores it finished in the step's log
        Files.writeString(dir.resolve(GpuResults.JMH_GROUP_CONV_WGMMA), "");
        new GpuReportFixture.GroupConvJmh("TF32").directOnly().direct("TF32", "D4", "128x128x128x7x3", "forward", 0.5)
                .log(dir, "20-jmh-groupconv-wgmma.log");
        lines = lines(run("gpu-report", dir.toString()));
        table = table(lines, lead.replace("`jmh-groupconv-wgmma.json`", "`20-jmh-groupconv-wgmma.log`")
                .replace(summary, "TF32: 30 of 30 cases at or above 1.0 (ratio 1.250 to 1.900)"), header);
        assertEquals(30, table.body().size(), String.join("\n", table.body()));

        // without jmh-groupconv's scores: the wgmma times alone
        Files.delete(dir.resolve(GpuResults.JMH_GROUP_CONV));
        Files.delete(dir.resolve("10-jmh-groupconv.log"));
        lines = lines(run("gpu-report", dir.toString()));
        table = table(lines, lead.replace("`jmh-groupconv-wgmma.json`", "`20-jmh-groupconv-wgmma.log`")
                .replace("table above;", "table above (not there: no GroupConvBench score without the variable, so "
                        + "those columns are empty);").replace(summary, "no case with both a wgmma and an EXPANDED "
                        + "score"), header);
        assertTrue(table.body().contains("| TF32 | D4 | 128x128x128x7x3 | forward | — | 0.5 | 236.8 | — | — | — |"),
                String.join("\n", table.body()));
    }

    /**
     * The line of the Markdown table header {@code header}, which must follow {@code lead} and a blank line (found by
     * its lead, so that two tables with the same header are told apart).
     */
    private static int tableAt(List<String> lines, String lead, String header) {
        String out = String.join("\n", lines);
        int table = lines.indexOf(lead) + 2;
        assertTrue(table > 1 && table < lines.size(), out);
        assertEquals("", lines.get(table - 1), out);
        assertEquals(header, lines.get(table), out);
        return table;
    }

    /**
     * A Markdown table of the report: the line of its {@code header} and its {@code body}, the rows after its
     * separator to a blank line.
     */
    private record Table(int header, List<String> body) {
        /** The blank line after its last row. */
        int end() {
            return header + 2 + body.size();
        }
    }

    /** The table under {@code header} (see {@link #tableAt}). */
    private static Table table(List<String> lines, String lead, String header) {
        String out = String.join("\n", lines);
        int table = tableAt(lines, lead, header);
        int end = lines.subList(table, lines.size()).indexOf("") + table;
        assertTrue(end > table, out);
        return new Table(table, lines.subList(table + 2, end));
    }

    /** The rows of the Markdown table under {@code header} (see {@link #table}). */
    private static List<String> tableBody(List<String> lines, String lead, String header) {
        return table(lines, lead, header).body();
    }
}
