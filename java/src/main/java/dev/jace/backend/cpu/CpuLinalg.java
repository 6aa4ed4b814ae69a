package dev.jace.backend.cpu;

import dev.jace.backend.OpShapes;
import dev.jace.tensor.Tensor;

/** Matrix product with optional transposes, parallel over tiles of the output. */
final class CpuLinalg {

    private static final int ROW_BLOCK = 16;

    private CpuLinalg() {
    }

    static void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        OpShapes.matmul(a, transposeA, b, transposeB, out);
        int m = out.shape().dim(0);
        int n = out.shape().dim(1);
        int depth = transposeA ? a.shape().dim(0) : a.shape().dim(1);
        float[] av = CpuBackend.array(a);
        float[] bv = transposeB ? transpose(CpuBackend.array(b), n, depth) : CpuBackend.array(b);
        float[] cv = CpuBackend.array(out);
        int aRowStride = transposeA ? 1 : depth;
        int aColStride = transposeA ? m : 1;
        int rowBlocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        int columnBlocks = (n + CpuGemm.COLUMN_BLOCK - 1) / CpuGemm.COLUMN_BLOCK;
        long work = (long) Math.min(m, ROW_BLOCK) * Math.min(n, CpuGemm.COLUMN_BLOCK) * depth;
        CpuParallel.forRange(rowBlocks * columnBlocks, work, tile -> {
            int i0 = (tile / columnBlocks) * ROW_BLOCK;
            int j0 = (tile % columnBlocks) * CpuGemm.COLUMN_BLOCK;
            CpuGemm.multiply(av, 0, aRowStride, aColStride, bv, 0, n, cv, 0, n,
                    i0, Math.min(m, i0 + ROW_BLOCK), j0, Math.min(n, j0 + CpuGemm.COLUMN_BLOCK), depth);
        });
    }

    /** The [cols, rows] transpose of a row-major [rows, cols] matrix. */
    private static float[] transpose(float[] values, int rows, int cols) {
        float[] t = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = values[r * cols + c];
            }
        }
        return t;
    }
}
