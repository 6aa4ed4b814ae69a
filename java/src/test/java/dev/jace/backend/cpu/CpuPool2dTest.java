package dev.jace.backend.cpu;

import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Random;

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
