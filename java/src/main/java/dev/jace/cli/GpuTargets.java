package dev.jace.cli;

import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.CudaProbe;
import dev.jace.cli.DeviceCeilings.Ceiling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges issue #6's GPU performance targets on the files of one device check ({@link GpuResults}): each target is
 * {@code met} (every case it covers measured and passing), {@code met where measured} (the rest passing, naming the
 * cases not measured), {@code not met} with its gap (any measured case failing), or {@code not measured} with the
 * reason. Only numbers in the files are used; what they lack is said, never estimated.
 */
final class GpuTargets {

    /** The group convolutions every {@code jace bench} run times (its group conv shape, DIRECT and EXPANDED). */
    static final List<String> GROUPS = List.of("c4", "d4");
    static final List<String> GROUP_CONV_OPS = List.of("group-conv-fwd", "group-conv-bwd-data",
            "group-conv-bwd-filter");

    /** The DIRECT/EXPANDED ratio target, judged on GroupConvBench's shapes or, without them, on `jace bench`'s. */
    private static final String RATIO_TARGET = "Direct group conv vs expand + cuDNN, same precision";

    static final double MIN_RATIO = 1.0;
    static final double MIN_TF32_FRACTION = 0.6;
    static final double MIN_BANDWIDTH_FRACTION = 0.8;
    static final double MAX_LAUNCH_US = 1.0;
    private static final String TF32 = "TF32";

    private final GpuResults results;

    GpuTargets(GpuResults results) {
        this.results = results;
    }

    /** One verdict per target, in the order. */
    List<TargetVerdict> judge() {
        return List.of(ratio(), tf32Peak(), autotuner(), deviation(), step(), launch());
    }

    /** What a missing file leaves unjudged. */
    static String unjudged(String file) {
        return switch (file) {
            case "bench-FP32.json", "bench-TF32.json", "bench-BF16.json" -> {
                String p = file.substring(6, 10);
                yield "the " + p + " rows of the autotuner, deviation and training-step targets, and of the "
                        + "DIRECT/EXPANDED ratio where GroupConvBench has no score (`jace bench` writes its "
                        + "JSON from its first measured row on, so its step failed or was stopped before that row: "
                        + "see its NN-bench-" + p + ".log)";
            }
            case GpuResults.JMH_GROUP_CONV -> "the DIRECT/EXPANDED ratio on GroupConvBench's shapes, the issue's "
                    + "representative ones: it is judged on `jace bench`'s one group-conv shape instead (no score in "
                    + "its step's log either)";
            case GpuResults.JMH -> "every ceiling (GEMM, copy, launch), so the TF32-peak and launch-overhead targets "
                    + "(the deviation is judged against `jace bench`'s own copy)";
            case GpuResults.CONV_CHECK_LOG -> "whether the conv kernels compute right results (`conv_gpu_check` "
                    + "against float64): the conv-kernels timings and the TF32-peak target's rates are shown unchecked";
            case GpuResults.CONV_BENCH_LOG -> "the TF32-peak target, measured on the large layers " + largeLayers()
                    + " only (`jace bench`'s shape is shown beside it, too small to judge)";
            case GpuResults.C_LAUNCH_LOG -> "FFM's own share of a launch: the launch-overhead target judges the whole "
                    + "launch through FFM instead";
            case GpuResults.NCU_CONV_LOG -> "the Nsight Compute profile of the conv kernels (no verdict depends on it)";
            case GpuResults.NCU_DEVIATION_LOG -> "the Nsight Compute DRAM throughput beside the deviation-bandwidth "
                    + "target (its verdict does not depend on it)";
            case GpuResults.GPU_LOG -> "the driver version (nvidia-smi's) and the date of the entry, where no PyTorch "
                    + "file has it (no verdict depends on them)";
            case "NN-step-traffic.log", "NN-step-traffic-graph.log" -> "the backend calls of a warm "
                    + (file.contains("graph") ? "graph-replayed" : "eager") + " training step, shown beside the "
                    + "training-step target (its verdict does not depend on them)";
            case "NN-step-traffic-overlapped.log" -> "the training-step target: whether a warm captured step "
                    + "(overlapped) makes no host round trip and no allocation";
            default -> "PyTorch's " + file.substring("pytorch-c4-".length(), file.length() - 5)
                    + " images/s beside jace's (the device check skips PyTorch where the host's python has no "
                    + "CUDA torch; see summary.txt)";
        };
    }

    /** Every AUTO row of every bench file beside the DIRECT and EXPANDED rows of the same case. */
    List<AutotunerPick> autotunerPicks() {
        List<AutotunerPick> picks = new ArrayList<>();
        for (String precision : DeviceCeilings.PRECISIONS) {
            List<BenchRow> rows = results.cudaRows(precision);
            for (BenchRow row : rows) {
                if (row.algorithm().startsWith("AUTO:")) {
                    picks.add(AutotunerPick.of(row, find(rows, row, "DIRECT"), find(rows, row, "EXPANDED")));
                }
            }
        }
        return picks;
    }

    /**
     * Why the EXPANDED baseline of a precision's run is not cuDNN, as {@code baseline conv: jace conv kernels (no
     * cuDNN: ...)}, or empty where it is: the bench file names the backend its EXPANDED rows ran on, whose conv engine
     * says it (libjace's own conv where cuDNN was not found or not usable, and at BF16 in files written before jace
     * ran cuDNN's BF16 convolutions).
     */
    private Optional<String> notCudnn(String precision) {
        BenchResults bench = results.bench().get(precision);
        String name = bench.expandedBackends().get("cuda");
        if (name == null) {
            return Optional.of(GpuResults.benchFile(precision) + " does not name its baseline's backend (written "
                    + "before `expandedBackends`)");
        }
        if (name.contains("conv: cuDNN")) {
            return Optional.empty();
        }
        return Optional.of("baseline " + BenchRowsTable.convEngine(name));
    }

    /**
     * The fallbacks that bench's note of the CUDA baseline's cuDNN algorithms marks, as {@code "; TF32 baseline: cuDNN
     * fell back to a fixed algorithm for 2 convolutions (notes of bench-TF32.json)"}, or empty.
     */
    private String cudnnFallbacks(String precision) {
        BenchResults bench = results.bench().get(precision);
        long fallbacks = bench.notes().stream().filter(n -> n.startsWith("cuda "))
                .mapToLong(n -> n.split(Pattern.quote(CudaBackend.CONV_FALLBACK_MARK), -1).length - 1).sum();
        return fallbacks == 0 ? "" : "; " + precision + " baseline: cuDNN fell back to a fixed algorithm for "
                + fallbacks + (fallbacks == 1 ? " convolution" : " convolutions") + " (notes of "
                + GpuResults.benchFile(precision) + ")";
    }

    /** On GroupConvBench's shapes where the device check left its scores, else on `jace bench`'s one shape. */
    private TargetVerdict ratio() {
        return results.groupConv().map(this::ratioOnGroupConvBench).orElseGet(this::ratioOnBenchShape);
    }

    /**
     * Judges every GroupConvBench case (precision, group, shape, pass) whose EXPANDED baseline is cuDNN; the others
     * are shown, with their baseline named. Every precision is due: a precision without scores, a case without both
     * scores or against another baseline is not measured, and scores read from the log of a JMH run stopped before
     * its end leave the cases it never reached unknown, so all passing then meet the target only where measured.
     */
    private TargetVerdict ratioOnGroupConvBench(GroupConvRuns runs) {
        String threshold = "every GroupConvBench case (precision, group, shape NxCINxCOUTxSIZExK, pass) whose EXPANDED "
                + "baseline ran on cuDNN ≥ " + Figures.fixed(MIN_RATIO, 1) + "× (ratio = EXPANDED / DIRECT, JMH's "
                + "mean ms per call, each call ending in a synchronize; cases against another baseline (libjace's "
                + "own conv) are shown but not measured against cuDNN), on the issue's representative shapes ("
                + runs.from() + ")";
        List<String> parts = new ArrayList<>();
        List<String> below = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        List<String> notAgainstCudnn = new ArrayList<>();
        int judged = 0;
        for (String precision : DeviceCeilings.PRECISIONS) {
            List<GroupConvRuns.Row> rows = runs.rows(precision);
            if (rows.isEmpty()) {
                parts.add(precision + ": not measured");
                unmeasured.add(precision + " (no GroupConvBench score in " + runs.from() + ")");
                continue;
            }
            Optional<String> notCudnn = notCudnn(runs, precision);
            List<Double> ratios = new ArrayList<>();
            int belowHere = 0;
            for (GroupConvRuns.Row row : rows) {
                Double ratio = row.ratio();
                if (ratio == null) {
                    unmeasured.add(row.name() + " (no " + (row.directMs() == null ? "DIRECT" : "EXPANDED") + " score)");
                    continue;
                }
                ratios.add(ratio);
                if (notCudnn.isPresent()) {
                    continue;
                }
                judged++;
                if (ratio < MIN_RATIO) {
                    belowHere++;
                    below.add(row.name() + " " + Figures.fixedBeside(ratio, 3, MIN_RATIO));
                }
            }
            notCudnn.ifPresent(why -> notAgainstCudnn.add(precision + " (" + why + ")"));
            String range = ratios.isEmpty() ? "no ratio" : ratioRange(ratios);
            parts.add(precision + ": " + ratios.size() + " cases, " + range + notCudnn.map(why -> " (not judged: "
                    + why + ")").orElse(", " + belowHere + " below " + Figures.fixed(MIN_RATIO, 1)));
        }
        String measured = "GroupConvBench (" + runs.from() + ", every case in the GroupConvBench table below): "
                + String.join("; ", parts) + (results.groupConvWgmma().isEmpty() ? ""
                : "; DIRECT under `JACE_CONV_KERNELS=wgmma` (opt-in, not judged; its table below): "
                + GroupConvWgmmaTable.summary(results));
        List<String> unjudged = new ArrayList<>();
        if (!runs.from().equals(GpuResults.JMH_GROUP_CONV)) {
            unjudged.add("JMH was stopped before it wrote " + GpuResults.JMH_GROUP_CONV + ": the cases after those in "
                    + runs.from() + " not measured");
        }
        unjudged.addAll(ratioUnjudged(notAgainstCudnn, unmeasured));
        Optional<TargetVerdict> shortfall = ratioShortfall(measured, threshold, below, judged, unjudged, "cases",
                "GroupConvBench case");
        if (shortfall.isPresent()) {
            return shortfall.get();
        }
        return unjudged.isEmpty() ? TargetVerdict.met(RATIO_TARGET, measured, threshold, null)
                : TargetVerdict.metWhereMeasured(RATIO_TARGET, measured, threshold, String.join("; ", unjudged));
    }

    /** {@code "ratio 0.912 to 1.840"}: the lowest and highest of {@code ratios} (not empty), set beside the target. */
    static String ratioRange(List<Double> ratios) {
        return "ratio " + Figures.fixedBeside(ratios.stream().min(Double::compare).orElseThrow(), 3, MIN_RATIO) + " to "
                + Figures.fixedBeside(ratios.stream().max(Double::compare).orElseThrow(), 3, MIN_RATIO);
    }

    /** The ratio target's notes on what was not judged: cases against another baseline, cases without a ratio. */
    private static List<String> ratioUnjudged(List<String> notAgainstCudnn, List<String> unmeasured) {
        List<String> unjudged = new ArrayList<>();
        if (!notAgainstCudnn.isEmpty()) {
            unjudged.add("not measured against cuDNN: " + String.join(", ", notAgainstCudnn));
        }
        if (!unmeasured.isEmpty()) {
            unjudged.add("not measured: " + String.join(", ", unmeasured));
        }
        return unjudged;
    }

    /**
     * The ratio target not met where {@code below} names cases under {@link #MIN_RATIO} ({@code units} of
     * {@code judged}), not measured where none was judged (no {@code one} with a ratio to cuDNN); empty otherwise.
     */
    private static Optional<TargetVerdict> ratioShortfall(String measured, String threshold, List<String> below,
                                                          int judged, List<String> unjudged, String units,
                                                          String one) {
        if (!below.isEmpty()) {
            return Optional.of(TargetVerdict.notMet(RATIO_TARGET, measured, threshold, below.size() + " of " + judged
                    + " " + units + " below " + Figures.fixed(MIN_RATIO, 1) + ": " + String.join(", ", below)
                    + (unjudged.isEmpty() ? "" : "; " + String.join("; ", unjudged))));
        }
        if (judged == 0) {
            return Optional.of(TargetVerdict.notMeasured(RATIO_TARGET, measured, threshold, "no " + one + " with a "
                    + "ratio to a cuDNN baseline" + (unjudged.isEmpty() ? "" : ": " + String.join("; ", unjudged))));
        }
        return Optional.empty();
    }

    /**
     * Why GroupConvBench's EXPANDED baseline at {@code precision} is not cuDNN, or empty where it is: the backend its
     * setup named in the step's log, else the one the same precision's `jace bench` run names (same host, same
     * libraries); without either it is not taken for cuDNN.
     */
    private Optional<String> notCudnn(GroupConvRuns runs, String precision) {
        String name = runs.backends().get(precision);
        if (name != null) {
            return name.contains("conv: cuDNN") ? Optional.empty()
                    : Optional.of("baseline " + BenchRowsTable.convEngine(name));
        }
        if (results.bench().containsKey(precision)) {
            return notCudnn(precision);
        }
        return Optional.of("neither " + GpuResults.JMH_GROUP_CONV_LOG + " nor " + GpuResults.benchFile(precision)
                + " names the EXPANDED baseline's backend");
    }

    /**
     * The fallback without GroupConvBench's scores. Judges only the rows whose EXPANDED baseline is cuDNN; the others
     * are shown, with their baseline named. Every group-conv case of every precision is due, BF16's too (the issue
     * asks for each precision): one missing, without a finite ratio or against another baseline (libjace's own conv)
     * is not measured. `jace bench` times one group-conv shape, not the representative shapes
     * (GroupConvBench's), so all rows passing meet the target only where measured, never in full.
     */
    private TargetVerdict ratioOnBenchShape() {
        String threshold = "every group-conv DIRECT row whose EXPANDED baseline ran on cuDNN ≥ "
                + Figures.fixed(MIN_RATIO, 1) + "× (ratio = EXPANDED median / DIRECT median; rows against another "
                + "baseline (libjace's own conv) are shown but not measured against cuDNN), on `jace bench`'s "
                + "group-conv shape only: the issue's representative shapes are GroupConvBench's, and neither "
                + GpuResults.JMH_GROUP_CONV + " nor its step's log has a score of it";
        int due = DeviceCeilings.PRECISIONS.size() * GROUPS.size() * GROUP_CONV_OPS.size();
        List<String> parts = new ArrayList<>();
        List<String> below = new ArrayList<>();
        List<String> unmeasured = missingBench();
        List<String> notAgainstCudnn = new ArrayList<>();
        Set<String> shapes = new LinkedHashSet<>();
        StringBuilder fallbacks = new StringBuilder();
        int judged = 0;
        for (String precision : DeviceCeilings.PRECISIONS) {
            if (!results.bench().containsKey(precision)) {
                parts.add(precision + ": not measured");
                continue;
            }
            if (results.cudaRows(precision).isEmpty()) {
                parts.add(precision + ": not measured (" + cpuOnly(precision) + ")");
                continue;
            }
            Optional<String> notCudnn = notCudnn(precision);
            List<String> cells = new ArrayList<>();
            for (String group : GROUPS) {
                for (String op : GROUP_CONV_OPS) {
                    String name = group + " " + op.substring("group-conv-".length());
                    Optional<BenchRow> row = results.cudaRows(precision).stream().filter(r -> r.op().equals(op)
                            && r.group().equals(group) && r.algorithm().equals("DIRECT")).findFirst();
                    if (row.isEmpty() || row.get().ratio() == null || !Double.isFinite(row.get().ratio())) {
                        String why = row.isEmpty() ? "no DIRECT row" : row.get().ratio() == null ? "no EXPANDED row"
                                : "ratio " + row.get().ratio() + ": no finite time";
                        cells.add(name + " not measured (" + why + ")");
                        unmeasured.add(precision + " " + name + " (" + why + ")");
                        continue;
                    }
                    shapes.add(row.get().shape());
                    String value = name + " " + Figures.fixedBeside(row.get().ratio(), 3, MIN_RATIO);
                    cells.add(value);
                    if (notCudnn.isPresent()) {
                        continue;
                    }
                    judged++;
                    if (row.get().ratio() < MIN_RATIO) {
                        below.add(precision + " " + value);
                    }
                }
            }
            notCudnn.ifPresentOrElse(why -> notAgainstCudnn.add(precision + " (" + why + ")"),
                    () -> fallbacks.append(cudnnFallbacks(precision)));
            parts.add(precision + ": " + String.join(", ", cells) + notCudnn.map(why -> " (not judged: " + why + ")")
                    .orElse(""));
        }
        String measured = String.join("; ", parts) + (shapes.isEmpty() ? ""
                : " (`jace bench` shape N,Cin,Cout,size,k = " + String.join(" and ", shapes) + ")") + fallbacks;
        List<String> unjudged = ratioUnjudged(notAgainstCudnn, unmeasured);
        Optional<TargetVerdict> shortfall = ratioShortfall(measured, threshold, below, judged, unjudged, "rows",
                "group-conv DIRECT row");
        if (shortfall.isPresent()) {
            return shortfall.get();
        }
        String onShapes = "on the " + (shapes.size() == 1 ? "one shape" : shapes.size() + " shapes")
                + " measured (N,Cin,Cout,size,k = " + String.join(" and ", shapes) + "), not the issue's "
                + "representative shapes (GroupConvBench's: no score of it)";
        return TargetVerdict.metWhereMeasured(RATIO_TARGET, measured, threshold, onShapes + (judged == due ? ""
                : "; " + (due - judged) + " of " + due + " rows not judged; "
                + String.join("; ", unjudged)));
    }

    private TargetVerdict tf32Peak() {
        String target = "Direct group conv at ≥ 60% of the TF32 tensor peak (large shapes)";
        Optional<ConvKernelBench> conv = results.convBench()
                .filter(c -> c.timedAny(ConvKernelBench.LARGE_LAYERS, TF32));
        return conv.isPresent() ? tf32OnLargeLayers(target, conv.get()) : tf32OnBenchShape(target);
    }

    /** The TF32 target judged on every entry point of the large layers in conv_gpu_check's timings. */
    private TargetVerdict tf32OnLargeLayers(String target, ConvKernelBench conv) {
        String threshold = tf32Threshold();
        Optional<Ceiling> gemm = results.ceilings().map(c -> c.gemm().get(TF32));
        List<String> parts = new ArrayList<>();
        List<String> below = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        List<String> aboveCeiling = new ArrayList<>();
        int judged = 0;
        for (ConvKernelBench.Layer layer : ConvKernelBench.LARGE_LAYERS) {
            List<String> cells = new ArrayList<>();
            for (String op : ConvKernelBench.OPS) {
                Optional<ConvKernelBench.Row> row = conv.row(layer, TF32, op);
                if (row.isEmpty()) {
                    cells.add(op + " not measured");
                    unmeasured.add(layer + " " + op + " (" + conv.whyMissing(layer, TF32, op) + ")");
                    continue;
                }
                String cell = op + " " + Figures.significant(row.get().tflops(), 4) + " TFLOP/s";
                if (gemm.isPresent()) {
                    double fraction = row.get().tflops() / gemm.get().value();
                    cell += " = " + Figures.percentBeside(fraction, MIN_TF32_FRACTION);
                    judged++;
                    if (fraction > 1) {
                        aboveCeiling.add(layer + " " + op + " (" + Figures.percent(fraction) + ")");
                    }
                    if (fraction < MIN_TF32_FRACTION) {
                        below.add(layer + " " + op + " " + Figures.percentBeside(fraction, MIN_TF32_FRACTION) + ", "
                                + Figures.pointsShort(fraction, MIN_TF32_FRACTION) + " points short");
                    }
                }
                cells.add(cell);
            }
            parts.add(layer + " " + String.join(", ", cells));
        }
        // Where the default kernels failed the kernel check, their rates may be of wrong results: the cell says so.
        String measured = "`conv_gpu_check bench` D4 TF32 (" + conv.file() + results.convCheck()
                .flatMap(ConvKernelCheck::otherWarning).map(note -> "; " + note).orElse("") + ")"
                + gemm.map(c -> ", % of the " + c.what() + " at " + Figures.significant(c.value(), 4) + " TFLOP/s")
                .orElse("") + ": " + String.join("; ", parts) + wgmmaRates(conv, gemm);
        String notMeasured = unmeasured.isEmpty() ? "" : "not measured: " + String.join(", ", unmeasured);
        if (gemm.isEmpty()) {
            return TargetVerdict.notMeasured(target, measured, threshold, noTf32Ceiling());
        }
        String suspectCeiling = "the TF32 GEMM ceiling, " + Figures.significant(gemm.get().value(), 4) + " TFLOP/s, "
                + "is below what " + String.join(", ", aboveCeiling) + " reached: a ceiling under a measured rate is no "
                + "peak (a GEMM too small, or clocks down during it)";
        if (!below.isEmpty()) {
            // Below 60% of a ceiling that is too low is below 60% of the true peak too: the gap stands.
            return TargetVerdict.notMet(target, measured, threshold, below.size() + " of " + judged + " below "
                    + Figures.percent(MIN_TF32_FRACTION) + ": " + String.join("; ", below)
                    + (notMeasured.isEmpty() ? "" : "; " + notMeasured)
                    + (aboveCeiling.isEmpty() ? "" : "; " + suspectCeiling + ", so these % of peak are upper bounds"));
        }
        if (!aboveCeiling.isEmpty()) {
            return TargetVerdict.notMeasured(target, measured, threshold, suspectCeiling + "; rerun the JMH ceilings");
        }
        if (!unmeasured.isEmpty()) {
            return TargetVerdict.metWhereMeasured(target, measured, threshold, unmeasured.size() + " of "
                    + (judged + unmeasured.size()) + " entry points " + notMeasured);
        }
        return TargetVerdict.met(target, measured, threshold, null);
    }

    /**
     * The large layers' TF32 rates under {@code JACE_CONV_KERNELS=wgmma} (Hopper's opt-in kernels, each entry point
     * the log times), as {@code "; with JACE_CONV_KERNELS=wgmma (opt-in, not judged): n128 c128 7x7 k3 forward 333.1
     * TFLOP/s = 90.9%, backward_data …, backward_filter … and n32 c32 28x28 k3 …"}, followed by the kernel check's
     * warning where the wgmma kernels failed it; empty where the log has none. The target judges the default kernels
     * only.
     */
    private String wgmmaRates(ConvKernelBench conv, Optional<Ceiling> gemm) {
        List<String> layers = new ArrayList<>();
        for (ConvKernelBench.Layer layer : ConvKernelBench.LARGE_LAYERS) {
            List<String> cells = ConvKernelBench.OPS.stream().flatMap(op -> conv.wgmmaRow(layer, TF32, op).stream()
                    .map(r -> op + " " + Figures.significant(r.tflops(), 4) + " TFLOP/s" + gemm.map(c -> " = "
                            + Figures.percentBeside(r.tflops() / c.value(), MIN_TF32_FRACTION)).orElse(""))).toList();
            if (!cells.isEmpty()) {
                layers.add(layer + " " + String.join(", ", cells));
            }
        }
        return layers.isEmpty() ? "" : "; with `JACE_CONV_KERNELS=wgmma` (opt-in, not judged): "
                + String.join(" and ", layers) + results.convCheck().flatMap(ConvKernelCheck::wgmmaWarning)
                .map(warning -> "; " + warning).orElse("");
    }

    /**
     * Without conv_gpu_check's TF32 timings of the large layers the target is not measured: `jace bench`'s group-conv
     * shape is too small for a peak (calls of microseconds, on one 28×28 layer of 16 channels), so its TF32
     * rows are shown, not judged.
     */
    private TargetVerdict tf32OnBenchShape(String target) {
        String why = "no TF32 timing of the large layers " + largeLayers() + ": " + largeRowsMissing();
        List<BenchRow> rows = results.cudaRows(TF32).stream().filter(r -> r.op().startsWith("group-conv-")
                && r.algorithm().equals("DIRECT") && r.unit().equals("GFLOP/s")).toList();
        if (rows.isEmpty()) {
            return TargetVerdict.notMeasured(target, "-", tf32Threshold(), why);
        }
        BenchRow slowest = rows.stream().min(Comparator.comparingDouble(BenchRow::rate)).orElseThrow();
        BenchRow fastest = rows.stream().max(Comparator.comparingDouble(BenchRow::rate)).orElseThrow();
        Optional<Ceiling> gemm = results.ceilings().map(c -> c.gemm().get(TF32));
        String measured = "`jace bench`'s shape " + slowest.shape() + " (N,Cin,Cout,size,k), not judged: its "
                + rows.size() + " DIRECT group-conv TF32 rows at " + tflops(slowest) + "–" + tflops(fastest)
                + " TFLOP/s" + gemm.map(c -> " = " + Figures.percent(slowest.rate() / 1e3 / c.value()) + "–"
                + Figures.percent(fastest.rate() / 1e3 / c.value()) + " of " + c.what() + " at "
                + Figures.significant(c.value(), 4) + " TFLOP/s").orElse("");
        return TargetVerdict.notMeasured(target, measured, tf32Threshold(), why + "; `jace bench`'s shape is too small "
                + "for a peak: its calls take microseconds, on one 28×28 layer of 16 channels");
    }

    /** The threshold, with the FLOP convention of the rates it compares and what it does to a % of peak. */
    private static String tf32Threshold() {
        List<String> valid = ConvKernelBench.LARGE_LAYERS.stream().map(l -> Figures.percent(
                Workloads.validTapFraction(l.hw(), l.k()))).toList();
        return "every TF32 entry point (" + String.join(", ", ConvKernelBench.OPS) + ") of the large D4 layers "
                + largeLayers() + " ≥ " + Figures.percent(MIN_TF32_FRACTION) + " of the measured cuBLAS TF32 GEMM "
                + "rate (FLOPs count SAME padding's zero taps too, as cuDNN does: the taps that touch the image are "
                + valid.get(0) + " of those counted on " + ConvKernelBench.LARGE_LAYERS.get(0) + " and " + valid.get(1)
                + " on " + ConvKernelBench.LARGE_LAYERS.get(1) + ", so the % of peak of the useful work is that share "
                + "of the one shown)";
    }

    /** Why conv_gpu_check's timings have no TF32 row of the large layers. */
    private String largeRowsMissing() {
        if (results.convBench().isEmpty()) {
            return "no " + GpuResults.CONV_BENCH_LOG;
        }
        ConvKernelBench conv = results.convBench().get();
        Set<String> why = new LinkedHashSet<>();
        ConvKernelBench.LARGE_LAYERS.forEach(layer -> ConvKernelBench.OPS.forEach(op -> why.add(conv.whyMissing(layer,
                TF32, op))));
        return conv.file() + " has none (" + String.join("; ", why) + ")";
    }

    private String noTf32Ceiling() {
        return "no TF32 GEMM ceiling: " + (results.ceilings().isEmpty() ? "no " + GpuResults.JMH
                : "CublasGemmBench.gemm TF32 is not in " + GpuResults.JMH);
    }

    /** {@code n128 c128 7x7 k3 and n32 c32 28x28 k3}. */
    private static String largeLayers() {
        return String.join(" and ", ConvKernelBench.LARGE_LAYERS.stream().map(Object::toString).toList());
    }

    /** The cases each CUDA run of `jace bench` has an AUTO row of: the D4 lifting conv and the C4/D4 group conv. */
    private static List<String> autoCases() {
        List<String> cases = new ArrayList<>();
        for (String op : GROUP_CONV_OPS) {
            cases.add("d4 " + op.replace("group-conv-", "lifting-"));
        }
        for (String group : GROUPS) {
            GROUP_CONV_OPS.forEach(op -> cases.add(group + " " + op));
        }
        return cases;
    }

    /**
     * Every precision's AUTO rows are due: a run missing, on the cpu only or cut short before some of them, and a row
     * without its DIRECT or EXPANDED row or a known choice, leaves them not judged.
     */
    private TargetVerdict autotuner() {
        String target = "Autotuner never picks the slower algorithm";
        String threshold = "every `AUTO:<choice>` row's choice is the faster of DIRECT and EXPANDED in the same run";
        List<AutotunerPick> picks = autotunerPicks();
        List<AutotunerPick> judged = picks.stream().filter(AutotunerPick::judged).toList();
        List<AutotunerPick> wrong = judged.stream().filter(p -> !p.right()).toList();
        List<String> unmeasured = new ArrayList<>();
        int missing = 0;
        for (String precision : DeviceCeilings.PRECISIONS) {
            String file = GpuResults.benchFile(precision);
            if (!results.bench().containsKey(precision) || results.cudaRows(precision).isEmpty()) {
                unmeasured.add(precision + " (" + (results.bench().containsKey(precision) ? cpuOnly(precision)
                        : "no " + file) + ")");
                missing += autoCases().size();
                continue;
            }
            List<String> absent = autoCases().stream().filter(c -> results.cudaRows(precision).stream().noneMatch(
                    r -> r.algorithm().startsWith("AUTO:") && c.equals(r.group() + " " + r.op()))).toList();
            if (!absent.isEmpty()) {
                unmeasured.add(precision + " (no AUTO row of " + String.join(", ", absent) + " in " + file
                        + (results.bench().get(precision).complete() ? "" : ", cut short") + ")");
                missing += absent.size();
            }
        }
        picks.stream().filter(p -> !p.judged()).forEach(p -> unmeasured.add(p.name() + " (" + (p.direct() == null
                ? "no DIRECT row" : p.expanded() == null ? "no EXPANDED row" : "choice unknown: AUTO:" + p.choice())
                + ")"));
        missing += picks.size() - judged.size();
        if (judged.isEmpty()) {
            return TargetVerdict.notMeasured(target, "-", threshold, "no AUTO row with its DIRECT and EXPANDED rows"
                    + (unmeasured.isEmpty() ? "" : ": " + String.join(", ", unmeasured)));
        }
        double closest = judged.stream().mapToDouble(AutotunerPick::margin).min().orElseThrow();
        String measured = judged.size() + " AUTO rows judged: " + (judged.size() - wrong.size()) + " picked the faster, "
                + wrong.size() + " the slower; closest margin " + AutotunerPick.shown(closest)
                + " (margins below " + Figures.percent(AutotunerPick.NEAR_TIE) + " are near ties; every row in the "
                + "table below)";
        if (!wrong.isEmpty()) {
            List<String> described = wrong.stream().map(p -> p.name() + " kept " + p.choice() + ", " + p.faster()
                    + " faster by " + AutotunerPick.shown(p.margin()) + (p.nearTie() ? ", a near tie" : "")
                    + (p.fasterByMin().equals(p.faster()) ? "" : ", min times favour " + p.fasterByMin())).toList();
            boolean allNoise = wrong.stream().allMatch(AutotunerPick::nearTie);
            return TargetVerdict.notMet(target, measured, threshold, wrong.size() + " of " + judged.size()
                    + " picked the slower: " + String.join("; ", described)
                    + (allNoise ? "; all near ties, which timing noise can reverse: rerun to confirm" : "")
                    + (unmeasured.isEmpty() ? "" : "; not judged: " + String.join(", ", unmeasured)));
        }
        if (missing > 0) {
            return TargetVerdict.metWhereMeasured(target, measured, threshold, missing + " of "
                    + (judged.size() + missing) + " AUTO rows not judged: " + String.join(", ", unmeasured));
        }
        return TargetVerdict.met(target, measured, threshold, null);
    }

    /**
     * Each run's deviation against the {@code copy} row of the same {@code jace bench} run: both timed by the same
     * {@link RepTimer} (calls back to back, one synchronize per rep), so neither is charged a synchronize the other is
     * not. JMH's DeviceCopyBench synchronizes after every copy, which reads low (a few % at 256 MiB), so it is shown,
     * not judged against.
     */
    private TargetVerdict deviation() {
        String target = "Fused deviation at ≥ 80% of device bandwidth";
        String threshold = "deviation GB/s ≥ " + Figures.percent(MIN_BANDWIDTH_FRACTION) + " of the GB/s of the "
                + "`copy` row (a device-to-device copy, read + write) of the same `jace bench` run, both timed alike: "
                + "calls back to back for at least " + BenchRun.MIN_CUDA_REP_NANOS / 1_000_000 + " ms before one "
                + "synchronize (JMH's DeviceCopyBench synchronizes after every copy, which reads low, so it is shown, "
                + "not judged against)";
        Optional<Ceiling> jmhCopy = results.ceilings().flatMap(DeviceCeilings::copy);
        List<String> parts = new ArrayList<>();
        List<String> belowTarget = new ArrayList<>();
        List<String> noCopy = new ArrayList<>();
        Set<String> cases = new LinkedHashSet<>();
        int judged = 0;
        for (String precision : DeviceCeilings.PRECISIONS) {
            List<BenchRow> rows = results.cudaRows(precision);
            Optional<BenchRow> row = rows.stream()
                    .filter(r -> r.op().equals("deviation") && r.unit().equals("GB/s")).findFirst();
            if (row.isEmpty()) {
                continue;
            }
            Optional<BenchRow> copy = rows.stream().filter(r -> r.op().equals("copy") && r.unit().equals("GB/s"))
                    .findFirst();
            double rate = row.get().rate();
            String part = precision + " run: " + Figures.significant(rate, 4) + " GB/s";
            cases.add(row.get().group() + " maps n,c,size = " + row.get().shape());
            if (copy.isEmpty()) {
                parts.add(part + ", no copy row");
                noCopy.add(precision + " (no copy row in " + GpuResults.benchFile(precision) + ")");
                continue;
            }
            double fraction = rate / copy.get().rate();
            part += " = " + Figures.percentBeside(fraction, MIN_BANDWIDTH_FRACTION) + " of its copy's "
                    + Figures.significant(copy.get().rate(), 4) + " GB/s";
            judged++;
            if (fraction < MIN_BANDWIDTH_FRACTION) {
                belowTarget.add(precision + " run " + Figures.percentBeside(fraction, MIN_BANDWIDTH_FRACTION) + ", "
                        + Figures.pointsShort(fraction, MIN_BANDWIDTH_FRACTION) + " points short");
            }
            parts.add(part);
            // A copy's work is its bytes read + written: twice its size.
            cases.add("copy of " + Figures.significant(copy.get().work() / 2 / (1 << 20), 4) + " MiB, read + write");
        }
        String measured = parts.isEmpty() ? "-" : String.join("; ", parts) + " (" + String.join("; ", cases) + ")"
                + jmhCopy.map(c -> "; JMH " + c.what() + ": " + Figures.significant(c.value(), 4) + " GB/s, a "
                + "synchronize after each copy, shown only").orElse("");
        Optional<String> ncu = ncuDram();
        if (ncu.isPresent()) {
            measured = parts.isEmpty() ? ncu.get() : measured + "; " + ncu.get();
        }
        List<String> unmeasured = unmeasured("deviation");
        if (parts.isEmpty()) {
            return TargetVerdict.notMeasured(target, measured, threshold, "no deviation row: "
                    + String.join(", ", unmeasured));
        }
        unmeasured.addAll(noCopy);
        if (judged == 0) {
            return TargetVerdict.notMeasured(target, measured, threshold, "no copy row in the runs of the deviation "
                    + "rows: " + String.join(", ", unmeasured));
        }
        if (!belowTarget.isEmpty()) {
            return TargetVerdict.notMet(target, measured, threshold, belowTarget.size() + " of " + judged + " runs short: "
                    + String.join("; ", belowTarget) + (unmeasured.isEmpty() ? ""
                    : "; not measured: " + String.join(", ", unmeasured)));
        }
        if (!unmeasured.isEmpty()) {
            return TargetVerdict.metWhereMeasured(target, measured, threshold, unmeasured.size() + " of "
                    + (judged + unmeasured.size()) + " runs not measured: " + String.join(", ", unmeasured));
        }
        return TargetVerdict.met(target, measured, threshold, null);
    }

    /**
     * The DRAM throughput Nsight Compute measured on the deviation kernels, a second reading beside the bench's GB/s:
     * {@code ncu: DRAM throughput 84.9–85.6% of peak (jace_deviation_forward, 3 launches)}; empty without one.
     */
    private Optional<String> ncuDram() {
        Map<String, List<Double>> byKernel = new LinkedHashMap<>();
        results.ncuDeviation().ifPresent(p -> p.kernels().forEach(k -> k.dram().ifPresent(v -> byKernel
                .computeIfAbsent(k.name(), name -> new ArrayList<>()).add(v))));
        if (byKernel.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        byKernel.forEach((kernel, values) -> {
            String min = Figures.fixed(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), 1);
            String max = Figures.fixed(values.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), 1);
            parts.add((min.equals(max) ? min : min + "–" + max) + "% of peak (" + kernel
                    + (values.size() > 1 ? ", " + values.size() + " launches" : "") + ")");
        });
        return Optional.of("ncu: DRAM throughput " + String.join("; ", parts));
    }

    /**
     * The training step: its own criteria, no host round trip and no allocation in a warm captured step (StepTraffic
     * of the overlapped step, {@code --capture-steps --overlap-steps}: none of the {@link StepTrafficLog#HOST_BOUND}
     * calls, and no wait for a read of the step just enqueued), judged; jace's images/s shown beside PyTorch's where
     * PyTorch was measured.
     */
    private TargetVerdict step() {
        String target = "ACE training step of the p4 CNN: no host round trip or allocation, images/s beside PyTorch's";
        String threshold = "a warm captured step (StepTraffic cuda c4 64 overlapped: --capture-steps --overlap-steps) "
                + "calls none of " + String.join(", ", StepTrafficLog.HOST_BOUND) + " and waits for no read of a "
                + "step it has just enqueued (a round trip: nothing queued behind the read); jace's images/s reported "
                + "beside PyTorch's for the same model and step, where PyTorch was measured";
        List<String> parts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean anyJace = false;
        for (String precision : DeviceCeilings.PRECISIONS) {
            List<BenchRow> rows = results.cudaRows(precision).stream()
                    .filter(r -> r.op().equals("ace-step") && r.unit().equals("img/s")).toList();
            PytorchThroughput torch = results.pytorch().get(precision.toLowerCase(Locale.ROOT));
            if (rows.isEmpty() && torch == null) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String mode : GpuResults.STEP_MODES) {
                rows.stream().filter(r -> r.algorithm().equals(mode)).findFirst()
                        .ifPresentOrElse(r -> cells.add(mode + " " + Figures.fixed(r.rate(), 0)),
                                () -> cells.add(mode + " not measured"));
            }
            String part = rows.isEmpty() ? "jace " + precision + " not measured"
                    : "jace " + precision + " (" + rows.getFirst().group() + ", batch " + batch(rows.getFirst())
                    + "): " + String.join(", ", cells) + " img/s";
            anyJace |= !rows.isEmpty();
            if (torch != null) {
                part += "; PyTorch " + torch.precision() + ": " + Figures.fixed(torch.medianImagesPerSecond(), 0)
                        + " img/s" + (torch.torch() == null ? "" : " (torch " + torch.torch() + ")");
                String mismatch = rows.isEmpty() ? null : mismatch(rows.getFirst(), torch);
                if (mismatch != null) {
                    part += ", not the same step: " + mismatch;
                } else if (!rows.isEmpty()) {
                    BenchRow fastest = rows.stream().max(Comparator.comparingDouble(BenchRow::rate)).orElseThrow();
                    part += ", jace " + fastest.algorithm() + " / PyTorch = "
                            + Figures.fixed(fastest.rate() / torch.medianImagesPerSecond(), 2) + "×" + storage(torch);
                }
            }
            parts.add(part);
        }
        List<StepTrafficLog> counted = results.stepTraffic().values().stream().filter(StepTrafficLog::complete)
                .toList();
        if (!counted.isEmpty()) {
            List<String> traffic = new ArrayList<>();
            results.stepTraffic().forEach((mode, log) -> traffic.add(mode + " " + (log.complete() ? log.hostBound()
                    : "not measured (" + log.file() + " has no calls table)")));
            parts.add("calls per warm step (StepTraffic on " + counted.getFirst().backend().split(" ")[0] + "): "
                    + String.join("; ", traffic));
        }
        List<String> torchMissing = GpuResults.PYTORCH_PRECISIONS.stream()
                .filter(p -> !results.pytorch().containsKey(p)).map(GpuResults::pytorchFile).toList();
        if (!torchMissing.isEmpty()) {
            notes.add("PyTorch not measured: no " + String.join(", ", torchMissing));
        }
        List<String> unmeasured = unmeasured("ace-step");
        if (!unmeasured.isEmpty()) {
            notes.add("jace not measured: " + String.join(", ", unmeasured));
        }
        String measured = parts.isEmpty() ? "-" : String.join("; ", parts);
        StepTrafficLog overlapped = results.stepTraffic().get("overlapped");
        if (overlapped == null || !overlapped.complete()) {
            return stepNotMeasured(target, measured, threshold, notes, anyJace, "host round trips and allocations of "
                    + "a captured step not measured: " + (overlapped == null ? "no "
                    + GpuResults.stepTrafficLog("overlapped") : overlapped.file() + " has no calls table (StepTraffic "
                    + "failed or was stopped)"));
        }
        Optional<String> notOnGpu = !overlapped.backend().startsWith("cuda") ? Optional.of("ran on "
                + overlapped.backend() + ", not CUDA") : overlapped.backend().contains(CudaProbe.EMULATOR_DEVICE)
                ? Optional.of("ran on jace's CPU emulator of CUDA, not a GPU") : Optional.empty();
        if (notOnGpu.isPresent()) {
            // Another backend's calls and waits are no measure of the CUDA step's (its allocations and reads differ).
            return stepNotMeasured(target, measured, threshold, notes, anyJace, "host round trips and allocations of "
                    + "a captured step not measured: " + overlapped.file() + " " + notOnGpu.get());
        }
        List<String> gaps = new ArrayList<>();
        if (!overlapped.staysOnDevice()) {
            List<String> calls = StepTrafficLog.HOST_BOUND.stream().filter(op -> overlapped.perStep(op) > 0)
                    .map(op -> Figures.significant(overlapped.perStep(op), 3) + " " + op).toList();
            gaps.add("calls " + String.join(", ", calls) + " per step");
        }
        if (overlapped.roundTrips() > 0) {
            gaps.add("has " + Figures.significant(overlapped.roundTrips(), 3) + " round-trip waits per step, the host "
                    + "waiting for a read of the step it has just enqueued");
        }
        if (!gaps.isEmpty()) {
            notes.addFirst("a warm overlapped step still " + String.join(" and ", gaps) + " (" + overlapped.file()
                    + ")");
            return TargetVerdict.notMet(target, measured, threshold, String.join("; ", notes));
        }
        if (overlapped.waits().isEmpty()) {
            // The waits for its reads are PendingRead.get() calls, not backend calls, which the old log left out.
            return stepNotMeasured(target, measured, threshold, notes, anyJace, "host round trips of a captured step "
                    + "not measured: " + overlapped.file() + (overlapped.predatesWaits() ? " has no host-wait table (a "
                    + "StepTraffic from before it counted the waits for readLater, which are not backend calls: rerun "
                    + "it)" : " ends before its host-wait table is whole (StepTraffic failed or was stopped)"));
        }
        if (!anyJace) {
            return stepNotMeasured(target, measured, threshold, notes, false, null);
        }
        return notes.isEmpty() ? TargetVerdict.met(target, measured, threshold, null)
                : TargetVerdict.metWhereMeasured(target, measured, threshold, String.join("; ", notes));
    }

    /**
     * The training step not measured: {@code why} (if any) first among the {@code notes}, "no ace-step row" before it
     * where no jace images/s were measured either.
     */
    private static TargetVerdict stepNotMeasured(String target, String measured, String threshold, List<String> notes,
                                                 boolean anyJace, String why) {
        if (why != null) {
            notes.addFirst(why);
        }
        if (!anyJace) {
            notes.addFirst("no ace-step row");
        }
        return TargetVerdict.notMeasured(target, measured, threshold, String.join("; ", notes));
    }

    /**
     * FFM's share of a launch: FfmOverheadBench.noopLaunchBurst less the same {@code jace_noop} bursts launched from C
     * (what a launch costs in C, libjace's checks and the CUDA runtime, is no binding's), both timed in bursts
     * between drains, so that no full launch queue hides host cost; without both, the whole launch through FFM, a
     * stricter bound. Differences are judged to the C figures' 0.001 µs.
     */
    private TargetVerdict launch() {
        String target = "FFM launch overhead ≤ 1 µs per op";
        String limit = "≤ " + Figures.fixed(MAX_LAUNCH_US, 1) + " µs ";
        Optional<DeviceCeilings> ceilings = results.ceilings();
        Optional<Ceiling> ffmBurst = ceilings.flatMap(DeviceCeilings::launchBurst);
        Optional<Ceiling> ffmSustained = ceilings.flatMap(DeviceCeilings::launch);
        Optional<CLaunchTiming> c = results.cLaunch();
        Optional<Double> cBurst = c.filter(t -> t.burstSize() == DeviceCeilings.BURST).flatMap(CLaunchTiming::burst);
        if (ffmBurst.isPresent() && cBurst.isPresent()) {
            String threshold = limit + "added by FFM per no-op kernel launch: FfmOverheadBench.noopLaunchBurst less "
                    + "the same launches from C (examples/launch_overhead), both in bursts of " + DeviceCeilings.BURST
                    + " between drains, so that no full launch queue hides the host's cost";
            double through = ffmBurst.get().value();
            double share = thousandths(through - cBurst.get());
            String measured = launchFigures() + "; FFM adds " + Figures.significantBeside(share, MAX_LAUNCH_US, 3)
                    + " µs per launch";
            if (share > MAX_LAUNCH_US) {
                return TargetVerdict.notMet(target, measured, threshold, Figures.significant(share - MAX_LAUNCH_US, 3)
                        + " µs over" + downcallShare());
            }
            String note = share <= 0 ? "C's launches were no faster than FFM's: FFM's share is below the noise "
                    + "between the two runs" : through > MAX_LAUNCH_US ? "a launch costs "
                    + Figures.significant(cBurst.get(), 3) + " µs from C too (libjace's checks and the CUDA runtime), "
                    + "which no binding removes" : null;
            return TargetVerdict.met(target, measured, threshold, note);
        }
        Optional<Ceiling> whole = ffmBurst.or(() -> ffmSustained);
        if (whole.isEmpty()) {
            return TargetVerdict.notMeasured(target, "-", limit + "added by FFM per no-op kernel launch "
                    + "(FfmOverheadBench.noopLaunchBurst less the same launches from C)", ceilings.isEmpty()
                    ? "no " + GpuResults.JMH : "neither FfmOverheadBench.noopLaunchBurst nor noopLaunch is in "
                    + GpuResults.JMH);
        }
        String threshold = limit + "per no-op kernel launch through FFM (" + whole.get().source().shortName()
                + (ffmBurst.isEmpty() ? ", enqueue only: a full launch queue may bound it, not the host" : "")
                + "; no launch from C to subtract: " + whyNoLaunchFromC(ffmBurst.isPresent()) + ")";
        double us = thousandths(whole.get().value());
        return us <= MAX_LAUNCH_US ? TargetVerdict.met(target, launchFigures(), threshold, null)
                : TargetVerdict.notMet(target, launchFigures(), threshold, Figures.significant(us - MAX_LAUNCH_US, 3)
                        + " µs over" + downcallShare());
    }

    /** Every launch figure there is, through FFM and from C, and the FFM downcall alone. */
    private String launchFigures() {
        Optional<DeviceCeilings> ceilings = results.ceilings();
        Optional<CLaunchTiming> c = results.cLaunch();
        List<String> parts = new ArrayList<>();
        parts.add(launchFigures("through FFM", ceilings.flatMap(DeviceCeilings::launchBurst).map(Ceiling::value),
                ceilings.flatMap(DeviceCeilings::launch).map(Ceiling::value),
                ceilings.flatMap(DeviceCeilings::launchAndSync).map(Ceiling::value)));
        c.ifPresent(t -> parts.add(launchFigures("from C" + (t.burstSize() > 0 && t.burstSize() != DeviceCeilings.BURST
                ? " (bursts of " + t.burstSize() + ")" : ""), t.burst(), t.enqueue(), t.withSynchronize())));
        ceilings.flatMap(DeviceCeilings::downcall).ifPresent(d -> parts.add("FFM downcall alone (jace_version) "
                + Figures.significant(d.value(), 3) + " µs"));
        return String.join("; ", parts.stream().filter(p -> !p.isEmpty()).toList());
    }

    /** {@code through FFM: bursts 2.3 µs, sustained 2.5 µs, + synchronize 9.5 µs}, as far as present. */
    private static String launchFigures(String how, Optional<Double> burst, Optional<Double> sustained,
                                        Optional<Double> synchronize) {
        List<String> figures = new ArrayList<>();
        burst.ifPresent(us -> figures.add("bursts " + Figures.significantBeside(us, MAX_LAUNCH_US, 3) + " µs"));
        sustained.ifPresent(us -> figures.add("sustained " + Figures.significantBeside(us, MAX_LAUNCH_US, 3) + " µs"));
        synchronize.ifPresent(us -> figures.add("+ synchronize " + Figures.significant(us, 3) + " µs"));
        return figures.isEmpty() ? "" : how + ": " + String.join(", ", figures);
    }

    /** {@code , of which the FFM downcall itself is 0.0061 µs}, or empty without that figure. */
    private String downcallShare() {
        return results.ceilings().flatMap(DeviceCeilings::downcall).map(d -> ", of which the FFM downcall itself is "
                + Figures.significant(d.value(), 3) + " µs").orElse("");
    }

    /** Why the launch target has no launch from C to subtract, given whether FFM's bursts were timed. */
    private String whyNoLaunchFromC(boolean ffmBursts) {
        if (!ffmBursts) {
            return "no FfmOverheadBench.noopLaunchBurst";
        }
        return results.cLaunch().map(c -> c.burst().isEmpty() ? c.file() + " has no bursts figure: launch_overhead "
                + "failed or was stopped" : c.file() + " timed bursts of " + c.burstSize() + ", FfmOverheadBench "
                + DeviceCeilings.BURST).orElse("no " + GpuResults.C_LAUNCH_LOG);
    }

    private static double thousandths(double us) {
        return Math.round(us * 1000) / 1000.0;
    }

    /** The bench files that are missing, as {@code FP32 (no bench-FP32.json)}. */
    private List<String> missingBench() {
        return unmeasured(null);
    }

    /**
     * The precisions without {@code op} rows: {@code FP32 (no bench-FP32.json)}, or where the file lacks them,
     * {@code TF32 (no deviation row in bench-TF32.json)}; for a null {@code op}, the missing files and those of runs
     * cut short.
     */
    private List<String> unmeasured(String op) {
        List<String> missing = new ArrayList<>();
        for (String precision : DeviceCeilings.PRECISIONS) {
            String file = GpuResults.benchFile(precision);
            if (!results.bench().containsKey(precision)) {
                missing.add(precision + " (no " + file + ")");
            } else if (results.cudaRows(precision).isEmpty()) {
                missing.add(precision + " (" + cpuOnly(precision) + ")");
            } else if (op != null && results.cudaRows(precision).stream().noneMatch(r -> r.op().equals(op))) {
                missing.add(precision + " (no " + op + " row in " + file + ")");
            } else if (op == null && !results.bench().get(precision).complete()) {
                missing.add(precision + " (" + file + " cut short: the ops after its last row)");
            }
        }
        return missing;
    }

    /** Why a bench file present for {@code precision} measured nothing on CUDA. */
    private static String cpuOnly(String precision) {
        return GpuResults.benchFile(precision) + " has no cuda rows: it ran on the cpu only";
    }

    /** Why PyTorch's run is not the step of {@code row}, or null when it is. */
    static String mismatch(BenchRow row, PytorchThroughput torch) {
        List<String> why = new ArrayList<>();
        if (!torch.device().equals("cuda")) {
            why.add("PyTorch ran on " + torch.device());
        }
        if (!torch.precision().equalsIgnoreCase(row.precision())) {
            why.add("PyTorch precision " + torch.precision() + ", jace " + row.precision());
        } else if (torch.precision().equals("fp32") && !torch.tf32Allowed().isEmpty()) {
            why.add("PyTorch fp32 ran with TF32 allowed (" + String.join(", ", torch.tf32Allowed()) + " true)");
        }
        if (!torch.group().equalsIgnoreCase(row.group())) {
            why.add("PyTorch group " + torch.group() + ", jace " + row.group());
        }
        if (!String.valueOf(torch.batch()).equals(batch(row))) {
            why.add("PyTorch batch " + torch.batch() + ", jace " + batch(row));
        }
        int probe = TrainStepWorkload.probeSamples();
        if (torch.probeSamples() != null && torch.probeSamples() != probe) {
            why.add("PyTorch probe samples " + torch.probeSamples() + ", jace " + probe);
        }
        return why.isEmpty() ? null : String.join(", ", why);
    }

    /** How PyTorch's run stores what jace's does not, beside their ratio: for bf16, its activations; else empty. */
    private static String storage(PytorchThroughput torch) {
        return torch.precision().equals("bf16") ? " (PyTorch's bf16 autocast stores bf16 activations; jace's BF16 "
                + "stores FP32 and computes BF16 in its convolutions and GEMMs only)" : "";
    }

    /** The batch of a model row: the first entry of its shape ({@code 64,1,28,28}). */
    private static String batch(BenchRow row) {
        return row.shape().split(",")[0];
    }

    private static BenchRow find(List<BenchRow> rows, BenchRow like, String algorithm) {
        return rows.stream().filter(r -> r.algorithm().equals(algorithm) && r.sameCase(like)).findFirst()
                .orElse(null);
    }

    private static String tflops(BenchRow row) {
        return Figures.significant(row.rate() / 1e3, 4);
    }
}
