package dev.jace.backend.cpu;

import dev.jace.backend.Padding;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The filter gradient's two GEMM orientations, channel blocks, output blocks and sample groups (batches that are
 * not a multiple of the group), against the float64 definition, and its independence of the parallel split.
 */
class CpuFilterGradientTest {

    /** One shape: {@code x [n, cin, h, w]}, {@code w [cout, cin, kh, kw]}, SAME or VALID padding. */
    private record Case(int n, int cin, int cout, int h, int w, int kh, int kw, boolean same) {
        Padding padding() {
            return same ? Padding.SAME : Padding.VALID;
        }

        int oh() {
            return same ? h : h - kh + 1;
        }

        int ow() {
            return same ? w : w - kw + 1;
        }

        @Override
        public String toString() {
            return "x[" + n + "," + cin + "," + h + "," + w + "] w[" + cout + "," + cin + "," + kh + "," + kw + "] "
                    + padding();
        }
    }

    /** The blocks named are those planned for 2 threads. */
    private static final List<Case> CASES = List.of(
        new Case(10, 7, 5, 11, 9, 3, 3, true),    // over taps (cin·k² ≥ kw·cout), 3 groups, the last partial
        new Case(5, 60, 6, 7, 6, 3, 3, true),     // over taps, 540 in one block (widened: a small map)
        new Case(3, 120, 6, 7, 6, 3, 3, true),    // over taps in two channel blocks (1080 taps)
        new Case(2, 60, 5, 14, 14, 3, 3, true),   // over taps in two channel blocks (540 taps of a 14×14 map)
        new Case(3, 4, 3, 8, 10, 4, 2, false),    // over taps, VALID with kh ≠ kw
        new Case(1, 30, 40, 6, 5, 3, 3, true),    // over taps (270 ≥ 256) in two output blocks
        new Case(1, 240, 32, 5, 4, 3, 3, true),   // over taps in 3 channel blocks × 2 output blocks: even tasks
        new Case(1, 120, 16, 5, 4, 3, 3, true),   // over taps in 2 channel blocks, of 64 and 56 with the vector
                                                  // tiles: 192 columns read in place, 168 copied out
        new Case(3, 16, 16, 6, 7, 3, 3, true),    // over taps, three samples in one task (read in place)
        new Case(7, 1, 20, 13, 10, 3, 3, true),   // shifted: cin = 1 as in a lifting layer; bands of 10 and 3 rows
        new Case(6, 1, 11, 9, 9, 5, 5, true),     // shifted, odd sizes, 5x5
        new Case(2, 1, 210, 6, 6, 5, 5, true),    // shifted in two output blocks of 105 (1050 columns)
        new Case(2, 2, 64, 7, 5, 2, 3, false),    // shifted, VALID with kh ≠ kw
        new Case(3, 2, 16, 7, 8, 3, 5, true),     // shifted, SAME with kh ≠ kw
        new Case(2, 2, 8, 3, 140, 3, 3, true),    // shifted, rows wider than a band: bands of one row
        new Case(5, 3, 96, 10, 10, 5, 5, true),   // shifted with 75 taps, as in a lifting layer: 15 rows, with the
                                                  // vector tiles rounded up to 16 and B in bands (1 thread)
        new Case(1, 8, 32, 10, 9, 3, 3, true),    // shifted, one task's worth of 24 rows: two blocks of 16 outputs
        new Case(2, 9, 31, 8, 8, 3, 3, false),    // shifted in output blocks of 16 and 15, VALID
        new Case(1, 16, 64, 8, 8, 3, 3, true),    // shifted, one task's worth of 48 rows: two blocks of 8 channels
        new Case(2, 17, 60, 8, 8, 3, 3, false),   // shifted in channel blocks of 9 and 8, VALID
        // Shifted with rows (channels × kernel rows) in whole tiles of 8: with the vector tiles, B in bands
        new Case(3, 8, 32, 13, 11, 3, 3, true),   // three samples, bands of 9 and 4 output rows
        new Case(2, 8, 48, 9, 10, 5, 5, true),    // 5x5
        new Case(2, 8, 32, 9, 12, 3, 3, false),   // VALID
        new Case(2, 3, 40, 9, 11, 5, 5, false));  // 15 rows rounded up to 16, VALID

    @Test
    void matchesFloat64() {
        Random random = new Random(3);
        for (Case c : CASES) {
            Tensor x = Cpu.random(random, c.n(), c.cin(), c.h(), c.w());
            Tensor dy = Cpu.random(random, c.n(), c.cout(), c.oh(), c.ow());
            Tensor dw = Cpu.zeros(c.cout(), c.cin(), c.kh(), c.kw());
            Cpu.BACKEND.conv2dBackwardFilter(x, dy, c.padding(), dw);
            Numerics.assertClose("dw of " + c, Reference64.conv2dFilterGradient(Cpu.doubles(x), c.n(), c.cin(),
                    c.h(), c.w(), Cpu.doubles(dy), c.cout(), c.kh(), c.kw(), c.same()), Cpu.values(dw), 1e-5);
        }
    }

    /**
     * Both GEMM orientations sum the same products in the same order, and the blocks planned for any thread count
     * only partition dw: the same bits, whichever is taken, and also on a fresh thread, whose scratch starts empty.
     */
    @Test
    void bothOrientationsAndEveryThreadCountGiveTheSameBits() {
        Random random = new Random(5);
        for (Case c : CASES) {
            float[] x = Numerics.randomFloats(random, c.n() * c.cin() * c.h() * c.w());
            float[] dy = Numerics.randomFloats(random, c.n() * c.cout() * c.oh() * c.ow());
            float[] first = gradient(c, x, dy, true, 1);
            for (boolean overTaps : new boolean[] {true, false}) {
                String orientation = c + (overTaps ? " over taps" : " shifted");
                for (int threads : new int[] {1, 2, 3, 8}) {
                    assertArrayEquals(first, gradient(c, x, dy, overTaps, threads),
                            orientation + ", " + threads + " threads");
                }
                assertArrayEquals(first, FreshThread.call(() -> gradient(c, x, dy, overTaps, 1)),
                        orientation + " on a fresh thread");
            }
        }
    }

    /** Rows are rounded up to whole tiles only under the vector tiles, and only where that adds an eighth or less. */
    @Test
    void rowsRoundedUpToWholeTilesOnlyWhereFewAreAdded() {
        int[] rows = {1, 3, 7, 8, 9, 14, 15, 16, 20, 22, 23, 45};
        int[] tiled = {1, 3, 7, 8, 9, 14, 16, 16, 20, 24, 24, 48};
        for (int i = 0; i < rows.length; i++) {
            assertEquals(CpuGemm.VECTOR_TILES ? tiled[i] : rows[i], CpuShiftedFilterGradient.gemmRows(rows[i]),
                    rows[i] + " rows, vector tiles " + CpuGemm.VECTOR_TILES);
        }
    }

    /** {@code dw} of {@code c} in the orientation given, planned for {@code threads} threads. */
    private static float[] gradient(Case c, float[] x, float[] dy, boolean overTaps, int threads) {
        float[] dw = new float[c.cout() * c.cin() * c.kh() * c.kw()];
        CpuFilterGradient.compute(x, c.n(), c.cin(), c.h(), c.w(), dy, c.cout(), c.oh(), c.ow(), c.kh(), c.kw(),
                c.padding().before(c.kh()), c.padding().before(c.kw()), dw, overTaps, threads);
        return dw;
    }

    /** Many tasks on the pool give the same bits as every task run in order on the calling thread. */
    @Test
    void sameBitsAsSerialEvaluation() {
        Random random = new Random(4);
        for (int[] c : new int[][] {{37, 20, 12}, {37, 1, 40}}) {
            Tensor x = Cpu.random(random, c[0], c[1], 14, 14);
            Tensor dy = Cpu.random(random, c[0], c[2], 14, 14);
            Tensor parallel = Cpu.zeros(c[2], c[1], 3, 3);
            Tensor serial = Cpu.zeros(c[2], c[1], 3, 3);
            Cpu.BACKEND.conv2dBackwardFilter(x, dy, Padding.SAME, parallel);
            CpuParallel.serially(() -> Cpu.BACKEND.conv2dBackwardFilter(x, dy, Padding.SAME, serial));
            assertArrayEquals(Cpu.values(serial), Cpu.values(parallel));
        }
    }
}
