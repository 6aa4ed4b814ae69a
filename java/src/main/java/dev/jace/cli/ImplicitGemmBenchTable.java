package dev.jace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code jace bench} at TF32 with the default convolution kernels ({@code bench-TF32.json}) beside the same bench under
 * {@code JACE_CONV_KERNELS=implicit-gemm} ({@link GpuResults#IMPLICIT_GEMM_BENCH}): the rows the variable can change
 * (the convolutions' DIRECT rows and the autotuner's where it kept DIRECT, the training step and the model's forward
 * and backward; an autotuner row whose choice differs under the variable names it), each with the
 * default kernels' speed-up; what tells whether the packed and channels-last kernels' extra stream operations pay on
 * the bench's small layers and in the training step.
 */
final class ImplicitGemmBenchTable {

    private static final String PRECISION = "TF32";

    private ImplicitGemmBenchTable() {
    }

    /** The table, or nothing without both files' CUDA rows. */
    static List<String> render(GpuResults results) {
        List<String> md = new ArrayList<>();
        BenchResults defaults = results.bench().get(PRECISION);
        if (results.implicitGemmBench().isEmpty() || defaults == null) {
            return md;
        }
        List<BenchRow> implicitRows = results.implicitGemmBench().get().rows("cuda");
        List<String> rows = new ArrayList<>();
        for (BenchRow row : defaults.rows("cuda")) {
            if (!touched(row)) {
                continue;
            }
            Optional<BenchRow> implicit = implicitRows.stream().filter(r -> r.op().equals(row.op())
                    && r.group().equals(row.group()) && r.shape().equals(row.shape())
                    && sameAlgorithm(r.algorithm(), row.algorithm())).findFirst();
            rows.add(GpuReportMarkdown.row(row.op(), row.group(), row.shape(), row.algorithm(),
                    Figures.significant(row.medianMs(), 4), Figures.significant(row.rate(), 4) + " " + row.unit(),
                    implicit.map(r -> Figures.significant(r.medianMs(), 4) + (r.algorithm().equals(row.algorithm())
                            ? "" : " (" + r.algorithm() + ")")).orElse("—"),
                    implicit.map(r -> Figures.significant(r.rate(), 4) + " " + r.unit()).orElse("—"),
                    implicit.map(r -> Figures.fixedBeside(r.medianMs() / row.medianMs(), 2, 1.0)).orElse("—")));
        }
        if (rows.isEmpty()) {
            return md;
        }
        md.add("`jace bench --backend cuda --precision TF32` with the default convolution kernels (`"
                + GpuResults.benchFile(PRECISION) + "`) and with `JACE_CONV_KERNELS=implicit-gemm` (`"
                + GpuResults.IMPLICIT_GEMM_BENCH + "`), medians of each run; speed-up = implicit GEMM ms / default ms; "
                + "the EXPANDED rows and the other ops, which the variable does not touch, left out:");
        md.add("");
        md.add("| op | group | shape | algorithm | default ms | default rate | implicit GEMM ms | implicit GEMM rate "
                + "| speed-up |");
        md.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
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
