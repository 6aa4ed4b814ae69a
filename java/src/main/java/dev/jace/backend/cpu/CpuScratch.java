package dev.jace.backend.cpu;

import java.util.Arrays;

/**
 * Per-thread working matrices that parallel tasks reuse instead of allocating their im2col bands, patch matrices
 * and GEMM outputs afresh for every task (up to hundreds of kilobytes each), and a caller its GEMM operand once per
 * call. Fresh arrays cost more than their zeroing: the heap's untouched pages fault on first use (a 512³ matmul took
 * 3.5× as long with fresh arrays, JDK 25, G1, measured; with the heap pre-touched it did not). A matrix keeps what its
 * last user left in it, so users write every entry they later read; it is valid until the same thread asks for the
 * same slot again, so while a task holds one it must not call code that uses the same slot.
 */
final class CpuScratch {

    /** The independent matrices one thread can hold at once. */
    enum Slot { COLUMNS, PRODUCT, PADDED, OPERAND, PACKED_A }

    private static final ThreadLocal<float[][][]> MATRICES =
            ThreadLocal.withInitial(() -> new float[Slot.values().length][0][]);

    private CpuScratch() {
    }

    /**
     * This thread's matrix of {@code slot}, whose first {@code rows} rows have at least {@code cols} floats; rows past
     * those may be shorter or null.
     */
    static float[][] matrix(Slot slot, int rows, int cols) {
        float[][][] matrices = MATRICES.get();
        float[][] m = matrices[slot.ordinal()];
        if (m.length < rows) {
            m = Arrays.copyOf(m, rows);
            matrices[slot.ordinal()] = m;
        }
        // Rows grow one by one: ops sharing a slot ask for tall narrow and short wide matrices (a filter gradient's
        // row per pixel, an input gradient's row per channel), and one rectangle around both was pixels² floats.
        for (int r = 0; r < rows; r++) {
            if (m[r] == null || m[r].length < cols) {
                m[r] = new float[CpuGemm.rowFloats(cols)];
            }
        }
        return m;
    }

    /** The floats this thread's matrix of {@code slot} holds. */
    static long floats(Slot slot) {
        long total = 0;
        for (float[] row : MATRICES.get()[slot.ordinal()]) {
            total += row == null ? 0 : row.length;
        }
        return total;
    }
}
