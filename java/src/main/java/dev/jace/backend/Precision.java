package dev.jace.backend;

/**
 * Arithmetic used by convolutions and GEMMs. Storage is always float32; accumulation is always float32 or wider.
 * The CPU backend always computes {@link #FP32}.
 */
public enum Precision {
    /** Exact float32 multiply-add. */
    FP32,
    /** Inputs rounded to TF32 (10-bit mantissa, to nearest even) on tensor cores. */
    TF32,
    /**
     * Inputs rounded to bfloat16 (7-bit mantissa) on tensor cores. cuDNN's convolutions (the CUDA backend's plain and
     * expanded-filter convolutions where cuDNN is found) round their outputs to bfloat16 too.
     */
    BF16
}
