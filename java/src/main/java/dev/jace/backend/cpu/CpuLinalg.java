package dev.jace.backend.cpu;

import dev.jace.backend.OpShapes;
import dev.jace.tensor.Tensor;

/** Matrix product with optional transposes, parallel over blocks of output rows. */
final class CpuLinalg {

    private static final int ROW_BLOCK = 8;

    private CpuLinalg() {
    }

    static void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        OpShapes.matmul(a, transposeA, b, transposeB, out);
        int m = out.shape().dim(0);
        int n = out.shape().dim(1);
        int depth = transposeA ? a.shape().dim(0) : a.shape().dim(1);
        float[] av = CpuBackend.array(a);
        float[][] rows = rowsOfOpB(CpuBackend.array(b), transposeB, depth, n);
        float[] cv = CpuBackend.array(out);
        int aRowStride = transposeA ? 1 : depth;
        int aColStride = transposeA ? m : 1;
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        CpuParallel.forRange(blocks, (long) Math.min(m, ROW_BLOCK) * n * depth, block -> {
            int i0 = block * ROW_BLOCK;
            float[][] c = CpuGemm.multiply(av, 0, aRowStride, aColStride, rows, 0, depth, n, i0,
                    Math.min(m, i0 + ROW_BLOCK));
            for (int r = 0; r < c.length; r++) {
                System.arraycopy(c[r], 0, cv, (i0 + r) * n, n);
            }
        });
    }

    /** The rows of op(b) [depth, n] as separate arrays; b is [depth, n], or [n, depth] when transposed. */
    private static float[][] rowsOfOpB(float[] b, boolean transposed, int depth, int n) {
        float[][] rows = new float[depth][n];
        for (int k = 0; k < depth; k++) {
            if (transposed) {
                for (int j = 0; j < n; j++) {
                    rows[k][j] = b[j * depth + k];
                }
            } else {
                System.arraycopy(b, k * n, rows[k], 0, n);
            }
        }
        return rows;
    }
}
