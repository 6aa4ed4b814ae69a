package dev.jace.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static dev.jace.testing.Numerics.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The correlation driver bit for bit against its definition: each output is one chain of fused multiply-adds over
 * (c, a, b) in increasing order, with zeros for the taps outside the input; its transposed form (the input gradient
 * through columns) likewise. Covers tasks of several samples, row
 * bands, output rows narrower or wider than the input's, padding wider than the image, and per-thread scratch
 * reused across calls of other shapes (the cases run in both orders).
 */
class CpuCorrelationTest {

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
    };

    /** {@code batch, cin, cout, oh, ow, kh, kw, padTop, padLeft, h, w} of {@code correlateTransposed}. */
    private static final int[][] TRANSPOSED_CASES = {
        {1, 8, 32, 10, 9, 3, 3, 1, 1, 10, 9},    // one sample: two blocks of 4 input channels
        {1, 3, 12, 7, 7, 3, 3, 1, 1, 7, 7},      // blocks of 2 and 1 channels
        {1, 1, 8, 6, 6, 5, 5, 2, 2, 6, 6},       // one channel: one block
        {3, 2, 9, 12, 12, 3, 3, 1, 1, 12, 12},   // three samples in one task, then two blocks of one channel
        {5, 2, 6, 30, 25, 3, 3, 1, 1, 30, 25},   // a task per sample: no channel blocks
        {2, 2, 4, 5, 4, 3, 2, 0, 0, 7, 5},       // backward data of VALID: dx larger than dy
    };

    /**
     * Each input-gradient element is its taps' columns added in (a, b) order to a zero, each column one chain of fused
     * multiply-adds over the output channels in order, whatever blocks of samples and input channels the work is
     * split into.
     */
    @Test
    void everyInputGradientElementSumsItsTapsInOrder() {
        Random random = new Random(9);
        for (int[] s : TRANSPOSED_CASES) {
            int batch = s[0];
            int cin = s[1];
            int cout = s[2];
            int oh = s[3];
            int ow = s[4];
            int kh = s[5];
            int kw = s[6];
            int padTop = s[7];
            int padLeft = s[8];
            int h = s[9];
            int w = s[10];
            float[] dy = randomFloats(random, batch * cout * oh * ow);
            float[] filter = randomFloats(random, cout * cin * kh * kw);
            float[] dx = randomFloats(random, batch * cin * h * w);
            CpuCorrelation.correlateTransposed(dy, batch, cout, oh, ow, filter, cin, kh, kw, padTop, padLeft, dx, h,
                    w);
            for (int n = 0; n < batch; n++) {
                for (int c = 0; c < cin; c++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            float acc = 0f;
                            for (int a = 0; a < kh; a++) {
                                for (int b = 0; b < kw; b++) {
                                    int oy = y - a + padTop;
                                    int ox = x - b + padLeft;
                                    if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) {
                                        continue;
                                    }
                                    float column = 0f;
                                    for (int o = 0; o < cout; o++) {
                                        column = Math.fma(filter[((o * cin + c) * kh + a) * kw + b],
                                                dy[((n * cout + o) * oh + oy) * ow + ox], column);
                                    }
                                    acc += column;
                                }
                            }
                            int at = ((n * cin + c) * h + y) * w + x;
                            assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(dx[at]),
                                    () -> Arrays.toString(s) + " at " + at);
                        }
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
                check(random, CASES[pass == 0 ? i : CASES.length - 1 - i]);
            }
        }
    }

    private static void check(Random random, int[] s) {
        int batch = s[0];
        int cin = s[1];
        int h = s[2];
        int w = s[3];
        int cout = s[4];
        int kh = s[5];
        int kw = s[6];
        int padTop = s[7];
        int padLeft = s[8];
        int oh = s[9];
        int ow = s[10];
        float[] in = randomFloats(random, batch * cin * h * w);
        float[] filter = randomFloats(random, cout * cin * kh * kw);
        float[] out = randomFloats(random, batch * cout * oh * ow);
        CpuCorrelation.correlate(in, batch, cin, h, w, filter, cout, kh, kw, padTop, padLeft, out, oh, ow);
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < cout; o++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        float acc = 0f;
                        for (int c = 0; c < cin; c++) {
                            for (int a = 0; a < kh; a++) {
                                for (int b = 0; b < kw; b++) {
                                    int iy = y + a - padTop;
                                    int ix = x + b - padLeft;
                                    float v = iy >= 0 && iy < h && ix >= 0 && ix < w
                                            ? in[((n * cin + c) * h + iy) * w + ix] : 0f;
                                    acc = Math.fma(filter[((o * cin + c) * kh + a) * kw + b], v, acc);
                                }
                            }
                        }
                        int at = ((n * cout + o) * oh + y) * ow + x;
                        assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(out[at]),
                                () -> Arrays.toString(s) + " at " + at);
                    }
                }
            }
        }
    }
}
