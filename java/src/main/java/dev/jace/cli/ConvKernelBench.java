package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timings of {@code native/conv_gpu_check bench} (the device check's conv-kernels-bench step): the mean time and
 * rate of each D4 group-conv entry point per layer and precision, timed between two CUDA events. Lines that are no
 * timing, no failed timing, no splits, no wgmma tiles, no bfloat16 staging, no plain GEMM timing and not the program's
 * last line are skipped.
 *
 * @param file     the log's file name
 * @param rows     one per {@code bench D4 group conv …} line, in the log's order
 * @param implicitGemm one per {@code bench implicit-gemm D4 group conv …} line: the same entry point timed again
 *                 right after, under {@code JACE_CONV_KERNELS=implicit-gemm} (none in a log from before that variable)
 * @param unsplit  one per {@code bench unsplit D4 group conv …} line: a forward or backward_data whose default kernels
 *                 split K timed again right after its implicit GEMM, under {@code JACE_CONV_KERNELS=unsplit} (the
 *                 default kernels with K whole; none in a log from before that value)
 * @param wgmma    one per {@code bench wgmma D4 group conv …} line: each TF32 entry point (and BF16's, since their
 *                 wgmma kernels) timed again after every layer's default timings (until session 72 right after its
 *                 implicit GEMM timing), under {@code JACE_CONV_KERNELS=wgmma} (on Hopper only; none in a log from
 *                 before): the wgmma kernels with the block-tile height the library chooses
 * @param wgmma128 one per {@code bench wgmma-128 D4 group conv …} line: the same entry point timed right after its
 *                 {@code bench wgmma} line with the wgmma kernels forced to 128-row block tiles
 *                 ({@code JACE_CONV_KERNELS=wgmma-128}; none in a log from before that value)
 * @param wgmma192 one per {@code bench wgmma-192 D4 group conv …} line: the same, forced to 192-row block tiles
 *                 ({@code JACE_CONV_KERNELS=wgmma-192}), right after the {@code bench wgmma-128} line; forward and
 *                 backward_data only (backward_filter has no 192-row tiles; none in a log from before that value)
 * @param wgmma256 one per {@code bench wgmma-256 D4 group conv …} line: the same, forced to 256-row block tiles
 *                 ({@code JACE_CONV_KERNELS=wgmma-256}), right after the {@code bench wgmma-192} line
 *                 (backward_filter's {@code bench wgmma-128} line)
 * @param wgmmaTma one per {@code bench wgmma-tma D4 group conv …} line, on Hopper last of all (none in a log from
 *                 before session 75): each layer's entry points at TF32 and BF16 under
 *                 {@code JACE_CONV_KERNELS=wgmma-tma}, the wgmma main loop fed by tensor copies
 * @param splits   one per {@code splits D4 group conv …} line, before each layer's timings: the K splits the default
 *                 kernels use for each entry point (none in a log from before those lines); a {@code FAIL splits …}
 *                 line, like a {@code FAIL wgmma tiles …} one, is skipped: neither splits nor one of the
 *                 {@code failures}
 * @param wgmmaTiles one per {@code wgmma tiles D4 group conv …} line, on Hopper before each layer's wgmma timings
 *                 (since session 72 after every layer's default timings, before them per layer until then): the
 *                 tiles {@code JACE_CONV_KERNELS=wgmma} chooses for each TF32 entry point (none in a log from before
 *                 those lines); a {@code FAIL wgmma tiles …} line, like the wgmma timings' FAIL lines, is skipped:
 *                 neither tiles nor one of the {@code failures}
 * @param staging  one per {@code staging bf16 D4 group conv …} line, before each layer's timings: the time of the
 *                 bfloat16 conversions the BF16 expand + cuDNN baseline adds to one pass of the layer (none in a log
 *                 from before those lines); a {@code FAIL staging bf16 …} line, or one whose times are no positive
 *                 finite numbers, is skipped: neither staging nor one of the {@code failures}
 * @param wgmmaPlain one per {@code bench wgmma-plain …} line, on Hopper after every wgmma timing: the wgmma kernels'
 *                 main loop on a plain GEMM, the ceiling of their pipeline (none in a log from before session 73),
 *                 fed by cp.async and, since session 74, by tensor copies;
 *                 a {@code FAIL bench wgmma-plain …} line, or one whose time is no positive finite number, is skipped:
 *                 neither a plain timing nor one of the {@code failures}
 * @param failures one per {@code FAIL bench D4 group conv …} line
 * @param untimed  one per timing line whose time is no positive finite number ({@code 0.000 ms inf TFLOP/s}: the
 *                 events measured nothing): the entry point ran, but was not measured
 * @param finished whether the log has conv_gpu_check's last line ({@code conv_gpu_check…: … failures}); a log
 *                 without it was cut short, unless it skipped
 * @param skipped  the reason of a {@code SKIP …} line ({@code conv_gpu_check: no CUDA device}): it timed nothing;
 *                 empty without one
 */
record ConvKernelBench(String file, List<Row> rows, List<Row> implicitGemm, List<Row> unsplit, List<Row> wgmma,
                       List<Row> wgmma128, List<Row> wgmma192, List<Row> wgmma256, List<Row> wgmmaTma,
                       List<Splits> splits,
                       List<Tiles> wgmmaTiles, List<Staging> staging, List<Plain> wgmmaPlain, List<Failure> failures,
                       List<Untimed> untimed, boolean finished, Optional<String> skipped) {

    static final List<String> OPS = List.of("forward", "backward_data", "backward_filter");
    /** The layers issue #6's TF32 target is judged on: GroupConvBench's 128x128x128x7x3 and 32x32x32x28x3. */
    static final List<Layer> LARGE_LAYERS = List.of(new Layer(128, 128, 7, 3), new Layer(32, 32, 28, 3));

    /** A D4 group-conv layer: batch n, c fibres of 8 channels in and out, hw x hw maps, k x k filter. */
    record Layer(int n, int c, int hw, int k) {
        /** As conv_gpu_check prints it: {@code n128 c128 7x7 k3}. */
        @Override
        public String toString() {
            return "n" + n + " c" + c + " " + hw + "x" + hw + " k" + k;
        }
    }

    /** One timed entry point: {@code precision} FP32, TF32 or BF16, {@code op} one of {@link #OPS}, ms per call. */
    record Row(Layer layer, String precision, String op, double ms, double tflops) {
    }

    /** The K {@code splits} the default kernels use for entry point {@code op} on a layer (1: K whole). */
    record Splits(Layer layer, String op, int splits) {
    }

    /**
     * The block tiles {@code JACE_CONV_KERNELS=wgmma} chooses for TF32's entry point {@code op} on a layer: their
     * {@code rows} (0 where that pass keeps the default kernels) and backward_filter's K {@code splits} (1 for the
     * other ops).
     */
    record Tiles(Layer layer, String op, int rows, int splits) {
    }

    /**
     * The bfloat16 conversions the BF16 expand + cuDNN baseline adds to one pass of a layer run as a plain convolution,
     * ms: {@code dataMs} forward's or backward_data's (a map and the expanded filter rounded to bfloat16, the output
     * map widened back to float), {@code filterMs} backward_filter's (two maps rounded, the filter widened).
     */
    record Staging(Layer layer, double dataMs, double filterMs) {
    }

    /**
     * The wgmma main loop on a plain GEMM at {@code precision}: C^T [n][m] = A [m][k] B [n][k]^T in block tiles of
     * {@code rows} rows, fed by the threads' cp.async copies, or by tensor copies ({@code tma}: a {@code 128-row tma}
     * line, since session 74), ms per call and TFLOP/s (2mnk FLOP).
     */
    record Plain(String precision, int m, int n, int k, int rows, boolean tma, double ms, double tflops) {
    }

    /** An entry point that returned an error; {@code why} is the rest of its line (status and message), maybe empty. */
    record Failure(Layer layer, String precision, String op, String why) {
    }

    /** A timing line without a usable time: {@code timing} as the line gives it ({@code 0.000 ms, inf TFLOP/s}). */
    record Untimed(Layer layer, String precision, String op, String timing) {
    }

    /** A square layer; groups 1 to 4 are n, c, hw and k. */
    private static final String LAYER = "n(\\d{1,9}) c(\\d{1,9}) (\\d{1,9})x\\3 k(\\d{1,9})";
    private static final String NUMBER = "(\\d+(?:\\.\\d*)?)";
    /** A timing's layer (groups 1 to 4), precision (5), entry point (6), ms (7) and TFLOP/s (8). */
    private static final String TIMING = LAYER + " (\\w+) +(\\w+) +" + NUMBER + " ms +" + NUMBER + " TFLOP/s\\s*";
    private static final Pattern ROW = Pattern.compile("bench D4 group conv " + TIMING);
    /**
     * A timing under a {@code JACE_CONV_KERNELS} value: the value (group 1), then the rest of the line, a
     * {@link #TIMING} for {@link #KERNELS_TIMING}.
     */
    private static final Pattern KERNELS_ROW = Pattern.compile(
            "bench (implicit-gemm|unsplit|wgmma|wgmma-128|wgmma-192|wgmma-256|wgmma-tma) D4 group conv (.*)");
    private static final Pattern KERNELS_TIMING = Pattern.compile(TIMING);
    /** A timing line whatever its figures ({@code inf}, {@code nan}): those that are no finite time are untimed. */
    private static final Pattern ANY_TIMING = Pattern.compile("bench D4 group conv " + LAYER + " (\\w+) +(\\w+) +(\\S+)"
            + " ms +(\\S+) TFLOP/s\\s*");
    /** A {@link Splits}' layer (groups 1 to 4), entry point (5) and splits (6). */
    private static final Pattern SPLITS = Pattern.compile("splits D4 group conv " + LAYER
            + " (\\w+) (\\d{1,9}) splits\\s*");
    /** A {@link Tiles}' layer (groups 1 to 4), entry point (5), rows (6) and splits (7). */
    private static final Pattern TILES = Pattern.compile("wgmma tiles D4 group conv " + LAYER
            + " (\\w+) (\\d{1,9}) rows (\\d{1,9}) splits\\s*");
    /** A {@link Staging}'s layer (groups 1 to 4), forward/backward_data ms (5) and backward_filter ms (6). */
    private static final Pattern STAGING = Pattern.compile("staging bf16 D4 group conv " + LAYER
            + " forward/backward_data +" + NUMBER + " ms +backward_filter +" + NUMBER + " ms\\s*");
    /** A {@link Plain}'s precision (group 1), m, n, k (2 to 4), rows (5), tensor copies (6), ms (7), TFLOP/s (8). */
    private static final Pattern PLAIN = Pattern.compile("bench wgmma-plain (\\w+) m(\\d{1,9}) n(\\d{1,9}) "
            + "k(\\d{1,9}) (\\d{1,9})-row( tma)? +" + NUMBER + " ms +" + NUMBER + " TFLOP/s\\s*");
    private static final Pattern FAILURE = Pattern.compile("FAIL bench D4 group conv " + LAYER + " (\\w+) (\\w+)(.*)");
    private static final Pattern LAST = Pattern.compile("conv_gpu_check[\\w ]*: .*failures\\s*");
    private static final Pattern SKIP = Pattern.compile("SKIP (.*?)\\s*");

    ConvKernelBench {
        rows = List.copyOf(rows);
        implicitGemm = List.copyOf(implicitGemm);
        unsplit = List.copyOf(unsplit);
        wgmma = List.copyOf(wgmma);
        wgmma128 = List.copyOf(wgmma128);
        wgmma192 = List.copyOf(wgmma192);
        wgmma256 = List.copyOf(wgmma256);
        wgmmaTma = List.copyOf(wgmmaTma);
        splits = List.copyOf(splits);
        wgmmaTiles = List.copyOf(wgmmaTiles);
        staging = List.copyOf(staging);
        wgmmaPlain = List.copyOf(wgmmaPlain);
        failures = List.copyOf(failures);
        untimed = List.copyOf(untimed);
    }

    static ConvKernelBench read(Path log) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<Row> implicitGemm = new ArrayList<>();
        List<Row> unsplit = new ArrayList<>();
        List<Row> wgmma = new ArrayList<>();
        List<Row> wgmma128 = new ArrayList<>();
        List<Row> wgmma192 = new ArrayList<>();
        List<Row> wgmma256 = new ArrayList<>();
        List<Row> wgmmaTma = new ArrayList<>();
        Map<String, List<Row>> byKernels = Map.of("implicit-gemm", implicitGemm, "unsplit", unsplit, "wgmma", wgmma,
                "wgmma-128", wgmma128, "wgmma-192", wgmma192, "wgmma-256", wgmma256, "wgmma-tma", wgmmaTma);
        List<Splits> splits = new ArrayList<>();
        List<Tiles> wgmmaTiles = new ArrayList<>();
        List<Staging> staging = new ArrayList<>();
        List<Plain> wgmmaPlain = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        List<Untimed> untimed = new ArrayList<>();
        boolean finished = false;
        Optional<String> skipped = Optional.empty();
        for (String line : StepLogs.lines(log)) {
            Matcher skip = SKIP.matcher(line);
            Matcher row = ROW.matcher(line);
            Matcher split = SPLITS.matcher(line);
            Matcher tiles = TILES.matcher(line);
            Matcher stage = STAGING.matcher(line);
            Matcher plain = PLAIN.matcher(line);
            Matcher failure = FAILURE.matcher(line);
            Matcher timing = ANY_TIMING.matcher(line);
            Matcher kernels = KERNELS_ROW.matcher(line);
            Matcher kernelsTiming = KERNELS_TIMING.matcher(kernels.matches() ? kernels.group(2) : "");
            if (row.matches() && timed(row)) {
                rows.add(rowOf(row));
            } else if (timing.matches()) {
                untimed.add(new Untimed(layer(timing), timing.group(5), timing.group(6), timing.group(7) + " ms, "
                        + timing.group(8) + " TFLOP/s"));
            } else if (kernelsTiming.matches() && timed(kernelsTiming)) {
                byKernels.get(kernels.group(1)).add(rowOf(kernelsTiming));
            } else if (split.matches()) {
                splits.add(new Splits(layer(split), split.group(5), Integer.parseInt(split.group(6))));
            } else if (tiles.matches()) {
                wgmmaTiles.add(new Tiles(layer(tiles), tiles.group(5), Integer.parseInt(tiles.group(6)),
                        Integer.parseInt(tiles.group(7))));
            } else if (stage.matches()) {
                stagingOf(stage).ifPresent(staging::add);
            } else if (plain.matches()) {
                plainOf(plain).ifPresent(wgmmaPlain::add);
            } else if (failure.matches()) {
                failures.add(new Failure(layer(failure), failure.group(5), failure.group(6),
                        failure.group(7).replaceFirst("^\\s*:", "").strip()));
            } else if (LAST.matcher(line).matches()) {
                finished = true;
            } else if (skip.matches()) {
                skipped = Optional.of(skip.group(1));
            }
        }
        return new ConvKernelBench(log.getFileName().toString(), rows, implicitGemm, unsplit, wgmma, wgmma128,
                wgmma192, wgmma256, wgmmaTma, splits, wgmmaTiles, staging, wgmmaPlain, failures, untimed, finished,
                skipped);
    }

    /** The row of a matched {@link #TIMING}. */
    private static Row rowOf(Matcher m) {
        return new Row(layer(m), m.group(5), m.group(6), Double.parseDouble(m.group(7)),
                Double.parseDouble(m.group(8)));
    }

    /** Whether a matched timing line's time (group 7) is positive and finite, and its rate (group 8) finite. */
    private static boolean timed(Matcher m) {
        double ms = Double.parseDouble(m.group(7));
        return ms > 0 && Double.isFinite(ms) && Double.isFinite(Double.parseDouble(m.group(8)));
    }

    /** The staging of a matched {@link #STAGING} line; none where a time is not positive or not finite. */
    private static Optional<Staging> stagingOf(Matcher m) {
        double data = Double.parseDouble(m.group(5));
        double filter = Double.parseDouble(m.group(6));
        boolean timed = data > 0 && filter > 0 && Double.isFinite(data) && Double.isFinite(filter);
        return timed ? Optional.of(new Staging(layer(m), data, filter)) : Optional.empty();
    }

    /** The plain GEMM timing of a matched {@link #PLAIN} line; none where its time is not positive or not finite. */
    private static Optional<Plain> plainOf(Matcher m) {
        double ms = Double.parseDouble(m.group(7));
        double tflops = Double.parseDouble(m.group(8));
        boolean timed = ms > 0 && Double.isFinite(ms) && Double.isFinite(tflops);
        return timed ? Optional.of(new Plain(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), m.group(6) != null, ms, tflops))
                : Optional.empty();
    }

    /** The implicit GEMM's row of an entry point; the last where the log has several. */
    Optional<Row> implicitGemmRow(Layer layer, String precision, String op) {
        return last(implicitGemm, layer, precision, op);
    }

    /** The row of an entry point with K whole ({@code JACE_CONV_KERNELS=unsplit}); the last where there are several. */
    Optional<Row> unsplitRow(Layer layer, String precision, String op) {
        return last(unsplit, layer, precision, op);
    }

    /** The wgmma kernel's row of an entry point; the last where the log has several. */
    Optional<Row> wgmmaRow(Layer layer, String precision, String op) {
        return last(wgmma, layer, precision, op);
    }

    /** The wgmma kernels' row of an entry point with 128-row block tiles; the last where the log has several. */
    Optional<Row> wgmma128Row(Layer layer, String precision, String op) {
        return last(wgmma128, layer, precision, op);
    }

    /** The wgmma kernels' row of an entry point with 192-row block tiles; the last where the log has several. */
    Optional<Row> wgmma192Row(Layer layer, String precision, String op) {
        return last(wgmma192, layer, precision, op);
    }

    /** The wgmma kernels' row of an entry point with 256-row block tiles; the last where the log has several. */
    Optional<Row> wgmma256Row(Layer layer, String precision, String op) {
        return last(wgmma256, layer, precision, op);
    }

    /** The tiles {@code JACE_CONV_KERNELS=wgmma} chooses for TF32's {@code op}; the last where the log has several. */
    Optional<Tiles> wgmmaTiles(Layer layer, String op) {
        return wgmmaTiles.stream().filter(t -> t.layer().equals(layer) && t.op().equals(op))
                .reduce((first, second) -> second);
    }

    /** The K splits the default kernels use for {@code op}; the last where the log has several. */
    Optional<Splits> splits(Layer layer, String op) {
        return splits.stream().filter(s -> s.layer().equals(layer) && s.op().equals(op))
                .reduce((first, second) -> second);
    }

    /** The row of an entry point; the last where the log has several. */
    Optional<Row> row(Layer layer, String precision, String op) {
        return last(rows, layer, precision, op);
    }

    private static Optional<Row> last(List<Row> rows, Layer layer, String precision, String op) {
        return rows.stream().filter(r -> r.layer().equals(layer) && r.precision().equals(precision)
                && r.op().equals(op)).reduce((first, second) -> second);
    }

    /** Whether any of {@link #OPS} was timed in {@code precision} on one of {@code layers}. */
    boolean timedAny(List<Layer> layers, String precision) {
        return layers.stream().anyMatch(layer -> OPS.stream().anyMatch(op -> row(layer, precision, op).isPresent()));
    }

    /** Why an entry point has no row: its failure, a time that is none, the program's SKIP, or where the log ends. */
    String whyMissing(Layer layer, String precision, String op) {
        Optional<Failure> failure = failures.stream().filter(f -> f.layer().equals(layer)
                && f.precision().equals(precision) && f.op().equals(op)).findFirst();
        if (failure.isPresent()) {
            return failure.get().why().isEmpty() ? "failed" : "failed: " + failure.get().why();
        }
        Optional<Untimed> none = untimed.stream().filter(u -> u.layer().equals(layer) && u.precision().equals(precision)
                && u.op().equals(op)).findFirst();
        if (none.isPresent()) {
            return "timed " + none.get().timing() + ": no finite time";
        }
        if (skipped.isPresent()) {
            return "skipped, the log says: " + skipped.get();
        }
        return finished ? "not in the log" : "the log ends before it: cut short";
    }

    private static Layer layer(Matcher m) {
        return new Layer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)));
    }
}
