package dev.jace.backend.cpu;

/**
 * Serial, cache-blocked float32 kernel {@code C = A · B} on raw arrays, the building block of matmul and conv.
 * Every element of C is a chain of fused multiply-adds over k in increasing order with a float accumulator, whatever
 * the blocking, so the result does not depend on how callers split the work.
 *
 * <p>B and C are held as one array per row and the inner loops index every row with the same {@code j}: HotSpot's
 * auto-vectoriser gives up on loops that index two float arrays with different offsets (they might alias).
 */
final class CpuGemm {

    /** Columns of C kept hot while a block of B rows streams through. */
    private static final int COLUMN_BLOCK = 256;
    /** Rows of B per pass, so a COLUMN_BLOCK-wide slab of B stays in L2. */
    private static final int DEPTH_BLOCK = 128;

    private CpuGemm() {
    }

    /**
     * Rows {@code [i0, i1)} of {@code A · B}: {@code result[i - i0][j] = Σ_k a(i, k) · b[bRow0 + k][j]} for
     * {@code j ∈ [0, n)}, {@code k ∈ [0, depth)}, where {@code a(i, k) = a[aOff + i·aRowStride + k·aColStride]}
     * (so a transposed A is just swapped strides).
     */
    static float[][] multiply(float[] a, int aOff, int aRowStride, int aColStride, float[][] b, int bRow0,
                              int depth, int n, int i0, int i1) {
        float[][] c = new float[i1 - i0][n];
        multiplyAdd(a, aOff + i0 * aRowStride, aRowStride, aColStride, b, bRow0, depth, c, 0, n);
        return c;
    }

    /**
     * {@code c[i][j] += Σ_k a(i, k) · b[bRow0 + k][j]} for every row of {@code c} and {@code j ∈ [j0, j1)}, with
     * {@code a(i, k) = a[aOff + i·aRowStride + k·aColStride]}.
     */
    static void multiplyAdd(float[] a, int aOff, int aRowStride, int aColStride, float[][] b, int bRow0, int depth,
                            float[][] c, int j0, int j1) {
        float[][] rows = new float[c.length][];
        int[] starts = new int[c.length];
        for (int i = 0; i < c.length; i++) {
            rows[i] = a;
            starts[i] = aOff + i * aRowStride;
        }
        accumulate(rows, starts, aColStride, b, bRow0, depth, c, j0, j1);
    }

    /** {@code c[i][j] += Σ_k a[i][k] · b[bRow0 + k][j]} for every row of {@code c} and {@code j ∈ [j0, j1)}. */
    static void multiplyAdd(float[][] a, float[][] b, int bRow0, int depth, float[][] c, int j0, int j1) {
        accumulate(a, new int[c.length], 1, b, bRow0, depth, c, j0, j1);
    }

    /** The blocked driver: A row i is {@code a[i][starts[i] + k·as]}. */
    private static void accumulate(float[][] a, int[] starts, int as, float[][] b, int bRow0, int depth,
                                   float[][] c, int j0, int j1) {
        for (int jb = j0; jb < j1; jb += COLUMN_BLOCK) {
            int je = Math.min(j1, jb + COLUMN_BLOCK);
            for (int kb = 0; kb < depth; kb += DEPTH_BLOCK) {
                int ke = Math.min(depth, kb + DEPTH_BLOCK);
                int r = 0;
                for (; r + 1 < c.length; r += 2) {
                    accumulateRowPair(a[r], starts[r], a[r + 1], starts[r + 1], as, b, bRow0, c[r], c[r + 1],
                            jb, je, kb, ke);
                }
                if (r < c.length) {
                    accumulateRow(a[r], starts[r], as, b, bRow0, c[r], jb, je, kb, ke);
                }
            }
        }
    }

    /**
     * {@code c0[j] += Σ_k a0[ai0 + k·as] · b[k][j]} and the same for {@code c1} with {@code a1}, over
     * {@code j ∈ [jb, je)}, {@code k ∈ [kb, ke)}: each loaded B element feeds two C rows, and four B rows per
     * sweep cut the loads and stores of C by four. The nested fmas keep exactly the rounding of one k at a time.
     * C2 vectorises this shape (two C rows, four B rows, {@code Math.fma}) with full-width FMAs; wider row or
     * depth blocks touch more arrays than its alias analysis accepts and fall back to scalar code (measured).
     */
    private static void accumulateRowPair(float[] a0, int ai0, float[] a1, int ai1, int as, float[][] b, int bRow0,
                                          float[] c0, float[] c1, int jb, int je, int kb, int ke) {
        int k = kb;
        for (; k + 3 < ke; k += 4) {
            float a00 = a0[ai0 + k * as];
            float a01 = a0[ai0 + (k + 1) * as];
            float a02 = a0[ai0 + (k + 2) * as];
            float a03 = a0[ai0 + (k + 3) * as];
            float a10 = a1[ai1 + k * as];
            float a11 = a1[ai1 + (k + 1) * as];
            float a12 = a1[ai1 + (k + 2) * as];
            float a13 = a1[ai1 + (k + 3) * as];
            float[] b0 = b[bRow0 + k];
            float[] b1 = b[bRow0 + k + 1];
            float[] b2 = b[bRow0 + k + 2];
            float[] b3 = b[bRow0 + k + 3];
            for (int j = jb; j < je; j++) {
                float v0 = b0[j];
                float v1 = b1[j];
                float v2 = b2[j];
                float v3 = b3[j];
                c0[j] = Math.fma(a03, v3, Math.fma(a02, v2, Math.fma(a01, v1, Math.fma(a00, v0, c0[j]))));
                c1[j] = Math.fma(a13, v3, Math.fma(a12, v2, Math.fma(a11, v1, Math.fma(a10, v0, c1[j]))));
            }
        }
        for (; k < ke; k++) {
            float a00 = a0[ai0 + k * as];
            float a10 = a1[ai1 + k * as];
            float[] b0 = b[bRow0 + k];
            for (int j = jb; j < je; j++) {
                c0[j] = Math.fma(a00, b0[j], c0[j]);
                c1[j] = Math.fma(a10, b0[j], c1[j]);
            }
        }
    }

    /** {@link #accumulateRowPair} for a single row. */
    private static void accumulateRow(float[] a, int ai, int as, float[][] b, int bRow0, float[] c,
                                      int jb, int je, int kb, int ke) {
        int k = kb;
        for (; k + 3 < ke; k += 4) {
            float a0 = a[ai + k * as];
            float a1 = a[ai + (k + 1) * as];
            float a2 = a[ai + (k + 2) * as];
            float a3 = a[ai + (k + 3) * as];
            float[] b0 = b[bRow0 + k];
            float[] b1 = b[bRow0 + k + 1];
            float[] b2 = b[bRow0 + k + 2];
            float[] b3 = b[bRow0 + k + 3];
            for (int j = jb; j < je; j++) {
                c[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]))));
            }
        }
        for (; k < ke; k++) {
            float a0 = a[ai + k * as];
            float[] b0 = b[bRow0 + k];
            for (int j = jb; j < je; j++) {
                c[j] = Math.fma(a0, b0[j], c[j]);
            }
        }
    }
}
