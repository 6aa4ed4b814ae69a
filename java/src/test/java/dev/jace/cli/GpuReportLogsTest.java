package dev.jace.cli;

import dev.jace.cli.ConvKernelBench.Layer;
import dev.jace.cli.ConvKernelCheck.Counts;
import dev.jace.cli.ConvKernelCheck.Probe;
import dev.jace.cli.GpuReportFixture.ConvBenchLog;
import dev.jace.cli.GpuReportFixture.ConvCheckLog;
import dev.jace.cli.GpuReportFixture.NcuLog;
import dev.jace.cli.NcuProfile.Kernel;
import dev.jace.cli.NcuProfile.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jace.cli.GpuReportFixture.LARGE_28;
import static dev.jace.cli.GpuReportFixture.LARGE_7;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The step-log readers of {@code jace gpu-report}: {@code conv_gpu_check}'s kernel check, {@code conv_gpu_check
 * bench}'s timings, {@code launch_overhead}'s and ncu's CSV reports.
 */
class GpuReportLogsTest {

    private static final Layer SMALL = new Layer(64, 16, 32, 3);
    private static final Layer LARGE_7_LAYER = new Layer(128, 128, 7, 3);
    private static final Layer LARGE_28_LAYER = new Layer(32, 32, 28, 3);
    private static final Layer BENCH_28_LAYER = new Layer(16, 16, 28, 3);
    private static final Layer BATCH_1_LAYER = new Layer(1, 8, 28, 3);

    private static ConvKernelBench conv(Path dir, ConvBenchLog log) throws IOException {
        return ConvKernelBench.read(log.write(dir, 5));
    }

    private static NcuProfile ncu(Path dir, String text) throws IOException {
        return NcuProfile.read(Files.writeString(dir.resolve("06-ncu-conv.log"), text));
    }

    @Test
    void convBenchLogGivesEveryTiming(@TempDir Path dir) throws IOException {
        ConvKernelBench bench = conv(dir, new ConvBenchLog().tflops(LARGE_7, "TF32", "forward", 286.6));
        assertEquals("05-conv-kernels-bench.log", bench.file());
        assertEquals(27, bench.rows().size());
        assertTrue(bench.failures().isEmpty());
        assertTrue(bench.finished());
        assertEquals(new ConvKernelBench.Row(SMALL, "FP32", "forward", 0.483, 40.0), bench.rows().getFirst());
        // 2·128·7²·1024²·3² = 118.38 GFLOP at 286.6 TFLOP/s = 0.413 ms.
        assertEquals(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "forward", 0.413, 286.6),
                bench.row(LARGE_7_LAYER, "TF32", "forward").orElseThrow());
        assertEquals(new ConvKernelBench.Row(LARGE_28_LAYER, "BF16", "backward_filter", 0.074, 400.0),
                bench.rows().getLast());
        assertEquals(List.of(LARGE_7_LAYER, LARGE_28_LAYER), ConvKernelBench.LARGE_LAYERS);
        assertEquals("n128 c128 7x7 k3", LARGE_7_LAYER.toString());
    }

    /** Each entry point timed again under JACE_CONV_KERNELS=implicit-gemm: its own rows, not the default's. */
    @Test
    void convBenchLogGivesTheImplicitGemmTimingsApart(@TempDir Path dir) throws IOException {
        ConvKernelBench bench = conv(dir, new ConvBenchLog().implicitGemm(4).fail(LARGE_7, "TF32", "backward_data"));
        assertEquals(26, bench.rows().size());
        assertEquals(26, bench.implicitGemm().size());
        assertEquals(new ConvKernelBench.Row(SMALL, "FP32", "forward", 0.483, 40.0), bench.rows().getFirst());
        assertEquals(new ConvKernelBench.Row(SMALL, "FP32", "forward", 1.933, 10.0), bench.implicitGemm().getFirst());
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "forward", 1.894, 62.5)),
                bench.implicitGemmRow(LARGE_7_LAYER, "TF32", "forward"));
        assertEquals(Optional.empty(), bench.implicitGemmRow(LARGE_7_LAYER, "TF32", "backward_data"));
        assertEquals(1, bench.failures().size());
        assertTrue(conv(dir, new ConvBenchLog()).implicitGemm().isEmpty());
    }

    /**
     * On Hopper TF32's and BF16's entry points are timed a third time, under JACE_CONV_KERNELS=wgmma: rows apart.
     */
    @Test
    void convBenchLogGivesTheWgmmaTimingsApart(@TempDir Path dir) throws IOException {
        ConvKernelBench bench = conv(dir, new ConvBenchLog().implicitGemm(4).wgmma(1.25));
        assertEquals(27, bench.rows().size());
        assertEquals(27, bench.implicitGemm().size());
        // TF32's and BF16's 3 entry points of each of the 3 layers.
        assertEquals(18, bench.wgmma().size());
        assertTrue(bench.failures().isEmpty());
        assertTrue(bench.untimed().isEmpty());
        // 2·64·32²·128²·3² = 19.33 GFLOP at 312.5 TFLOP/s = 0.0618 ms.
        assertEquals(new ConvKernelBench.Row(SMALL, "TF32", "forward", 0.062, 312.5), bench.wgmma().getFirst());
        // 118.38 GFLOP at 312.5 TFLOP/s = 0.3788 ms; the default's row stays at 250 TFLOP/s, 0.4735 ms.
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_data", 0.379, 312.5)),
                bench.wgmmaRow(LARGE_7_LAYER, "TF32", "backward_data"));
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_data", 0.474, 250.0)),
                bench.row(LARGE_7_LAYER, "TF32", "backward_data"));
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_data", 1.894, 62.5)),
                bench.implicitGemmRow(LARGE_7_LAYER, "TF32", "backward_data"));
        // The same 118.38 GFLOP for backward_filter; the last is the 28x28 layer's, 29.6 GFLOP in 0.0947 ms.
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_filter", 0.379, 312.5)),
                bench.wgmmaRow(LARGE_7_LAYER, "TF32", "backward_filter"));
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_28_LAYER, "TF32", "backward_filter", 0.095, 312.5)),
                bench.wgmmaRow(LARGE_28_LAYER, "TF32", "backward_filter"));
        // BF16 at 400 TFLOP/s by default, 500 under wgmma: 118.38 GFLOP in 0.2368 ms, 29.6 GFLOP in 0.0592 ms.
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_7_LAYER, "BF16", "forward", 0.237, 500.0)),
                bench.wgmmaRow(LARGE_7_LAYER, "BF16", "forward"));
        assertEquals(new ConvKernelBench.Row(LARGE_28_LAYER, "BF16", "backward_filter", 0.059, 500.0),
                bench.wgmma().getLast());
        assertEquals(Optional.empty(), bench.wgmmaRow(LARGE_7_LAYER, "FP32", "forward"));
        assertTrue(conv(dir, new ConvBenchLog().implicitGemm(4)).wgmma().isEmpty());
    }

    /**
     * On Hopper each TF32 entry point's wgmma timing is followed by more, its kernels forced to 128-row, 192-row
     * (forward and backward_data only) and 256-row block tiles: rows apart from each other and from the wgmma kernels'
     * own.
     */
    @Test
    void convBenchLogGivesTheForcedWgmmaTileHeightsApart(@TempDir Path dir) throws IOException {
        ConvKernelBench bench = conv(dir, new ConvBenchLog().implicitGemm(4).wgmma(1.25).wgmmaTiles(1.6, 1.4, 1.5));
        assertEquals(27, bench.rows().size());
        assertEquals(27, bench.implicitGemm().size());
        assertEquals(18, bench.wgmma().size());
        assertEquals(9, bench.wgmma128().size(), "TF32 only");
        assertEquals(6, bench.wgmma192().size(), "no backward_filter: it has no 192-row tiles");
        assertEquals(9, bench.wgmma256().size());
        // 19.33 GFLOP at 250 TFLOP/s = 0.0773 ms: / 1.25 = 0.0618 (wgmma), / 1.6 = 0.0483, / 1.4 = 0.0552,
        // / 1.5 = 0.0515.
        assertEquals(new ConvKernelBench.Row(SMALL, "TF32", "forward", 0.062, 312.5), bench.wgmma().getFirst());
        assertEquals(new ConvKernelBench.Row(SMALL, "TF32", "forward", 0.048, 400.0), bench.wgmma128().getFirst());
        assertEquals(new ConvKernelBench.Row(SMALL, "TF32", "forward", 0.055, 350.0), bench.wgmma192().getFirst());
        assertEquals(new ConvKernelBench.Row(SMALL, "TF32", "forward", 0.052, 375.0), bench.wgmma256().getFirst());
        // 118.38 GFLOP: 0.4735 ms / 1.6 = 0.2959, / 1.4 = 0.3382, / 1.5 = 0.3157.
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_data", 0.296, 400.0)),
                bench.wgmma128Row(LARGE_7_LAYER, "TF32", "backward_data"));
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_data", 0.338, 350.0)),
                bench.wgmma192Row(LARGE_7_LAYER, "TF32", "backward_data"));
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_data", 0.316, 375.0)),
                bench.wgmma256Row(LARGE_7_LAYER, "TF32", "backward_data"));
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_data", 0.379, 312.5)),
                bench.wgmmaRow(LARGE_7_LAYER, "TF32", "backward_data"));
        assertEquals(Optional.empty(), bench.wgmma192Row(LARGE_7_LAYER, "TF32", "backward_filter"));
        // 29.6 GFLOP: 0.1184 ms / 1.4 = 0.0846, / 1.5 = 0.0789.
        assertEquals(new ConvKernelBench.Row(LARGE_28_LAYER, "TF32", "backward_data", 0.085, 350.0),
                bench.wgmma192().getLast());
        assertEquals(new ConvKernelBench.Row(LARGE_28_LAYER, "TF32", "backward_filter", 0.079, 375.0),
                bench.wgmma256().getLast());
        assertEquals(Optional.empty(), bench.wgmma128Row(LARGE_7_LAYER, "BF16", "forward"));
        assertTrue(bench.failures().isEmpty());
        ConvKernelBench before192 = conv(dir, new ConvBenchLog().implicitGemm(4).wgmma(1.25).wgmmaTiles(1.6, 0, 1.5));
        assertTrue(before192.wgmma192().isEmpty());
        assertEquals(bench.wgmma128(), before192.wgmma128());
        assertEquals(bench.wgmma256(), before192.wgmma256());
        ConvKernelBench older = conv(dir, new ConvBenchLog().implicitGemm(4).wgmma(1.25));
        assertTrue(older.wgmma128().isEmpty());
        assertTrue(older.wgmma192().isEmpty());
        assertTrue(older.wgmma256().isEmpty());
    }

    /**
     * On Hopper (since session 75) the log ends in each layer's TF32 and BF16 entry points under
     * JACE_CONV_KERNELS=wgmma-tma: rows of their own, apart from wgmma's; a FAIL or untimed wgmma-tma line is none.
     */
    @Test
    void convBenchLogGivesTheTensorCopyTimingsApart(@TempDir Path dir) throws IOException {
        ConvKernelBench bench = conv(dir, new ConvBenchLog().implicitGemm(4).wgmma(1.25).wgmmaTma(2));
        assertEquals(18, bench.wgmma().size());
        assertEquals(18, bench.wgmmaTma().size(), "3 entry points of 3 layers at TF32 and BF16");
        // In the log's order, layer by layer, TF32 then BF16: the ninth is the 7x7 layer's TF32 backward_filter, 118.38
        // GFLOP at 250 x 1.25 x 2 = 625 TFLOP/s: 0.1894 ms; the last the 28x28 layer's BF16 one, at 1000.
        assertEquals(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_filter", 0.189, 625.0),
                bench.wgmmaTma().get(8));
        assertEquals(new ConvKernelBench.Row(LARGE_28_LAYER, "BF16", "backward_filter", 0.03, 1000.0),
                bench.wgmmaTma().getLast());
        assertEquals(Optional.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_filter", 0.379, 312.5)),
                bench.wgmmaRow(LARGE_7_LAYER, "TF32", "backward_filter"));
        assertTrue(conv(dir, new ConvBenchLog().implicitGemm(4).wgmma(1.25)).wgmmaTma().isEmpty());

        Path log = dir.resolve("05-conv-kernels-bench.log");
        Files.writeString(log, String.join("\n",
                "FAIL bench wgmma-tma D4 group conv n128 c128 7x7 k3 TF32 backward_filter: status 9: launch failed",
                "bench wgmma-tma D4 group conv n128 c128 7x7 k3 BF16 backward_filter   0.000 ms      inf TFLOP/s",
                "bench wgmma-tma D4 group conv n32 c32 28x28 k3 TF32 backward_filter   0.070 ms    422.8 TFLOP/s",
                "conv_gpu_check bench: 1 failures", ""));
        ConvKernelBench read = ConvKernelBench.read(log);
        assertEquals(List.of(new ConvKernelBench.Row(LARGE_28_LAYER, "TF32", "backward_filter", 0.07, 422.8)),
                read.wgmmaTma());
        assertTrue(read.failures().isEmpty() && read.untimed().isEmpty() && read.wgmma().isEmpty());
    }

    /**
     * On Hopper each layer's timings follow one {@code wgmma tiles} line per entry point, the tiles
     * JACE_CONV_KERNELS=wgmma chooses for TF32 (rows 0: the pass keeps the default kernels); no timing among them.
     */
    @Test
    void convBenchLogGivesTheWgmmaTilesOfEachEntryPoint(@TempDir Path dir) throws IOException {
        ConvKernelBench bench = conv(dir, new ConvBenchLog().implicitGemm(4).wgmma(1.25).wgmmaTiles(1.6, 1.4, 1.5)
                .tiles(LARGE_7, "backward_data", 0, 1));
        assertEquals(9, bench.wgmmaTiles().size(), "3 entry points on 3 layers");
        assertEquals(new ConvKernelBench.Tiles(SMALL, "forward", 256, 1), bench.wgmmaTiles().getFirst());
        assertEquals(Optional.of(new ConvKernelBench.Tiles(LARGE_7_LAYER, "forward", 192, 1)),
                bench.wgmmaTiles(LARGE_7_LAYER, "forward"));
        assertEquals(Optional.of(new ConvKernelBench.Tiles(LARGE_7_LAYER, "backward_data", 0, 1)),
                bench.wgmmaTiles(LARGE_7_LAYER, "backward_data"));
        assertEquals(Optional.of(new ConvKernelBench.Tiles(LARGE_7_LAYER, "backward_filter", 128, 1)),
                bench.wgmmaTiles(LARGE_7_LAYER, "backward_filter"));
        assertEquals(Optional.of(new ConvKernelBench.Tiles(LARGE_28_LAYER, "backward_filter", 256, 7)),
                bench.wgmmaTiles(LARGE_28_LAYER, "backward_filter"));
        assertEquals(new ConvKernelBench.Tiles(LARGE_28_LAYER, "backward_filter", 256, 7),
                bench.wgmmaTiles().getLast());
        assertEquals(Optional.empty(), bench.wgmmaTiles(new Layer(1, 1, 1, 1), "forward"));
        assertEquals(27, bench.rows().size());
        assertEquals(18, bench.wgmma().size());
        assertTrue(bench.failures().isEmpty());
        assertTrue(bench.untimed().isEmpty());

        assertTrue(conv(dir, new ConvBenchLog().implicitGemm(4).wgmma(1.25).wgmmaTiles(1.6, 1.4, 1.5)
                .withoutTilesLines()).wgmmaTiles().isEmpty(), "a log from before the tiles lines");
    }

    /**
     * A failed {@code wgmma tiles} line is neither tiles nor one of the default kernels' failures, like the wgmma
     * timings' FAIL lines; where an entry point has several tiles lines, the last counts.
     */
    @Test
    void failedWgmmaTilesLinesAreNoTilesNorFailures(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("05-conv-kernels-bench.log");
        Files.writeString(log, String.join("\n",
                "wgmma tiles D4 group conv n128 c128 7x7 k3 forward 192 rows 1 splits",
                "FAIL wgmma tiles D4 group conv n128 c128 7x7 k3 TF32 backward_data: status 2: out of device memory",
                "wgmma tiles D4 group conv n128 c128 7x7 k3 backward_filter 128 rows 1 splits",
                "bench D4 group conv n128 c128 7x7 k3 TF32 forward             0.412 ms    286.6 TFLOP/s",
                "wgmma tiles D4 group conv n128 c128 7x7 k3 forward 256 rows 1 splits",
                "conv_gpu_check bench: 1 failures", ""));
        ConvKernelBench bench = ConvKernelBench.read(log);
        assertEquals(List.of(new ConvKernelBench.Tiles(LARGE_7_LAYER, "forward", 192, 1),
                new ConvKernelBench.Tiles(LARGE_7_LAYER, "backward_filter", 128, 1),
                new ConvKernelBench.Tiles(LARGE_7_LAYER, "forward", 256, 1)), bench.wgmmaTiles());
        assertEquals(Optional.of(new ConvKernelBench.Tiles(LARGE_7_LAYER, "forward", 256, 1)),
                bench.wgmmaTiles(LARGE_7_LAYER, "forward"));
        assertEquals(Optional.empty(), bench.wgmmaTiles(LARGE_7_LAYER, "backward_data"));
        assertEquals(List.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "forward", 0.412, 286.6)), bench.rows());
        assertTrue(bench.failures().isEmpty());
        assertTrue(bench.untimed().isEmpty());
        assertTrue(bench.finished());
    }

    /**
     * Since forward and backward_data split K, each layer's timings follow one {@code splits} line per entry point,
     * and each forward and backward_data of more than 1 split is timed again after its implicit GEMM, under
     * JACE_CONV_KERNELS=unsplit: rows apart from the default kernels' own; a log from before has neither.
     */
    @Test
    void convBenchLogGivesTheSplitsAndTheUnsplitTimingsApart(@TempDir Path dir) throws IOException {
        ConvKernelBench bench = conv(dir, new ConvBenchLog().implicitGemm(4).wgmma(1.25).splitK(1.5));
        assertEquals(45, bench.rows().size(), "5 layers");
        assertEquals(45, bench.implicitGemm().size());
        assertEquals(30, bench.wgmma().size());
        // forward and backward_data of 3 precisions on the 2 layers that split K.
        assertEquals(12, bench.unsplit().size());
        assertEquals(15, bench.splits().size(), "3 entry points on 5 layers");
        assertTrue(bench.failures().isEmpty());
        assertTrue(bench.untimed().isEmpty());
        assertEquals(new ConvKernelBench.Splits(SMALL, "forward", 1), bench.splits().getFirst());
        assertEquals(Optional.of(new ConvKernelBench.Splits(LARGE_28_LAYER, "backward_filter", 7)),
                bench.splits(LARGE_28_LAYER, "backward_filter"));
        assertEquals(Optional.of(new ConvKernelBench.Splits(BENCH_28_LAYER, "forward", 2)),
                bench.splits(BENCH_28_LAYER, "forward"));
        assertEquals(Optional.of(new ConvKernelBench.Splits(BATCH_1_LAYER, "backward_data", 4)),
                bench.splits(BATCH_1_LAYER, "backward_data"));
        assertEquals(Optional.empty(), bench.splits(BATCH_1_LAYER, "TF32"));
        // 2·16·28²·128²·3² = 3.699 GFLOP: 0.0925 ms at 40 TFLOP/s, 0.1387 ms at 26.7 with K whole.
        assertEquals(new ConvKernelBench.Row(BENCH_28_LAYER, "FP32", "forward", 0.139, 26.7),
                bench.unsplit().getFirst());
        assertEquals(Optional.of(new ConvKernelBench.Row(BENCH_28_LAYER, "FP32", "forward", 0.092, 40.0)),
                bench.row(BENCH_28_LAYER, "FP32", "forward"));
        assertEquals(Optional.of(new ConvKernelBench.Row(BENCH_28_LAYER, "FP32", "forward", 0.370, 10.0)),
                bench.implicitGemmRow(BENCH_28_LAYER, "FP32", "forward"));
        // 2·1·28²·64²·3² = 57.8 MFLOP at 5 TFLOP/s = 0.01156 ms; · 1.5 = 0.01734 ms at 3.3.
        assertEquals(Optional.of(new ConvKernelBench.Row(BATCH_1_LAYER, "TF32", "backward_data", 0.017, 3.3)),
                bench.unsplitRow(BATCH_1_LAYER, "TF32", "backward_data"));
        assertEquals(Optional.of(new ConvKernelBench.Row(BATCH_1_LAYER, "TF32", "backward_data", 0.012, 5.0)),
                bench.row(BATCH_1_LAYER, "TF32", "backward_data"));
        assertEquals(Optional.empty(), bench.unsplitRow(BATCH_1_LAYER, "TF32", "backward_filter"));
        assertEquals(Optional.empty(), bench.unsplitRow(LARGE_28_LAYER, "TF32", "forward"));

        ConvKernelBench older = conv(dir, new ConvBenchLog().implicitGemm(4).wgmma(1.25));
        assertTrue(older.unsplit().isEmpty());
        assertTrue(older.splits().isEmpty());
        assertEquals(Optional.empty(), older.splits(SMALL, "forward"));
        assertEquals(27, older.rows().size());
    }

    /**
     * A failed {@code splits} line is neither splits nor one of the default kernels' failures, like a failed
     * {@code wgmma tiles} line; nor is a failed or untimed {@code bench unsplit} line a row, a failure or untimed.
     */
    @Test
    void failedSplitsAndUnsplitLinesAreNoSplitsRowsNorFailures(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("05-conv-kernels-bench.log");
        Files.writeString(log, String.join("\n",
                "splits D4 group conv n16 c16 28x28 k3 forward 2 splits",
                "FAIL splits D4 group conv n16 c16 28x28 k3 FP32 backward_data: status 2: out of device memory",
                "splits D4 group conv n16 c16 28x28 k3 backward_filter 7 splits",
                "bench D4 group conv n16 c16 28x28 k3 TF32 forward             0.015 ms    246.6 TFLOP/s",
                "bench implicit-gemm D4 group conv n16 c16 28x28 k3 TF32 forward             0.037 ms    100.0 TFLOP/s",
                "bench unsplit D4 group conv n16 c16 28x28 k3 TF32 forward             0.022 ms    168.2 TFLOP/s",
                "bench D4 group conv n16 c16 28x28 k3 TF32 backward_data       0.016 ms    231.2 TFLOP/s",
                "FAIL bench unsplit D4 group conv n16 c16 28x28 k3 TF32 backward_data: status 2: out of memory",
                "bench D4 group conv n16 c16 28x28 k3 BF16 forward             0.009 ms    411.0 TFLOP/s",
                "bench unsplit D4 group conv n16 c16 28x28 k3 BF16 forward       0.000 ms      inf TFLOP/s",
                "conv_gpu_check bench: 2 failures", ""));
        ConvKernelBench bench = ConvKernelBench.read(log);
        assertEquals(List.of(new ConvKernelBench.Splits(BENCH_28_LAYER, "forward", 2),
                new ConvKernelBench.Splits(BENCH_28_LAYER, "backward_filter", 7)), bench.splits());
        assertEquals(Optional.empty(), bench.splits(BENCH_28_LAYER, "backward_data"));
        assertEquals(List.of(new ConvKernelBench.Row(BENCH_28_LAYER, "TF32", "forward", 0.022, 168.2)),
                bench.unsplit());
        assertEquals(List.of(new ConvKernelBench.Row(BENCH_28_LAYER, "TF32", "forward", 0.015, 246.6),
                new ConvKernelBench.Row(BENCH_28_LAYER, "TF32", "backward_data", 0.016, 231.2),
                new ConvKernelBench.Row(BENCH_28_LAYER, "BF16", "forward", 0.009, 411.0)), bench.rows());
        assertEquals(List.of(new ConvKernelBench.Row(BENCH_28_LAYER, "TF32", "forward", 0.037, 100.0)),
                bench.implicitGemm());
        assertTrue(bench.failures().isEmpty());
        assertTrue(bench.untimed().isEmpty());
        assertTrue(bench.finished());
    }

    /**
     * Since conv_gpu_check bench times the BF16 baseline's bfloat16 conversions, a layer's timings follow its
     * {@code staging bf16} line, its times padded to 8 characters: a staging per line, in the log's order, apart from
     * the rows; a log from before has none.
     */
    @Test
    void convBenchLogGivesTheBf16Staging(@TempDir Path dir) throws IOException {
        ConvBenchLog log = new ConvBenchLog().implicitGemm(4).staging(GpuReportFixture.SMALL, 0.0123, 0.015)
                .staging(LARGE_28, 0.1234, 0.2345);
        assertTrue(log.text().contains("staging bf16 D4 group conv n64 c16 32x32 k3 forward/backward_data   0.0123 ms "
                + "backward_filter   0.0150 ms\n"), log.text());
        ConvKernelBench bench = conv(dir, log);
        assertEquals(List.of(new ConvKernelBench.Staging(SMALL, 0.0123, 0.015),
                new ConvKernelBench.Staging(LARGE_28_LAYER, 0.1234, 0.2345)), bench.staging());
        assertEquals(27, bench.rows().size());
        assertTrue(bench.failures().isEmpty());
        assertTrue(bench.untimed().isEmpty());

        assertTrue(conv(dir, new ConvBenchLog().implicitGemm(4)).staging().isEmpty());
    }

    /**
     * Since session 73 conv_gpu_check bench ends, on Hopper, with the wgmma main loop on a plain GEMM: a
     * {@code bench wgmma-plain} line per precision, tile height and feed (cp.async, or since session 74 tensor copies:
     * {@code 128-row tma}), in the log's order; a failed one, or one whose time is none, is no timing, nor a failure or
     * untimed; a log from before has none.
     */
    @Test
    void convBenchLogGivesTheWgmmaMainLoopOnAPlainGemm(@TempDir Path dir) throws IOException {
        ConvBenchLog log = new ConvBenchLog().implicitGemm(4).wgmma(1.25).plain("TF32", 128, 350)
                .plain("BF16", 256, 600).plainTma("BF16", 640);
        assertTrue(log.text().contains("bench wgmma-plain TF32 m8192 n8192 k8192 128-row    3.141 ms    350.0 TFLOP/s\n"
                + "bench wgmma-plain BF16 m8192 n8192 k8192 256-row    1.833 ms    600.0 TFLOP/s\n"
                + "bench wgmma-plain BF16 m8192 n8192 k8192 128-row tma    1.718 ms    640.0 TFLOP/s\n"), log.text());
        ConvKernelBench bench = conv(dir, log);
        assertEquals(List.of(new ConvKernelBench.Plain("TF32", 8192, 8192, 8192, 128, false, 3.141, 350.0),
                new ConvKernelBench.Plain("BF16", 8192, 8192, 8192, 256, false, 1.833, 600.0),
                new ConvKernelBench.Plain("BF16", 8192, 8192, 8192, 128, true, 1.718, 640.0)), bench.wgmmaPlain());
        assertEquals(27, bench.rows().size());
        assertTrue(bench.failures().isEmpty());
        assertTrue(bench.untimed().isEmpty());
        assertTrue(conv(dir, new ConvBenchLog().implicitGemm(4).wgmma(1.25)).wgmmaPlain().isEmpty());

        Path raw = dir.resolve("05-conv-kernels-bench.log");
        Files.writeString(raw, String.join("\n",
                "FAIL bench wgmma-plain TF32 128-row: status 2, conv_gpu_check: out of device memory",
                "FAIL bench wgmma-plain TF32 128-row tma: status 3, conv_gpu_check: the CUDA driver has no "
                        + "cuTensorMapEncodeTiled (query status 1): update the driver",
                "bench wgmma-plain TF32 m8192 n8192 k8192 128-row tma      inf ms      0.0 TFLOP/s",
                "bench wgmma-plain TF32 m8192 n8192 k8192 128-rowtma    3.000 ms    366.0 TFLOP/s",
                "bench wgmma-plain TF32 m8192 n8192 k8192 256-row    0.000 ms      inf TFLOP/s",
                "bench wgmma-plain BF16 m8192 n8192 k8192 128-row      nan ms      nan TFLOP/s",
                "bench wgmma-plain BF16 m8192 n8192 k8192 256-row    0.000 ms      0.0 TFLOP/s",
                "bench wgmma-plain BF16 m256 n256 k256 128-row 56.707 ms 0.0 TFLOP/s",
                "conv_gpu_check bench: 1 failures", ""));
        ConvKernelBench rawBench = ConvKernelBench.read(raw);
        assertEquals(List.of(new ConvKernelBench.Plain("BF16", 256, 256, 256, 128, false, 56.707, 0.0)),
                rawBench.wgmmaPlain());
        assertTrue(rawBench.failures().isEmpty());
        assertTrue(rawBench.untimed().isEmpty());
        assertTrue(rawBench.finished());
    }

    /**
     * The reader parses the plain GEMM's line in the format conv_gpu_check.cu prints it, with each label of its loops
     * (kPlainLoops: the cp.async feed in 128- and 256-row tiles, the tensor copies' in 128-row tiles).
     */
    @Test
    void plainLineReaderMatchesTheProgramsFormat(@TempDir Path dir) throws IOException {
        String check = Files.readString(Path.of("../native/test/conv_gpu_check.cu"));
        Matcher format = Pattern.compile("printf\\(\"(bench wgmma-plain [^\"]*)\\\\n\"").matcher(check);
        assertTrue(format.find(), "conv_gpu_check.cu's bench wgmma-plain line");
        Matcher loops = Pattern.compile("\\{(\\d+), (false|true), \"([^\"]+)\"}").matcher(check);
        List<String> lines = new ArrayList<>();
        List<ConvKernelBench.Plain> expected = new ArrayList<>();
        while (loops.find()) {
            lines.add(String.format(Locale.ROOT, format.group(1), "TF32", 6272, 1024, 9216, loops.group(3), 0.39461,
                    300.0));
            expected.add(new ConvKernelBench.Plain("TF32", 6272, 1024, 9216, Integer.parseInt(loops.group(1)),
                    Boolean.parseBoolean(loops.group(2)), 0.3946, 300.0));
        }
        assertEquals(3, expected.size(), "kPlainLoops' three loops");
        Path log = Files.writeString(dir.resolve("05-conv-kernels-bench.log"), String.join("\n", lines) + "\n");
        assertEquals(expected, ConvKernelBench.read(log).wgmmaPlain());
    }

    /** A failed {@code staging bf16} line, or one whose times are none, is no staging, nor a failure or untimed. */
    @Test
    void failedOrUntimedStagingLinesAreNoStagingNorFailures(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("05-conv-kernels-bench.log");
        Files.writeString(log, String.join("\n",
                "FAIL staging bf16 D4 group conv n64 c16 32x32 k3: status 2: out of device memory",
                "staging bf16 D4 group conv n128 c128 7x7 k3 forward/backward_data      inf ms "
                        + "backward_filter   0.0150 ms",
                "staging bf16 D4 group conv n32 c32 28x28 k3 forward/backward_data   0.0000 ms "
                        + "backward_filter   0.0150 ms",
                "staging bf16 D4 group conv n16 c16 28x28 k3 forward/backward_data   0.0123 ms "
                        + "backward_filter      nan ms",
                "staging bf16 D4 group conv n1 c8 28x28 k3 forward/backward_data 12.5 ms backward_filter 0.75 ms",
                "conv_gpu_check bench: 1 failures", ""));
        ConvKernelBench bench = ConvKernelBench.read(log);
        assertEquals(List.of(new ConvKernelBench.Staging(BATCH_1_LAYER, 12.5, 0.75)), bench.staging());
        assertTrue(bench.failures().isEmpty());
        assertTrue(bench.untimed().isEmpty());
        assertTrue(bench.finished());
    }

    /**
     * A wgmma line, the chosen tile height's or a forced one's, that failed or timed nothing is no row, nor one of the
     * default kernels' failures or untimed entry points.
     */
    @Test
    void failedOrUntimedWgmmaLinesAreNoRows(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("05-conv-kernels-bench.log");
        Files.writeString(log, String.join("\n",
                "NOTE JACE_CONV_KERNELS=wgmma: the default kernels' bits",
                "bench D4 group conv n128 c128 7x7 k3 TF32 forward             0.412 ms    286.6 TFLOP/s",
                "bench implicit-gemm D4 group conv n128 c128 7x7 k3 TF32 forward             0.824 ms    143.3 TFLOP/s",
                "FAIL bench wgmma D4 group conv n128 c128 7x7 k3 TF32 forward: status 2: out of device memory",
                "FAIL bench wgmma-128 D4 group conv n128 c128 7x7 k3 TF32 forward: status 2: out of device memory",
                "FAIL bench wgmma-192 D4 group conv n128 c128 7x7 k3 TF32 forward: status 2: out of device memory",
                "bench wgmma-256 D4 group conv n128 c128 7x7 k3 TF32 forward         0.300 ms    394.6 TFLOP/s",
                "bench D4 group conv n128 c128 7x7 k3 TF32 backward_data       0.500 ms    236.8 TFLOP/s",
                "bench wgmma D4 group conv n128 c128 7x7 k3 TF32 backward_data       0.000 ms      inf TFLOP/s",
                "bench wgmma-128 D4 group conv n128 c128 7x7 k3 TF32 backward_data   0.000 ms      inf TFLOP/s",
                "bench wgmma-192 D4 group conv n128 c128 7x7 k3 TF32 backward_data   0.280 ms    422.8 TFLOP/s",
                "FAIL bench wgmma-256 D4 group conv n128 c128 7x7 k3 TF32 backward_data: status 2: out of memory",
                "bench D4 group conv n32 c32 28x28 k3 TF32 forward             0.120 ms    246.6 TFLOP/s",
                "bench wgmma D4 group conv n32 c32 28x28 k3 TF32 forward              0.100 ms    295.9 TFLOP/s",
                "bench wgmma-128 D4 group conv n32 c32 28x28 k3 TF32 forward          0.110 ms    269.0 TFLOP/s",
                "bench wgmma-192 D4 group conv n32 c32 28x28 k3 TF32 forward          0.000 ms      inf TFLOP/s",
                "bench wgmma-256 D4 group conv n32 c32 28x28 k3 TF32 forward            nan ms      nan TFLOP/s",
                "conv_gpu_check bench: 3 failures", ""));
        ConvKernelBench bench = ConvKernelBench.read(log);
        assertEquals(List.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "forward", 0.412, 286.6),
                new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_data", 0.5, 236.8),
                new ConvKernelBench.Row(LARGE_28_LAYER, "TF32", "forward", 0.12, 246.6)), bench.rows());
        assertEquals(List.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "forward", 0.824, 143.3)),
                bench.implicitGemm());
        assertEquals(List.of(new ConvKernelBench.Row(LARGE_28_LAYER, "TF32", "forward", 0.1, 295.9)), bench.wgmma());
        assertEquals(List.of(new ConvKernelBench.Row(LARGE_28_LAYER, "TF32", "forward", 0.11, 269.0)),
                bench.wgmma128());
        assertEquals(List.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "backward_data", 0.28, 422.8)),
                bench.wgmma192());
        assertEquals(List.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "forward", 0.3, 394.6)),
                bench.wgmma256());
        assertTrue(bench.failures().isEmpty());
        assertTrue(bench.untimed().isEmpty());
        assertTrue(bench.finished());
        assertEquals("not in the log", bench.whyMissing(LARGE_7_LAYER, "TF32", "backward_filter"));
    }

    @Test
    void stepTrafficLogGivesTheCallsPerWarmStep(@TempDir Path dir) throws IOException {
        Path log = GpuReportFixture.stepTrafficLog(dir, 14, "overlapped", java.util.Map.of("copyIn", 3.0,
                "readLater", 3.0, "download", 0.5));
        StepTrafficLog traffic = StepTrafficLog.read(log);
        assertEquals("14-step-traffic-overlapped.log", traffic.file());
        assertEquals("cuda:0 (NVIDIA H200, FP32; matmul: cuBLAS 13.0; conv: cuDNN 9.10.0; group conv: DIRECT)",
                traffic.backend());
        assertEquals(java.util.Map.of("copyIn", 3.0, "readLater", 3.0, "download", 0.5), traffic.calls());
        assertEquals("0.5 download, 0 upload, 0 synchronize, 0 allocate, 0 round-trip waits", traffic.hostBound());
        assertFalse(traffic.staysOnDevice());
        assertTrue(traffic.complete());
        assertEquals(Optional.of(new StepTrafficLog.Waits(0, 5)), traffic.waits());

        Path roundTrips = GpuReportFixture.stepTrafficLog(dir, 14, "overlapped", java.util.Map.of("readLater", 5.0),
                2.5, 2.5);
        assertEquals(Optional.of(new StepTrafficLog.Waits(2.5, 2.5)), StepTrafficLog.read(roundTrips).waits());
        assertEquals("0 download, 0 upload, 0 synchronize, 0 allocate, 2.5 round-trip waits",
                StepTrafficLog.read(roundTrips).hostBound());
        String full = Files.readString(roundTrips);
        // Cut short within the wait table, or written before StepTraffic counted waits: no waits rather than some.
        Files.writeString(roundTrips, full.substring(0, full.lastIndexOf('\n', full.indexOf("ms  overlapped")) + 1));
        assertEquals(Optional.empty(), StepTrafficLog.read(roundTrips).waits());
        assertFalse(StepTrafficLog.read(roundTrips).predatesWaits());
        Files.writeString(roundTrips, full.substring(0, full.indexOf("host waits per warm step")));
        StepTrafficLog cut = StepTrafficLog.read(roundTrips);
        assertEquals(Optional.empty(), cut.waits());
        assertTrue(cut.complete());
        assertFalse(cut.predatesWaits(), "stopped before its wait table, not written by an older StepTraffic");
        // An older StepTraffic's log: the calls and sites tables, then straight to its closing line.
        Files.writeString(roundTrips, full.substring(0, full.indexOf("host waits per warm step"))
                + full.substring(full.indexOf("(a replayed step's kernels")));
        StepTrafficLog old = StepTrafficLog.read(roundTrips);
        assertEquals(Optional.empty(), old.waits());
        assertTrue(old.complete());
        assertTrue(old.predatesWaits());
        assertEquals("0 download, 0 upload, 0 synchronize, 0 allocate, round-trip waits not counted", old.hostBound());
        assertTrue(StepTrafficLog.read(GpuReportFixture.stepTrafficLog(dir, 15, "eager", java.util.Map.of()))
                .waits().isPresent());

        // Cut short within the table: no counts rather than some.
        String text = Files.readString(log);
        Files.writeString(log, text.substring(0, text.indexOf("host transfers")));
        assertEquals(new StepTrafficLog("14-step-traffic-overlapped.log", "", java.util.Map.of(), false,
                Optional.empty(), false), StepTrafficLog.read(log));
    }

    @Test
    void nvidiaSmiLogGivesTheDriverAndTheDay(@TempDir Path dir) throws IOException {
        GpuReportFixture.gpuLogs(dir);
        NvidiaSmiQuery query = NvidiaSmiQuery.read(dir.resolve("01-gpu.log"));
        assertEquals(List.of("timestamp", "name", "driver_version", "memory.total", "clocks.max.sm"),
                List.copyOf(query.fields().keySet()));
        assertEquals(Optional.of("580.65.06"), query.driver());
        assertEquals(Optional.of("2026-12-02"), query.date());
        // An older check queried no timestamp; nvidia-smi -L's log has no query at all.
        Path old = Files.writeString(dir.resolve("01-gpu.log"), "name, driver_version\nNVIDIA H200, 580.65.06\n");
        assertEquals(Optional.empty(), NvidiaSmiQuery.read(old).date());
        assertEquals(Optional.of("580.65.06"), NvidiaSmiQuery.read(old).driver());
        assertEquals(java.util.Map.of(), NvidiaSmiQuery.read(dir.resolve("00-gpu.log")).fields());
    }

    /** conv_gpu_check without a CUDA device prints SKIP and exits 0: the log says so, it was not cut short. */
    @Test
    void aConvBenchLogThatSkippedSaysWhy(@TempDir Path dir) throws IOException {
        ConvKernelBench bench = ConvKernelBench.read(Files.writeString(dir.resolve("05-conv-kernels-bench.log"),
                "SKIP conv_gpu_check: no CUDA device\n"));
        assertEquals(Optional.of("conv_gpu_check: no CUDA device"), bench.skipped());
        assertEquals("skipped, the log says: conv_gpu_check: no CUDA device", bench.whyMissing(LARGE_7_LAYER, "TF32",
                "forward"));
        assertEquals(Optional.empty(), conv(dir, new ConvBenchLog().cutAfter(3)).skipped());
    }

    /** A clean run on Hopper: its counts from the last line, the probes passed, no FAIL or NOTE line. */
    @Test
    void convCheckLogGivesTheCountsAndTheProbe(@TempDir Path dir) throws IOException {
        ConvKernelCheck check = ConvKernelCheck.read(new ConvCheckLog().write(dir, 4));
        assertEquals(new ConvKernelCheck("04-conv-kernels.log", Optional.of(new Counts(2292, 0)), Probe.PASSED,
                Probe.PASSED, Probe.NOT_RUN, List.of(), List.of(), Optional.empty()), check);
        assertEquals(Optional.empty(), check.wgmmaWarning());
        assertEquals(Optional.empty(), check.otherWarning());
    }

    /**
     * Every FAIL line in order, the probe's first (its lines of wrong elements are none), and the NOTE lines; the wgmma
     * kernels' FAIL lines (under JACE_CONV_KERNELS=wgmma, wgmma-128, wgmma-192 or wgmma-256, their graph, the probe)
     * apart from the others'.
     */
    @Test
    void convCheckLogGivesEveryFailAndNoteLineAndWhoseTheyAre(@TempDir Path dir) throws IOException {
        String wgmma = "D4 group n1 cin5 cout20 h10 w9 k3 pad2 JACE_CONV_KERNELS=wgmma backward_filter prec 1: rel err "
                + "1.86 (tol 1e-02)";
        String plain = "D4 group n2 cin3 cout5 h11 w11 k5 pad2 forward prec 0: rel err 0.031 (tol 1e-05)";
        String wgmma192 = "JACE_CONV_KERNELS=wgmma-192 backward_data: status 5 (default 0), "
                + "jace_group_conv_backward_data: launch failed";
        String note = "JACE_CONV_KERNELS=wgmma forward: the default kernels' bits (both kernels' tensor cores summed "
                + "alike; the bench's times tell them apart)";
        ConvKernelCheck check = ConvKernelCheck.read(new ConvCheckLog().probeFails().fail(wgmma).fail(plain)
                .fail("JACE_CONV_KERNELS=wgmma-256 forward: status 5 (default 0), jace_group_conv_forward: launch "
                        + "failed").note(note).fail("graph wgmma-256 TF32 replay 1: not the eager call's bits")
                .fail("JACE_CONV_KERNELS=wgmma-128 k1 pad1 forward: status 0 (default 0), the default kernels' bits")
                .fail("graph TF32: status eager 0, captured 5: out of memory").fail("NULL x: status 0, message ''")
                .fail(wgmma192).fail("graph wgmma-192 TF32 replay 0: not the eager call's bits").write(dir, 4));
        assertEquals(Optional.of(new Counts(2292, 10)), check.counts());
        assertEquals(Probe.FAILED, check.probe());
        List<String> wgmmaLines = List.of(ConvCheckLog.PROBE_FAILED, "FAIL " + wgmma, "FAIL JACE_CONV_KERNELS="
                + "wgmma-256 forward: status 5 (default 0), jace_group_conv_forward: launch failed", "FAIL graph "
                + "wgmma-256 TF32 replay 1: not the eager call's bits", "FAIL JACE_CONV_KERNELS=wgmma-128 k1 pad1 "
                + "forward: status 0 (default 0), the default kernels' bits", "FAIL " + wgmma192, "FAIL graph "
                + "wgmma-192 TF32 replay 0: not the eager call's bits");
        List<String> others = List.of("FAIL " + plain, "FAIL graph TF32: status eager 0, captured 5: out of memory",
                "FAIL NULL x: status 0, message ''");
        assertEquals(wgmmaLines, check.wgmmaFailures());
        assertEquals(others, check.otherFailures());
        assertEquals(List.of(wgmmaLines.get(0), wgmmaLines.get(1), others.get(0), wgmmaLines.get(2),
                wgmmaLines.get(3), wgmmaLines.get(4), others.get(1), others.get(2), wgmmaLines.get(5),
                wgmmaLines.get(6)), check.failures());
        assertEquals(List.of("NOTE " + note), check.notes());
        assertEquals(Optional.of("the wgmma kernels FAILED the kernel check (7 FAIL lines in `04-conv-kernels.log`), "
                + "so their times are of wrong results"), check.wgmmaWarning());
        assertEquals(Optional.of("the kernel check failed: 3 FAIL lines in `04-conv-kernels.log`"),
                check.otherWarning());

        ConvKernelCheck probeOnly = ConvKernelCheck.read(new ConvCheckLog().probeFails().write(dir, 4));
        assertEquals(List.of(ConvCheckLog.PROBE_FAILED), probeOnly.wgmmaFailures());
        assertEquals(Optional.of("the wgmma kernels FAILED the kernel check (1 FAIL line in `04-conv-kernels.log`), "
                + "so their times are of wrong results"), probeOnly.wgmmaWarning());
        assertEquals(Optional.empty(), probeOnly.otherWarning());
        ConvKernelCheck plainOnly = ConvKernelCheck.read(new ConvCheckLog().fail(plain).write(dir, 4));
        assertEquals(Probe.PASSED, plainOnly.probe());
        assertEquals(Optional.empty(), plainOnly.wgmmaWarning());
        assertEquals(Optional.of("the kernel check failed: 1 FAIL line in `04-conv-kernels.log`"),
                plainOnly.otherWarning());
    }

    /**
     * Since session 74 the tma probe's lines come after the argument checks on Hopper: passed, or a FAIL line, which
     * is the wgmma kernels' (their times marked), and the NOTE that the tensor-copy GEMM then did not run.
     */
    @Test
    void convCheckLogGivesTheTmaProbe(@TempDir Path dir) throws IOException {
        ConvKernelCheck passed = ConvKernelCheck.read(new ConvCheckLog().tmaProbePasses().write(dir, 4));
        assertEquals(Probe.PASSED, passed.probe());
        assertEquals(Probe.PASSED, passed.tmaProbe());
        assertEquals(Optional.empty(), passed.wgmmaWarning());
        ConvKernelCheck failed = ConvKernelCheck.read(new ConvCheckLog().tmaProbeFails().write(dir, 4));
        assertEquals(Probe.PASSED, failed.probe());
        assertEquals(Probe.FAILED, failed.tmaProbe());
        assertEquals(List.of(ConvCheckLog.TMA_PROBE_FAILED), failed.wgmmaFailures());
        assertEquals(Optional.empty(), failed.otherWarning());
        assertEquals(List.of(ConvCheckLog.TMA_NOT_RUN), failed.notes());
        assertEquals(Probe.NOT_RUN, ConvKernelCheck.read(new ConvCheckLog().write(dir, 4)).tmaProbe());
    }

    /** A run stopped at its limit has no last line: no counts, but the lines it printed before. */
    @Test
    void aConvCheckLogCutShortHasNoCounts(@TempDir Path dir) throws IOException {
        ConvKernelCheck check = ConvKernelCheck.read(new ConvCheckLog().fail("graph wgmma TF32: status eager 0, "
                + "captured 5: out of memory").cutShort().write(dir, 4));
        assertEquals(new ConvKernelCheck("04-conv-kernels.log", Optional.empty(), Probe.PASSED, Probe.PASSED,
                Probe.NOT_RUN, List.of("FAIL graph wgmma TF32: status eager 0, captured 5: out of memory"), List.of(),
                Optional.empty()), check);
        assertEquals(1, check.wgmmaFailures().size());
    }

    /** Without a CUDA device conv_gpu_check prints SKIP and nothing else: no counts, no probe, the reason. */
    @Test
    void aConvCheckLogThatSkippedSaysWhy(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("04-conv-kernels.log"), "SKIP conv_gpu_check: no CUDA device\n");
        assertEquals(new ConvKernelCheck("04-conv-kernels.log", Optional.empty(), Probe.NOT_RUN, Probe.NOT_RUN,
                Probe.NOT_RUN, List.of(), List.of(), Optional.of("conv_gpu_check: no CUDA device")),
                ConvKernelCheck.read(log));
    }

    /** No probe line: not a Hopper device, or a conv_gpu_check from before the probe; the quick run's last line. */
    @Test
    void aConvCheckLogWithoutAProbeLineDidNotRunIt(@TempDir Path dir) throws IOException {
        ConvKernelCheck check = ConvKernelCheck.read(new ConvCheckLog().noProbe().write(dir, 4));
        assertEquals(Probe.NOT_RUN, check.probe());
        assertEquals(Optional.of(new Counts(2292, 0)), check.counts());
        Path quick = Files.writeString(dir.resolve("04-conv-kernels.log"), String.join("\n",
                "  wgmma probe: D[0][1] = 3, want 5", "CUDA error cudaErrorLaunchFailure at conv_gpu_check.cu:214: x",
                "conv_gpu_check quick: 310 checks, 0 failures", ""));
        assertEquals(new ConvKernelCheck("04-conv-kernels.log", Optional.of(new Counts(310, 0)), Probe.NOT_RUN,
                Probe.NOT_RUN, Probe.NOT_RUN, List.of(), List.of(), Optional.empty()), ConvKernelCheck.read(quick));
    }

    /**
     * The mma.sync probe's FAIL line (its lines of wrong elements are none) fails it whatever its other facts' lines
     * say, and counts among the default kernels' failures; a log from before the probe did not run it.
     */
    @Test
    void aConvCheckLogGivesTheMmaSyncProbe(@TempDir Path dir) throws IOException {
        ConvKernelCheck failed = ConvKernelCheck.read(new ConvCheckLog().mmaSyncProbeFails().write(dir, 4));
        assertEquals(Probe.FAILED, failed.mmaSyncProbe());
        assertEquals(Probe.PASSED, failed.probe());
        assertEquals(List.of(ConvCheckLog.MMA_SYNC_PROBE_FAILED), failed.otherFailures());
        assertEquals(List.of(), failed.wgmmaFailures());
        assertEquals(Optional.of("the kernel check failed: 1 FAIL line in `04-conv-kernels.log`"),
                failed.otherWarning());
        assertEquals(Probe.NOT_RUN, ConvKernelCheck.read(new ConvCheckLog().noMmaSyncProbe().write(dir, 4))
                .mmaSyncProbe());
    }

    /** The reader parses the probe's and the last line that conv_gpu_check's printf formats give. */
    @Test
    void convCheckReaderMatchesTheProgramsFormats(@TempDir Path dir) throws IOException {
        String probe = Files.readString(Path.of("../native/test/wgmma_probe.cu"));
        Matcher passed = Pattern.compile("printf\\(\"(wgmma probe: [^\"]*)\"\\s*\"([^\"]*)\\\\n\"").matcher(probe);
        assertTrue(passed.find(), "wgmma_probe.cu's line of a passed probe");
        String format = passed.group(1) + passed.group(2);
        assertEquals(ConvCheckLog.PROBE_PASSED, format.replace("%s", "TF32") + "\n" + format.replace("%s", "BF16"));
        assertTrue(probe.contains("const int tf32 = probe(4);") && probe.contains("return tf32 + probe(2);"),
                "the TF32 probe first, then the BF16 one");
        assertTrue(probe.contains("printf(\"FAIL wgmma probe %s: "), "wgmma_probe.cu's FAIL lines");
        Matcher tmaPassed = Pattern.compile("printf\\(\"(tma probe: [^\"]*)\"\\s*\"([^\"]*)\\\\n\"").matcher(probe);
        assertTrue(tmaPassed.find(), "wgmma_probe.cu's line of a passed tma probe");
        String tmaFormat = tmaPassed.group(1) + tmaPassed.group(2);
        assertEquals(ConvCheckLog.TMA_PROBE_PASSED, tmaFormat.replace("%s", "TF32") + "\n"
                + tmaFormat.replace("%s", "BF16"));
        assertTrue(probe.contains("printf(\"FAIL tma probe %s: "), "wgmma_probe.cu's tma FAIL lines");
        String mmaSync = Files.readString(Path.of("../native/test/mma_sync_probe.cu")).replaceAll("\"\\s+\"", "");
        Pattern factLine = Pattern.compile("mma\\.sync probe: (TF32 m16n8k8|BF16 m16n8k16 through "
                + "ldmatrix\\.x4\\.trans|BF16 m16n8k16|ldmatrix\\.x4\\.trans|round_tf32) (.*)");
        for (String line : ConvCheckLog.MMA_SYNC_PROBE_PASSED.split("\n")) {
            Matcher fact = factLine.matcher(line);
            assertTrue(fact.matches(), line);
            assertTrue(mmaSync.contains("\"" + fact.group(1) + "\""), "mma_sync_probe.cu names the fact of: " + line);
            String words = fact.group(2).replaceAll("\\d+ floats", "%d floats");
            assertTrue(mmaSync.contains("printf(\"mma.sync probe: %s " + words), "mma_sync_probe.cu prints: " + line);
        }
        assertTrue(mmaSync.contains("printf(\"FAIL mma.sync probe %s: "), "mma_sync_probe.cu's FAIL lines");
        String check = Files.readString(Path.of("../native/test/conv_gpu_check.cu"));
        Matcher last = Pattern.compile("printf\\(\"(conv_gpu_check%s: %d checks, %d failures)\\\\n\"").matcher(check);
        assertTrue(last.find(), "conv_gpu_check.cu's last line");
        Path log = Files.writeString(dir.resolve("04-conv-kernels.log"), ConvCheckLog.PROBE_PASSED + "\n"
                + last.group(1).replace("%s", "").replaceFirst("%d", "2292").replace("%d", "3") + "\n");
        ConvKernelCheck read = ConvKernelCheck.read(log);
        assertEquals(Optional.of(new Counts(2292, 3)), read.counts());
        assertEquals(Probe.PASSED, read.probe());
        assertTrue(check.contains("\" JACE_CONV_KERNELS=\""), "run()'s tag names the kernels after the shape");
        assertTrue(check.contains("printf(\"FAIL graph%s %s: "), "check_graph's FAIL line: graph, its label, …");
    }

    @Test
    void cLaunchLogGivesEveryFigure(@TempDir Path dir) throws IOException {
        CLaunchTiming timing = CLaunchTiming.read(GpuReportFixture.cLaunchLog(dir, 1.5, 2.104, 5.871));
        assertEquals(new CLaunchTiming("07-c-launch_overhead.log", Optional.of(1.5), 32, Optional.of(2.104),
                Optional.of(5.871)), timing);
        timing = CLaunchTiming.read(GpuReportFixture.cLaunchLog(dir, 1.5, null, null));
        assertEquals(Optional.of(1.5), timing.burst());
        assertEquals(Optional.empty(), timing.enqueue());
        assertEquals(Optional.empty(), timing.withSynchronize());
        Path failed = Files.writeString(dir.resolve("07-c-launch_overhead.log"), "native/examples/check.h:38: "
                + "jace_stream_create(&stream): JACE_ERROR_CUDA: jace_stream_create: cudaStreamCreate failed\n");
        assertEquals(new CLaunchTiming("07-c-launch_overhead.log", Optional.empty(), 0, Optional.empty(),
                Optional.empty()), CLaunchTiming.read(failed));
    }

    /** The reader parses the lines launch_overhead.c's printf formats give, so the two cannot drift apart. */
    @Test
    void cLaunchReaderMatchesTheProgramsFormats(@TempDir Path dir) throws IOException {
        String source = Files.readString(Path.of("../native/examples/launch_overhead.c"));
        Matcher format = Pattern.compile("printf\\(\"(launch from C[^\"]*)\\\\n\"").matcher(source);
        List<String> lines = new ArrayList<>();
        while (format.find()) {
            lines.add(format.group(1).replace("%.3f", "3.25").replace("%lld", "1000").replace("%d", "32"));
        }
        assertEquals(3, lines.size(), "the three printf lines of launch_overhead.c: " + lines);
        Path log = Files.write(dir.resolve("07-c-launch_overhead.log"), lines);
        assertEquals(new CLaunchTiming("07-c-launch_overhead.log", Optional.of(3.25), 32, Optional.of(3.25),
                Optional.of(3.25)), CLaunchTiming.read(log));
        // The bursts gpu-report subtracts (DeviceCeilings.BURST, FfmOverheadBench's) are as long as the program's.
        Matcher batch = Pattern.compile("enum \\{ ROUNDS = \\d+, BATCH = (\\d+) \\};").matcher(source);
        assertTrue(batch.find(), "launch_overhead.c's BATCH");
        assertEquals(DeviceCeilings.BURST, Integer.parseInt(batch.group(1)));
    }

    @Test
    void aFailedTimingIsAFailureWithItsReason(@TempDir Path dir) throws IOException {
        ConvKernelBench bench = conv(dir, new ConvBenchLog().fail(LARGE_7, "TF32", "backward_data"));
        assertEquals(26, bench.rows().size());
        assertEquals(List.of(new ConvKernelBench.Failure(LARGE_7_LAYER, "TF32", "backward_data",
                "status 2: jace_group_conv_backward_data: out of device memory")), bench.failures());
        assertTrue(bench.row(LARGE_7_LAYER, "TF32", "backward_data").isEmpty());
        assertEquals("failed: status 2: jace_group_conv_backward_data: out of device memory",
                bench.whyMissing(LARGE_7_LAYER, "TF32", "backward_data"));
        assertTrue(bench.finished());
    }

    @Test
    void aLogCutShortSaysSo(@TempDir Path dir) throws IOException {
        ConvKernelBench bench = conv(dir, new ConvBenchLog().cutAfter(12));
        assertEquals(12, bench.rows().size());
        assertFalse(bench.finished());
        assertEquals(new ConvKernelBench.Row(LARGE_7_LAYER, "FP32", "backward_filter", 2.96, 40.0),
                bench.rows().getLast());
        assertEquals("the log ends before it: cut short", bench.whyMissing(LARGE_28_LAYER, "TF32", "forward"));
    }

    @Test
    void convBenchLinesItDoesNotKnowAreSkipped(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("07-conv-kernels-bench.log");
        String text = String.join("\n",
                "bench D4 group conv n64 c16 32x32 k3 prec 1 forward             0.120 ms    144.3 TFLOP/s",
                "bench D4 group conv n128 c128 7x7 k3 TF32 forward             0.412 ms    286.6 TFLOP/s",
                "bench D4 group conv n128 c128 7x7 k3 TF32 backward_data          nan ms      nan TFLOP/s",
                "bench D4 group conv n128 c128 7x5 k3 TF32 backward_data        0.500 ms    236.8 TFLOP/s",
                "bench D4 group conv n32 c32 28x28 k3 TF32 backward_fil",
                "CUDA error cudaErrorLaunchFailure at conv_gpu_check.cu:214: cudaEventSynchronize(e1)",
                "\uFFFD garbage",
                "bench D4 group conv n32 c32 28x28 k3 TF32 backward_filter       0.450 ms    263.0 TFLOP/s   ",
                "conv_gpu_check bench: 0 failures", "");
        Files.writeString(log, text);
        ConvKernelBench bench = ConvKernelBench.read(log);
        assertEquals(List.of(new ConvKernelBench.Row(LARGE_7_LAYER, "TF32", "forward", 0.412, 286.6),
                new ConvKernelBench.Row(LARGE_28_LAYER, "TF32", "backward_filter", 0.45, 263.0)), bench.rows());
        assertTrue(bench.finished(), "conv_gpu_check bench's own last line ends the log too");
        // A timing line whose figures are no finite time is an untimed entry point, not a line it does not know.
        assertEquals(List.of(new ConvKernelBench.Untimed(LARGE_7_LAYER, "TF32", "backward_data", "nan ms, nan "
                + "TFLOP/s")), bench.untimed());
        assertEquals("timed nan ms, nan TFLOP/s: no finite time", bench.whyMissing(LARGE_7_LAYER, "TF32",
                "backward_data"));
        assertEquals("not in the log", bench.whyMissing(LARGE_7_LAYER, "TF32", "backward_filter"));

        Files.write(log, new byte[] {'b', 'e', (byte) 0xff, (byte) 0xc0, '\n'});
        assertTrue(ConvKernelBench.read(log).rows().isEmpty(), "bytes that are no UTF-8 are no error");
    }

    @Test
    void theHighestStepNumberIsTheLogRead(@TempDir Path dir) throws IOException {
        for (String name : List.of("09-ncu-conv.log", "10-ncu-conv.log", "ncu-conv.log", "11-ncu-conv.log.tmp",
                "12-ncu-conv-2.log", "13-conv-kernels.log")) {
            Files.writeString(dir.resolve(name), "");
        }
        Files.createDirectory(dir.resolve("14-ncu-conv.log"));
        assertEquals(dir.resolve("10-ncu-conv.log"), StepLogs.latest(dir, "NN-ncu-conv.log").orElseThrow());
        assertTrue(StepLogs.latest(dir, "NN-conv-kernels-bench.log").isEmpty());
    }

    @Test
    void ncuConvLogGivesEveryKernelLaunchWithItsMetrics(@TempDir Path dir) throws IOException {
        NcuProfile profile = NcuProfile.read(NcuLog.conv().write(dir, "06-ncu-conv.log"));
        assertEquals("06-ncu-conv.log", profile.file());
        assertEquals(12, profile.kernels().size());
        assertEquals(List.of("conv_igemm_kernel", "conv_igemm_kernel", "conv_igemm_kernel", "conv_fold_filter_kernel"),
                profile.kernels().subList(0, 4).stream().map(Kernel::name).toList());
        assertEquals("11", profile.kernels().getLast().id());
        Kernel tf32Forward = profile.kernels().get(4);
        assertEquals("4", tf32Forward.id());
        assertEquals("(1568, 1, 1)", tf32Forward.gridSize());
        assertEquals("(256, 1, 1)", tf32Forward.blockSize());
        assertEquals(new Metric("412,384", "nsecond"), tf32Forward.metrics().get(NcuProfile.DURATION));
        assertEquals(412.384, tf32Forward.microseconds().orElseThrow(), 1e-12);
        assertEquals(78.12, tf32Forward.value(NcuProfile.SM).orElseThrow());
        assertEquals(45.23, tf32Forward.value(NcuProfile.MEMORY).orElseThrow());
        assertEquals(12.41, tf32Forward.dram().orElseThrow());
        assertEquals(65.4, tf32Forward.tensor().orElseThrow());
        assertEquals(1568, tf32Forward.value("launch__grid_size").orElseThrow());
        assertEquals(NcuLog.METRICS.size() + NcuLog.WARP_STATES.size(), tf32Forward.metrics().size(),
                "the launch columns are no metrics");
        assertEquals(2474.304, profile.kernels().getFirst().microseconds().orElseThrow(), 1e-9);
        assertEquals(0, profile.kernels().getFirst().tensor().orElseThrow(), "FP32 leaves the tensor pipes idle");
        assertEquals(9, profile.entryPoints().size());
        assertEquals("D4 group conv n128 c128 7x7 k3 FP32 forward", profile.entryPoints().getFirst());
        assertEquals("D4 group conv n128 c128 7x7 k3 BF16 backward_filter", profile.entryPoints().getLast());
        assertEquals(Set.of("sm__pipe_tensor_op_hmma_cycles_active.avg.pct_of_peak_sustained_active"),
                profile.tensorMetrics());
        assertTrue(profile.errors().isEmpty());
        assertTrue(profile.warnings().isEmpty());
    }

    @Test
    void metricValuesDropThousandsSeparatorsAndNaOrOverflowIsNoNumber() {
        assertEquals(OptionalDouble.of(1234.5), new Metric("1,234.5", "%").number());
        assertEquals(OptionalDouble.of(1234567), new Metric("1,234,567", "nsecond").number());
        assertEquals(OptionalDouble.of(0.5), new Metric("0.5", "").number());
        assertEquals(OptionalDouble.of(-3e-2), new Metric("-3e-2", "").number());
        // Beyond a double's range, a cell is no number either: the report would print a duration of Infinity µs.
        for (String text : List.of("n/a", "", "NVIDIA H200", "(256, 1, 1)", "1.2.3", "1e999", "-2,000e400")) {
            assertTrue(new Metric(text, "%").number().isEmpty(), text);
        }
    }

    @Test
    void durationUnitsDramNamesAndNaCells(@TempDir Path dir) throws IOException {
        String text = String.join("\n",
                "\"ID\",\"Process ID\",\"Process Name\",\"Host Name\",\"Kernel Name\",\"Context\",\"Stream\","
                        + "\"Block Size\",\"Grid Size\",\"Device\",\"CC\",\"gpu__dram_throughput.avg.pct_of_peak_"
                        + "sustained_elapsed\",\"gpu__time_duration.sum\",\"sm__inst_executed_pipe_tensor_op_gmma.avg."
                        + "pct_of_peak_sustained_active\",\"sm__pipe_tensor_op_gmma_cycles_active.avg.pct_of_peak_"
                        + "sustained_elapsed\",\"sm__throughput.avg.pct_of_peak_sustained_elapsed\",",
                "\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"%\",\"usecond\",\"%\",\"%\",\"%\",",
                "\"0\",\"7\",\"p\",\"h\",\"a\",\"1\",\"7\",\"(128, 1, 1)\",\"(8, 1, 1)\",\"0\",\"9.0\",\"n/a\","
                        + "\"1,002.5\",\"31.2\",\"47.9\",\"n/a\",",
                "\"1\",\"7\",\"p\",\"h\",\"b\",\"1\",\"7\",\"(128, 1, 1)\",\"(8, 1, 1)\",\"0\",\"9.0\",\"88.01\","
                        + "\"n/a\",\"n/a\",\"n/a\",\"10\",",
                "\"2\",\"7\",\"p\",\"h\",\"c\",\"1\",\"7\",\"(128, 1, 1)\",\"(8, 1, 1)\",\"0\",\"9.0\",\"n/a\","
                        + "\"n/a\",\"12.5\",\"12.5\",\"n/a\",");
        NcuProfile profile = ncu(dir, text);
        Kernel a = profile.kernels().get(0);
        Kernel b = profile.kernels().get(1);
        assertEquals(1002.5, a.microseconds().orElseThrow());
        assertTrue(a.dram().isEmpty());
        assertTrue(a.value(NcuProfile.SM).isEmpty());
        assertEquals(47.9, a.tensor().orElseThrow(), "the busiest of the tensor metrics");
        assertEquals("sm__pipe_tensor_op_gmma_cycles_active.avg.pct_of_peak_sustained_elapsed",
                a.busiestTensorMetric().orElseThrow());
        Kernel c = profile.kernels().get(2);
        assertEquals(12.5, c.tensor().orElseThrow());
        assertEquals("sm__inst_executed_pipe_tensor_op_gmma.avg.pct_of_peak_sustained_active",
                c.busiestTensorMetric().orElseThrow(), "a tie goes to the first name");
        assertEquals(88.01, b.dram().orElseThrow(), "gpu__dram_throughput is DRAM throughput too");
        assertTrue(b.microseconds().isEmpty());
        assertTrue(b.tensor().isEmpty());
        assertTrue(b.busiestTensorMetric().isEmpty());
        assertTrue(b.value(NcuProfile.MEMORY).isEmpty(), "a column the report lacks");
        assertEquals(Set.of("sm__inst_executed_pipe_tensor_op_gmma.avg.pct_of_peak_sustained_active",
                "sm__pipe_tensor_op_gmma_cycles_active.avg.pct_of_peak_sustained_elapsed"), profile.tensorMetrics());
        assertEquals(5, a.metrics().size(), "the empty column after the trailing comma is no metric");

        String inMs = text.replace("\"usecond\"", "\"msecond\"");
        assertEquals(1002500, ncu(dir, inMs).kernels().getFirst().microseconds().orElseThrow());
        String inCycles = text.replace("\"usecond\"", "\"cycle\"");
        assertTrue(ncu(dir, inCycles).kernels().getFirst().microseconds().isEmpty(), "cycles are no time");
        String inSeconds = text.replace("\"usecond\"", "\"second\"");
        assertEquals(1.0025e9, ncu(dir, inSeconds).kernels().getFirst().microseconds().orElseThrow());
        String tensorInCycles = text.replace("\"usecond\",\"%\",\"%\"", "\"usecond\",\"%\",\"cycle\"");
        assertEquals(Set.of("sm__inst_executed_pipe_tensor_op_gmma.avg.pct_of_peak_sustained_active"),
                ncu(dir, tensorInCycles).tensorMetrics(), "a tensor metric in cycles is no % of peak");
    }

    @Test
    void withoutCountersThereIsNoCsvButNcusErrors(@TempDir Path dir) throws IOException {
        NcuProfile profile = ncu(dir, String.join("\n",
                "==PROF== Connected to process 41872 (/opt/jace/native/conv_gpu_check)",
                "==ERROR== ERR_NVGPUCTRPERM - The user does not have permission to access NVIDIA GPU Performance "
                        + "Counters on the target device 0. For instructions on enabling permissions and to get more "
                        + "information see https://developer.nvidia.com/ERR_NVGPUCTRPERM",
                "profiled D4 group conv n128 c128 7x7 k3 FP32 forward",
                "conv_gpu_check profile: 0 failures",
                "==PROF== Disconnected from process 41872",
                "==WARNING== No kernels were profiled.",
                "==WARNING== Profiling kernels launched by child processes requires the --target-processes all "
                        + "option."));
        assertTrue(profile.kernels().isEmpty());
        assertEquals(1, profile.errors().size());
        assertTrue(profile.errors().getFirst().startsWith("==ERROR== ERR_NVGPUCTRPERM - The user does not have"));
        assertEquals(List.of("==WARNING== No kernels were profiled.", "==WARNING== Profiling kernels launched by "
                + "child processes requires the --target-processes all option."), profile.warnings());
        assertEquals(List.of("D4 group conv n128 c128 7x7 k3 FP32 forward"), profile.entryPoints());
    }

    @Test
    void csvInterleavedWithOutputAndInSeveralBlocksGivesEveryKernel(@TempDir Path dir) throws IOException {
        NcuLog first = new NcuLog().kernel("jace_deviation_kernel", "(3136, 1, 1)", "(256, 1, 1)", 21337, 84.9, 86.9,
                31.5, "n/a").kernel("jace_deviation_kernel", "(3136, 1, 1)", "(256, 1, 1)", 21002, 85.6, 87.6, 31.9,
                "n/a");
        String[] rows = first.text().lines().filter(line -> line.startsWith("\"")).toArray(String[]::new);
        String secondHeader = "\"ID\",\"Process ID\",\"Process Name\",\"Host Name\",\"Kernel Name\",\"Context\","
                + "\"Stream\",\"Block Size\",\"Grid Size\",\"Device\",\"CC\",\"sm__throughput.avg.pct_of_peak_"
                + "sustained_elapsed\",\"dram__throughput.avg.pct_of_peak_sustained_elapsed\"";
        String text = String.join("\n",
                "# Fork: 1 of 1",
                rows[0], // header
                "==PROF== Disconnected from process 52188",
                rows[1], // units
                "Iteration   1: 21.402 us/op",
                rows[2],
                // too few cells, then a quote left open: lines cut short
                "\"1\",\"52188\",\"java\",\"127.0.0.1\",\"jace_deviation_kernel\",\"1\",\"7\",\"(256, 1, 1)\"",
                "\"2\",\"52188\",\"java\",\"127.0.0.1\",\"jace_deviation_kernel\",\"1\",\"7\",\"(3136, 1",
                rows[3],
                "\"3\", \"52188\"",
                secondHeader,
                "\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"%\",\"%\"",
                "\"0\",\"52110\",\"java\",\"127.0.0.1\",\"jace_deviation_backward_fx_kernel\",\"1\",\"7\","
                        + "\"(256, 1, 1)\",\"(64, 1, 1)\",\"0\",\"9.0\",\"12.5\",\"77\"",
                "DeviationBench.forward       cuda       D4  GROUP_MAP  32x32x28  avgt       21.402          us/op");
        NcuProfile profile = ncu(dir, text);
        assertEquals(List.of("0", "1", "0"), profile.kernels().stream().map(Kernel::id).toList());
        assertEquals(List.of(84.9, 85.6, 77.0), profile.kernels().stream().map(k -> k.dram().orElseThrow()).toList());
        Kernel last = profile.kernels().getLast();
        assertEquals("jace_deviation_backward_fx_kernel", last.name());
        assertEquals(12.5, last.value(NcuProfile.SM).orElseThrow());
        assertEquals(2, last.metrics().size(), "its own block's columns");
        assertEquals(21.337, profile.kernels().getFirst().microseconds().orElseThrow(), 1e-12);
    }

    @Test
    void warpStateStatsGiveEachKernelsStallsLongestFirst(@TempDir Path dir) throws IOException {
        NcuProfile conv = ncu(dir, NcuLog.conv().text());
        assertTrue(conv.hasStalls());
        Kernel gemm = conv.kernels().getFirst();
        assertEquals(List.of(new NcuProfile.Stall("barrier", 6.48), new NcuProfile.Stall("long_scoreboard", 2.1),
                new NcuProfile.Stall("wait", 1.65), new NcuProfile.Stall("math_pipe_throttle", 0.83)), gemm.stalls(),
                "selected, the issue itself, is no stall");
        assertEquals(15.94, gemm.value(NcuProfile.LATENCY).orElseThrow());
        Kernel fold = conv.kernels().stream().filter(k -> k.name().equals("conv_fold_filter_kernel")).findFirst()
                .orElseThrow();
        assertEquals(List.of(new NcuProfile.Stall("long_scoreboard", 5.3), new NcuProfile.Stall("wait", 1.1),
                new NcuProfile.Stall("barrier", 0.4)), fold.stalls(), "n/a is no number");

        NcuProfile deviation = ncu(dir, NcuLog.deviation(84.9).text());
        assertFalse(deviation.hasStalls());
        assertEquals(List.of(), deviation.kernels().getFirst().stalls());
    }

    @Test
    void csvCellsMayHoldCommasAndQuotes() {
        assertEquals(List.of("a,b", "say \"hi\"", "", "(256, 1, 1)"),
                NcuProfile.cells("\"a,b\",\"say \"\"hi\"\"\",\"\",\"(256, 1, 1)\""));
        assertEquals(List.of("1", "x y", "", "2.5"), NcuProfile.cells("1,x y,,2.5"));
        assertEquals(List.of("", ""), NcuProfile.cells("\"\","));
        assertNull(NcuProfile.cells("\"open,\"\"quote"));
        assertNull(NcuProfile.cells("\"closed\"then text"));
    }
}
