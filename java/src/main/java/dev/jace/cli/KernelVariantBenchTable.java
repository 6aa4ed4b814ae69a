package dev.jace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code jace bench} with the default convolution kernels ({@code bench-TF32.json}, or the variant's precision's)
 * beside the same bench under a {@code JACE_CONV_KERNELS} value ({@link KernelVariantBench}): the rows the variable can
 * change (the convolutions' DIRECT rows and the autotuner's where either run kept DIRECT, the training step and the
 * model's forward and backward; an autotuner row whose choice differs under the variable names it), each with the
 * ratio of the two runs' medians.
 */
final class KernelVariantBenchTable {

    private KernelVariantBenchTable() {
    }

    /** The table, or nothing without both files' CUDA rows. */
    static List<String> render(GpuResults results, KernelVariantBench variant) {
        List<String> md = new ArrayList<>();
        BenchResults defaults = results.bench().get(variant.precision());
        Optional<BenchResults> run = Optional.ofNullable(results.variantBench().get(variant));
        if (run.isEmpty() || defaults == null) {
            return md;
        }
        List<BenchRow> variantRows = run.get().rows("cuda");
        List<String> rows = new ArrayList<>();
        for (BenchRow row : defaults.rows("cuda")) {
            Optional<BenchRow> other = variantRows.stream().filter(r -> r.op().equals(row.op())
                    && r.group().equals(row.group()) && r.shape().equals(row.shape())
                    && sameAlgorithm(r.algorithm(), row.algorithm())).findFirst();
            if (!touched(row) && !other.map(r -> r.algorithm().equals("AUTO:DIRECT")).orElse(false)) {
                continue;
            }
            rows.add(MarkdownTable.row(row.op(), row.group(), row.shape(), row.algorithm(),
                    Figures.significant(row.medianMs(), 4), Figures.significant(row.rate(), 4) + " " + row.unit(),
                    other.map(r -> Figures.significant(r.medianMs(), 4) + (r.algorithm().equals(row.algorithm())
                            ? "" : " (" + r.algorithm() + ")")).orElse("—"),
                    other.map(r -> Figures.significant(r.rate(), 4) + " " + r.unit()).orElse("—"),
                    other.map(r -> Figures.fixedBeside(variant.ratio().of(row.medianMs(), r.medianMs()), 2, 1.0))
                            .orElse("—")));
        }
        if (rows.isEmpty()) {
            return md;
        }
        md.add("`jace bench --backend cuda --precision " + variant.precision() + "` with the default convolution "
                + "kernels (`" + GpuResults.benchFile(variant.precision()) + "`) and with `JACE_CONV_KERNELS="
                + variant.kernels() + "`" + variant.gloss() + " (`" + variant.file() + "`), medians of each run; "
                + variant.ratioMeaning() + "; the EXPANDED rows, the autotuner's where both runs kept EXPANDED, and "
                + "the other ops, which the variable does not touch, left out:");
        md.add("");
        md.addAll(MarkdownTable.header("op", "group", "shape", "algorithm", "default ms", "default rate",
                variant.label() + " ms", variant.label() + " rate", variant.ratioColumn()));
        md.addAll(rows);
        md.add("");
        return md;
    }

    /** The same algorithm, or both the autotuner's rows, whatever each chose (shown where they differ). */
    private static boolean sameAlgorithm(String a, String b) {
        return a.equals(b) || a.startsWith("AUTO:") && b.startsWith("AUTO:");
    }

    /** Whether JACE_CONV_KERNELS can change the row: a convolution run by libjace's kernels, or a model's step. */
    private static boolean touched(BenchRow row) {
        boolean conv = row.op().startsWith("lifting-") || row.op().startsWith("group-conv-");
        return conv ? !row.algorithm().equals("EXPANDED") && !row.algorithm().equals("AUTO:EXPANDED")
                : row.op().equals("ace-step") || row.op().equals("p4cnn-fwd-bwd");
    }
}
