package dev.jace.backend.cpu;

import java.util.Arrays;

/**
 * Serial, depth-blocked float32 kernel {@code C += A · B} on raw arrays, the building block of matmul and conv.
 * Every element of C is a chain of fused multiply-adds over k in increasing order with a float accumulator, whatever
 * the blocking, so the result does not depend on how callers split the work.
 *
 * <p>B and C are held as one array per row and the inner loops index every row with the same {@code j}, counting
 * from 0: HotSpot's auto-vectoriser gives up on loops that index two float arrays with different offsets (they might
 * alias), and (JDK 25, measured) on the four-row loop when {@code j} starts at a variable column. Callers that want a
 * band of columns pass arrays that hold just that band.
 *
 * <p>Where the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}, which jace's launchers leave to the
 * user: {@code JACE_JAVA_OPTS}) and the CPU 512-bit vectors, the rows in whole tiles of 8 go through
 * {@link CpuVectorGemm} instead, which gives the same bits ({@code -Djace.cpu.vectorTiles=false} turns it off).
 */
final class CpuGemm {

    /** Rows of B per pass, so a slab of B as wide as callers' rows (at most a few hundred columns) stays in L2. */
    private static final int DEPTH_BLOCK = 128;
    /** A float array's header in HotSpot with compressed class pointers. */
    private static final int ARRAY_HEADER_BYTES = 16;
    /** Bytes that consecutive rows' offsets within 4 KB keep from 0, at least ({@link #rowFloats}). */
    private static final int MIN_ROW_OFFSET = 256;
    private static final String VECTOR_TILES_PROPERTY = "jace.cpu.vectorTiles";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final boolean VECTOR_TILES_ALLOWED =
            Boolean.parseBoolean(System.getProperty(VECTOR_TILES_PROPERTY, "true"));
    private static final boolean VECTOR_MODULE_PRESENT = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    /**
     * Whether {@link #multiplyAdd} uses {@link CpuVectorGemm}'s tiles: decided once, for the life of the JVM. The
     * module is checked first, as {@link CpuVectorGemm} cannot be loaded without it.
     */
    static final boolean VECTOR_TILES = VECTOR_TILES_ALLOWED && VECTOR_MODULE_PRESENT && CpuVectorGemm.fitsThisCpu();

    private CpuGemm() {
    }

    /** What {@link #multiplyAdd} runs on here and, where it is not the vector tiles, why. */
    static String kernel() {
        if (VECTOR_TILES) {
            return "vector tiles of 8 rows x 48 columns (" + VECTOR_MODULE + ", 512-bit)";
        }
        String why = !VECTOR_TILES_ALLOWED ? "-D" + VECTOR_TILES_PROPERTY + "=false"
                : !VECTOR_MODULE_PRESENT ? "the JVM was started without --add-modules=" + VECTOR_MODULE
                        + ", which JACE_JAVA_OPTS can add"
                : "this CPU has no 512-bit vectors";
        return "auto-vectorised loops (" + why + ")";
    }

    /**
     * {@code c[i][j] += Σ_k a(i, k) · b[bRow0 + k][j]} for {@code i ∈ [0, rows)}, {@code j ∈ [0, n)},
     * {@code k ∈ [0, depth)}, where {@code a(i, k) = a[aOff + i·aRowStride + k·aColStride]} (so a transposed A is
     * just swapped strides).
     */
    static void multiplyAdd(float[] a, int aOff, int aRowStride, int aColStride, float[][] b, int bRow0, int depth,
                            float[][] c, int rows, int n) {
        accumulate(repeated(a, rows), startsEvery(aOff, aRowStride, rows), aColStride, b, bRow0, depth, c, rows, n,
                VECTOR_TILES);
    }

    /**
     * {@code c[i][j] += Σ_k a[starts[i] + k] · b[bRow0 + k][j]} for {@code i ∈ [0, rows)} and {@code j ∈ [0, n)}:
     * rows of A anywhere in one array.
     */
    static void multiplyAdd(float[] a, int[] starts, float[][] b, int bRow0, int depth, float[][] c, int rows,
                            int n) {
        accumulate(repeated(a, rows), starts, 1, b, bRow0, depth, c, rows, n, VECTOR_TILES);
    }

    /**
     * Whether {@link #multiplyAddBands} takes {@code rows} rows of A here: only the vector tiles read B's rows from any
     * column (the loops need them from index 0, above), and only in whole tiles of 8 rows.
     */
    static boolean takesBands(int rows) {
        return VECTOR_TILES && rows % CpuVectorGemm.TILE_ROWS == 0;
    }

    /**
     * Whether {@code n} columns are whole tiles of the vector tiles: the columns past them run in masked tiles of 4
     * rows, a fraction as fast.
     */
    static boolean wholeTileColumns(int n) {
        return n % CpuVectorGemm.TILE_COLUMNS == 0;
    }

    /** The least number of columns from {@code n} on that are {@linkplain #wholeTileColumns whole tiles}. */
    static int wholeTilesAtLeast(int n) {
        return Math.ceilDiv(n, CpuVectorGemm.TILE_COLUMNS) * CpuVectorGemm.TILE_COLUMNS;
    }

    /** The least {@code m} for which {@code m·width} columns are {@linkplain #wholeTileColumns whole tiles}. */
    static int wholeTilesMultiple(int width) {
        return CpuVectorGemm.TILE_COLUMNS / gcd(width, CpuVectorGemm.TILE_COLUMNS);
    }

    private static int gcd(int p, int q) {
        return q == 0 ? p : gcd(q, p % q);
    }

    /**
     * {@code c[i][t·n + j] += Σ_k a[starts[i] + k] · b[bandRow0[t] + k][from + j]} for {@code i ∈ [0, rows)},
     * {@code j ∈ [0, n)}, {@code k ∈ [0, depth)} and each band {@code t}, where {@code from} is
     * {@code bandFrom[t][k]}, or 0 without {@code bandFrom}: B's rows read where they lie, shifted and at any column
     * (a convolution's patches in its padded input, an im2col never copied out), A packed once for all the bands.
     * Only where {@link #takesBands} says so.
     */
    static void multiplyAddBands(float[] a, int[] starts, float[][] b, int[] bandRow0, int[][] bandFrom, int depth,
                                 float[][] c, int rows, int n) {
        if (!takesBands(rows)) {
            throw new IllegalStateException("B in bands is read only by the vector tiles, in whole tiles of 8 rows; "
                    + "asked for " + rows + " rows with " + kernel());
        }
        float[][] aRows = repeated(a, rows);
        for (int kb = 0; kb < depth; kb += DEPTH_BLOCK) {
            CpuVectorGemm.accumulateBands(aRows, starts, b, bandRow0, bandFrom, c, rows, n, kb,
                    Math.min(depth, kb + DEPTH_BLOCK));
        }
    }

    /** {@link #multiplyAddBands} with A's rows {@code aRowStride} apart from {@code aOff}. */
    static void multiplyAddBands(float[] a, int aOff, int aRowStride, float[][] b, int[] bandRow0, int[][] bandFrom,
                                 int depth, float[][] c, int rows, int n) {
        multiplyAddBands(a, startsEvery(aOff, aRowStride, rows), b, bandRow0, bandFrom, depth, c, rows, n);
    }

    /**
     * The floats to allocate for a GEMM row (of B or C) of {@code cols} floats: {@code cols}, or a little more where
     * rows allocated one after another (16 bytes of header each) would lie within {@link #MIN_ROW_OFFSET} bytes of a
     * multiple of 4 KB apart (short rows, less than that apart, lie in one run of memory). The loops stream four C
     * rows and four B rows at once, which at such strides share L1's sets and alias each other's addresses in the
     * store buffer: 16 rows over depth 49 on one Zen 4 core (JDK 25, rows allocated one after another) ran rows of
     * 1020, 1024 and 1026 floats at 35–78 GFLOP/s, of 1032 and 1040 at 60–87, of 2040–2056 at 49–81 and of 3072 at
     * 37–62, against 79–95 for rows of 896–1000 and 1072–1152; allocated this way, rows of 1020–1040, 2048 and 3072
     * floats ran at 83–98.
     */
    static int rowFloats(int cols) {
        int floats = cols;
        while (nearFourKilobytes(4L * floats + ARRAY_HEADER_BYTES)) {
            floats += 16;
        }
        return floats;
    }

    /** Whether a stride of {@code bytes} lies within {@link #MIN_ROW_OFFSET} of a multiple of 4 KB (not 0). */
    private static boolean nearFourKilobytes(long bytes) {
        return bytes >= 4096 - MIN_ROW_OFFSET && Math.floorMod(bytes + MIN_ROW_OFFSET, 4096) < 2 * MIN_ROW_OFFSET;
    }

    /** {@code rows} new rows of {@code cols} floats at least, {@linkplain #rowFloats as long as the GEMM runs best}. */
    static float[][] newRows(int rows, int cols) {
        return new float[rows][rowFloats(cols)];
    }

    /** {@code rows} references to {@code a}: rows lying in one array, as the drivers take them. */
    static float[][] repeated(float[] a, int rows) {
        float[][] aRows = new float[rows][];
        Arrays.fill(aRows, a);
        return aRows;
    }

    private static int[] startsEvery(int aOff, int aRowStride, int rows) {
        int[] starts = new int[rows];
        for (int i = 0; i < rows; i++) {
            starts[i] = aOff + i * aRowStride;
        }
        return starts;
    }

    /**
     * The blocked driver: A row i is {@code a[i][starts[i] + k·as]}; {@code vectorTiles} (true only where
     * {@link #VECTOR_TILES} is) sends whole tiles of rows to {@link CpuVectorGemm}.
     */
    static void accumulate(float[][] a, int[] starts, int as, float[][] b, int bRow0, int depth, float[][] c,
                           int rows, int n, boolean vectorTiles) {
        for (int kb = 0; kb < depth; kb += DEPTH_BLOCK) {
            int ke = Math.min(depth, kb + DEPTH_BLOCK);
            int r = vectorTiles ? CpuVectorGemm.accumulateTiles(a, starts, as, b, bRow0, c, rows, n, kb, ke) : 0;
            for (; r + 3 < rows; r += 4) {
                accumulateRowQuad(a, starts, r, as, b, bRow0, c, n, kb, ke);
            }
            if (rows - r == 3) {
                accumulateRowTriple(a, starts, r, as, b, bRow0, c, n, kb, ke);
                r += 3;
            }
            for (; r + 1 < rows; r += 2) {
                accumulateRowPair(a[r], starts[r], a[r + 1], starts[r + 1], as, b, bRow0, c[r], c[r + 1], n, kb, ke);
            }
            if (r < rows) {
                accumulateRow(a[r], starts[r], as, b, bRow0, c[r], n, kb, ke);
            }
        }
    }

    /**
     * Rows {@code [r, r + 4)} of C: {@code c[r + i][j] += Σ_k a[r + i][starts[r + i] + k·as] · b[bRow0 + k][j]} over
     * {@code j ∈ [0, n)}, {@code k ∈ [kb, ke)}. Each loaded B element feeds four C rows, and four B rows per sweep
     * cut the loads and stores of C by four; the nested fmas keep exactly the rounding of one k at a time. C2
     * vectorises this shape with full-width FMAs, 15–20 % faster than two C rows; two rows of eight B rows are
     * slower (JDK 25, measured).
     */
    private static void accumulateRowQuad(float[][] a, int[] starts, int r, int as, float[][] b, int bRow0,
                                          float[][] c, int n, int kb, int ke) {
        float[] a0 = a[r];
        float[] a1 = a[r + 1];
        float[] a2 = a[r + 2];
        float[] a3 = a[r + 3];
        int ai0 = starts[r];
        int ai1 = starts[r + 1];
        int ai2 = starts[r + 2];
        int ai3 = starts[r + 3];
        float[] c0 = c[r];
        float[] c1 = c[r + 1];
        float[] c2 = c[r + 2];
        float[] c3 = c[r + 3];
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
            float a20 = a2[ai2 + k * as];
            float a21 = a2[ai2 + (k + 1) * as];
            float a22 = a2[ai2 + (k + 2) * as];
            float a23 = a2[ai2 + (k + 3) * as];
            float a30 = a3[ai3 + k * as];
            float a31 = a3[ai3 + (k + 1) * as];
            float a32 = a3[ai3 + (k + 2) * as];
            float a33 = a3[ai3 + (k + 3) * as];
            float[] b0 = b[bRow0 + k];
            float[] b1 = b[bRow0 + k + 1];
            float[] b2 = b[bRow0 + k + 2];
            float[] b3 = b[bRow0 + k + 3];
            for (int j = 0; j < n; j++) {
                float v0 = b0[j];
                float v1 = b1[j];
                float v2 = b2[j];
                float v3 = b3[j];
                c0[j] = Math.fma(a03, v3, Math.fma(a02, v2, Math.fma(a01, v1, Math.fma(a00, v0, c0[j]))));
                c1[j] = Math.fma(a13, v3, Math.fma(a12, v2, Math.fma(a11, v1, Math.fma(a10, v0, c1[j]))));
                c2[j] = Math.fma(a23, v3, Math.fma(a22, v2, Math.fma(a21, v1, Math.fma(a20, v0, c2[j]))));
                c3[j] = Math.fma(a33, v3, Math.fma(a32, v2, Math.fma(a31, v1, Math.fma(a30, v0, c3[j]))));
            }
        }
        for (; k < ke; k++) {
            float a00 = a0[ai0 + k * as];
            float a10 = a1[ai1 + k * as];
            float a20 = a2[ai2 + k * as];
            float a30 = a3[ai3 + k * as];
            float[] b0 = b[bRow0 + k];
            for (int j = 0; j < n; j++) {
                c0[j] = Math.fma(a00, b0[j], c0[j]);
                c1[j] = Math.fma(a10, b0[j], c1[j]);
                c2[j] = Math.fma(a20, b0[j], c2[j]);
                c3[j] = Math.fma(a30, b0[j], c3[j]);
            }
        }
    }

    /**
     * {@link #accumulateRowQuad} for three rows left over after the blocks of four: 15 rows × 640 columns ran at 89
     * GFLOP/s against 80 as a pair and a single row (one Zen 4 core, JDK 25), where 16 rows ran at 88.
     */
    private static void accumulateRowTriple(float[][] a, int[] starts, int r, int as, float[][] b, int bRow0,
                                            float[][] c, int n, int kb, int ke) {
        float[] a0 = a[r];
        float[] a1 = a[r + 1];
        float[] a2 = a[r + 2];
        int ai0 = starts[r];
        int ai1 = starts[r + 1];
        int ai2 = starts[r + 2];
        float[] c0 = c[r];
        float[] c1 = c[r + 1];
        float[] c2 = c[r + 2];
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
            float a20 = a2[ai2 + k * as];
            float a21 = a2[ai2 + (k + 1) * as];
            float a22 = a2[ai2 + (k + 2) * as];
            float a23 = a2[ai2 + (k + 3) * as];
            float[] b0 = b[bRow0 + k];
            float[] b1 = b[bRow0 + k + 1];
            float[] b2 = b[bRow0 + k + 2];
            float[] b3 = b[bRow0 + k + 3];
            for (int j = 0; j < n; j++) {
                float v0 = b0[j];
                float v1 = b1[j];
                float v2 = b2[j];
                float v3 = b3[j];
                c0[j] = Math.fma(a03, v3, Math.fma(a02, v2, Math.fma(a01, v1, Math.fma(a00, v0, c0[j]))));
                c1[j] = Math.fma(a13, v3, Math.fma(a12, v2, Math.fma(a11, v1, Math.fma(a10, v0, c1[j]))));
                c2[j] = Math.fma(a23, v3, Math.fma(a22, v2, Math.fma(a21, v1, Math.fma(a20, v0, c2[j]))));
            }
        }
        for (; k < ke; k++) {
            float a00 = a0[ai0 + k * as];
            float a10 = a1[ai1 + k * as];
            float a20 = a2[ai2 + k * as];
            float[] b0 = b[bRow0 + k];
            for (int j = 0; j < n; j++) {
                c0[j] = Math.fma(a00, b0[j], c0[j]);
                c1[j] = Math.fma(a10, b0[j], c1[j]);
                c2[j] = Math.fma(a20, b0[j], c2[j]);
            }
        }
    }

    /** {@link #accumulateRowQuad} for two rows, left over after the blocks of four (or of a single one). */
    private static void accumulateRowPair(float[] a0, int ai0, float[] a1, int ai1, int as, float[][] b, int bRow0,
                                          float[] c0, float[] c1, int n, int kb, int ke) {
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
            for (int j = 0; j < n; j++) {
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
            for (int j = 0; j < n; j++) {
                c0[j] = Math.fma(a00, b0[j], c0[j]);
                c1[j] = Math.fma(a10, b0[j], c1[j]);
            }
        }
    }

    /** {@link #accumulateRowQuad} for a single row. */
    private static void accumulateRow(float[] a, int ai, int as, float[][] b, int bRow0, float[] c, int n,
                                      int kb, int ke) {
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
            for (int j = 0; j < n; j++) {
                c[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]))));
            }
        }
        for (; k < ke; k++) {
            float a0 = a[ai + k * as];
            float[] b0 = b[bRow0 + k];
            for (int j = 0; j < n; j++) {
                c[j] = Math.fma(a0, b0[j], c[j]);
            }
        }
    }
}
