package dev.jace.backend.cpu;

import dev.jace.tensor.Tensor;

import java.util.Arrays;

/** Matrix product with optional transposes, parallel over blocks of output rows × blocks of output columns. */
final class CpuLinalg {

    private static final int ROW_BLOCK = 8;
    /** Output columns per task: a depth block of B that wide stays in L2 (see {@link CpuGemm}). */
    private static final int COLUMN_BLOCK = 256;
    /**
     * The largest op(B) kept in the calling thread's scratch (16 MiB); a larger one is allocated for the call, so a
     * thread does not hold a copy of the largest B it ever multiplied.
     */
    private static final long SCRATCH_FLOATS = 1 << 22;

    private CpuLinalg() {
    }

    static void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        int m = out.shape().dim(0);
        int n = out.shape().dim(1);
        int depth = transposeA ? a.shape().dim(0) : a.shape().dim(1);
        float[] av = CpuBackend.array(a);
        int slabs = Math.max(1, (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK);
        float[][] opB = slabsOfOpB(CpuBackend.array(b), transposeB, depth, n, slabs);
        float[] cv = CpuBackend.array(out);
        int aRowStride = transposeA ? 1 : depth;
        int aColStride = transposeA ? m : 1;
        int rowBlocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        CpuParallel.forRange(rowBlocks * slabs, (long) Math.min(m, ROW_BLOCK) * Math.min(n, COLUMN_BLOCK) * depth,
                task -> {
            int slab = task % slabs;
            int i0 = (task / slabs) * ROW_BLOCK;
            int rows = Math.min(m, i0 + ROW_BLOCK) - i0;
            int j0 = slab * COLUMN_BLOCK;
            int width = Math.min(n, j0 + COLUMN_BLOCK) - j0;
            float[][] c = CpuScratch.matrix(CpuScratch.Slot.PRODUCT, rows, width);
            for (int r = 0; r < rows; r++) {
                Arrays.fill(c[r], 0, width, 0f);
            }
            CpuGemm.multiplyAdd(av, i0 * aRowStride, aRowStride, aColStride, opB, slab * depth, depth, c, rows,
                    width);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c[r], 0, cv, (i0 + r) * n + j0, width);
            }
        });
    }

    /**
     * op(b) {@code [depth, n]} cut into {@code slabs} slabs of {@link #COLUMN_BLOCK} columns, one array per row,
     * slab s in rows {@code [s·depth, (s + 1)·depth)}; b is {@code [depth, n]}, or {@code [n, depth]} when transposed.
     * Held in the calling thread's scratch where it fits (the tasks only read it), as fresh arrays are slow
     * ({@link CpuScratch}).
     */
    private static float[][] slabsOfOpB(float[] b, boolean transposed, int depth, int n, int slabs) {
        int rowCount = slabs * depth;
        int rowWidth = Math.min(n, COLUMN_BLOCK);
        // Bounded by the widest slab, as the scratch keeps each row as wide as the widest request for it.
        float[][] rows = (long) rowCount * COLUMN_BLOCK <= SCRATCH_FLOATS
                ? CpuScratch.matrix(CpuScratch.Slot.OPERAND, rowCount, rowWidth) : new float[rowCount][rowWidth];
        for (int s = 0; s < slabs; s++) {
            int j0 = s * COLUMN_BLOCK;
            int width = Math.min(n, j0 + COLUMN_BLOCK) - j0;
            for (int k = 0; k < depth; k++) {
                float[] row = rows[s * depth + k];
                if (transposed) {
                    for (int j = 0; j < width; j++) {
                        row[j] = b[(j0 + j) * depth + k];
                    }
                } else {
                    System.arraycopy(b, k * n + j0, row, 0, width);
                }
            }
        }
        return rows;
    }
}
