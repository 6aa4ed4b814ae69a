package dev.jace.backend.cpu;

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
    enum Slot { COLUMNS, PRODUCT, PADDED, OPERAND }

    private static final ThreadLocal<float[][][]> MATRICES =
            ThreadLocal.withInitial(() -> new float[Slot.values().length][0][0]);

    private CpuScratch() {
    }

    /** This thread's matrix of {@code slot}, with at least {@code rows} rows of at least {@code cols} floats. */
    static float[][] matrix(Slot slot, int rows, int cols) {
        float[][][] matrices = MATRICES.get();
        float[][] m = matrices[slot.ordinal()];
        int width = m.length == 0 ? 0 : m[0].length;
        if (m.length < rows || width < cols) {
            m = new float[Math.max(rows, m.length)][Math.max(cols, width)];
            matrices[slot.ordinal()] = m;
        }
        return m;
    }
}
