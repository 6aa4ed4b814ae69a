package dev.jace.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.jace.testing.Numerics.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The correlation driver bit for bit against its definition: each output is one chain of fused multiply-adds over
 * (c, a, b) in increasing order, with zeros for the taps outside the input; its transposed form (the input gradient
 * through columns) likewise, on the same geometries. Covers tasks of several samples, row bands, input-channel blocks,
 * output rows narrower or wider than the input's, padding wider than the image, per-thread scratch reused across
 * calls of other shapes (the forward cases run in both orders), and each case once more on a fresh thread, whose
 * scratch starts empty.
 */
class CpuCorrelationTest {

    /**
     * One correlation: {@code in [batch, cin, h, w]}, {@code filter [cout, cin, kh, kw]},
     * {@code out [batch, cout, oh, ow]}; its transposed form maps {@code out}'s shape back to {@code in}'s.
     */
    private record Geometry(int batch, int cin, int h, int w, int cout, int kh, int kw, int padTop, int padLeft, int oh,
                            int ow) {

        static Geometry of(int[] s) {
            return new Geometry(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10]);
        }
    }

    /** {@code batch, cin, h, w, cout, kh, kw, padTop, padLeft, oh, ow}. */
    private static final int[][] CASES = {
        {1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1},       // smallest
        {3, 2, 7, 9, 5, 3, 3, 1, 1, 7, 9},       // SAME, all samples in one task
        {5, 1, 12, 12, 9, 3, 3, 1, 1, 12, 12},   // lifting-like, groups of four samples, the last partial
        {2, 3, 11, 6, 4, 2, 3, 0, 0, 10, 4},     // VALID: output rows narrower than input rows
        {2, 2, 5, 4, 3, 3, 3, 2, 2, 7, 6},       // full padding (backward data of VALID): wider output rows
        {2, 2, 30, 25, 3, 3, 3, 1, 1, 30, 25},   // rows split into bands of 23 and 7
        {1, 2, 30, 25, 3, 3, 3, 1, 1, 30, 25},   // one sample: bands of equal height, 15 and 15
        {3, 2, 2, 1, 2, 3, 3, 1, 1, 2, 1},       // kernel wider than the image
        {2, 3, 6, 6, 5, 3, 3, 2, 0, 6, 4},       // asymmetric padding
        {1, 4, 9, 7, 1, 5, 5, 2, 2, 9, 7},       // one output channel, 5x5
        {1, 8, 10, 9, 32, 3, 3, 1, 1, 10, 9},    // transposed, one sample: blocks of 4 input channels (2 threads)
        {1, 3, 7, 7, 12, 3, 3, 1, 1, 7, 7},      // transposed: blocks of 2 and 1 channels
        {1, 1, 6, 6, 8, 5, 5, 2, 2, 6, 6},       // transposed, one channel: one block
        {3, 2, 12, 12, 9, 3, 3, 1, 1, 12, 12},   // transposed: three samples in one task, two blocks of one channel
        {5, 2, 30, 25, 6, 3, 3, 1, 1, 30, 25},   // transposed: a task per sample, no channel blocks
        {2, 2, 7, 5, 4, 3, 2, 0, 0, 5, 4},       // transposed, backward data of VALID: dx larger than dy
        {1, 2, 31, 30, 8, 3, 3, 1, 1, 31, 30},   // transposed: 930 pixels in two column bands of 465
        {2, 1, 45, 25, 6, 3, 3, 0, 0, 43, 23},   // transposed, VALID: 989 pixels a sample, two bands of 495
        // 256 taps or more, outputs in multiples of 8, a sample a task: with the vector tiles, im2col read in place
        {1, 30, 30, 25, 8, 3, 3, 1, 1, 30, 25},  // SAME, two bands of 15 rows
        {2, 29, 21, 19, 16, 3, 3, 0, 0, 19, 17}, // VALID: output rows narrower than input rows
        {1, 29, 18, 17, 8, 3, 3, 2, 2, 20, 19},  // full padding: wider output rows
        {1, 30, 24, 20, 8, 3, 3, 2, 0, 24, 18},  // asymmetric padding
        {2, 11, 20, 20, 24, 5, 5, 2, 2, 20, 20}, // 5x5, three tiles of rows
        {1, 30, 20, 18, 8, 3, 3, 3, 4, 22, 24},  // padding wider than the kernel's reach
    };

    /**
     * Each input-gradient element is its taps' columns added in (a, b) order to a zero, each column one chain of fused
     * multiply-adds over the output channels in order, whatever blocks of samples and input channels the work is
     * split into for 1, 2, 3 or 8 threads, and on a fresh thread.
     */
    @Test
    void everyInputGradientElementSumsItsTapsInOrder() {
        Random random = new Random(9);
        for (int[] s : CASES) {
            for (int threads : new int[] {1, 2, 3, 8}) {
                checkInputGradient(random, Geometry.of(s), threads);
            }
            FreshThread.run(() -> checkInputGradient(random, Geometry.of(s), 1));
        }
    }

    private static void checkInputGradient(Random random, Geometry g, int threads) {
        float[] dy = randomFloats(random, g.batch() * g.cout() * g.oh() * g.ow());
        float[] filter = randomFloats(random, g.cout() * g.cin() * g.kh() * g.kw());
        float[] dx = randomFloats(random, g.batch() * g.cin() * g.h() * g.w());
        CpuCorrelation.correlateTransposed(dy, g.batch(), g.cout(), g.oh(), g.ow(), filter, g.cin(), g.kh(), g.kw(),
                g.padTop(), g.padLeft(), dx, g.h(), g.w(), threads);
        for (int n = 0; n < g.batch(); n++) {
            for (int c = 0; c < g.cin(); c++) {
                for (int y = 0; y < g.h(); y++) {
                    for (int x = 0; x < g.w(); x++) {
                        float acc = 0f;
                        for (int a = 0; a < g.kh(); a++) {
                            for (int b = 0; b < g.kw(); b++) {
                                int oy = y - a + g.padTop();
                                int ox = x - b + g.padLeft();
                                if (oy < 0 || oy >= g.oh() || ox < 0 || ox >= g.ow()) {
                                    continue;
                                }
                                float column = 0f;
                                for (int o = 0; o < g.cout(); o++) {
                                    column = Math.fma(filter[((o * g.cin() + c) * g.kh() + a) * g.kw() + b],
                                            dy[((n * g.cout() + o) * g.oh() + oy) * g.ow() + ox], column);
                                }
                                acc += column;
                            }
                        }
                        int at = ((n * g.cin() + c) * g.h() + y) * g.w() + x;
                        assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(dx[at]),
                                () -> g + " for " + threads + " threads at " + at);
                    }
                }
            }
        }
    }

    @Test
    void everyOutputIsOneFmaChainOverTheTaps() {
        Random random = new Random(8);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < CASES.length; i++) {
                check(random, Geometry.of(CASES[pass == 0 ? i : CASES.length - 1 - i]));
            }
        }
        for (int[] s : CASES) {
            FreshThread.run(() -> check(random, Geometry.of(s)));
        }
    }

    private static void check(Random random, Geometry g) {
        float[] in = randomFloats(random, g.batch() * g.cin() * g.h() * g.w());
        float[] filter = randomFloats(random, g.cout() * g.cin() * g.kh() * g.kw());
        float[] out = randomFloats(random, g.batch() * g.cout() * g.oh() * g.ow());
        CpuCorrelation.correlate(in, g.batch(), g.cin(), g.h(), g.w(), filter, g.cout(), g.kh(), g.kw(), g.padTop(),
                g.padLeft(), out, g.oh(), g.ow());
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.cout(); o++) {
                for (int y = 0; y < g.oh(); y++) {
                    for (int x = 0; x < g.ow(); x++) {
                        float acc = 0f;
                        for (int c = 0; c < g.cin(); c++) {
                            for (int a = 0; a < g.kh(); a++) {
                                for (int b = 0; b < g.kw(); b++) {
                                    int iy = y + a - g.padTop();
                                    int ix = x + b - g.padLeft();
                                    float v = iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w()
                                            ? in[((n * g.cin() + c) * g.h() + iy) * g.w() + ix] : 0f;
                                    acc = Math.fma(filter[((o * g.cin() + c) * g.kh() + a) * g.kw() + b], v, acc);
                                }
                            }
                        }
                        int at = ((n * g.cout() + o) * g.oh() + y) * g.ow() + x;
                        assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(out[at]),
                                () -> g + " at " + at);
                    }
                }
            }
        }
    }
}
