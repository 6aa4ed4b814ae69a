package dev.jace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code conv_gpu_check bench}'s two timings of each entry point as a Markdown table: the default kernels (packed and
 * channels-last where they apply) beside the implicit GEMM ({@code JACE_CONV_KERNELS=implicit-gemm}) timed right after
 * in the same process, and how many times faster the default ran; what tells whether the default kernels gain.
 */
final class ConvKernelsTable {

    private ConvKernelsTable() {
    }

    /** The table, or nothing where the log has no implicit-GEMM timing (none, or from before the variable). */
    static List<String> render(GpuResults results) {
        List<String> md = new ArrayList<>();
        Optional<ConvKernelBench> found = results.convBench().filter(c -> !c.implicitGemm().isEmpty());
        if (found.isEmpty()) {
            return md;
        }
        ConvKernelBench bench = found.get();
        md.add("`conv_gpu_check bench` (`" + bench.file() + "`; mean of 20 calls between two CUDA events), each D4 "
                + "group-conv entry point with the default kernels and then with `JACE_CONV_KERNELS=implicit-gemm`; "
                + "speed-up = implicit GEMM ms / default ms:");
        md.add("");
        md.add("| layer | precision | op | default ms | default TFLOP/s | implicit GEMM ms | implicit GEMM TFLOP/s "
                + "| speed-up |");
        md.add("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (ConvKernelBench.Row row : bench.rows()) {
            Optional<ConvKernelBench.Row> implicit = bench.implicitGemmRow(row.layer(), row.precision(), row.op());
            md.add(GpuReportMarkdown.row(row.layer().toString(), row.precision(), row.op(),
                    Figures.significant(row.ms(), 4), Figures.significant(row.tflops(), 4),
                    implicit.map(r -> Figures.significant(r.ms(), 4)).orElse("—"),
                    implicit.map(r -> Figures.significant(r.tflops(), 4)).orElse("—"),
                    implicit.map(r -> Figures.fixedBeside(r.ms() / row.ms(), 2, 1.0)).orElse("—")));
        }
        md.add("");
        return md;
    }
}
