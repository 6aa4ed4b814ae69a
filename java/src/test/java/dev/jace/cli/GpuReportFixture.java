package dev.jace.cli;

import dev.jace.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Result files as {@code jace-device-check} leaves them, for the gpu-report tests: bench JSON written the way
 * {@link BenchCommand} writes it (from {@link BenchRow}s, ratios by {@link BenchCommand#withRatios}), JMH JSON with
 * every field JMH writes, and {@code p4cnn.py throughput --json} files.
 *
 * <p>{@link #full} is an H200-like run that meets some targets and misses others: GroupConvBench's TF32 D4
 * 128x128x128x7x3 forward DIRECT ratio to cuDNN is 0.950 (every other case's 1.25; `jace bench`'s TF32 d4 fwd is 0.950
 * too, and BF16 d4 bwd-filter's 0.970 is to libjace's own conv, BF16's baseline then, so not judged), TF32
 * backward_filter on the n32 c32 28x28 k3 layer reaches 55% of the TF32 GEMM rate, the autotuner keeps the slower
 * algorithm on FP32 d4 bwd-filter by 1.0% (a near tie whose min times point the other way), the BF16 deviation reaches
 * 75% of the copy ceiling and a launch in a burst takes 2 µs through FFM, 0.8 µs from C; its kernel check passed, the
 * wgmma probe too. Its step logs carry step numbers (conv-kernels 03, conv-kernels-bench 05, c-launch_overhead 07,
 * ncu-conv 06, jmh-groupconv 10, ncu-deviation 16), and an earlier, killed conv-kernels-bench log (04) lies beside the
 * later one.
 */
final class GpuReportFixture {

    static final String GPU = "CUDA driver 13.0, libjace 100 from /opt/jace/lib/libjace.so, 1 device(s): cuda:0 "
            + "NVIDIA H200 (compute 9.0, 143771 MiB)";
    static final MachineInfo MACHINE = new MachineInfo("Intel(R) Xeon(R) Platinum 8480+", 16,
            "OpenJDK 64-Bit Server VM 25.0.3+9-LTS", GPU);
    /** MACHINE as a bench that records the run's date, jace's version and the CPU's details describes it. */
    static final MachineInfo DETAILED_MACHINE = new MachineInfo(new CpuInfo(MACHINE.cpu().name(), 6, 143,
            Map.of("avx2", true, "fma", true, "avx512f", true), 2000.0, 3800.0, 2), 224, MACHINE.jvm(), GPU,
            "0.1.0-SNAPSHOT", "2026-12-03T08:30:00Z");
    static final List<String> CONV_OPS = List.of("fwd", "bwd-data", "bwd-filter");

    private GpuReportFixture() {
    }

    /** Every file of a device check (see the class comment). */
    static void full(Path dir) throws IOException {
        new Bench("FP32").conv("d4", "group-conv-bwd-filter", 0.1, 0.101).choice("d4", "group-conv-bwd-filter",
                "EXPANDED").min("d4", "group-conv-bwd-filter", "EXPANDED", 0.097).write(dir);
        new Bench("TF32").conv("d4", "group-conv-fwd", 0.1, 0.095).deviation(3300).write(dir);
        new Bench("BF16").conv("d4", "group-conv-bwd-filter", 0.1, 0.097).deviation(3000)
                .steps(25600, 51200, 64000).write(dir);
        Jmh.full().write(dir);
        GroupConvJmh groupConv = new GroupConvJmh("FP32", "TF32", "BF16").ratio("TF32", "D4", "128x128x128x7x3",
                "forward", 0.95).conv("BF16", BF16_CUDNN);
        groupConv.write(dir);
        groupConv.log(dir, 10);
        pytorch(dir, "fp32", 16000);
        pytorch(dir, "bf16", 25000);
        new ConvCheckLog().write(dir, 3);
        new ConvBenchLog().cutAfter(2).write(dir, 4);
        new ConvBenchLog().tflops(LARGE_28, "TF32", "backward_filter", 201.6).write(dir, 5);
        cLaunchLog(dir, 0.8, 2.2, 6.4);
        NcuLog.conv().write(dir, "06-ncu-conv.log");
        NcuLog.deviation(84.9, 85.6, 85.3).write(dir, "16-ncu-deviation.log");
        gpuLogs(dir);
        stepTrafficLog(dir, 12, "eager", Map.of("conv2d", 12.0, "copyIn", 5.0, "download", 9.0, "allocate", 3.0));
        stepTrafficLog(dir, 13, "graph", Map.of("copyIn", 3.0, "download", 4.0, "readLater", 3.0));
        stepTrafficLog(dir, 14, "overlapped", Map.of("copyIn", 3.0, "readLater", 3.0));
    }

    /**
     * The gpu logs as the device check leaves them: {@code 00-gpu.log} from {@code nvidia-smi -L}, {@code 01-gpu.log}
     * from its query of the timestamp, name, driver version, memory and clock.
     */
    static void gpuLogs(Path dir) throws IOException {
        Files.writeString(dir.resolve("00-gpu.log"), "GPU 0: NVIDIA H200 (UUID: GPU-5f1c2a7e-0b7d-4c1e-9e2a-"
                + "8d4f3b6a9c10)\n");
        Files.writeString(dir.resolve("01-gpu.log"), "timestamp, name, driver_version, memory.total [MiB], "
                + "clocks.max.sm [MHz]\n2026/12/02 09:58:41.207, NVIDIA H200, 580.65.06, 143771 MiB, 1980 MHz\n");
    }

    /**
     * {@code NN-step-traffic[-MODE].log} as {@code StepTraffic cuda c4 64 MODE} prints it (the same formats): the
     * mean calls per warm step of each backend op, 0.125 ms in each op's calls, then the call sites, then the host
     * waits per step as StepTraffic counts them on the CPU: 4 round trips for eager and graph (an eager step reads
     * its own record), 5 overlapped waits for overlapped (the step before's record).
     */
    static Path stepTrafficLog(Path dir, int step, String mode, Map<String, Double> calls) throws IOException {
        return mode.equals("overlapped") ? stepTrafficLog(dir, step, mode, calls, 0, 5)
                : stepTrafficLog(dir, step, mode, calls, 4, 0);
    }

    /** {@link #stepTrafficLog(Path, int, String, Map)} with these waits per step, 0.013 ms in each kind. */
    static Path stepTrafficLog(Path dir, int step, String mode, Map<String, Double> calls, double roundTrips,
                               double overlappedWaits) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "backend calls per warm ace step (%s, %s, batch %d, %s; mean of %d "
                + "steps)%n", "cuda:0 (NVIDIA H200, FP32; matmul: cuBLAS 13.0; conv: cuDNN 9.10.0; group conv: "
                + "DIRECT)", "c4", 64, switch (mode) {
                    case "eager" -> "eager";
                    case "graph" -> "replayed from a capture";
                    default -> "replayed from a capture, dual update on the device";
                }, 20).strip());
        lines.add("   calls   ms in the calls  op");
        new java.util.TreeMap<>(calls).forEach((op, n) -> lines.add(String.format(Locale.ROOT, "%8.1f %9.3f ms  %s",
                n, 0.125, op)));
        lines.add("host transfers and allocations, by the jace line that made them");
        new java.util.TreeMap<>(calls).forEach((op, n) -> lines.add(String.format(Locale.ROOT, "%8.1f  %s", n,
                op + " @ train.Trainer.trainStep:212")));
        lines.add("host waits per warm step (the first get() of each readLater; roundTrip: no device work queued "
                + "behind the read, so the device runs dry while the host waits)");
        lines.add("   waits    ms waiting  kind");
        lines.add(String.format(Locale.ROOT, "%8.1f %9.3f ms  roundTrip", roundTrips, 0.013));
        lines.add(String.format(Locale.ROOT, "%8.1f %9.3f ms  overlapped", overlappedWaits, 0.013));
        lines.add("host waits, by the jace line that waited");
        if (roundTrips > 0) {
            lines.add(String.format(Locale.ROOT, "%8.1f  roundTrip @ train.Trainer.finish:618", roundTrips));
        }
        if (overlappedWaits > 0) {
            lines.add(String.format(Locale.ROOT, "%8.1f  overlapped @ train.Trainer.finish:618", overlappedWaits));
        }
        if (mode.equals("eager")) {
            lines.add("host transfers before | after the step's last adamStep");
            StepTrafficLog.HOST_BOUND.stream().sorted().forEach(op -> lines.add(String.format(Locale.ROOT,
                    "%8.1f | %5.1f  %s", 0.0, calls.getOrDefault(op, 0.0), op)));
        } else {
            lines.add("(a replayed step's kernels, its adamSteps included, run inside the replay, after its copyIn and "
                    + "before its downloads)");
        }
        String name = String.format(Locale.ROOT, "%02d-step-traffic%s.log", step,
                mode.equals("eager") ? "" : "-" + mode);
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    /** conv_gpu_check's bench layers: n, c, hw, k (D4: c fibres of 8 channels in and out, hw x hw maps, k x k). */
    static final int[] SMALL = {64, 16, 32, 3};
    static final int[] LARGE_7 = {128, 128, 7, 3};
    static final int[] LARGE_28 = {32, 32, 28, 3};
    /** The layers bench times since forward and backward_data split K: `jace bench`'s group conv, a batch of one. */
    static final int[] BENCH_28 = {16, 16, 28, 3};
    static final int[] BATCH_1 = {1, 8, 28, 3};
    static final List<String> CONV_BENCH_OPS = List.of("forward", "backward_data", "backward_filter");

    /**
     * {@code NN-conv-kernels-bench.log} as {@code conv_gpu_check bench} prints it: the worst-error lines of its checks,
     * then one timing per layer, precision and entry point (by default 40, 250 and 400 TFLOP/s for FP32, TF32 and
     * BF16), then the wgmma timings of every layer, each layer's preceded by its {@code wgmma tiles} lines, then its
     * last line.
     */
    static final class ConvBenchLog {
        private final Map<String, Double> tflops = new HashMap<>();
        private final Map<String, String> failures = new HashMap<>();
        private final Map<String, int[]> tiles = new HashMap<>();
        private final Map<String, double[]> staging = new HashMap<>();
        private final List<String> plain = new ArrayList<>();
        private boolean tilesLines = true;
        private int rowsKept = Integer.MAX_VALUE;
        private double implicitGemmSlower = 0;
        private double wgmmaFaster = 0;
        private double tmaFaster = 0;
        private double tiles128Faster = 0;
        private double tiles192Faster = 0;
        private double tiles256Faster = 0;
        private double unsplitSlower = 0;

        ConvBenchLog tflops(int[] layer, String precision, String op, double rate) {
            tflops.put(key(layer, precision, op), rate);
            return this;
        }

        /** The entry point returns {@code status 2}: a FAIL line instead of its timing. */
        ConvBenchLog fail(int[] layer, String precision, String op) {
            failures.put(key(layer, precision, op), "status 2: jace_group_conv_" + op + ": out of device memory");
            return this;
        }

        /**
         * Each timing followed by the entry point's {@code bench implicit-gemm} line, {@code slower} times its time
         * ({@code JACE_CONV_KERNELS=implicit-gemm}, as conv_gpu_check bench prints since that variable).
         */
        ConvBenchLog implicitGemm(double slower) {
            implicitGemmSlower = slower;
            return this;
        }

        /**
         * A {@code bench wgmma} line for each TF32 and BF16 timing, {@code faster} times as fast, after all layers'
         * default timings ({@code JACE_CONV_KERNELS=wgmma}, as conv_gpu_check bench prints on Hopper).
         */
        ConvBenchLog wgmma(double faster) {
            wgmmaFaster = faster;
            return this;
        }

        /**
         * Each {@code bench wgmma} line followed by the entry point's {@code bench wgmma-128}, {@code bench wgmma-192}
         * (forward and backward_data only, and none where {@code faster192} is 0, as before that value) and
         * {@code bench wgmma-256} lines, {@code faster128}, {@code faster192} and {@code faster256} times as fast as
         * the default kernels (the wgmma kernels forced to 128-, 192- and 256-row block tiles, as conv_gpu_check bench
         * prints since {@code JACE_CONV_KERNELS=wgmma-128}, {@code wgmma-192} and {@code wgmma-256}).
         */
        ConvBenchLog wgmmaTiles(double faster128, double faster192, double faster256) {
            tiles128Faster = faster128;
            tiles192Faster = faster192;
            tiles256Faster = faster256;
            return this;
        }

        /**
         * The rows and K splits the {@code wgmma tiles} line of TF32's {@code op} on {@code layer} names (rows 0: the
         * pass keeps the default kernels); by default 256 rows, 1 split on the small layer, 192 rows, 1 split for
         * forward and backward_data on the large ones, and for backward_filter 128 rows, 1 split on the 7x7 layer and
         * 256 rows, 7 splits on the 28x28 one.
         */
        ConvBenchLog tiles(int[] layer, String op, int rows, int splits) {
            tiles.put(key(layer, "TF32", op), new int[] {rows, splits});
            return this;
        }

        /**
         * The log as conv_gpu_check bench prints it since forward and backward_data split K: the layers
         * {@link #BENCH_28} and {@link #BATCH_1} after the others (the latter's default rates a 50th, launch-bound:
         * 0.8, 5 and 8 TFLOP/s), each layer's timings preceded by a
         * {@code splits} line per entry point (forward and backward_data 2 splits on BENCH_28, 4 on BATCH_1, 1 on the
         * others; backward_filter 7 on the 28x28 layers, 1 on the others), and each implicit-GEMM timing of a forward
         * or backward_data of more than 1 split followed by its {@code bench unsplit} line, {@code slower} times its
         * default time ({@code JACE_CONV_KERNELS=unsplit}, K whole).
         */
        ConvBenchLog splitK(double slower) {
            unsplitSlower = slower;
            return this;
        }

        /**
         * A {@code staging bf16} line on {@code layer}, after its {@code splits} lines and before its timings, as
         * conv_gpu_check bench prints it since it times the BF16 baseline's conversions: the forward/backward_data and
         * backward_filter passes' ms.
         */
        ConvBenchLog staging(int[] layer, double dataMs, double filterMs) {
            staging.put(java.util.Arrays.toString(layer), new double[] {dataMs, filterMs});
            return this;
        }

        /**
         * A {@code bench wgmma-plain} line at the log's end (after the wgmma timings, as conv_gpu_check bench prints
         * it on Hopper since session 73): the wgmma main loop on the 8192-cube plain GEMM at {@code precision} in
         * {@code rows}-row tiles, at {@code rate} TFLOP/s.
         */
        ConvBenchLog plain(String precision, int rows, double rate) {
            return plain(precision, rows + "-row", rate);
        }

        /**
         * The same line of the main loop fed by tensor copies ({@code 128-row tma}, since session 74) at {@code rate}
         * TFLOP/s.
         */
        ConvBenchLog plainTma(String precision, double rate) {
            return plain(precision, "128-row tma", rate);
        }

        private ConvBenchLog plain(String precision, String loop, double rate) {
            return plainShape(precision, 8192, 8192, 8192, loop, rate);
        }

        /**
         * The same line of an m x n x k GEMM (since session 74 also the large layers' forward shapes) in the feed and
         * tiles {@code loop} names ({@code 128-row}, {@code 128-row tma}).
         */
        ConvBenchLog plainShape(String precision, int m, int n, int k, String loop, double rate) {
            plain.add(String.format(Locale.ROOT, "bench wgmma-plain %s m%d n%d k%d %s %8.3f ms %8.1f TFLOP/s",
                    precision, m, n, k, loop, 2.0 * m * n * k / rate / 1e9, rate));
            return this;
        }

        /**
         * After the plain GEMM's lines, per layer, TF32's and BF16's {@code bench wgmma-tma} lines of each entry point,
         * {@code faster} times as fast as its {@code bench wgmma} line ({@code JACE_CONV_KERNELS=wgmma-tma}, as
         * conv_gpu_check bench prints them on Hopper since session 75; with {@link #wgmma} set), none where the default
         * timing failed.
         */
        ConvBenchLog wgmmaTma(double faster) {
            tmaFaster = faster;
            return this;
        }

        /** No {@code wgmma tiles} lines beside the wgmma timings, as conv_gpu_check bench printed before them. */
        ConvBenchLog withoutTilesLines() {
            tilesLines = false;
            return this;
        }

        /** Killed after {@code rows} timings: neither the rest nor the last line. */
        ConvBenchLog cutAfter(int rows) {
            rowsKept = rows;
            return this;
        }

        String text() {
            List<String> lines = new ArrayList<>();
            for (String precision : DeviceCeilings.PRECISIONS) {
                lines.add("worst rel err " + precision + ": forward 2.41e-07, backward_data 3.05e-07, backward_filter "
                        + "4.4e-07");
            }
            int rows = 0;
            int failed = 0;
            List<int[]> layers = unsplitSlower > 0 ? List.of(SMALL, LARGE_7, LARGE_28, BENCH_28, BATCH_1)
                    : List.of(SMALL, LARGE_7, LARGE_28);
            for (int[] layer : layers) {
                String shape = shape(layer);
                if (unsplitSlower > 0) {
                    for (String op : CONV_BENCH_OPS) {
                        lines.add("splits D4 group conv " + shape + " " + op + " " + splits(layer, op) + " splits");
                    }
                }
                double[] stagingMs = staging.get(java.util.Arrays.toString(layer));
                if (stagingMs != null) {
                    lines.add(String.format(Locale.ROOT, "staging bf16 D4 group conv %s forward/backward_data %8.4f ms "
                            + "backward_filter %8.4f ms", shape, stagingMs[0], stagingMs[1]));
                }
                for (String precision : DeviceCeilings.PRECISIONS) {
                    for (String op : CONV_BENCH_OPS) {
                        if (rows == rowsKept) {
                            return String.join("\n", lines) + "\n";
                        }
                        String failure = failures.get(key(layer, precision, op));
                        if (failure != null) {
                            lines.add("FAIL bench D4 group conv " + shape + " " + precision + " " + op + ": "
                                    + failure);
                            failed++;
                            continue;
                        }
                        double rate = defaultRate(layer, precision, op);
                        double ms = flops(layer) / rate / 1e9;
                        lines.add(timing("bench", shape, precision, op, ms, rate));
                        if (implicitGemmSlower > 0) {
                            lines.add(timing("bench implicit-gemm", shape, precision, op, ms * implicitGemmSlower,
                                    rate / implicitGemmSlower));
                        }
                        if (unsplitSlower > 0 && !op.equals("backward_filter") && splits(layer, op) > 1) {
                            lines.add(timing("bench unsplit", shape, precision, op, ms * unsplitSlower,
                                    rate / unsplitSlower));
                        }
                        rows++;
                    }
                }
            }
            if (wgmmaFaster > 0) {
                for (int[] layer : layers) {
                    wgmmaLines(layer, lines);
                }
            }
            lines.addAll(plain);
            if (tmaFaster > 0) {
                for (int[] layer : layers) {
                    for (String precision : List.of("TF32", "BF16")) {
                        for (String op : CONV_BENCH_OPS) {
                            if (!failures.containsKey(key(layer, precision, op))) {
                                double rate = defaultRate(layer, precision, op) * wgmmaFaster * tmaFaster;
                                lines.add(timing("bench wgmma-tma", shape(layer), precision, op,
                                        flops(layer) / rate / 1e9, rate));
                            }
                        }
                    }
                }
            }
            lines.add("conv_gpu_check: 1234 checks, " + failed + " failures");
            return String.join("\n", lines) + "\n";
        }

        /**
         * A layer's wgmma lines, after every layer's default timings: its {@code wgmma tiles} lines, then per entry
         * point TF32's {@code bench wgmma} (and forced heights) and BF16's {@code bench wgmma} timings, none where the
         * default timing failed.
         */
        private void wgmmaLines(int[] layer, List<String> lines) {
            String shape = shape(layer);
            if (tilesLines) {
                for (String op : CONV_BENCH_OPS) {
                    int[] chosen = tiles.getOrDefault(key(layer, "TF32", op), defaultTiles(layer, op));
                    lines.add("wgmma tiles D4 group conv " + shape + " " + op + " " + chosen[0] + " rows " + chosen[1]
                            + " splits");
                }
            }
            for (String op : CONV_BENCH_OPS) {
                for (String precision : List.of("TF32", "BF16")) {
                    if (failures.containsKey(key(layer, precision, op))) {
                        continue;
                    }
                    double rate = defaultRate(layer, precision, op);
                    double ms = flops(layer) / rate / 1e9;
                    lines.add(timing("bench wgmma", shape, precision, op, ms / wgmmaFaster, rate * wgmmaFaster));
                    if (precision.equals("TF32") && tiles128Faster > 0) {
                        lines.add(timing("bench wgmma-128", shape, precision, op, ms / tiles128Faster,
                                rate * tiles128Faster));
                        if (tiles192Faster > 0 && !op.equals("backward_filter")) {
                            lines.add(timing("bench wgmma-192", shape, precision, op, ms / tiles192Faster,
                                    rate * tiles192Faster));
                        }
                        lines.add(timing("bench wgmma-256", shape, precision, op, ms / tiles256Faster,
                                rate * tiles256Faster));
                    }
                }
            }
        }

        /** The default kernels' TFLOP/s: as {@link #tflops} set it, else by precision (a 50th on {@link #BATCH_1}). */
        private double defaultRate(int[] layer, String precision, String op) {
            return tflops.getOrDefault(key(layer, precision, op),
                    switch (precision) { case "FP32" -> 40.0; case "TF32" -> 250.0; default -> 400.0; }
                    / (layer == BATCH_1 ? 50 : 1));
        }

        private static double flops(int[] layer) {
            return 2.0 * layer[0] * layer[2] * layer[2] * (8.0 * layer[1]) * (8.0 * layer[1]) * layer[3] * layer[3];
        }

        private static String shape(int[] layer) {
            return String.format(Locale.ROOT, "n%d c%d %dx%d k%d", layer[0], layer[1], layer[2], layer[2], layer[3]);
        }

        Path write(Path dir, int step) throws IOException {
            return Files.writeString(dir.resolve(String.format(Locale.ROOT, "%02d-conv-kernels-bench.log", step)),
                    text());
        }

        /** The K splits of the default kernels on 132 SMs, as {@link #splitK} says. */
        private static int splits(int[] layer, String op) {
            if (op.equals("backward_filter")) {
                return layer[2] == 28 ? 7 : 1;
            }
            return layer == BENCH_28 ? 2 : layer == BATCH_1 ? 4 : 1;
        }

        /** The rows and splits of {@link #tiles}' defaults. */
        private static int[] defaultTiles(int[] layer, String op) {
            if (layer == SMALL) {
                return new int[] {256, 1};
            }
            if (!op.equals("backward_filter")) {
                return new int[] {192, 1};
            }
            return layer == LARGE_7 ? new int[] {128, 1} : new int[] {256, 7};
        }

        /** A timing line as conv_gpu_check prints it, {@code label} first. */
        private static String timing(String label, String shape, String precision, String op, double ms,
                                     double rate) {
            return String.format(Locale.ROOT, "%s D4 group conv %s %s %-16s %8.3f ms %8.1f TFLOP/s", label, shape,
                    precision, op, ms, rate);
        }

        private static String key(int[] layer, String precision, String op) {
            return java.util.Arrays.toString(layer) + " " + precision + " " + op;
        }
    }

    /**
     * An Nsight Compute log as {@code ncu --csv --page raw --print-units base} leaves it: ncu's {@code ==PROF==} lines
     * and the program's output, then the CSV report (header, units, one line per kernel launch) with ncu's thousands
     * separators and its columns in alphabetical order.
     */
    static final class NcuLog {
        static final List<String> METRICS = List.of("dram__throughput.avg.pct_of_peak_sustained_elapsed",
                "gpu__compute_memory_throughput.avg.pct_of_peak_sustained_elapsed", "gpu__time_duration.sum",
                "launch__grid_size", "sm__pipe_tensor_op_hmma_cycles_active.avg.pct_of_peak_sustained_active",
                "sm__throughput.avg.pct_of_peak_sustained_elapsed");
        static final List<String> UNITS = List.of("%", "%", "nsecond", "", "%", "%");
        /** WarpStateStats' total and some of its reasons, as conv's profile has them (ratios: no unit). */
        static final List<String> WARP_STATES = List.of("smsp__average_warp_latency_per_inst_issued.ratio",
                "smsp__average_warps_issue_stalled_barrier_per_issue_active.ratio",
                "smsp__average_warps_issue_stalled_long_scoreboard_per_issue_active.ratio",
                "smsp__average_warps_issue_stalled_math_pipe_throttle_per_issue_active.ratio",
                "smsp__average_warps_issue_stalled_selected_per_issue_active.ratio",
                "smsp__average_warps_issue_stalled_wait_per_issue_active.ratio");
        /** ComputeWorkloadAnalysis' issue slots and the shared-memory counters the device check asks ncu-conv for. */
        static final List<String> COUNTERS = List.of("sm__inst_issued.avg.pct_of_peak_sustained_active",
                "l1tex__data_bank_conflicts_pipe_lsu_mem_shared_op_ld.sum",
                "l1tex__data_bank_conflicts_pipe_lsu_mem_shared_op_st.sum",
                "l1tex__data_pipe_lsu_wavefronts_mem_shared_op_ld.sum",
                "l1tex__data_pipe_lsu_wavefronts_mem_shared_op_st.sum");
        static final List<String> COUNTER_UNITS = List.of("%", "", "", "", "");
        private final List<String> output = new ArrayList<>();
        private final List<String> kernels = new ArrayList<>();
        private final boolean warpStates;
        private final boolean counters;

        /**
         * A log of the six METRICS, WarpStateStats' after them where {@code warpStates}, and the COUNTERS after those
         * where {@code counters}.
         */
        NcuLog(boolean warpStates, boolean counters) {
            this.warpStates = warpStates;
            this.counters = counters;
        }

        NcuLog(boolean warpStates) {
            this(warpStates, false);
        }

        NcuLog() {
            this(false);
        }

        /**
         * conv_gpu_check profile: per precision forward, backward_data, backward_filter on n128 c128 7x7 k3, each one
         * conv_igemm_kernel, backward_filter also conv_fold_filter_kernel (its split-K sum). TF32 forward: 412.4 µs,
         * SM 78.12%, memory 45.23%, DRAM 12.41%, tensor 65.4%; warps 15.94 cycles between issues, 6.48 of them at a
         * barrier (the fold: 9.2, 5.3 on long scoreboard, its math pipe n/a).
         */
        static NcuLog conv() {
            NcuLog log = new NcuLog(true);
            log.output.add("==PROF== Connected to process 41872 (/opt/jace/native/conv_gpu_check)");
            for (String precision : DeviceCeilings.PRECISIONS) {
                double scale = switch (precision) { case "FP32" -> 6.0; case "TF32" -> 1.0; default -> 0.6; };
                String tensor = precision.equals("FP32") ? "0" : "65.40";
                for (String op : CONV_BENCH_OPS) {
                    log.kernel("conv_igemm_kernel", "(1568, 1, 1)", "(256, 1, 1)", 412384 * scale, 12.41, 45.23, 78.12,
                            tensor, "15.94", "6.48", "2.10", "0.83", "1.00", "1.65");
                    if (op.equals("backward_filter")) {
                        log.kernel("conv_fold_filter_kernel", "(576, 1, 1)", "(256, 1, 1)", 8512, 61.02, 70.5, 8.3,
                                "0", "9.20", "0.40", "5.30", "n/a", "1.00", "1.10");
                    }
                    log.output.add("profiled D4 group conv n128 c128 7x7 k3 " + precision + " " + op);
                }
            }
            log.output.add("conv_gpu_check profile: 0 failures");
            log.output.add("==PROF== Disconnected from process 41872");
            return log;
        }

        /**
         * {@link #conv()}'s log with, as conv_gpu_check profile runs it on Hopper after the convolutions, the wgmma
         * main loop on a 4096-cube TF32 plain GEMM: its kernel's row (731 µs) and its {@code profiled} line.
         */
        static NcuLog convWithPlainGemm() {
            NcuLog log = conv();
            log.kernel("conv_wgmma128_plain_kernel", "(32, 32, 1)", "(256, 1, 1)", 731000, 20.5, 60.1, 88.0, "71.20",
                    "15.94", "6.48", "2.10", "0.83", "1.00", "1.65");
            log.output.add(log.output.size() - 2, "profiled wgmma-plain TF32 m4096 n4096 k4096 128-row");
            return log;
        }

        /**
         * {@link #convWithPlainGemm()} and, as conv_gpu_check profile runs it since session 74, the same GEMM's main
         * loop fed by tensor copies: its kernel's row (512 µs) and its {@code profiled} line.
         */
        static NcuLog convWithPlainGemms() {
            NcuLog log = convWithPlainGemm();
            log.kernel("conv_wgmma_tma_plain_kernel", "(32, 32, 1)", "(384, 1, 1)", 512000, 20.5, 80.1, 88.0, "30.20",
                    "15.94", "6.48", "2.10", "0.83", "1.00", "1.65");
            log.output.add(log.output.size() - 2, "profiled wgmma-plain TF32 m4096 n4096 k4096 128-row tma");
            return log;
        }

        /**
         * The packed kernels of conv_gpu_check profile with the COUNTERS: a TF32 conv_packed_kernel whose issue slots
         * were 91.2% busy and whose 1,000 load and 500 store wavefronts had 100 and 50 from conflicts (10%), and a
         * BF16 one with none (0%) at 64.5%; its warps' cells are conv()'s.
         */
        static NcuLog convWithCounters() {
            NcuLog log = new NcuLog(true, true);
            log.kernel("conv_packed_kernel", "(98, 1, 1)", "(256, 1, 1)", 300000, 10.2, 50.3, 80.1, "40.00",
                    List.of("91.20", "100", "50", "1,000", "500"), "15.94", "6.48", "2.10", "0.83", "1.00", "1.65");
            log.output.add("profiled D4 group conv n128 c128 7x7 k3 TF32 forward");
            log.kernel("conv_packed_kernel", "(98, 1, 1)", "(256, 1, 1)", 200000, 10.2, 50.3, 80.1, "50.00",
                    List.of("64.50", "0", "0", "800", "400"), "15.94", "6.48", "2.10", "0.83", "1.00", "1.65");
            log.output.add("profiled D4 group conv n128 c128 7x7 k3 BF16 forward");
            return log;
        }

        /** JMH's DeviationBench.forward with ncu on its first launches of jace_deviation_kernel at these DRAM %. */
        static NcuLog deviation(double... dram) {
            NcuLog log = new NcuLog();
            log.output.addAll(List.of("# JMH version: 1.37", "# VM version: JDK 25.0.3, OpenJDK 64-Bit Server VM",
                    "# Benchmark: dev.jace.bench.DeviationBench.forward", "# Parameters: (backend = cuda, group = D4, "
                            + "kind = GROUP_MAP, maps = 32x32x28)",
                    "==PROF== Connected to process 52110 (/opt/jace/runtime/bin/java)",
                    "# Run progress: 0.00% complete, ETA 00:00:04", "# Fork: 1 of 1",
                    "==PROF== Connected to process 52188 (/opt/jace/runtime/bin/java)"));
            for (double d : dram) {
                log.kernel("jace_deviation_kernel", "(3136, 1, 1)", "(256, 1, 1)", 21337, d, d + 2, 31.5, "n/a");
            }
            log.output.addAll(List.of("# Warmup Iteration   1: 1843.213 us/op", "Iteration   1: 21.402 us/op",
                    "Result \"dev.jace.bench.DeviationBench.forward\":", "  21.402 us/op",
                    "Benchmark               (backend)  (group)     (kind)  (maps)  Mode  Cnt   Score   Error  Units",
                    "DeviationBench.forward       cuda       D4  GROUP_MAP  32x32x28  avgt       21.402          us/op",
                    "==PROF== Disconnected from process 52188", "==PROF== Disconnected from process 52110"));
            return log;
        }

        /**
         * A kernel launch, with ncu's progress line in the output: its time in ns and its DRAM, memory and SM
         * throughput and tensor cell (% of peak), then in a log with WarpStateStats its cells of WARP_STATES.
         */
        NcuLog kernel(String name, String grid, String block, double ns, double dram, double memory, double sm,
                      String tensor, String... warpStateCells) {
            return kernel(name, grid, block, ns, dram, memory, sm, tensor, List.of(), warpStateCells);
        }

        /** The same, in a log with the COUNTERS their cells. */
        NcuLog kernel(String name, String grid, String block, double ns, double dram, double memory, double sm,
                      String tensor, List<String> counterCells, String... warpStateCells) {
            if (warpStateCells.length != (warpStates ? WARP_STATES.size() : 0)) {
                throw new IllegalArgumentException("a cell for each of WARP_STATES where the log has them, else none");
            }
            if (counterCells.size() != (counters ? COUNTERS.size() : 0)) {
                throw new IllegalArgumentException("a cell for each of COUNTERS where the log has them, else none");
            }
            output.add("==PROF== Profiling \"" + name + "\" - " + kernels.size() + ": 0%....50%....100% - 9 passes");
            List<String> cells = new ArrayList<>(List.of("" + kernels.size(), "41872", "conv_gpu_check", "127.0.0.1",
                    name, "1", "7", block, grid, "0", "9.0"));
            cells.addAll(List.of(String.format(Locale.ROOT, "%.2f", dram), String.format(Locale.ROOT, "%.2f", memory),
                    String.format(Locale.US, "%,.0f", ns), grid.substring(1, grid.indexOf(',')), tensor,
                    String.format(Locale.ROOT, "%.2f", sm)));
            cells.addAll(List.of(warpStateCells));
            cells.addAll(counterCells);
            kernels.add(csv(cells));
            return this;
        }

        String header() {
            List<String> cells = new ArrayList<>(List.of("ID", "Process ID", "Process Name", "Host Name", "Kernel Name",
                    "Context", "Stream", "Block Size", "Grid Size", "Device", "CC"));
            cells.addAll(METRICS);
            cells.addAll(warpStates ? WARP_STATES : List.of());
            cells.addAll(counters ? COUNTERS : List.of());
            return csv(cells);
        }

        String units() {
            List<String> cells = new ArrayList<>(java.util.Collections.nCopies(11, ""));
            cells.addAll(UNITS);
            cells.addAll(java.util.Collections.nCopies(warpStates ? WARP_STATES.size() : 0, ""));
            cells.addAll(counters ? COUNTER_UNITS : List.of());
            return csv(cells);
        }

        static String csv(List<String> cells) {
            return "\"" + String.join("\",\"", cells) + "\"";
        }

        String text() {
            List<String> lines = new ArrayList<>(output);
            lines.add(header());
            lines.add(units());
            lines.addAll(kernels);
            return String.join("\n", lines) + "\n";
        }

        Path write(Path dir, String name) throws IOException {
            return Files.writeString(dir.resolve(name), text());
        }
    }

    /** BF16's conv engine as a CUDA backend with cuDNN names it. */
    static final String BF16_CUDNN = "cuDNN 9.10.0 (BF16: operands rounded to bfloat16 by libjace, output widened "
            + "back)";

    /** BF16's conv engine as a CUDA backend's name gave it before jace ran cuDNN's BF16 convolutions. */
    static final String BF16_CONV = "jace conv kernels (BF16: cuDNN is used for FP32 and TF32 only)";

    /**
     * One precision's {@code jace bench --backend cuda --json} run; by default every DIRECT row is 1.2× faster, the
     * EXPANDED rows ran on cuDNN in FP32 and TF32, on libjace's conv kernels in BF16, as files from before jace ran
     * cuDNN at BF16 have it (session 47's, on a host with cuDNN), the deviation reaches 3400 GB/s and the copy
     * (2 × 64 MiB) 4000 GB/s.
     */
    static final class Bench {
        final String precision;
        private final Map<String, double[]> conv = new LinkedHashMap<>();
        private final Map<String, String> choices = new HashMap<>();
        private final Map<String, Double> mins = new HashMap<>();
        private final Set<String> dropped = new HashSet<>();
        private double deviationGbps = 3400;
        private double copyGbps = 4000;
        private double[] stepRates = {20000, 40000, 51200};
        private String config = "default";
        private boolean complete = true;
        private String convKernels;
        private String backend = "cuda";
        private String expandedBackend;
        private final List<String> notes = new ArrayList<>();
        private MachineInfo machine;

        Bench(String precision) {
            this.precision = precision;
            expandedBackend = "cuda:0 (NVIDIA H200, " + precision + "; matmul: cuBLAS 13.0; conv: "
                    + (precision.equals("BF16") ? BF16_CONV : "cuDNN 9.10.0") + "; group conv: EXPANDED)";
            for (String pass : CONV_OPS) {
                conv("d4", "lifting-" + pass, 0.03, 0.036);
            }
            for (String group : List.of("c4", "d4")) {
                for (String pass : CONV_OPS) {
                    conv(group, "group-conv-" + pass, group.equals("c4") ? 0.05 : 0.1, group.equals("c4") ? 0.06 : 0.12);
                }
            }
        }

        /** The name of the backend the EXPANDED rows ran on, as bench records it; null: a file without it. */
        Bench expandedBackend(String name) {
            expandedBackend = name;
            return this;
        }

        /** A note of the run, as bench writes it. */
        Bench note(String text) {
            notes.add(text);
            return this;
        }

        Bench conv(String group, String op, double directMs, double expandedMs) {
            conv.put(group + " " + op, new double[] {directMs, expandedMs});
            return this;
        }

        /** The autotuner's choice for a case (default: the faster of the two). */
        Bench choice(String group, String op, String choice) {
            choices.put(group + " " + op, choice);
            return this;
        }

        /** A row's min time (default: 0.98 × its median). */
        Bench min(String group, String op, String algorithm, double minMs) {
            mins.put(group + " " + op + " " + algorithm, minMs);
            return this;
        }

        /** Leaves out rows: {@code "d4 group-conv-fwd EXPANDED"}, a whole op ({@code "deviation"}) or a group's. */
        Bench drop(String key) {
            dropped.add(key);
            return this;
        }

        Bench deviation(double gbps) {
            deviationGbps = gbps;
            return this;
        }

        Bench copy(double gbps) {
            copyGbps = gbps;
            return this;
        }

        Bench steps(double eager, double graph, double overlapped) {
            stepRates = new double[] {eager, graph, overlapped};
            return this;
        }

        Bench config(String name) {
            config = name;
            return this;
        }

        /**
         * The JACE_CONV_KERNELS value the file says it ran under, as bench writes it since session 72; by default none,
         * as files from before.
         */
        Bench convKernels(String value) {
            convKernels = value;
            return this;
        }

        /** As a run stopped before its end leaves its file: the rows so far, {@code "complete": false}. */
        Bench cutShort() {
            complete = false;
            return this;
        }

        /** {@code machine} as today's bench writes it; by default MACHINE as a bench before date and CPU details. */
        Bench machine(MachineInfo machine) {
            this.machine = machine;
            return this;
        }

        /** The same rows measured on the CPU backend (`jace bench` without a GPU). */
        Bench onCpu() {
            backend = "cpu";
            return this;
        }

        List<BenchRow> rows() {
            List<BenchRow> rows = new ArrayList<>();
            conv.forEach((key, ms) -> {
                String group = key.split(" ")[0];
                String op = key.split(" ")[1];
                boolean lifting = op.startsWith("lifting");
                ConvShape shape = lifting ? BenchConfig.DEFAULT.lifting() : BenchConfig.DEFAULT.group();
                double work = Workloads.convFlops(shape, lifting, group.equals("c4") ? 4 : 8);
                String choice = choices.getOrDefault(key, ms[0] <= ms[1] ? "DIRECT" : "EXPANDED");
                add(rows, key + " DIRECT", op, group, shape.toString(), "DIRECT", ms[0], work, "GFLOP/s");
                add(rows, key + " EXPANDED", op, group, shape.toString(), "EXPANDED", ms[1], work, "GFLOP/s");
                add(rows, key + " AUTO", op, group, shape.toString(), "AUTO:" + choice,
                        choice.equals("DIRECT") ? ms[0] : ms[1], work, "GFLOP/s");
            });
            double deviationBytes = Workloads.deviationBytes(8, 32L * 16 * 8 * 28 * 28);
            add(rows, "deviation", "deviation", "d4", "32,16,28", "-", deviationBytes / deviationGbps / 1e9 * 1e3,
                    deviationBytes, "GB/s");
            add(rows, "group-action", "group-action", "d4", "32,16,28", "-", 0.05,
                    Workloads.actionBytes(8, 32L * 16 * 8 * 28 * 28), "GB/s");
            double copyBytes = Workloads.copyBytes(1 << 24);
            add(rows, "copy", "copy", "-", "16777216", "-", copyBytes / copyGbps / 1e9 * 1e3, copyBytes, "GB/s");
            add(rows, "gemm", "gemm", "-", "512,512,512", "-", 0.02, Workloads.gemmFlops(512, 512, 512), "GFLOP/s");
            String step = "64,1,28,28";
            for (int i = 0; i < 3; i++) {
                String mode = GpuResults.STEP_MODES.get(i);
                add(rows, "ace-step " + mode, "ace-step", "c4", step, mode, 256 / stepRates[i] * 1e3, 256, "img/s");
            }
            add(rows, "p4cnn-fwd-bwd eager", "p4cnn-fwd-bwd", "c4", step, "eager", 2.0, 64, "img/s");
            add(rows, "p4cnn-fwd-bwd graph", "p4cnn-fwd-bwd", "c4", step, "graph", 1.0, 64, "img/s");
            return BenchCommand.withRatios(rows);
        }

        private void add(List<BenchRow> rows, String key, String op, String group, String shape, String algorithm,
                         double ms, double work, String unit) {
            if (dropped.contains(key) || dropped.contains(op) || dropped.contains(group + " " + op)) {
                return;
            }
            rows.add(new BenchRow(backend, op, group, shape, precision, algorithm, ms,
                    mins.getOrDefault(key, 0.98 * ms), work, unit, null));
        }

        /** Writes {@code bench-<precision>.json} as {@code jace bench --json} does. */
        Path write(Path dir) throws IOException {
            return write(dir, "bench-" + precision + ".json");
        }

        /** Writes the run to {@code name} in {@code dir}. */
        Path write(Path dir, String name) throws IOException {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("machine", machine != null ? machine.toJson() : Map.of("cpu", MACHINE.cpu().name(), "cores",
                    MACHINE.logicalCpus(), "jvm", MACHINE.jvm(), "gpu", MACHINE.gpu()));
            doc.put("config", config);
            if (convKernels != null) {
                doc.put("convKernels", convKernels);
            }
            doc.put("complete", complete);
            doc.put("rows", rows().stream().map(BenchRow::toJson).toList());
            doc.put("notes", notes);
            if (expandedBackend != null) {
                doc.put("expandedBackends", Map.of(backend, expandedBackend));
            }
            Path file = dir.resolve(name);
            Files.writeString(file, Json.writePretty(doc));
            return file;
        }
    }

    /** A JMH {@code -rf json} file of CublasGemmBench, DeviceCopyBench and FfmOverheadBench. */
    static final class Jmh {
        private final List<Map<String, Object>> entries = new ArrayList<>();

        /**
         * GEMM 50 / 366.5 / 687.2 TFLOP/s, copy 4000 GB/s, launch 2 µs in bursts, 2.3 µs sustained, launch + sync
         * 9.5 µs, downcall 6.1 ns.
         */
        static Jmh full() {
            return new Jmh().gemm("FP32", 8192, 21.99023255552).gemm("TF32", 8192, 3.0).gemm("BF16", 8192, 1.6)
                    .copy(256, 134.217728).ffm("noopLaunchBurst", 2000).ffm("noopLaunch", 2300)
                    .ffm("noopLaunchSync", 9500).ffm("version", 6.1);
        }

        Jmh gemm(String precision, int size, double msPerOp) {
            return add("dev.jace.bench.CublasGemmBench.gemm", Map.of("precision", precision, "size", "" + size),
                    msPerOp, "ms/op");
        }

        Jmh copy(int mebibytes, double usPerOp) {
            return add("dev.jace.bench.DeviceCopyBench.copy", Map.of("backend", "cuda", "mebibytes", "" + mebibytes),
                    usPerOp, "us/op");
        }

        Jmh ffm(String method, double nsPerOp) {
            return add("dev.jace.bench.FfmOverheadBench." + method, null, nsPerOp, "ns/op");
        }

        Jmh add(String benchmark, Map<String, String> params, double score, String unit) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("jmhVersion", "1.37");
            e.put("benchmark", benchmark);
            e.put("mode", "avgt");
            e.put("threads", 1);
            e.put("forks", 1);
            e.put("jvm", "/opt/jace/runtime/bin/java");
            e.put("jvmArgs", List.of("--enable-native-access=ALL-UNNAMED"));
            e.put("jdkVersion", "25.0.3");
            e.put("warmupIterations", 1);
            e.put("warmupTime", "1 s");
            e.put("measurementIterations", 3);
            e.put("measurementTime", "1 s");
            if (params != null) {
                e.put("params", new LinkedHashMap<>(params));
            }
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("score", score);
            // JMH writes NaN (one iteration, or no spread it can estimate) as a string.
            metric.put("scoreError", entries.size() % 2 == 0 ? 0.01 * score : "NaN");
            metric.put("scoreConfidence", List.of(0.99 * score, 1.01 * score));
            metric.put("scorePercentiles", Map.of("0.0", score, "50.0", score, "100.0", score));
            metric.put("scoreUnit", unit);
            metric.put("rawData", List.of(List.of(score, score, score)));
            e.put("primaryMetric", metric);
            e.put("secondaryMetrics", Map.of());
            entries.add(e);
            return this;
        }

        Path write(Path dir) throws IOException {
            return write(dir, "jmh-ceilings.json");
        }

        Path write(Path dir, String name) throws IOException {
            Path file = dir.resolve(name);
            Files.writeString(file, Json.writePretty(entries));
            return file;
        }
    }

    /**
     * GroupConvBench as the device check's {@code jmh-groupconv} step leaves it: {@code jmh-groupconv.json} and the
     * step's log, whose benchmark setups name their backend. By default every case of its precisions takes 1 ms
     * DIRECT and 1.25 ms EXPANDED (ratio 1.25), FP32's and TF32's EXPANDED on cuDNN 9.10.0, BF16's on libjace's conv.
     */
    static final class GroupConvJmh {
        static final List<String> SHAPES = List.of("1x8x8x28x3", "32x32x32x28x3", "128x32x32x7x5", "128x128x128x7x3",
                "32x8x8x64x3");
        static final List<String> PASSES = List.of("forward", "backwardData", "backwardFilter");
        private final List<String> precisions;
        private final Map<String, Double> ratios = new HashMap<>();
        private final Map<String, Double> directMs = new HashMap<>();
        private final Set<String> dropped = new HashSet<>();
        private final Map<String, String> conv = new HashMap<>();
        private List<String> algorithms = List.of("DIRECT", "EXPANDED");

        GroupConvJmh(String... precisions) {
            this.precisions = List.of(precisions);
        }

        /** Only the DIRECT cases, as the jmh-groupconv-wgmma step runs them. */
        GroupConvJmh directOnly() {
            algorithms = List.of("DIRECT");
            return this;
        }

        /** DIRECT takes {@code ms} (by default 1). */
        GroupConvJmh direct(String precision, String group, String shape, String pass, double ms) {
            directMs.put(key(precision, group, shape, pass), ms);
            return this;
        }

        /** EXPANDED takes {@code ratio} ms where DIRECT takes 1. */
        GroupConvJmh ratio(String precision, String group, String shape, String pass, double ratio) {
            ratios.put(key(precision, group, shape, pass), ratio);
            return this;
        }

        /** Leaves out one algorithm's score of a case (its benchmark failed). */
        GroupConvJmh drop(String precision, String group, String shape, String pass, String algorithm) {
            dropped.add(key(precision, group, shape, pass) + " " + algorithm);
            return this;
        }

        /** The conv engine the backends of {@code precision} name, as {@code cuDNN 9.10.0}. */
        GroupConvJmh conv(String precision, String engine) {
            conv.put(precision, engine);
            return this;
        }

        Path write(Path dir) throws IOException {
            return write(dir, "jmh-groupconv.json");
        }

        Path write(Path dir, String name) throws IOException {
            Jmh jmh = new Jmh();
            forEach((benchmark, params, ms) -> jmh.add(benchmark, params, ms, "ms/op"));
            return jmh.write(dir, name);
        }

        /** {@code NN-jmh-groupconv.log} as JMH prints a run in the host VM ({@code -f 0}), every benchmark finished. */
        Path log(Path dir, int step) throws IOException {
            return log(dir, String.format(Locale.ROOT, "%02d-jmh-groupconv.log", step));
        }

        /** The same log as {@code file}. */
        Path log(Path dir, String file) throws IOException {
            List<String> lines = new ArrayList<>(List.of("# JMH version: 1.37",
                    "# VM version: JDK 25.0.3, OpenJDK 64-Bit Server VM, 25.0.3+9-LTS"));
            forEach((benchmark, params, ms) -> {
                String precision = params.get("precision");
                String name = "cuda:0 (NVIDIA H200, " + precision + "; matmul: cuBLAS 13.0; conv: "
                        + conv.getOrDefault(precision, precision.equals("BF16") ? BF16_CONV : "cuDNN 9.10.0")
                        + "; group conv: " + params.get("algorithm") + ")";
                lines.addAll(List.of("# Benchmark: " + benchmark, "# Parameters: (algorithm = "
                        + params.get("algorithm") + ", backend = cuda, group = " + params.get("group")
                        + ", precision = " + precision + ", shape = " + params.get("shape") + ")", "",
                        "# Fork: N/A, test runs in the host VM",
                        "# Warmup Iteration   1: workload: 0.0924844 GFLOP per call (" + name + ")",
                        String.format(Locale.ROOT, "%.3f ms/op", ms), String.format(Locale.ROOT,
                                "Iteration   1: %.3f ms/op", ms), "", "Result \"" + benchmark + "\":",
                        String.format(Locale.ROOT, "  %.3f ±(99.9%%) 0.001 ms/op [Average]", ms), ""));
            });
            return Files.writeString(dir.resolve(file), String.join("\n", lines) + "\n");
        }

        private interface Entry {
            void add(String benchmark, Map<String, String> params, double ms) throws IOException;
        }

        /** Every score, in JMH's order: by pass, then the parameters alphabetically. */
        private void forEach(Entry entry) throws IOException {
            for (String pass : PASSES) {
                for (String algorithm : algorithms) {
                    for (String group : List.of("C4", "D4")) {
                        for (String precision : precisions) {
                            for (String shape : SHAPES) {
                                String key = key(precision, group, shape, pass);
                                if (dropped.contains(key + " " + algorithm)) {
                                    continue;
                                }
                                Map<String, String> params = new LinkedHashMap<>();
                                params.put("algorithm", algorithm);
                                params.put("backend", "cuda");
                                params.put("group", group);
                                params.put("precision", precision);
                                params.put("shape", shape);
                                entry.add("dev.jace.bench.GroupConvBench." + pass, params,
                                        algorithm.equals("DIRECT") ? directMs.getOrDefault(key, 1.0)
                                                : ratios.getOrDefault(key, 1.25));
                            }
                        }
                    }
                }
            }
        }

        private static String key(String precision, String group, String shape, String pass) {
            return precision + " " + group + " " + shape + " " + pass;
        }
    }

    /**
     * {@code NN-conv-kernels.log} as {@code conv_gpu_check} prints it (the same formats, native/test/conv_gpu_check.cu,
     * mma_sync_probe.cu and wgmma_probe.cu): the mma.sync probe's five lines first (since session 84), on Hopper, by
     * default, the wgmma probe's lines (TF32, then BF16) next, then the FAIL and NOTE lines given in their order, where
     * asked the tma probe's lines (after the argument checks, since session 74), the worst-error lines and the last
     * line, 2292 checks and a failure per FAIL line.
     */
    static final class ConvCheckLog {
        static final String MMA_SYNC_PROBE_PASSED = String.join("\n",
                "mma.sync probe: TF32 m16n8k8 exact at the documented fragment positions",
                "mma.sync probe: BF16 m16n8k16 exact at the documented fragment positions",
                "mma.sync probe: ldmatrix.x4.trans gives each lane its documented pair of each matrix",
                "mma.sync probe: BF16 m16n8k16 through ldmatrix.x4.trans from k-by-m and k-by-n arrays, as WarpTileMma "
                        + "loads them, exact",
                "mma.sync probe: round_tf32 rounds 104 floats (ties, carries, subnormals, overflow, infinities, NaN) "
                        + "to nearest even, as the host references do");
        static final String MMA_SYNC_PROBE_FAILED = "FAIL mma.sync probe TF32 m16n8k8: 64 of 128 elements of C + A B "
                + "wrong; with A's second and third registers exchanged 0 (the device takes A's rows g + 8 and columns "
                + "t + 4 the other way round)";
        static final String PROBE_PASSED = probePassed("TF32") + "\n" + probePassed("BF16");
        static final String PROBE_FAILED = probeFailed("TF32");
        static final String TMA_PROBE_PASSED = tmaProbePassed("TF32") + "\n" + tmaProbePassed("BF16");
        static final String TMA_PROBE_FAILED = "FAIL tma probe TF32: the tensor copies land as documented, but the "
                + "wgmma of 128-byte swizzled descriptors (layout type 1, SBO 1024, start stepped 32 bytes along K) "
                + "gets 7914 of 8192 elements wrong";
        static final String TMA_NOT_RUN = "NOTE wgmma plain gemm 128-row tma and JACE_CONV_KERNELS=wgmma-tma not run: "
                + "the tma probe failed";
        private final List<String> lines = new ArrayList<>();
        private String mmaSync = MMA_SYNC_PROBE_PASSED;
        private String tma;
        private String probe = PROBE_PASSED;
        private boolean cut;

        /** No mma.sync probe line: a conv_gpu_check from before it (session 84). */
        ConvCheckLog noMmaSyncProbe() {
            mmaSync = null;
            return this;
        }

        /** The mma.sync probe's TF32 product wrong: its lines of wrong elements and its FAIL line, then the others. */
        ConvCheckLog mmaSyncProbeFails() {
            mmaSync = "  TF32 m16n8k8: D[0][0] = 7, want 2\n" + MMA_SYNC_PROBE_FAILED + "\n"
                    + MMA_SYNC_PROBE_PASSED.substring(MMA_SYNC_PROBE_PASSED.indexOf('\n') + 1);
            return this;
        }

        /** No wgmma probe line: not a Hopper device, or a conv_gpu_check from before the probe. */
        ConvCheckLog noProbe() {
            probe = null;
            return this;
        }

        /** The TF32 probe failed: its lines of wrong elements, then its FAIL line; then the BF16 probe's line. */
        ConvCheckLog probeFails() {
            probe = wrongElements("TF32") + PROBE_FAILED + "\n" + probePassed("BF16");
            return this;
        }

        /** The TF32 probe's line, then the BF16 probe's lines of wrong elements and its FAIL line. */
        ConvCheckLog bf16ProbeFails() {
            probe = probePassed("TF32") + "\n" + wrongElements("BF16") + probeFailed("BF16");
            return this;
        }

        private static String probePassed(String precision) {
            return "wgmma probe: the 64 x 128 " + precision + " product of unswizzled K-major descriptors exact at the "
                    + "documented fragment positions";
        }

        static String probeFailed(String precision) {
            return "FAIL wgmma probe " + precision + ": 8192 of 8192 elements wrong; with the descriptors' byte "
                    + "offsets exchanged 0 (the device reads LBO and SBO the other way round)";
        }

        private static String wrongElements(String precision) {
            return "  wgmma probe " + precision + ": D[0][1] = 3, want 5\n  wgmma probe " + precision
                    + " (offsets exchanged): D[0][1] = 5, want 5\n";
        }

        private static String tmaProbePassed(String precision) {
            return "tma probe: tensor copies in 128-byte swizzle land at the documented places, and the 64 x 128 "
                    + precision + " product of their swizzled descriptors is exact";
        }

        /** The tma probe's lines, both passed, as conv_gpu_check prints them after its argument checks on Hopper. */
        ConvCheckLog tmaProbePasses() {
            tma = TMA_PROBE_PASSED;
            return this;
        }

        /**
         * The TF32 tma probe's FAIL line, the BF16 one's line, and the NOTE that the tensor-copy GEMM and convolutions
         * did not run.
         */
        ConvCheckLog tmaProbeFails() {
            tma = TMA_PROBE_FAILED + "\n" + tmaProbePassed("BF16") + "\n" + TMA_NOT_RUN;
            return this;
        }

        /** A FAIL line: {@code FAIL } and {@code rest}. */
        ConvCheckLog fail(String rest) {
            lines.add("FAIL " + rest);
            return this;
        }

        /** A NOTE line: {@code NOTE } and {@code rest}. */
        ConvCheckLog note(String rest) {
            lines.add("NOTE " + rest);
            return this;
        }

        /** Stopped before its end: neither the worst-error lines nor the last line. */
        ConvCheckLog cutShort() {
            cut = true;
            return this;
        }

        String text() {
            List<String> all = new ArrayList<>();
            if (mmaSync != null) {
                all.add(mmaSync);
            }
            if (probe != null) {
                all.add(probe);
            }
            all.addAll(lines);
            if (tma != null) {
                all.add(tma);
            }
            if (!cut) {
                for (String precision : DeviceCeilings.PRECISIONS) {
                    all.add("worst err / max(|x|*|w|) " + precision + ": forward 1.19e-07, backward_data 1.3e-07, "
                            + "backward_filter 2.2e-07");
                }
                long failures = all.stream().filter(l -> l.contains("FAIL ")).count();
                all.add("conv_gpu_check: 2292 checks, " + failures + " failures");
            }
            return String.join("\n", all) + "\n";
        }

        Path write(Path dir, int step) throws IOException {
            return Files.writeString(dir.resolve(String.format(Locale.ROOT, "%02d-conv-kernels.log", step)), text());
        }
    }

    /**
     * {@code 07-c-launch_overhead.log} as native/examples/launch_overhead prints it, µs per launch in bursts of 32,
     * enqueue only and with a synchronize; a null figure's line is left out (the program failed or was stopped).
     */
    static Path cLaunchLog(Path dir, Double burstUs, Double enqueueUs, Double synchronizeUs) throws IOException {
        List<String> lines = new ArrayList<>(List.of("NVIDIA H200"));
        if (burstUs != null) {
            lines.add(String.format(Locale.ROOT, "launch from C, bursts of 32: %.3f us per jace_noop (5 rounds, "
                    + "640000 launches)", burstUs));
        }
        if (enqueueUs != null) {
            lines.add(String.format(Locale.ROOT, "launch from C, enqueue only: %.3f us per jace_noop (5 rounds, "
                    + "512000 launches)", enqueueUs));
        }
        if (synchronizeUs != null) {
            lines.add(String.format(Locale.ROOT, "launch from C + synchronize: %.3f us per jace_noop + "
                    + "jace_stream_synchronize (5 rounds, 160000 launches)", synchronizeUs));
        }
        return Files.writeString(dir.resolve("07-c-launch_overhead.log"), String.join("\n", lines) + "\n");
    }

    /** {@code pytorch-c4-<precision>.json} as {@code p4cnn.py throughput --json} writes it. */
    static Path pytorch(Path dir, String precision, double medianImagesPerSecond) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("driver", "bench/pytorch/p4cnn.py throughput");
        doc.put("date", "2026-12-02T10:15:00+00:00");
        doc.put("torch", "2.5.1+cu124");
        doc.put("device", "cuda");
        doc.put("device_name", "NVIDIA H200");
        doc.put("threads", 16);
        doc.put("precision", precision);
        doc.put("cudnn_benchmark", true);
        doc.put("cuda_matmul_allow_tf32", false);
        doc.put("cudnn_allow_tf32", false);
        doc.put("group", "c4");
        doc.put("batch", 64);
        doc.put("probe_samples", 8);
        doc.put("probe_backward", "per symmetry type (as jace)");
        doc.put("data", "4 fixed batches, synthetic uniform [0, 1) images, random labels");
        doc.put("warmup_steps", 20);
        doc.put("steps_per_repeat", 50);
        doc.put("images_per_s_per_repeat", List.of(medianImagesPerSecond, medianImagesPerSecond));
        doc.put("median_images_per_s", medianImagesPerSecond);
        List<Object> others = new ArrayList<>();
        others.add(null);
        doc.put("other_processes_cores_per_repeat", others);
        Path file = dir.resolve("pytorch-c4-" + precision + ".json");
        Files.writeString(file, Json.writePretty(doc));
        return file;
    }
}
