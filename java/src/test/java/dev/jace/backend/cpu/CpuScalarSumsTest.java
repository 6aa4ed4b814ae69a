package dev.jace.backend.cpu;

import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.ops.EquivarianceDeviation;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CpuBackend#relativeDeviationMean} and {@link CpuBackend#sumToScalar}: bitwise the straightforward host loops,
 * written to a device scalar when the op runs, and their argument errors.
 */
class CpuScalarSumsTest {

    private final CpuBackend cpu = Cpu.BACKEND; // the backend of the tensors Cpu makes

    /** The host code the op replaces (DeviationProbe.relativeMean over the given rows). */
    static double relativeMean(float[] deviation, float[] norm, int[] rows, double divisor, double eps) {
        int n = norm.length;
        double[] dev = Numerics.toDouble(deviation);
        double[] nrm = Numerics.toDouble(norm);
        double sum = 0;
        for (int s : rows) {
            for (int i = 0; i < n; i++) {
                sum += dev[s * n + i] / (nrm[i] + eps);
            }
        }
        return sum / divisor;
    }

    static double sum(float[] parts, boolean absolute, double scale) {
        double sum = 0;
        for (float x : parts) {
            sum += absolute ? Math.abs((double) x) : (double) x;
        }
        return scale * sum;
    }

    /** Norms with zeros and tiny values beside random positive ones. */
    static float[] norms(Random random, int n) {
        float[] norm = new float[n];
        for (int i = 0; i < n; i++) {
            norm[i] = 5 * random.nextFloat();
        }
        norm[0] = 0f;
        if (n > 1) {
            norm[1] = 1e-30f;
        }
        return norm;
    }

    static final int[][] ROWS = {{}, {0}, {1, 2, 3}, {0, 2, 4, 6}, {6}, {0, 1, 2, 3, 4, 5, 6}};

    /** Parts with signed zeros, NaN, infinities and ordinary values. */
    static final float[][] PARTS = {{0.3f}, {-0f}, {-0f, -0f}, {1.5f, -2.25f, 1e-8f}, {Float.NaN, 1f},
            {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, {1e30f, 1e30f, -1e30f, 3f, -7f, 0.1f, 0.2f, 0.3f}};

    @Test
    void relativeDeviationMeanEqualsTheHostLoopBitForBit() {
        Random random = new Random(30);
        int k = 7;
        for (int n : new int[] {1, 64, 257}) {
            float[] dev = new float[k * n];
            for (int i = 0; i < dev.length; i++) {
                dev[i] = 3 * random.nextFloat();
            }
            float[] norm = norms(random, n);
            Tensor deviation = Cpu.tensor(dev, k, n);
            Tensor normT = Cpu.tensor(norm, n);
            try (DeviceScalars out = cpu.scalars(3)) {
                for (int[] rows : ROWS) {
                    for (double divisor : new double[] {(double) Math.max(rows.length, 1) * n, 7.0, -3.0, 0.0}) {
                        for (double eps : new double[] {EquivarianceDeviation.EPS, 1e-7, 0.0}) {
                            cpu.relativeDeviationMean(deviation, normT, rows, divisor, eps, out.at(2));
                            double expected = relativeMean(dev, norm, rows, divisor, eps);
                            Numerics.assertBitwise("n " + n + " rows " + Arrays.toString(rows) + " / " + divisor
                                    + " eps " + eps, new double[] {0, 0, expected}, out.read());
                        }
                    }
                }
            }
        }
    }

    @Test
    void sumToScalarEqualsTheHostSumBitForBit() {
        try (DeviceScalars out = cpu.scalars(2)) {
            for (float[] values : PARTS) {
                List<Tensor> parts = new ArrayList<>();
                for (float v : values) {
                    parts.add(Cpu.tensor(new float[] {v}, 1));
                }
                for (boolean absolute : new boolean[] {false, true}) {
                    for (double scale : new double[] {1.0, 0.5, -1.0 / 3, 0.0, -0.0}) {
                        cpu.sumToScalar(parts, absolute, scale, out.at(1));
                        Numerics.assertBitwise(Arrays.toString(values) + (absolute ? " |.|" : "") + " · " + scale,
                                new double[] {0, sum(values, absolute, scale)}, out.read());
                    }
                }
            }
        }
    }

    @Test
    void capturedSumsReadTheirTensorsAtEachReplay() {
        Random random = new Random(31);
        int k = 3;
        int n = 5;
        Tensor deviation = Cpu.zeros(k, n);
        Tensor norm = Cpu.zeros(n);
        Tensor a = Cpu.zeros(1);
        Tensor c = Cpu.zeros(1, 1);
        int[] rows = {0, 2};
        try (DeviceScalars out = cpu.scalars(2);
             CapturedWork work = cpu.capture(() -> {
                 cpu.relativeDeviationMean(deviation, norm, rows, 10.0, 1e-12, out.at(0));
                 cpu.sumToScalar(List.of(a, c), true, 0.5, out.at(1));
             })) {
            rows[1] = 1; // the op took its rows at capture
            for (int replay = 0; replay < 3; replay++) {
                float[] dev = Numerics.randomFloats(random, k * n);
                float[] nrm = norms(random, n);
                float[] parts = Numerics.randomFloats(random, 2);
                cpu.copyIn(dev, deviation);
                cpu.copyIn(nrm, norm);
                cpu.copyIn(new float[] {parts[0]}, a);
                cpu.copyIn(new float[] {parts[1]}, c);
                work.replay();
                Numerics.assertBitwise("replay " + replay, new double[] {
                        relativeMean(dev, nrm, new int[] {0, 2}, 10.0, 1e-12), sum(parts, true, 0.5)}, out.read());
            }
        }
    }

    @Test
    void badArgumentsAreRejectedBeforeAnything() {
        Tensor one = Cpu.zeros(1);
        Tensor dev = Cpu.zeros(3, 4);
        Tensor norm = Cpu.zeros(4);
        try (DeviceScalars out = cpu.scalars(1)) {
            DeviceScalar o = out.at(0);
            Consumer<Runnable> rejected = call -> assertThrows(IllegalArgumentException.class, call::run);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.sumToScalar(List.of(), false, 1.0, o));
            assertTrue(e.getMessage().contains("sumToScalar: takes 1 to 8 parts, got 0"), e.getMessage());
            rejected.accept(() -> cpu.sumToScalar(Collections.nCopies(9, one), false, 1.0, o));
            e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.sumToScalar(List.of(one, Cpu.zeros(2)), false, 1.0, o));
            assertTrue(e.getMessage().contains("sumToScalar: parts[1] should have one element but has shape [2]"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.relativeDeviationMean(dev, norm, new int[] {2, 1}, 1.0, 1e-12, o));
            assertTrue(e.getMessage().contains("relativeDeviationMean: rows should be strictly ascending in [0, 3)"),
                    e.getMessage());
            rejected.accept(() -> cpu.relativeDeviationMean(dev, norm, new int[] {3}, 1.0, 1e-12, o));
            rejected.accept(() -> cpu.relativeDeviationMean(dev, Cpu.zeros(3), new int[] {0}, 1.0, 1e-12, o));
            rejected.accept(() -> cpu.relativeDeviationMean(Cpu.zeros(65, 1), Cpu.zeros(1), new int[] {0}, 1.0, 1e-12,
                    o));
            try (CpuBackend other = new CpuBackend(); DeviceScalars foreign = other.scalars(1)) {
                e = assertThrows(IllegalArgumentException.class,
                        () -> cpu.sumToScalar(List.of(one), false, 1.0, foreign.at(0)));
                assertTrue(e.getMessage().contains("another backend"), e.getMessage());
                rejected.accept(() -> cpu.relativeDeviationMean(dev, norm, new int[] {0}, 1.0, 1e-12, foreign.at(0)));
            }
        }
        DeviceScalars closed = cpu.scalars(1);
        closed.close();
        assertThrows(IllegalStateException.class, () -> cpu.sumToScalar(List.of(one), false, 1.0, closed.at(0)));
        assertThrows(IllegalStateException.class,
                () -> cpu.relativeDeviationMean(dev, norm, new int[] {0}, 1.0, 1e-12, closed.at(0)));
    }
}
