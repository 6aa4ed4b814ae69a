package dev.jace.backend.cpu;

import java.util.Arrays;

/**
 * Serial, cache-blocked float32 kernel {@code C = A · B} on raw arrays, the building block of matmul and conv.
 * Every element of C is summed over k in increasing order with a float accumulator, whatever the blocking, so the
 * result does not depend on how callers split the work.
 */
final class CpuGemm {

    /** Columns of C kept hot while a block of B rows streams through. */
    static final int COLUMN_BLOCK = 256;
    /** Rows of B per pass, so a COLUMN_BLOCK-wide slab of B stays in L2. */
    private static final int DEPTH_BLOCK = 128;

    private CpuGemm() {
    }

    /**
     * Overwrites {@code c[cOff + i·ldc + j] = Σ_k a(i, k) · b[bOff + k·ldb + j]} for {@code i ∈ [i0, i1)},
     * {@code j ∈ [j0, j1)}, {@code k ∈ [0, depth)}, where {@code a(i, k) = a[aOff + i·aRowStride + k·aColStride]}
     * (so a transposed A is just swapped strides).
     */
    static void multiply(float[] a, int aOff, int aRowStride, int aColStride,
                         float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc,
                         int i0, int i1, int j0, int j1, int depth) {
        for (int jb = j0; jb < j1; jb += COLUMN_BLOCK) {
            int je = Math.min(j1, jb + COLUMN_BLOCK);
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * ldc;
                Arrays.fill(c, ci + jb, ci + je, 0f);
            }
            for (int kb = 0; kb < depth; kb += DEPTH_BLOCK) {
                int ke = Math.min(depth, kb + DEPTH_BLOCK);
                for (int i = i0; i < i1; i++) {
                    accumulateRow(a, aOff + i * aRowStride, aColStride, b, bOff, ldb, c, cOff + i * ldc, jb, je,
                            kb, ke);
                }
            }
        }
    }

    /** {@code c[ci + j] += Σ_{k ∈ [kb, ke)} a[ai + k·as] · b[bOff + k·ldb + j]} for {@code j ∈ [jb, je)}. */
    private static void accumulateRow(float[] a, int ai, int as, float[] b, int bOff, int ldb,
                                      float[] c, int ci, int jb, int je, int kb, int ke) {
        int k = kb;
        // Four B rows per sweep of the C row cut its loads and stores by four; the explicit left-to-right sum keeps
        // exactly the rounding of one k at a time.
        for (; k + 3 < ke; k += 4) {
            float a0 = a[ai + k * as];
            float a1 = a[ai + (k + 1) * as];
            float a2 = a[ai + (k + 2) * as];
            float a3 = a[ai + (k + 3) * as];
            int b0 = bOff + k * ldb - ci;
            int b1 = b0 + ldb;
            int b2 = b1 + ldb;
            int b3 = b2 + ldb;
            for (int j = ci + jb; j < ci + je; j++) {
                c[j] = c[j] + a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
            }
        }
        for (; k < ke; k++) {
            float a0 = a[ai + k * as];
            int b0 = bOff + k * ldb - ci;
            for (int j = ci + jb; j < ci + je; j++) {
                c[j] = c[j] + a0 * b[b0 + j];
            }
        }
    }
}
