package dev.jace.cli;

import java.util.List;

/**
 * A {@code jace bench --backend cuda} run of the device check under a {@code JACE_CONV_KERNELS} value, as
 * {@link KernelVariantBenchTable} sets it beside the run with the default kernels at the same precision: its precision,
 * the value, how the table names its columns and which way their ratio goes.
 *
 * @param precision the run's {@code --precision}, TF32 or BF16
 * @param kernels the {@code JACE_CONV_KERNELS} value
 * @param gloss   what the value runs, from a comma on, put right after the value in the table's lead sentence; empty
 *                where the value says it
 * @param label   the name of the run's columns ({@code LABEL ms}, {@code LABEL rate}) and kernels
 * @param ratio   which way the ratio column goes
 */
record KernelVariantBench(String precision, String kernels, String gloss, String label, Ratio ratio) {

    /**
     * Every convolution on the implicit GEMM, the kernels the packed, channels-last and narrow ones replaced: whether
     * those, with their extra stream operations (packing, copies, folds), gain on the bench's small layers and in the
     * training step too (the narrow kernel: the lifting layer's backward_data, 3 columns).
     */
    static final KernelVariantBench IMPLICIT_GEMM = new KernelVariantBench("TF32", "implicit-gemm", "",
            "implicit GEMM", Ratio.DEFAULT_SPEED_UP);
    /**
     * The TF32 convolutions of many channels on Hopper's warpgroup MMA (opt-in; elsewhere the default kernels):
     * whether they should become the default on Hopper, also on the bench's small layers and in the training step.
     */
    static final KernelVariantBench WGMMA = new KernelVariantBench("TF32", "wgmma",
            ", the opt-in Hopper warpgroup-MMA kernels for the TF32 convolutions of many channels", "wgmma",
            Ratio.VARIANT_SPEED_UP);
    /**
     * The default kernels with forward's and backward_data's K kept whole, which by default they split across blocks
     * where the grid would leave SMs idle (a batch of one, few output pixels or channels): whether that split gains on
     * the bench's small layers and in the training step. The split is the default's, so the ratio is the default's
     * speed-up, as the implicit GEMM's: above 1 where the split default ran faster.
     */
    static final KernelVariantBench UNSPLIT = new KernelVariantBench("TF32", "unsplit",
            ", the default kernels with forward's and backward_data's K kept whole", "unsplit",
            Ratio.DEFAULT_SPEED_UP);
    /**
     * The BF16 convolutions of many channels on Hopper's warpgroup MMA (opt-in; elsewhere the default kernels, on
     * Ampere's mma.sync): whether they should become the default on Hopper, and whether the direct group
     * conv then keeps up with BF16's expand + cuDNN, which runs on Hopper's tensor cores.
     */
    static final KernelVariantBench WGMMA_BF16 = new KernelVariantBench("BF16", "wgmma",
            ", the opt-in Hopper warpgroup-MMA kernels for the BF16 convolutions of many channels", "wgmma",
            Ratio.VARIANT_SPEED_UP);
    /** Every variant, in the order of the report's tables (the device check's). */
    static final List<KernelVariantBench> ALL = List.of(IMPLICIT_GEMM, WGMMA, UNSPLIT, WGMMA_BF16);

    /** The run's JSON in the device check's results, named as the device check's step: bench-PRECISION-KERNELS. */
    String file() {
        return "bench-" + precision + "-" + kernels + ".json";
    }

    /** The name of the ratio column. */
    String ratioColumn() {
        return ratio == Ratio.DEFAULT_SPEED_UP ? "speed-up" : label + " speed-up";
    }

    /** What the ratio column holds, for the lead sentence. */
    String ratioMeaning() {
        return ratio == Ratio.DEFAULT_SPEED_UP ? ratioColumn() + " = " + label + " ms / default ms"
                : ratioColumn() + " = default ms / " + label + " ms, how many times faster the " + label
                + " kernels ran";
    }

    /**
     * Which way a row's ratio goes. Where the variant runs what the default kernels replaced (the implicit GEMM's
     * table came first, when the default kernels were the new ones; unsplit undoes the default's K split), the plain
     * "speed-up" is the default kernels'; an opt-in variant's ratio is the variant's own, named for it.
     */
    enum Ratio {
        /** The variant's ms / the default kernels' ms: how many times faster the default kernels ran. */
        DEFAULT_SPEED_UP,
        /** The default kernels' ms / the variant's ms: how many times faster the variant ran. */
        VARIANT_SPEED_UP;

        double of(double defaultMs, double variantMs) {
            return this == DEFAULT_SPEED_UP ? variantMs / defaultMs : defaultMs / variantMs;
        }
    }
}
