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

class CpuOptimTest {

    private static final int STEPS = 6;

    /** More than the 32768-element chunks that the steps split their work into, plus a partial one. */
    private static final int SEVERAL_CHUNKS = 3 * (1 << 15) + 5;

    @Property(tries = 20)
    void sgdMatchesFloat64Steps(@ForAll @IntRange(min = 1, max = 50) int size, @ForAll long seed) {
        sgdMatchesFloat64(size, seed);
    }

    @Test
    void sgdOverSeveralChunksMatchesFloat64Steps() {
        sgdMatchesFloat64(SEVERAL_CHUNKS, 11);
    }

    private static void sgdMatchesFloat64(int size, long seed) {
        Random random = new Random(seed);
        float lr = 0.05f;
        float momentum = 0.9f;
        float weightDecay = 0.01f;
        Tensor param = Cpu.random(random, size);
        Tensor velocity = Cpu.zeros(size);
        double[] p = Cpu.doubles(param);
        double[] v = new double[size];
        // The same recurrences on the terms' magnitudes: each step's float roundings are relative to these.
        double[] pScale = Numerics.abs(p);
        double[] vScale = new double[size];
        for (int t = 0; t < STEPS; t++) {
            Tensor grad = Cpu.random(random, size);
            double[] g = Cpu.doubles(grad);
            for (int i = 0; i < size; i++) {
                v[i] = momentum * v[i] + g[i] + weightDecay * p[i];
                p[i] -= lr * v[i];
                vScale[i] = momentum * vScale[i] + Math.abs(g[i]) + weightDecay * pScale[i];
                pScale[i] += lr * vScale[i];
            }
            Cpu.BACKEND.sgdStep(param, grad, velocity, lr, momentum, weightDecay);
        }
        Numerics.assertCloseToScale("sgd velocity", v, Cpu.values(velocity), vScale, 1e-5);
        Numerics.assertCloseToScale("sgd param", p, Cpu.values(param), pScale, 1e-5);
    }

    @Property(tries = 20)
    void adamMatchesFloat64Steps(@ForAll @IntRange(min = 1, max = 50) int size, @ForAll long seed) {
        adamMatchesFloat64(size, seed, 1e-8f);
    }

    @Test
    void adamOverSeveralChunksMatchesFloat64Steps() {
        adamMatchesFloat64(SEVERAL_CHUNKS, 12, 1e-8f);
    }

    /** With eps = 1 far above sqrt(v̂) (gradients below 1), the denominator is mostly eps. */
    @Test
    void adamWhereEpsDominatesMatchesFloat64Steps() {
        adamMatchesFloat64(40, 13, 1f);
    }

    private static void adamMatchesFloat64(int size, long seed, float eps) {
        Random random = new Random(seed);
        float lr = 0.01f;
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        float weightDecay = 0.001f;
        Tensor param = Cpu.random(random, size);
        Tensor m = Cpu.zeros(size);
        Tensor v = Cpu.zeros(size);
        double[] p = Cpu.doubles(param);
        double[] md = new double[size];
        double[] vd = new double[size];
        double[] pScale = Numerics.abs(p);
        double[] mScale = new double[size];
        for (int t = 1; t <= STEPS; t++) {
            Tensor grad = Cpu.random(random, size);
            double[] g = Cpu.doubles(grad);
            for (int i = 0; i < size; i++) {
                double gi = g[i] + weightDecay * p[i];
                md[i] = beta1 * md[i] + (1 - beta1) * gi;
                vd[i] = beta2 * vd[i] + (1 - beta2) * gi * gi;
                double mHat = md[i] / (1 - Math.pow(beta1, t));
                double vHat = vd[i] / (1 - Math.pow(beta2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                mScale[i] = beta1 * mScale[i] + (1 - beta1) * (Math.abs(g[i]) + weightDecay * pScale[i]);
                pScale[i] += lr * mScale[i] / (1 - Math.pow(beta1, t)) / (Math.sqrt(vHat) + eps);
            }
            Cpu.BACKEND.adamStep(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, t);
        }
        Numerics.assertCloseToScale("adam m", md, Cpu.values(m), mScale, 1e-5);
        Numerics.assertCloseToScale("adam v", vd, Cpu.values(v), vd, 1e-5);
        Numerics.assertCloseToScale("adam param", p, Cpu.values(param), pScale, 1e-5);
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.sgdStep(Cpu.zeros(3, 4), Cpu.zeros(4, 3), Cpu.zeros(3, 4), 0.1f, 0.9f, 0f));
        assertTrue(e.getMessage().contains("sgdStep") && e.getMessage().contains("[3, 4]")
                && e.getMessage().contains("[4, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.adamStep(Cpu.zeros(5), Cpu.zeros(5), Cpu.zeros(5), Cpu.zeros(6), 0.1f, 0.9f, 0.999f,
                        1e-8f, 0f, 1));
        assertTrue(e.getMessage().contains("adamStep") && e.getMessage().contains("[5]")
                && e.getMessage().contains("[6]"), e.getMessage());
    }
}
