package dev.jace.backend.cpu;

import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuElementwiseTest {

    @Property(tries = 30)
    void arithmeticMatchesFloat64(@ForAll @IntRange(min = 1, max = 5) int n, @ForAll @IntRange(min = 1, max = 7) int c,
                                  @ForAll @IntRange(min = 1, max = 9) int inner, @ForAll long seed) {
        checkArithmetic(n, c, inner, seed);
    }

    /** Three channels of 65536 + 77: the ops cut their work into 65536-element chunks, the last one partial. */
    @Test
    void arithmeticOverSeveralChunksMatchesFloat64() {
        checkArithmetic(1, 3, (1 << 16) + 77, 12);
    }

    @Test
    void fillWritesEveryElement() {
        Tensor t = Cpu.random(new Random(13), 3, (1 << 16) + 5);
        Cpu.BACKEND.fill(t, -2.5f);
        float[] expected = new float[t.size()];
        Arrays.fill(expected, -2.5f);
        assertArrayEquals(expected, Cpu.values(t));
    }

    private static void checkArithmetic(int n, int c, int inner, long seed) {
        Random random = new Random(seed);
        Tensor a = Cpu.random(random, n, c, inner);
        Tensor b = Cpu.random(random, n, c, inner);
        Tensor bias = Cpu.random(random, c);
        double[] av = Cpu.doubles(a);
        double[] bv = Cpu.doubles(b);
        double[] biasv = Cpu.doubles(bias);
        float s = random.nextFloat() * 4 - 2;
        int size = av.length;
        double[] sum = new double[size];
        double[] product = new double[size];
        double[] scaled = new double[size];
        double[] axpy = new double[size];
        double[] biased = new double[size];
        double[] relu = new double[size];
        for (int i = 0; i < size; i++) {
            sum[i] = av[i] + bv[i];
            product[i] = av[i] * bv[i];
            scaled[i] = s * av[i];
            axpy[i] = bv[i] + s * av[i];
            biased[i] = av[i] + biasv[(i / inner) % c];
            relu[i] = av[i] > 0 ? av[i] : 0;
        }
        Tensor out = Cpu.zeros(n, c, inner);
        Cpu.BACKEND.add(a, b, out);
        Numerics.assertClose("add", sum, Cpu.values(out), 1e-6);
        Cpu.BACKEND.mul(a, b, out);
        Numerics.assertClose("mul", product, Cpu.values(out), 1e-6);
        Cpu.BACKEND.scale(a, s, out);
        Numerics.assertClose("scale", scaled, Cpu.values(out), 1e-6);
        Tensor factor = Cpu.tensor(new float[] {s}, 1);
        Tensor scaledBy = Cpu.tensor(Cpu.values(a), n, c, inner);
        Cpu.BACKEND.scaleBy(scaledBy, factor, scaledBy); // in place
        Numerics.assertClose("scaleBy", scaled, Cpu.values(scaledBy), 1e-6);
        // the same float product as scale with the factor passed by value
        Numerics.assertClose("scaleBy vs scale", Cpu.doubles(out), Cpu.values(scaledBy), 0);
        Cpu.BACKEND.addChannelBias(a, bias, out);
        Numerics.assertClose("addChannelBias", biased, Cpu.values(out), 1e-6);
        Cpu.BACKEND.relu(a, out);
        Numerics.assertClose("relu", relu, Cpu.values(out), 0);
        Tensor y = Cpu.tensor(Cpu.values(b), n, c, inner);
        Cpu.BACKEND.axpy(s, a, y);
        Numerics.assertClose("axpy", axpy, Cpu.values(y), 1e-6);
        double[] axpySign = new double[size];
        for (int i = 0; i < size; i++) {
            axpySign[i] = bv[i] + s * Math.signum(av[i]);
        }
        y = Cpu.tensor(Cpu.values(b), n, c, inner);
        Cpu.BACKEND.axpySign(s, a, y);
        Numerics.assertClose("axpySign", axpySign, Cpu.values(y), 1e-6);
    }

    @Test
    void outputsMayAliasInputs() {
        Random random = new Random(11);
        Tensor a = Cpu.random(random, 3, 4, 5);
        Tensor b = Cpu.random(random, 3, 4, 5);
        float[] av = Cpu.values(a);
        float[] bv = Cpu.values(b);
        Tensor expected = Cpu.zeros(3, 4, 5);

        Cpu.BACKEND.add(a, b, expected);
        Cpu.BACKEND.add(a, b, a);
        Numerics.assertClose("add in place", Cpu.doubles(expected), Cpu.values(a), 0);

        a = Cpu.tensor(av, 3, 4, 5);
        Cpu.BACKEND.mul(a, b, expected);
        Cpu.BACKEND.mul(a, b, b);
        Numerics.assertClose("mul in place", Cpu.doubles(expected), Cpu.values(b), 0);

        b = Cpu.tensor(bv, 3, 4, 5);
        Tensor bias = Cpu.random(random, 4);
        Cpu.BACKEND.addChannelBias(a, bias, expected);
        Cpu.BACKEND.addChannelBias(a, bias, a);
        Numerics.assertClose("addChannelBias in place", Cpu.doubles(expected), Cpu.values(a), 0);

        Cpu.BACKEND.reluBackward(b, a, expected);
        Cpu.BACKEND.reluBackward(b, a, a);
        Numerics.assertClose("reluBackward in place", Cpu.doubles(expected), Cpu.values(a), 0);
    }

    @Property(tries = 30)
    void reluBackwardMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 60) int size, @ForAll long seed) {
        Random random = new Random(seed);
        float[] xs = Numerics.randomFloats(random, size);
        for (int i = 0; i < size; i++) {
            xs[i] += Math.copySign(0.01f, xs[i]);  // keep every input farther than the step from the kink
        }
        Tensor x = Cpu.tensor(xs, size);
        Tensor dy = Cpu.random(random, size);
        double[] r = Cpu.doubles(dy);
        Tensor dx = Cpu.zeros(size);
        Cpu.BACKEND.reluBackward(x, dy, dx);
        Numerics.assertGradient("reluBackward", Cpu.doubles(x), v -> {
            double l = 0;
            for (int i = 0; i < v.length; i++) {
                l += r[i] * Math.max(v[i], 0);
            }
            return l;
        }, Cpu.values(dx), 1e-4, 1e-4);
    }

    /** The branch-free select passes dy exactly where {@code x > 0} and +0 elsewhere, NaN x included. */
    @Test
    void reluBackwardOnSpecialInputs() {
        float[] xs = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xffc00001), 1f, -1f};
        float[] dys = {1f, 2f, -3f, 4f, Float.NaN, 6f, -0f, 8f, 9f, 10f, Float.NEGATIVE_INFINITY, 12f};
        Tensor dx = Cpu.zeros(xs.length);
        Cpu.BACKEND.reluBackward(Cpu.tensor(xs, xs.length), Cpu.tensor(dys, dys.length), dx);
        float[] got = Cpu.values(dx);
        for (int i = 0; i < xs.length; i++) {
            float expected = xs[i] > 0f ? dys[i] : 0f;
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got[i]), "x = " + xs[i]);
        }
    }

    @Test
    void axpySignKeepsTheSignOfZeroAndNaN() {
        float[] xs = {2.5f, -0.25f, 0f, -0f, Float.NaN, Float.POSITIVE_INFINITY};
        float[] ys = {1f, 1f, 0f, 0f, 1f, -1f};
        Tensor y = Cpu.tensor(ys.clone(), xs.length);
        Cpu.BACKEND.axpySign(-0.5f, Cpu.tensor(xs, xs.length), y);
        float[] got = Cpu.values(y);
        float[] expected = {0.5f, 1.5f, 0f + -0.5f * 0f, 0f + -0.5f * -0f, Float.NaN, -1.5f};
        for (int i = 0; i < xs.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(got[i]), "x = " + xs[i]);
        }
    }

    @Test
    void copyInWritesTheValuesAndLeavesTheSourceToTheCaller() {
        float[] values = {1f, -2f, 3f, 4.5f};
        Tensor t = Cpu.zeros(2, 2);
        Cpu.BACKEND.copyIn(values, t);
        values[0] = 99f;
        assertArrayEquals(new float[] {1f, -2f, 3f, 4.5f}, Cpu.values(t));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.copyIn(new float[3], t));
        assertTrue(e.getMessage().contains("copyIn: 3 values") && e.getMessage().contains("[2, 2]"), e.getMessage());
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.add(Cpu.zeros(2, 3), Cpu.zeros(3, 2), Cpu.zeros(2, 3)));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[3, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.axpy(1f, Cpu.zeros(4), Cpu.zeros(5)));
        assertTrue(e.getMessage().contains("axpy") && e.getMessage().contains("[4]")
                && e.getMessage().contains("[5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.addChannelBias(Cpu.zeros(2, 3, 4), Cpu.zeros(4), Cpu.zeros(2, 3, 4)));
        assertTrue(e.getMessage().contains("addChannelBias") && e.getMessage().contains("[3]")
                && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.reluBackward(Cpu.zeros(6), Cpu.zeros(6), Cpu.zeros(2, 3)));
        assertTrue(e.getMessage().contains("reluBackward") && e.getMessage().contains("[6]")
                && e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.scaleBy(Cpu.zeros(6), Cpu.zeros(2), Cpu.zeros(6)));
        assertTrue(e.getMessage().contains("scaleBy") && e.getMessage().contains("factor")
                && e.getMessage().contains("[1]") && e.getMessage().contains("[2]"), e.getMessage());
    }
}
