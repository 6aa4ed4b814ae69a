package dev.jace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code conv_gpu_check bench}'s timings of each entry point as a Markdown table: the default kernels (packed and
 * channels-last where they apply) beside the implicit GEMM ({@code JACE_CONV_KERNELS=implicit-gemm}) timed right after
 * in the same process, and how many times faster the default ran; what tells whether the default kernels gain. Where
 * the log has them (Hopper), TF32's entry points under {@code JACE_CONV_KERNELS=wgmma} too, and how many times faster
 * those opt-in kernels ran than the default.
 */
final class ConvKernelsTable {

    private ConvKernelsTable() {
    }

    /** The table, or nothing where the log has neither implicit-GEMM nor wgmma timings (none, or an older log). */
    static List<String> render(GpuResults results) {
        List<String> md = new ArrayList<>();
        Optional<ConvKernelBench> found = results.convBench()
                .filter(c -> !c.implicitGemm().isEmpty() || !c.wgmma().isEmpty());
        if (found.isEmpty()) {
            return md;
        }
        ConvKernelBench bench = found.get();
        boolean wgmma = !bench.wgmma().isEmpty();
        md.add("`conv_gpu_check bench` (`" + bench.file() + "`; mean of 20 calls between two CUDA events), each D4 "
                + "group-conv entry point with the default kernels and then with `JACE_CONV_KERNELS=implicit-gemm`"
                + (wgmma ? " (TF32's entry points also with `JACE_CONV_KERNELS=wgmma`, the opt-in Hopper "
                + "warpgroup-MMA kernels)" : "") + "; speed-up = implicit GEMM ms / default ms"
                + (wgmma ? ", wgmma speed-up = default ms / wgmma ms" : "") + ":");
        md.add("");
        md.add("| layer | precision | op | default ms | default TFLOP/s | implicit GEMM ms | implicit GEMM TFLOP/s "
                + "| speed-up |" + (wgmma ? " wgmma ms | wgmma TFLOP/s | wgmma speed-up |" : ""));
        md.add("| --- | --- | --- | --- | --- | --- | --- | --- |" + (wgmma ? " --- | --- | --- |" : ""));
        for (ConvKernelBench.Row row : bench.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.layer().toString(), row.precision(), row.op(),
                    Figures.significant(row.ms(), 4), Figures.significant(row.tflops(), 4)));
            Optional<ConvKernelBench.Row> implicit = bench.implicitGemmRow(row.layer(), row.precision(), row.op());
            cells.addAll(timing(implicit, implicit.map(r -> r.ms() / row.ms())));
            if (wgmma) {
                Optional<ConvKernelBench.Row> hopper = bench.wgmmaRow(row.layer(), row.precision(), row.op());
                cells.addAll(timing(hopper, hopper.map(r -> row.ms() / r.ms())));
            }
            md.add(GpuReportMarkdown.row(cells.toArray(String[]::new)));
        }
        md.add("");
        return md;
    }

    /** The ms, TFLOP/s and speed-up cells of another kernel's timing of an entry point, "—" each without one. */
    private static List<String> timing(Optional<ConvKernelBench.Row> row, Optional<Double> speedUp) {
        return List.of(row.map(r -> Figures.significant(r.ms(), 4)).orElse("—"),
                row.map(r -> Figures.significant(r.tflops(), 4)).orElse("—"),
                speedUp.map(x -> Figures.fixedBeside(x, 2, 1.0)).orElse("—"));
    }
}
