package dev.jace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code conv_gpu_check bench}'s timings of the entry points on the wgmma main loop fed by tensor copies
 * ({@code JACE_CONV_KERNELS=wgmma-tma}, since session 75) as a Markdown table: each layer, precision and entry point
 * beside the same one on the cp.async loop ({@code JACE_CONV_KERNELS=wgmma}, the tiles its rule chooses) and with the
 * default kernels. Its speed-ups tell whether the copy engine gives a convolution what the plain GEMM's TMA rows
 * ({@link WgmmaPlainTable}) promise. Where the kernel check ({@link ConvKernelCheck}) failed the wgmma kernels, the
 * lead says that those are times of wrong results.
 */
final class WgmmaTmaTable {

    private WgmmaTmaTable() {
    }

    /** The table, or nothing where the log has no {@code bench wgmma-tma} lines (no Hopper, or an older log). */
    static List<String> render(ConvKernelBench bench, Optional<String> wgmmaWarning) {
        List<String> md = new ArrayList<>();
        if (bench.wgmmaTma().isEmpty()) {
            return md;
        }
        md.add("wgmma fed by tensor copies: `conv_gpu_check bench` (`" + bench.file() + "`; mean of 20 calls between "
                + "two CUDA events) times each layer's entry points at TF32 and BF16 under "
                + "`JACE_CONV_KERNELS=wgmma-tma` (128 x 128 tiles, a producer warpgroup's tensor copies onto "
                + "transaction barriers; forward and backward_data by segments of 8 outputs of a row, backward_filter "
                + "with K padded to whole tiles per image), after every other timing; wgmma = the same entry point on "
                + "the cp.async loop (`JACE_CONV_KERNELS=wgmma`), speed-up = its ms / wgmma-tma ms, and over the "
                + "default kernels = default ms / wgmma-tma ms" + wgmmaWarning.map(w -> "; " + w).orElse("") + ":");
        md.add("");
        md.addAll(MarkdownTable.header("layer", "precision", "op", "wgmma-tma ms", "wgmma-tma TFLOP/s", "wgmma ms",
                "speed-up over wgmma", "default ms", "speed-up over default"));
        for (ConvKernelBench.Row tma : bench.wgmmaTma()) {
            Optional<ConvKernelBench.Row> wgmma = bench.wgmmaRow(tma.layer(), tma.precision(), tma.op());
            Optional<ConvKernelBench.Row> standard = bench.row(tma.layer(), tma.precision(), tma.op());
            md.add(MarkdownTable.row(tma.layer().toString(), tma.precision(), tma.op(),
                    Figures.significant(tma.ms(), 4), Figures.significant(tma.tflops(), 4),
                    ConvKernelsTable.ms(wgmma), speedUp(wgmma, tma), ConvKernelsTable.ms(standard),
                    speedUp(standard, tma)));
        }
        md.add("");
        return md;
    }

    /** How many times faster {@code tma} ran than {@code other}, "—" without it. */
    private static String speedUp(Optional<ConvKernelBench.Row> other, ConvKernelBench.Row tma) {
        return other.map(r -> Figures.fixedBeside(r.ms() / tma.ms(), 2, 1.0)).orElse("—");
    }
}
