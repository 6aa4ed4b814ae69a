package dev.jace.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code conv_gpu_check bench}'s timings of the wgmma kernels' main loop on a plain GEMM as a Markdown table: each
 * precision, shape, tile height and feed (the threads' cp.async copies, or tensor copies) beside cuBLAS's GEMM of the
 * same precision (the JMH ceiling) and beside the fastest wgmma entry point of the large layers, or, for a GEMM of a
 * large layer's forward shape (since session 74), of that layer. The first ratio is what the pipeline (copies,
 * barriers, waits, epilogue) costs against the library's; the second what the convolutions' operand addressing costs
 * against the same pipeline; the tensor-copy rows, what the copy engine would give the convolutions (which take it
 * under {@code JACE_CONV_KERNELS=wgmma-tma}: {@link WgmmaTmaTable}).
 * Where the kernel check ({@link ConvKernelCheck}) failed the wgmma kernels, the lead says that those are times of
 * wrong results.
 */
final class WgmmaPlainTable {

    private WgmmaPlainTable() {
    }

    /** The table, or nothing where the log has no {@code bench wgmma-plain} lines (no Hopper, or an older log). */
    static List<String> render(ConvKernelBench bench, Optional<DeviceCeilings> ceilings,
                               Optional<String> wgmmaWarning) {
        List<String> md = new ArrayList<>();
        if (bench.wgmmaPlain().isEmpty()) {
            return md;
        }
        md.add("wgmma main loop: `conv_gpu_check bench` (`" + bench.file() + "`; mean of 10 calls between two CUDA "
                + "events, after 2 untimed) runs the wgmma kernels' copies, main loop and epilogue on a plain GEMM, "
                + "C^T = A B^T from K-major matrices already rounded to the precision, whose rows need none of a "
                + "convolution's address arithmetic: its rate against cuBLAS's GEMM of the same precision (JMH) is "
                + "what the pipeline costs; the fastest wgmma entry point of the large layers " + largeLayers()
                + " (of the layer itself, on a GEMM of its forward shape) against it, what the convolutions' operands "
                + "cost. Feeds: cp.async (the convolutions' own: every "
                + "thread copies, a barrier a step) and TMA (tensor copies by a producer warpgroup onto transaction "
                + "barriers, 128-byte swizzle, 6 stages; the convolutions' under `JACE_CONV_KERNELS=wgmma-tma`)"
                + wgmmaWarning.map(w -> "; " + w).orElse("") + ":");
        md.add("");
        md.addAll(MarkdownTable.header("precision", "GEMM", "tiles", "feed", "ms", "TFLOP/s", "of cuBLAS GEMM",
                "fastest large-layer wgmma entry point", "its share of this"));
        for (ConvKernelBench.Plain plain : bench.wgmmaPlain()) {
            Optional<DeviceCeilings.Ceiling> gemm = ceilings.flatMap(c -> Optional.ofNullable(
                    c.gemm().get(plain.precision())));
            Optional<ConvKernelBench.Layer> layer = layerOf(plain);
            List<ConvKernelBench.Layer> compared = layer.map(List::of).orElse(ConvKernelBench.LARGE_LAYERS);
            Optional<ConvKernelBench.Row> fastest = fastest(bench, plain.precision(), compared);
            md.add(MarkdownTable.row(plain.precision(), "m" + plain.m() + " n" + plain.n() + " k" + plain.k()
                    + layer.map(l -> " (" + l + " forward)").orElse(""),
                    plain.rows() + "-row", plain.tma() ? "TMA" : "cp.async", Figures.significant(plain.ms(), 4),
                    Figures.significant(plain.tflops(), 4),
                    gemm.map(g -> Figures.percent(plain.tflops() / g.value()) + " of "
                            + Figures.significant(g.value(), 4)).orElse("—"),
                    fastest.map(r -> r.layer() + " " + r.op() + ", " + Figures.significant(r.tflops(), 4)
                            + " TFLOP/s").orElse("—"),
                    fastest.map(r -> Figures.percent(r.tflops() / plain.tflops())).orElse("—")));
        }
        md.add("");
        return md;
    }

    /** The {@code bench wgmma} row of {@code precision} with the highest rate on one of {@code layers}, if any. */
    private static Optional<ConvKernelBench.Row> fastest(ConvKernelBench bench, String precision,
                                                         List<ConvKernelBench.Layer> layers) {
        return bench.wgmma().stream().filter(r -> r.precision().equals(precision) && layers.contains(r.layer()))
                .max(Comparator.comparingDouble(ConvKernelBench.Row::tflops));
    }

    /** The large layer whose forward GEMM (m = n hw², n = 8c, k = 8c k²) the plain GEMM has the shape of, if any. */
    private static Optional<ConvKernelBench.Layer> layerOf(ConvKernelBench.Plain plain) {
        return ConvKernelBench.LARGE_LAYERS.stream().filter(l -> plain.m() == l.n() * l.hw() * l.hw()
                && plain.n() == 8 * l.c() && plain.k() == 8 * l.c() * l.k() * l.k()).findFirst();
    }

    private static String largeLayers() {
        return String.join(" and ", ConvKernelBench.LARGE_LAYERS.stream().map(Object::toString).toList());
    }
}
