package dev.jace.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * One depth block of {@link CpuGemm}'s product on 512-bit vectors of the incubating Vector API, for JVMs started with
 * {@code --add-modules jdk.incubator.vector} on CPUs with AVX-512. C is computed in tiles of 8 rows × 48 columns held
 * in 24 registers across the block: per k, three loads of B and eight broadcasts of A (packed for the block) feed 24
 * FMAs, and C is read and written once a block. The auto-vectorised loops of {@link CpuGemm} read and write C every
 * four k and pay a loop set-up per row of B. On one Zen 5 core (peak 215 GFLOP/s), 64 rows × depth 128, loops / tiles:
 * 30 / 53 GFLOP/s on rows of 64 columns, 46 / 99 on 96, 90 / 135 on 256, 132 / 165 on 768 (bench/RESULTS.md).
 *
 * <p>Each element of C is the same chain of FMAs over k in increasing order as there, so the two give the same bits.
 * Columns past the last whole tile are done in masked one-vector tiles of 4 rows; rows past the last multiple of 8
 * are left to the caller. A tile loads B's rows from any column, so B can also come in bands of columns whose rows lie
 * anywhere ({@link CpuGemm#multiplyAddBands}), which the loops cannot vectorise.
 *
 * <p>Vector API code runs 100 times slower than plain loops until C2 compiles it (the first calls of a JVM take up to
 * a second), and stays that slow where C2 never does: a masked tile of 8 rows was refused by C1 ("out of virtual
 * registers", JDK 25), never reached C2, and left a convolution 4–5 times slower than with the loops for as long as
 * it ran. The masked tiles of 4 rows compile at both tiers. Hence opt-in ({@link CpuGemm}).
 */
final class CpuVectorGemm {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;
    private static final int LANES = SPECIES.length();
    static final int TILE_ROWS = 8;
    /** Three vectors of {@link #LANES}: a compile-time constant, which callers read without loading this class. */
    static final int TILE_COLUMNS = 48;

    private CpuVectorGemm() {
    }

    /**
     * Whether this CPU runs 512-bit vectors natively: the 8 × 48 tile needs AVX-512's 32 registers, and with 256-bit
     * vectors (16 registers) it would spill.
     */
    static boolean fitsThisCpu() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= SPECIES.vectorBitSize();
    }

    /**
     * {@code c[i][j] += Σ_k a[i][starts[i] + k·as] · b[bRow0 + k][j]} for {@code k ∈ [kb, ke)}, {@code j ∈ [0, n)}
     * and the rows {@code i} of the whole tiles, {@code [0, rows - rows % 8)}.
     *
     * @return the number of rows done, a multiple of 8
     */
    static int accumulateTiles(float[][] a, int[] starts, int as, float[][] b, int bRow0, float[][] c, int rows,
                               int n, int kb, int ke) {
        int tiledRows = rows - rows % TILE_ROWS;
        if (tiledRows > 0) {
            band(packed(a, starts, as, tiledRows, kb, ke), tiledRows, b, bRow0, null, c, 0, n, kb, ke);
        }
        return tiledRows;
    }

    /**
     * {@code c[i][t·n + j] += Σ_k a[i][starts[i] + k] · b[bandRow0[t] + k][from + j]} for {@code k ∈ [kb, ke)},
     * {@code j ∈ [0, n)}, each band {@code t} and all {@code rows}, a multiple of 8, where {@code from} is
     * {@code bandFrom[t][k]}, or 0 without {@code bandFrom}: A packed once for all the bands.
     */
    static void accumulateBands(float[][] a, int[] starts, float[][] b, int[] bandRow0, int[][] bandFrom,
                                float[][] c, int rows, int n, int kb, int ke) {
        float[] packed = packed(a, starts, 1, rows, kb, ke);
        for (int t = 0; t < bandRow0.length; t++) {
            band(packed, rows, b, bandRow0[t], bandFrom == null ? null : bandFrom[t], c, t * n, n, kb, ke);
        }
    }

    /**
     * The tiles of columns {@code [col0, col0 + n)} of C's rows {@code [0, tiledRows)}, B row k read from
     * {@code b[bRow0 + k]} at column {@code bFrom[k]}, or 0 where {@code bFrom} is null (a test C2 takes out of the
     * loop: a table of zeros there made the ordinary product ~8% slower, measured).
     */
    private static void band(float[] packed, int tiledRows, float[][] b, int bRow0, int[] bFrom, float[][] c,
                             int col0, int n, int kb, int ke) {
        int tiledColumns = n - n % TILE_COLUMNS;
        int groupFloats = TILE_ROWS * (ke - kb);
        // Column tiles outside: the slab of B a tile reads (up to 128 × 48 floats) stays in L1 for every row tile.
        for (int j = 0; j < tiledColumns; j += TILE_COLUMNS) {
            for (int r = 0; r < tiledRows; r += TILE_ROWS) {
                tile8x3(packed, r / TILE_ROWS * groupFloats, b, bRow0, bFrom, c, col0, r, j, kb, ke);
            }
        }
        for (int j = tiledColumns; j < n; j += LANES) {
            VectorMask<Float> inRange = SPECIES.indexInRange(j, n);
            for (int r = 0; r < tiledRows; r += TILE_ROWS) {
                int p0 = r / TILE_ROWS * groupFloats;
                tile4Masked(packed, p0, b, bRow0, bFrom, c, col0, r, j, kb, ke, inRange);
                tile4Masked(packed, p0 + 4, b, bRow0, bFrom, c, col0, r + 4, j, kb, ke, inRange);
            }
        }
    }

    /**
     * A's rows {@code [0, tiledRows)} over {@code k ∈ [kb, ke)}, each tile's 8 rows interleaved by k
     * ({@code packed[g·8·(ke - kb) + (k - kb)·8 + i] = a(8g + i, k)}), so a tile's broadcasts read one line after
     * another; read in place, a transposed A (the input gradient's filter) put each k on a line of its own. Filled
     * a row of A at a time (its array and start looked up once, not per element) rather than k by k: convolution
     * calls of ten JMH shapes ran 0.94–1.27× as fast, median 1.10× (2 cores, Zen 5, JDK 25, best of three JVMs;
     * the 0.94 and a 1.27 were the same shape in two runs).
     */
    private static float[] packed(float[][] a, int[] starts, int as, int tiledRows, int kb, int ke) {
        int depth = ke - kb;
        float[] packed = CpuScratch.matrix(CpuScratch.Slot.PACKED_A, 1, tiledRows * depth)[0];
        for (int i = 0; i < tiledRows; i++) {
            float[] row = a[i];
            int from = starts[i] + kb * as;
            int p = i / TILE_ROWS * TILE_ROWS * depth + i % TILE_ROWS;
            for (int k = 0; k < depth; k++) {
                packed[p + k * TILE_ROWS] = row[from + k * as];
            }
        }
        return packed;
    }

    private static void tile8x3(float[] packed, int p0, float[][] b, int bRow0, int[] bFrom, float[][] c, int col0,
                                int r, int j, int kb, int ke) {
        int cj = col0 + j;
        float[] c0 = c[r];
        float[] c1 = c[r + 1];
        float[] c2 = c[r + 2];
        float[] c3 = c[r + 3];
        float[] c4 = c[r + 4];
        float[] c5 = c[r + 5];
        float[] c6 = c[r + 6];
        float[] c7 = c[r + 7];
        FloatVector x00 = FloatVector.fromArray(SPECIES, c0, cj);
        FloatVector x01 = FloatVector.fromArray(SPECIES, c0, cj + LANES);
        FloatVector x02 = FloatVector.fromArray(SPECIES, c0, cj + 2 * LANES);
        FloatVector x10 = FloatVector.fromArray(SPECIES, c1, cj);
        FloatVector x11 = FloatVector.fromArray(SPECIES, c1, cj + LANES);
        FloatVector x12 = FloatVector.fromArray(SPECIES, c1, cj + 2 * LANES);
        FloatVector x20 = FloatVector.fromArray(SPECIES, c2, cj);
        FloatVector x21 = FloatVector.fromArray(SPECIES, c2, cj + LANES);
        FloatVector x22 = FloatVector.fromArray(SPECIES, c2, cj + 2 * LANES);
        FloatVector x30 = FloatVector.fromArray(SPECIES, c3, cj);
        FloatVector x31 = FloatVector.fromArray(SPECIES, c3, cj + LANES);
        FloatVector x32 = FloatVector.fromArray(SPECIES, c3, cj + 2 * LANES);
        FloatVector x40 = FloatVector.fromArray(SPECIES, c4, cj);
        FloatVector x41 = FloatVector.fromArray(SPECIES, c4, cj + LANES);
        FloatVector x42 = FloatVector.fromArray(SPECIES, c4, cj + 2 * LANES);
        FloatVector x50 = FloatVector.fromArray(SPECIES, c5, cj);
        FloatVector x51 = FloatVector.fromArray(SPECIES, c5, cj + LANES);
        FloatVector x52 = FloatVector.fromArray(SPECIES, c5, cj + 2 * LANES);
        FloatVector x60 = FloatVector.fromArray(SPECIES, c6, cj);
        FloatVector x61 = FloatVector.fromArray(SPECIES, c6, cj + LANES);
        FloatVector x62 = FloatVector.fromArray(SPECIES, c6, cj + 2 * LANES);
        FloatVector x70 = FloatVector.fromArray(SPECIES, c7, cj);
        FloatVector x71 = FloatVector.fromArray(SPECIES, c7, cj + LANES);
        FloatVector x72 = FloatVector.fromArray(SPECIES, c7, cj + 2 * LANES);
        for (int k = kb, p = p0; k < ke; k++, p += TILE_ROWS) {
            float[] bk = b[bRow0 + k];
            int bj = bFrom == null ? j : bFrom[k] + j;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bk, bj);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bk, bj + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, bk, bj + 2 * LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, packed[p]);
            x00 = a0.fma(b0, x00);
            x01 = a0.fma(b1, x01);
            x02 = a0.fma(b2, x02);
            FloatVector a1 = FloatVector.broadcast(SPECIES, packed[p + 1]);
            x10 = a1.fma(b0, x10);
            x11 = a1.fma(b1, x11);
            x12 = a1.fma(b2, x12);
            FloatVector a2 = FloatVector.broadcast(SPECIES, packed[p + 2]);
            x20 = a2.fma(b0, x20);
            x21 = a2.fma(b1, x21);
            x22 = a2.fma(b2, x22);
            FloatVector a3 = FloatVector.broadcast(SPECIES, packed[p + 3]);
            x30 = a3.fma(b0, x30);
            x31 = a3.fma(b1, x31);
            x32 = a3.fma(b2, x32);
            FloatVector a4 = FloatVector.broadcast(SPECIES, packed[p + 4]);
            x40 = a4.fma(b0, x40);
            x41 = a4.fma(b1, x41);
            x42 = a4.fma(b2, x42);
            FloatVector a5 = FloatVector.broadcast(SPECIES, packed[p + 5]);
            x50 = a5.fma(b0, x50);
            x51 = a5.fma(b1, x51);
            x52 = a5.fma(b2, x52);
            FloatVector a6 = FloatVector.broadcast(SPECIES, packed[p + 6]);
            x60 = a6.fma(b0, x60);
            x61 = a6.fma(b1, x61);
            x62 = a6.fma(b2, x62);
            FloatVector a7 = FloatVector.broadcast(SPECIES, packed[p + 7]);
            x70 = a7.fma(b0, x70);
            x71 = a7.fma(b1, x71);
            x72 = a7.fma(b2, x72);
        }
        x00.intoArray(c0, cj);
        x01.intoArray(c0, cj + LANES);
        x02.intoArray(c0, cj + 2 * LANES);
        x10.intoArray(c1, cj);
        x11.intoArray(c1, cj + LANES);
        x12.intoArray(c1, cj + 2 * LANES);
        x20.intoArray(c2, cj);
        x21.intoArray(c2, cj + LANES);
        x22.intoArray(c2, cj + 2 * LANES);
        x30.intoArray(c3, cj);
        x31.intoArray(c3, cj + LANES);
        x32.intoArray(c3, cj + 2 * LANES);
        x40.intoArray(c4, cj);
        x41.intoArray(c4, cj + LANES);
        x42.intoArray(c4, cj + 2 * LANES);
        x50.intoArray(c5, cj);
        x51.intoArray(c5, cj + LANES);
        x52.intoArray(c5, cj + 2 * LANES);
        x60.intoArray(c6, cj);
        x61.intoArray(c6, cj + LANES);
        x62.intoArray(c6, cj + 2 * LANES);
        x70.intoArray(c7, cj);
        x71.intoArray(c7, cj + LANES);
        x72.intoArray(c7, cj + 2 * LANES);
    }

    private static void tile4Masked(float[] packed, int p0, float[][] b, int bRow0, int[] bFrom, float[][] c,
                                    int col0, int r, int j, int kb, int ke, VectorMask<Float> m) {
        int cj = col0 + j;
        float[] c0 = c[r];
        float[] c1 = c[r + 1];
        float[] c2 = c[r + 2];
        float[] c3 = c[r + 3];
        FloatVector x00 = FloatVector.fromArray(SPECIES, c0, cj, m);
        FloatVector x10 = FloatVector.fromArray(SPECIES, c1, cj, m);
        FloatVector x20 = FloatVector.fromArray(SPECIES, c2, cj, m);
        FloatVector x30 = FloatVector.fromArray(SPECIES, c3, cj, m);
        for (int k = kb, p = p0; k < ke; k++, p += TILE_ROWS) {
            float[] bk = b[bRow0 + k];
            int bj = bFrom == null ? j : bFrom[k] + j;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bk, bj, m);
            FloatVector a0 = FloatVector.broadcast(SPECIES, packed[p]);
            x00 = a0.fma(b0, x00);
            FloatVector a1 = FloatVector.broadcast(SPECIES, packed[p + 1]);
            x10 = a1.fma(b0, x10);
            FloatVector a2 = FloatVector.broadcast(SPECIES, packed[p + 2]);
            x20 = a2.fma(b0, x20);
            FloatVector a3 = FloatVector.broadcast(SPECIES, packed[p + 3]);
            x30 = a3.fma(b0, x30);
        }
        x00.intoArray(c0, cj, m);
        x10.intoArray(c1, cj, m);
        x20.intoArray(c2, cj, m);
        x30.intoArray(c3, cj, m);
    }
}
