package dev.jace.backend.cpu;

import dev.jace.tensor.Tensor;

/** Matrix product with optional transposes, parallel over blocks of output rows × blocks of output columns. */
final class CpuLinalg {

    private static final int ROW_BLOCK = 8;
    /** Output columns per task: a depth block of B that wide stays in L2 (see {@link CpuGemm}). */
    private static final int COLUMN_BLOCK = 256;

    private CpuLinalg() {
    }

    static void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        int m = out.shape().dim(0);
        int n = out.shape().dim(1);
        int depth = transposeA ? a.shape().dim(0) : a.shape().dim(1);
        float[] av = CpuBackend.array(a);
        float[][][] slabs = slabsOfOpB(CpuBackend.array(b), transposeB, depth, n);
        float[] cv = CpuBackend.array(out);
        int aRowStride = transposeA ? 1 : depth;
        int aColStride = transposeA ? m : 1;
        int rowBlocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        CpuParallel.forRange(rowBlocks * slabs.length, (long) Math.min(m, ROW_BLOCK) * Math.min(n, COLUMN_BLOCK)
                * depth, task -> {
            int i0 = (task / slabs.length) * ROW_BLOCK;
            int rows = Math.min(m, i0 + ROW_BLOCK) - i0;
            int j0 = (task % slabs.length) * COLUMN_BLOCK;
            int width = Math.min(n, j0 + COLUMN_BLOCK) - j0;
            float[][] c = new float[rows][width];
            CpuGemm.multiplyAdd(av, i0 * aRowStride, aRowStride, aColStride, slabs[task % slabs.length], 0, depth, c,
                    rows, width);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c[r], 0, cv, (i0 + r) * n + j0, width);
            }
        });
    }

    /**
     * op(b) {@code [depth, n]} cut into slabs of {@link #COLUMN_BLOCK} columns, each held as one array per row;
     * b is {@code [depth, n]}, or {@code [n, depth]} when transposed.
     */
    private static float[][][] slabsOfOpB(float[] b, boolean transposed, int depth, int n) {
        float[][][] slabs = new float[Math.max(1, (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK)][][];
        for (int s = 0; s < slabs.length; s++) {
            int j0 = s * COLUMN_BLOCK;
            int width = Math.min(n, j0 + COLUMN_BLOCK) - j0;
            float[][] rows = new float[depth][width];
            for (int k = 0; k < depth; k++) {
                if (transposed) {
                    for (int j = 0; j < width; j++) {
                        rows[k][j] = b[(j0 + j) * depth + k];
                    }
                } else {
                    System.arraycopy(b, k * n + j0, rows[k], 0, width);
                }
            }
            slabs[s] = rows;
        }
        return slabs;
    }
}
