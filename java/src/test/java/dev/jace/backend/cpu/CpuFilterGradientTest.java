package dev.jace.backend.cpu;

import dev.jace.backend.Padding;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The filter gradient's two GEMM orientations, channel blocks, output blocks and sample groups (batches that are
 * not a multiple of the group), against the float64 definition, and its independence of the parallel split.
 */
class CpuFilterGradientTest {

    /** {@code n, cin, cout, h, w, kh, kw, same}. */
    private static final int[][] CASES = {
        {10, 7, 5, 11, 9, 3, 3, 1},   // over taps (cin·k² ≥ cout), 3 groups, the last partial
        {5, 60, 6, 7, 6, 3, 3, 1},    // over taps in two channel blocks (540 taps)
        {3, 4, 3, 8, 10, 4, 2, 0},    // over taps, VALID with kh ≠ kw
        {7, 1, 20, 13, 10, 3, 3, 1},  // over output channels: cin = 1 as in a lifting layer
        {6, 1, 11, 9, 9, 5, 5, 1},    // over output channels, odd sizes, 5x5
        {1, 1, 40, 12, 12, 3, 3, 1},  // over output channels in output blocks (one sample group)
        {2, 2, 64, 7, 5, 2, 3, 0},    // over output channels, VALID
        {5, 3, 96, 10, 10, 5, 5, 1},  // over taps with more output channels: 75 taps, as in a lifting layer
    };

    @Test
    void matchesFloat64() {
        Random random = new Random(3);
        for (int[] c : CASES) {
            int n = c[0];
            int cin = c[1];
            int cout = c[2];
            int h = c[3];
            int w = c[4];
            int kh = c[5];
            int kw = c[6];
            boolean same = c[7] == 1;
            int oh = same ? h : h - kh + 1;
            int ow = same ? w : w - kw + 1;
            Tensor x = Cpu.random(random, n, cin, h, w);
            Tensor dy = Cpu.random(random, n, cout, oh, ow);
            Tensor dw = Cpu.zeros(cout, cin, kh, kw);
            Cpu.BACKEND.conv2dBackwardFilter(x, dy, same ? Padding.SAME : Padding.VALID, dw);
            Numerics.assertClose("dw of x[" + n + "," + cin + "," + h + "," + w + "] w[" + cout + "," + cin + ","
                    + kh + "," + kw + "] " + (same ? "SAME" : "VALID"), Reference64.conv2dFilterGradient(
                    Cpu.doubles(x), n, cin, h, w, Cpu.doubles(dy), cout, kh, kw, same), Cpu.values(dw), 1e-5);
        }
    }

    /** Both GEMM orientations sum the same products in the same order: the same bits, whichever is taken. */
    @Test
    void bothOrientationsGiveTheSameBits() {
        Random random = new Random(5);
        for (int[] c : CASES) {
            int n = c[0];
            int cin = c[1];
            int cout = c[2];
            int h = c[3];
            int w = c[4];
            int kh = c[5];
            int kw = c[6];
            boolean same = c[7] == 1;
            int oh = same ? h : h - kh + 1;
            int ow = same ? w : w - kw + 1;
            int padTop = same ? kh / 2 : 0;
            int padLeft = same ? kw / 2 : 0;
            float[] x = Numerics.randomFloats(random, n * cin * h * w);
            float[] dy = Numerics.randomFloats(random, n * cout * oh * ow);
            float[] overTaps = new float[cout * cin * kh * kw];
            float[] overOutputs = new float[overTaps.length];
            CpuFilterGradient.compute(x, n, cin, h, w, dy, cout, oh, ow, kh, kw, padTop, padLeft, overTaps, true);
            CpuFilterGradient.compute(x, n, cin, h, w, dy, cout, oh, ow, kh, kw, padTop, padLeft, overOutputs,
                    false);
            assertArrayEquals(overOutputs, overTaps, java.util.Arrays.toString(c));
        }
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
