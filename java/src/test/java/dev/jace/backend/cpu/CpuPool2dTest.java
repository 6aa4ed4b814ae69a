package dev.jace.backend.cpu;

import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuPool2dTest {

    /** Distinct values at least 2/size apart in [-1, 1], so a finite-difference step never reorders a window. */
    private static float[] spacedValues(Random random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (2f * i + 1f) / size - 1f;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return v;
    }

    @Property(tries = 40)
    void poolingAndGradientsMatchFloat64(@ForAll @IntRange(min = 1, max = 6) int planes,
                                         @ForAll @IntRange(min = 1, max = 9) int h,
                                         @ForAll @IntRange(min = 1, max = 9) int w,
                                         @ForAll @IntRange(min = 1, max = 3) int window,
                                         @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll long seed) {
        checkAgainstFloat64(planes, h, w, window, stride, seed);
    }

    /**
     * The property's draws reach the 2×2 stride-2 fast path in about one try in ten, so it is also run on fixed maps
     * of several planes and output rows, odd and even sizes, beside the general path's 3×3 stride 2.
     */
    @Test
    void twoByTwoStrideTwoPoolsEveryPlaneRowAndColumn() {
        checkAgainstFloat64(3, 7, 9, 2, 2, 1);
        checkAgainstFloat64(2, 8, 6, 2, 2, 2);
        checkAgainstFloat64(2, 9, 8, 3, 2, 3);
    }

    /** Max and average pooling and their gradients of a {@code [2, planes, h, w]} map against float64. */
    private static void checkAgainstFloat64(int planes, int h, int w, int window, int stride, long seed) {
        int win = Math.min(window, Math.min(h, w));
        int oh = (h - win) / stride + 1;
        int ow = (w - win) / stride + 1;
        Random random = new Random(seed);
        Tensor x = Cpu.tensor(spacedValues(random, 2 * planes * h * w), 2, planes, h, w);
        Tensor dy = Cpu.random(random, 2, planes, oh, ow);
        double[] xv = Cpu.doubles(x);
        double[] r = Cpu.doubles(dy);
        int p = 2 * planes;
        String what = "pool " + h + "x" + w + " window " + win + " stride " + stride;

        Tensor out = Cpu.zeros(2, planes, oh, ow);
        Cpu.BACKEND.maxPool2d(x, win, stride, out);
        Numerics.assertClose("max " + what, Reference64.pool(xv, p, h, w, win, stride, true), Cpu.values(out), 0);
        Cpu.BACKEND.avgPool2d(x, win, stride, out);
        Numerics.assertClose("avg " + what, Reference64.pool(xv, p, h, w, win, stride, false), Cpu.values(out),
                1e-6);

        Tensor dx = Cpu.random(random, 2, planes, h, w);
        Cpu.BACKEND.maxPool2dBackward(x, dy, win, stride, dx);
        Numerics.assertGradient("max backward " + what, xv,
                v -> Numerics.dot(r, Reference64.pool(v, p, h, w, win, stride, true)), Cpu.values(dx), 1e-5, 1e-4);
        Cpu.BACKEND.avgPool2dBackward(dy, win, stride, dx);
        Numerics.assertGradient("avg backward " + what, xv,
                v -> Numerics.dot(r, Reference64.pool(v, p, h, w, win, stride, false)), Cpu.values(dx), 1e-5, 1e-4);
    }

    /**
     * The 2×2 stride-2 forward (vectorised {@code Math.max}, then windows whose maximum is a zero or NaN redone) gives
     * bitwise the value of the first element that no later one exceeds, as the general path and the CUDA kernel do:
     * the sign of a zero maximum is the first zero's, and a window holding a NaN gives its first NaN.
     */
    private static final float NAN = Float.NaN;
    /** 2×2 windows, in row-major order, whose maximum is a signed zero, a NaN, a tie or an extreme. */
    private static final float[][] EDGE_WINDOWS = {
            {-0f, 0f, -1f, -2f}, {0f, -0f, -0f, 0f}, {-1f, -0f, 0f, -3f}, {-0f, -0f, -0f, -0f},
            {NAN, 1f, 2f, 3f}, {1f, NAN, 0.5f, -1f}, {-1f, -2f, NAN, NAN}, {NAN, NAN, NAN, NAN},
            {2f, 2f, 1f, 2f}, {-5f, 4f, 4f, 3f}, {-1f, 0f, 0f, 3f}, {1f, 1f, 3f, 3f},
            {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -7f, -8f}};

    /** {@link #EDGE_WINDOWS} side by side as one {@code [1, 1, 2, 2·windows]} map. */
    private static Tensor edgeWindowMap() {
        int ow = EDGE_WINDOWS.length;
        float[] x = new float[2 * 2 * ow];
        for (int k = 0; k < ow; k++) {
            x[2 * k] = EDGE_WINDOWS[k][0];
            x[2 * k + 1] = EDGE_WINDOWS[k][1];
            x[2 * ow + 2 * k] = EDGE_WINDOWS[k][2];
            x[2 * ow + 2 * k + 1] = EDGE_WINDOWS[k][3];
        }
        return Cpu.tensor(x, 1, 1, 2, 2 * ow);
    }

    /** Row-major index in the window of its first NaN, else of its first element that no later one exceeds. */
    private static int firstMaximum(float[] window) {
        for (int i = 0; i < 4; i++) {
            if (Float.isNaN(window[i])) {
                return i;
            }
        }
        int best = 0;
        for (int i = 1; i < 4; i++) {
            best = window[i] > window[best] ? i : best;
        }
        return best;
    }

    @Test
    void twoByTwoMaxKeepsTheFirstMaximumsBitsWithZerosAndNaN() {
        int ow = EDGE_WINDOWS.length;
        Tensor out = Cpu.zeros(1, 1, 1, ow);
        Cpu.BACKEND.maxPool2d(edgeWindowMap(), 2, 2, out);
        float[] pooled = Cpu.values(out);
        for (int k = 0; k < ow; k++) {
            float first = EDGE_WINDOWS[k][firstMaximum(EDGE_WINDOWS[k])];
            assertEquals(Float.floatToRawIntBits(first), Float.floatToRawIntBits(pooled[k]),
                    "window " + java.util.Arrays.toString(EDGE_WINDOWS[k]) + ": " + first + " vs " + pooled[k]);
        }
    }

    /**
     * The 2×2 stride-2 backward (the first element equal to the window's {@code Math.max}, from a mask of equalities;
     * NaN windows redone) routes each window's gradient to the same element as the forward's first maximum and
     * writes {@code 0f + dy} there and +0 elsewhere, as the general path's {@code +=} into zeros does.
     */
    @Test
    void twoByTwoMaxBackwardRoutesToTheFirstMaximumWithZerosAndNaN() {
        int ow = EDGE_WINDOWS.length;
        float[] dy = new float[ow];
        for (int k = 0; k < ow; k++) {
            dy[k] = k % 3 == 0 ? -0f : k - 5.5f;
        }
        Tensor dx = Cpu.tensor(new float[2 * 2 * ow], 1, 1, 2, 2 * ow);
        Cpu.BACKEND.fill(dx, NAN);
        Cpu.BACKEND.maxPool2dBackward(edgeWindowMap(), Cpu.tensor(dy, 1, 1, 1, ow), 2, 2, dx);
        float[] routed = Cpu.values(dx);
        for (int k = 0; k < ow; k++) {
            int first = firstMaximum(EDGE_WINDOWS[k]);
            for (int i = 0; i < 4; i++) {
                float expected = i == first ? 0f + dy[k] : 0f;
                float got = routed[(i / 2) * 2 * ow + 2 * k + i % 2];
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got),
                        "window " + java.util.Arrays.toString(EDGE_WINDOWS[k]) + " element " + i + ": " + got);
            }
        }
    }

    @Test
    void maxTiesGoToTheFirstElementInRowMajorOrder() {
        Tensor x = Cpu.tensor(new float[] {
                1, 5, 5, 0,
                5, 2, 5, 5,
                0, 0, 3, 3,
                0, 0, 3, 3}, 1, 1, 4, 4);
        Tensor dx = Cpu.zeros(1, 1, 4, 4);
        Cpu.BACKEND.maxPool2dBackward(x, Cpu.tensor(new float[] {1, 2, 3, 4}, 1, 1, 2, 2), 2, 2, dx);
        Numerics.assertClose("tie routing", new double[] {
                0, 1, 2, 0,
                0, 0, 0, 0,
                3, 0, 4, 0,
                0, 0, 0, 0}, Cpu.values(dx), 0);
    }

    @Test
    void overlappingWindowsAddTheirGradients() {
        Tensor x = Cpu.tensor(new float[] {0, 9, 0, 0, 0, 0, 0, 0, 0}, 1, 3, 3);
        Tensor dx = Cpu.zeros(1, 3, 3);
        Cpu.BACKEND.maxPool2dBackward(x, Cpu.tensor(new float[] {1, 2, 3, 4}, 1, 2, 2), 2, 1, dx);
        Numerics.assertClose("max", new double[] {0, 3, 0, 3, 4, 0, 0, 0, 0}, Cpu.values(dx), 0);
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.maxPool2d(Cpu.zeros(2, 3, 8, 8), 2, 2, Cpu.zeros(2, 3, 8, 8)));
        assertTrue(e.getMessage().contains("maxPool2d") && e.getMessage().contains("[2, 3, 4, 4]")
                && e.getMessage().contains("[2, 3, 8, 8]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.avgPool2dBackward(Cpu.zeros(2, 3, 3, 3), 2, 2, Cpu.zeros(2, 3, 8, 8)));
        assertTrue(e.getMessage().contains("avgPool2dBackward") && e.getMessage().contains("[2, 3, 4, 4]")
                && e.getMessage().contains("[2, 3, 3, 3]"), e.getMessage());
    }
}
