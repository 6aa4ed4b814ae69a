package dev.jace.backend.cpu;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.jace.testing.Numerics.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The GEMM's contract, bit for bit: each element of C continues its own chain of fused multiply-adds over k in
 * increasing order, whatever the row blocks (four, three, two, one), the vector tiles (8 rows × 48 columns, then
 * masked columns) where the JVM has them, the k remainder, the depth blocks, the strides of A and, with the tiles,
 * B in bands.
 */
class CpuGemmTest {

    /**
     * A row is lengthened, by whole 64-byte lines and at most 512 bytes, exactly where rows allocated one after
     * another (16-byte headers) would start within 256 bytes of a multiple of 4 KB apart, not 0.
     */
    @Test
    void rowsAreLengthenedOnlyNearFourKilobyteStrides() {
        assertEquals(1090, CpuGemm.rowFloats(1026));
        assertEquals(1084, CpuGemm.rowFloats(1020));
        assertEquals(2114, CpuGemm.rowFloats(2050));
        assertEquals(927, CpuGemm.rowFloats(927));
        assertEquals(5, CpuGemm.rowFloats(5));
        for (int cols = 1; cols <= 5000; cols++) {
            int floats = CpuGemm.rowFloats(cols);
            int offset = Math.floorMod(4 * floats + 16, 4096);
            boolean near = 4 * cols + 16 >= 4096 - 256 && Math.floorMod(4 * cols + 16 + 256, 4096) < 512;
            assertTrue(4 * floats + 16 < 4096 - 256 || offset >= 256 && offset < 4096 - 256,
                    cols + " floats: rows " + offset + " bytes past 4 KB");
            assertTrue(floats - cols >= 0 && floats - cols <= 128 && (floats - cols) % 16 == 0, cols + " -> " + floats);
            assertEquals(near, floats != cols, cols + " -> " + floats);
        }
        float[][] rows = CpuGemm.newRows(3, 1026);
        assertEquals(3, rows.length);
        assertEquals(1090, rows[2].length);
    }

    @Property(tries = 60)
    void everyElementIsOneFmaChain(@ForAll @IntRange(min = 1, max = 20) int rows,
                                   @ForAll @IntRange(min = 1, max = 300) int depth,
                                   @ForAll @IntRange(min = 1, max = 110) int n, @ForAll boolean transposedA,
                                   @ForAll long seed) {
        Random random = new Random(seed);
        int aOff = random.nextInt(5);
        int aRowStride = transposedA ? 1 : depth;
        int aColStride = transposedA ? rows : 1;
        float[] a = randomFloats(random, aOff + rows * depth);
        float[][] b = matrix(random, depth, n + random.nextInt(3));
        float[][] c = matrix(random, rows + random.nextInt(2), n + random.nextInt(3));
        float[][] expected = copy(c);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) {
                float acc = expected[i][j];
                for (int k = 0; k < depth; k++) {
                    acc = Math.fma(a[aOff + i * aRowStride + k * aColStride], b[k][j], acc);
                }
                expected[i][j] = acc;
            }
        }
        CpuGemm.multiplyAdd(a, aOff, aRowStride, aColStride, b, 0, depth, c, rows, n);
        assertSameBits(expected, c);
    }

    @Property(tries = 30)
    void rowStartsAndAnOffsetIntoB(@ForAll @IntRange(min = 1, max = 9) int rows,
                                   @ForAll @IntRange(min = 1, max = 140) int depth,
                                   @ForAll @IntRange(min = 1, max = 600) int n, @ForAll long seed) {
        Random random = new Random(seed);
        int bRow0 = random.nextInt(4);
        float[] a = randomFloats(random, rows * depth + 7);
        int[] starts = new int[rows];
        for (int i = 0; i < rows; i++) {
            starts[i] = random.nextInt(a.length - depth + 1);
        }
        float[][] b = matrix(random, bRow0 + depth, n);
        float[][] c = new float[rows][n];
        float[][] expected = new float[rows][n];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int k = 0; k < depth; k++) {
                    acc = Math.fma(a[starts[i] + k], b[bRow0 + k][j], acc);
                }
                expected[i][j] = acc;
            }
        }
        CpuGemm.multiplyAdd(a, starts, b, bRow0, depth, c, rows, n);
        assertSameBits(expected, c);
    }

    /** Tiles of 8 rows × 48 columns, masked columns past them, rows past them in the loops, A packed per block. */
    @Property(tries = 40)
    void vectorTilesGiveTheBitsOfTheLoops(@ForAll @IntRange(min = 1, max = 27) int rows,
                                          @ForAll @IntRange(min = 1, max = 260) int depth,
                                          @ForAll @IntRange(min = 1, max = 150) int n, @ForAll boolean transposedA,
                                          @ForAll long seed) {
        assumeTrue(CpuGemm.VECTOR_TILES, "no vector tiles in this JVM (needs --add-modules jdk.incubator.vector and "
                + "a CPU with 512-bit vectors); the loops alone are checked by the other cases");
        Random random = new Random(seed);
        int bRow0 = random.nextInt(3);
        float[] a = randomFloats(random, rows * depth + 5);
        float[][] aRows = new float[rows][];
        int[] starts = new int[rows];
        for (int i = 0; i < rows; i++) {
            aRows[i] = a;
            starts[i] = transposedA ? i : random.nextInt(a.length - depth + 1);
        }
        float[][] b = matrix(random, bRow0 + depth, n);
        float[][] tiled = matrix(random, rows, n);
        float[][] looped = copy(tiled);
        int as = transposedA ? rows : 1;
        CpuGemm.accumulate(aRows, starts, as, b, bRow0, depth, tiled, rows, n, true);
        CpuGemm.accumulate(aRows, starts, as, b, bRow0, depth, looped, rows, n, false);
        assertSameBits(looped, tiled);
    }

    /**
     * B in bands of C's columns, each with its own shift of B's rows and, unless they are read from column 0, its own
     * column for each row (here all in one array): the same chains.
     */
    @Property(tries = 40)
    void bandsOfBGiveTheChains(@ForAll @IntRange(min = 1, max = 3) int tiles,
                               @ForAll @IntRange(min = 1, max = 300) int depth,
                               @ForAll @IntRange(min = 1, max = 150) int n, @ForAll @IntRange(min = 1, max = 3) int bands,
                               @ForAll boolean fromColumnZero, @ForAll long seed) {
        assumeTrue(CpuGemm.VECTOR_TILES, "no vector tiles in this JVM (needs --add-modules jdk.incubator.vector and "
                + "a CPU with 512-bit vectors): the loops do not read B in bands");
        Random random = new Random(seed);
        int rows = 8 * tiles;
        int[] starts = new int[rows];
        float[] a = randomFloats(random, rows * depth + 5);
        for (int i = 0; i < rows; i++) {
            starts[i] = random.nextInt(a.length - depth + 1);
        }
        int spare = 4;
        float[] lying = randomFloats(random, n + 2 * depth + 40);
        float[][] b = new float[depth + spare][];
        for (int k = 0; k < b.length; k++) {
            b[k] = fromColumnZero ? randomFloats(random, n) : lying;
        }
        int[] bandRow0 = new int[bands];
        int[][] bandFrom = fromColumnZero ? null : new int[bands][depth];
        for (int t = 0; t < bands; t++) {
            bandRow0[t] = random.nextInt(spare + 1);
            for (int k = 0; k < depth && !fromColumnZero; k++) {
                bandFrom[t][k] = random.nextInt(lying.length - n + 1);
            }
        }
        float[][] c = matrix(random, rows, bands * n + random.nextInt(3));
        float[][] expected = copy(c);
        for (int i = 0; i < rows; i++) {
            for (int q = 0; q < bands * n; q++) {
                int t = q / n;
                float acc = expected[i][q];
                for (int k = 0; k < depth; k++) {
                    int from = fromColumnZero ? 0 : bandFrom[t][k];
                    acc = Math.fma(a[starts[i] + k], b[bandRow0[t] + k][from + q % n], acc);
                }
                expected[i][q] = acc;
            }
        }
        CpuGemm.multiplyAddBands(a, starts, b, bandRow0, bandFrom, depth, c, rows, n);
        assertSameBits(expected, c);
    }

    @Property(tries = 10)
    void bandsAreReadOnlyByWholeTiles(@ForAll @IntRange(min = 1, max = 40) int rows) {
        assertEquals(CpuGemm.VECTOR_TILES && rows % 8 == 0, CpuGemm.takesBands(rows));
        if (!CpuGemm.takesBands(rows)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> CpuGemm.multiplyAddBands(
                    new float[rows], new int[rows], new float[][] {new float[1]}, new int[1], null, 1,
                    new float[rows][1], rows, 1));
            assertTrue(e.getMessage().contains(rows + " rows"), e.getMessage());
        }
    }

    /** The whole-tile arithmetic callers size their blocks and bands with: 48 columns a tile. */
    @Property(tries = 50)
    void wholeTilesAreMultiplesOf48Columns(@ForAll @IntRange(min = 1, max = 500) int n) {
        int atLeast = CpuGemm.wholeTilesAtLeast(n);
        assertTrue(atLeast >= n && atLeast < n + 48 && CpuGemm.wholeTileColumns(atLeast), n + " -> " + atLeast);
        assertEquals(n % 48 == 0, CpuGemm.wholeTileColumns(n));
        int m = CpuGemm.wholeTilesMultiple(n);
        assertTrue(CpuGemm.wholeTileColumns(m * n), n + " x " + m);
        for (int smaller = 1; smaller < m; smaller++) {
            assertFalse(CpuGemm.wholeTileColumns(smaller * n), n + " x " + smaller);
        }
    }

    private static void assertSameBits(float[][] expected, float[][] actual) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(Float.floatToRawIntBits(expected[i][j]), Float.floatToRawIntBits(actual[i][j]),
                        "c[" + i + "][" + j + "]");
            }
        }
    }

    private static float[][] matrix(Random random, int rows, int cols) {
        float[][] m = new float[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = randomFloats(random, cols);
        }
        return m;
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
