package dev.jace.backend.cpu;

import dev.jace.backend.Padding;
import dev.jace.tensor.Tensor;
import dev.jace.testing.GroupReference;
import dev.jace.testing.Numerics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuConv2dTest {

    /** A random problem: SAME uses odd kernel sizes, VALID any size up to the input. */
    private record Problem(int n, int cin, int cout, int h, int w, int kh, int kw, Padding padding, Tensor x,
                           Tensor filter) {
        static Problem random(Random random, int n, int cin, int cout, int h, int w, boolean same) {
            int kh = same ? 2 * random.nextInt(3) + 1 : 1 + random.nextInt(Math.min(h, 5));
            int kw = same ? 2 * random.nextInt(3) + 1 : 1 + random.nextInt(Math.min(w, 5));
            return new Problem(n, cin, cout, h, w, kh, kw, same ? Padding.SAME : Padding.VALID,
                    Cpu.random(random, n, cin, h, w), Cpu.random(random, cout, cin, kh, kw));
        }

        int oh() {
            return padding == Padding.SAME ? h : h - kh + 1;
        }

        int ow() {
            return padding == Padding.SAME ? w : w - kw + 1;
        }

        double[] reference(double[] xv, double[] fv) {
            return GroupReference.conv2d(xv, n, cin, h, w, fv, cout, kh, kw, padding);
        }

        @Override
        public String toString() {
            return "conv x[" + n + "," + cin + "," + h + "," + w + "] w[" + cout + "," + cin + "," + kh + "," + kw
                    + "] " + padding;
        }
    }

    @Property(tries = 50)
    void forwardMatchesFloat64(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 5) int cin,
                               @ForAll @IntRange(min = 1, max = 5) int cout, @ForAll @IntRange(min = 1, max = 11) int h,
                               @ForAll @IntRange(min = 1, max = 11) int w, @ForAll boolean same, @ForAll long seed) {
        Problem p = Problem.random(new Random(seed), n, cin, cout, h, w, same);
        Tensor out = Cpu.zeros(n, cout, p.oh(), p.ow());
        Cpu.BACKEND.conv2d(p.x(), p.filter(), p.padding(), out);
        double[] xv = Cpu.doubles(p.x());
        double[] fv = Cpu.doubles(p.filter());
        Numerics.assertCloseToScale(p.toString(), p.reference(xv, fv), Cpu.values(out),
                p.reference(Numerics.abs(xv), Numerics.abs(fv)), 1e-5);
    }

    /** Output rows wider than one task band and a depth beyond the GEMM depth block. */
    @Test
    void forwardOnLargerImages() {
        Random random = new Random(2);
        for (boolean same : new boolean[] {true, false}) {
            Problem p = Problem.random(random, 2, 20, 6, 23, 40, same);
            Tensor out = Cpu.zeros(2, 6, p.oh(), p.ow());
            Cpu.BACKEND.conv2d(p.x(), p.filter(), p.padding(), out);
            Numerics.assertClose(p.toString(), p.reference(Cpu.doubles(p.x()), Cpu.doubles(p.filter())),
                    Cpu.values(out), 1e-5);
        }
    }

    /**
     * Rows wider than a task's pixels (one output row per band), a tall thin plane, and a larger batch: forward, both
     * input-gradient paths (col2im for 4·cin ≤ cout, else the rotated filter) and the filter gradient against float64.
     */
    @Test
    void forwardAndBothGradientsOnWideTallAndLargerImages() {
        Random random = new Random(6);
        int[][] shapes = {{1, 2, 3, 4, 700}, {1, 1, 5, 5, 600}, {2, 2, 9, 700, 3}, {3, 5, 7, 40, 40}};
        for (int[] s : shapes) {
            for (boolean same : new boolean[] {true, false}) {
                Problem p = Problem.random(random, s[0], s[1], s[2], s[3], s[4], same);
                Tensor out = Cpu.zeros(p.n(), p.cout(), p.oh(), p.ow());
                Cpu.BACKEND.conv2d(p.x(), p.filter(), p.padding(), out);
                double[] xv = Cpu.doubles(p.x());
                double[] fv = Cpu.doubles(p.filter());
                Numerics.assertCloseToScale("forward " + p, p.reference(xv, fv), Cpu.values(out),
                        p.reference(Numerics.abs(xv), Numerics.abs(fv)), 1e-5);
                Tensor dy = Cpu.random(random, p.n(), p.cout(), p.oh(), p.ow());
                double[] dyv = Cpu.doubles(dy);
                Tensor dx = Cpu.zeros(p.n(), p.cin(), p.h(), p.w());
                Cpu.BACKEND.conv2dBackwardData(dy, p.filter(), p.padding(), dx);
                Numerics.assertCloseToScale("dx of " + p, Reference64.conv2dInputGradient(dyv, p.n(), p.cout(), p.h(),
                        p.w(), fv, p.cin(), p.kh(), p.kw(), same), Cpu.values(dx), Reference64.conv2dInputGradient(
                        Numerics.abs(dyv), p.n(), p.cout(), p.h(), p.w(), Numerics.abs(fv), p.cin(), p.kh(), p.kw(),
                        same), 1e-5);
                Tensor dw = Cpu.zeros(p.cout(), p.cin(), p.kh(), p.kw());
                Cpu.BACKEND.conv2dBackwardFilter(p.x(), dy, p.padding(), dw);
                Numerics.assertCloseToScale("dw of " + p, Reference64.conv2dFilterGradient(xv, p.n(), p.cin(), p.h(),
                        p.w(), dyv, p.cout(), p.kh(), p.kw(), same), Cpu.values(dw), Reference64.conv2dFilterGradient(
                        Numerics.abs(xv), p.n(), p.cin(), p.h(), p.w(), Numerics.abs(dyv), p.cout(), p.kh(), p.kw(),
                        same), 1e-5);
            }
        }
    }

    /**
     * Up to 9 output channels, so that inputs of 1–2 channels take the col2im path (4·cin ≤ cout).
     */
    @Property(tries = 40)
    void backwardDataMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 2) int n,
                                              @ForAll @IntRange(min = 1, max = 3) int cin,
                                              @ForAll @IntRange(min = 1, max = 9) int cout,
                                              @ForAll @IntRange(min = 1, max = 7) int h,
                                              @ForAll @IntRange(min = 1, max = 7) int w,
                                              @ForAll boolean same, @ForAll long seed) {
        Random random = new Random(seed);
        Problem p = Problem.random(random, n, cin, cout, h, w, same);
        Tensor dy = Cpu.random(random, n, cout, p.oh(), p.ow());
        Tensor dx = Cpu.zeros(n, cin, h, w);
        Cpu.BACKEND.conv2dBackwardData(dy, p.filter(), p.padding(), dx);
        double[] r = Cpu.doubles(dy);
        double[] fv = Cpu.doubles(p.filter());
        double[] absR = Numerics.abs(r);
        double[] absF = Numerics.abs(fv);
        Numerics.assertLinearGradient("dx of " + p, Cpu.doubles(p.x()), v -> Numerics.dot(r, p.reference(v, fv)),
                v -> Numerics.dot(absR, p.reference(v, absF)), Cpu.values(dx), 1e-5);
    }

    @Property(tries = 30)
    void backwardFilterMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 2) int n,
                                                @ForAll @IntRange(min = 1, max = 3) int cin,
                                                @ForAll @IntRange(min = 1, max = 3) int cout,
                                                @ForAll @IntRange(min = 1, max = 7) int h,
                                                @ForAll @IntRange(min = 1, max = 7) int w,
                                                @ForAll boolean same, @ForAll long seed) {
        Random random = new Random(seed);
        Problem p = Problem.random(random, n, cin, cout, h, w, same);
        Tensor dy = Cpu.random(random, n, cout, p.oh(), p.ow());
        Tensor dw = Cpu.zeros(cout, cin, p.kh(), p.kw());
        Cpu.BACKEND.conv2dBackwardFilter(p.x(), dy, p.padding(), dw);
        double[] r = Cpu.doubles(dy);
        double[] xv = Cpu.doubles(p.x());
        double[] absR = Numerics.abs(r);
        double[] absX = Numerics.abs(xv);
        Numerics.assertLinearGradient("dw of " + p, Cpu.doubles(p.filter()), v -> Numerics.dot(r, p.reference(xv, v)),
                v -> Numerics.dot(absR, p.reference(absX, v)), Cpu.values(dw), 1e-5);
    }

    /**
     * Large enough for many parallel tasks. Each output element is summed in a fixed order whatever the split, so
     * two runs agree bitwise and so does a batch computed one sample at a time.
     */
    @Test
    void deterministicAndIndependentOfBatchSplitting() {
        Random random = new Random(9);
        int n = 6;
        Tensor x = Cpu.random(random, n, 8, 30, 30);
        Tensor w = Cpu.random(random, 12, 8, 3, 3);
        Tensor out = assertIndependentOfBatchSplit(x, new int[] {n, 12, 30, 30},
                (in, o) -> Cpu.BACKEND.conv2d(in, w, Padding.SAME, o), 4);

        Tensor dx = Cpu.zeros(n, 8, 30, 30);
        Tensor dxAgain = Cpu.zeros(n, 8, 30, 30);
        Cpu.BACKEND.conv2dBackwardData(out, w, Padding.SAME, dx);
        Cpu.BACKEND.conv2dBackwardData(out, w, Padding.SAME, dxAgain);
        assertArrayEquals(Cpu.values(dx), Cpu.values(dxAgain));

        Tensor dw = Cpu.zeros(12, 8, 3, 3);
        Tensor dwAgain = Cpu.zeros(12, 8, 3, 3);
        Cpu.BACKEND.conv2dBackwardFilter(x, out, Padding.SAME, dw);
        Cpu.BACKEND.conv2dBackwardFilter(x, out, Padding.SAME, dwAgain);
        assertArrayEquals(Cpu.values(dw), Cpu.values(dwAgain));
    }

    /**
     * The col2im input gradient (2 input channels, 12 outputs) of 13 samples of 7×7, which its tasks take 11 at a
     * time: repeated runs agree bitwise, and so does each sample computed alone.
     */
    @Test
    void col2imInputGradientIsIndependentOfTheBatchSplit() {
        Random random = new Random(4);
        Tensor dy = Cpu.random(random, 13, 12, 7, 7);
        Tensor w = Cpu.random(random, 12, 2, 3, 3);
        assertIndependentOfBatchSplit(dy, new int[] {13, 2, 7, 7},
                (in, dx) -> Cpu.BACKEND.conv2dBackwardData(in, w, Padding.SAME, dx), 0, 10, 11, 12);
    }

    /**
     * {@code op(in, out)} into {@code out} of shape {@code outDims} twice gives the same bits, and each of
     * {@code samples} run alone gives its slice of them; returns the first output.
     */
    private static Tensor assertIndependentOfBatchSplit(Tensor in, int[] outDims, BiConsumer<Tensor, Tensor> op,
                                                        int... samples) {
        Tensor out = Cpu.zeros(outDims);
        Tensor again = Cpu.zeros(outDims);
        op.accept(in, out);
        op.accept(in, again);
        assertArrayEquals(Cpu.values(out), Cpu.values(again));
        int inSample = in.size() / outDims[0];
        int outSample = out.size() / outDims[0];
        int[] oneInDims = in.shape().dims();
        oneInDims[0] = 1;
        int[] oneOutDims = outDims.clone();
        oneOutDims[0] = 1;
        for (int s : samples) {
            Tensor one = Cpu.tensor(Arrays.copyOfRange(Cpu.values(in), s * inSample, (s + 1) * inSample), oneInDims);
            Tensor oneOut = Cpu.zeros(oneOutDims);
            op.accept(one, oneOut);
            assertArrayEquals(Arrays.copyOfRange(Cpu.values(out), s * outSample, (s + 1) * outSample),
                    Cpu.values(oneOut), "sample " + s);
        }
        return out;
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.conv2d(Cpu.zeros(2, 3, 8, 8), Cpu.zeros(4, 3, 3, 3), Padding.VALID,
                        Cpu.zeros(2, 4, 8, 8)));
        assertTrue(e.getMessage().contains("conv2d") && e.getMessage().contains("[2, 4, 6, 6]")
                && e.getMessage().contains("[2, 4, 8, 8]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.conv2d(Cpu.zeros(2, 3, 8, 8), Cpu.zeros(4, 5, 3, 3), Padding.SAME,
                        Cpu.zeros(2, 4, 8, 8)));
        assertTrue(e.getMessage().contains("conv2d") && e.getMessage().contains("[4, 5, 3, 3]")
                && e.getMessage().contains("[2, 3, 8, 8]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.conv2dBackwardData(Cpu.zeros(2, 4, 7, 7), Cpu.zeros(4, 3, 3, 3), Padding.SAME,
                        Cpu.zeros(2, 3, 8, 8)));
        assertTrue(e.getMessage().contains("conv2dBackwardData") && e.getMessage().contains("[2, 4, 8, 8]")
                && e.getMessage().contains("[2, 4, 7, 7]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.conv2dBackwardFilter(Cpu.zeros(2, 3, 8, 8), Cpu.zeros(2, 4, 8, 8), Padding.SAME,
                        Cpu.zeros(4, 3, 2, 2)));
        assertTrue(e.getMessage().contains("conv2dBackwardFilter") && e.getMessage().contains("odd"),
                e.getMessage());
    }
}
