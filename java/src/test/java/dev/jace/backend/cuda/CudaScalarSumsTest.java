package dev.jace.backend.cuda;

import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalars;
import dev.jace.ops.EquivarianceDeviation;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.jace.backend.cuda.ParityHarness.Pair;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CudaBackend#relativeDeviationMean} and {@link CudaBackend#sumToScalar}: bitwise the CPU backend (whose values
 * are the host loops'), eagerly and replayed from a CUDA graph, and foreign arguments rejected.
 */
@Tag("gpu")
class CudaScalarSumsTest {

    private static final int[][] ROWS = {{}, {0}, {1, 2, 3}, {0, 2, 4, 6}, {6}, {0, 1, 2, 3, 4, 5, 6}};

    /** Parts with signed zeros, NaN, infinities and ordinary values. */
    private static final float[][] PARTS = {{0.3f}, {-0f}, {-0f, -0f}, {1.5f, -2.25f, 1e-8f}, {Float.NaN, 1f},
            {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, {1e30f, 1e30f, -1e30f, 3f, -7f, 0.1f, 0.2f, 0.3f}};

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    private static ParityHarness harness() {
        return new ParityHarness(CudaOptions.defaults(), 50, 0);
    }

    /** Norms in [0, 5) with a zero and a tiny one. */
    private static Pair norms(ParityHarness h, int n) {
        float[] norm = h.cpu.download(h.uniform(0f, 5f, n).cpu());
        norm[0] = 0f;
        if (n > 1) {
            norm[1] = 1e-30f;
        }
        return h.values(norm, n);
    }

    @Test
    void relativeDeviationMeanEqualsTheCpuBitForBit() {
        int k = 7;
        try (ParityHarness h = harness(); DeviceScalars gpuOut = h.gpu.scalars(2);
             DeviceScalars cpuOut = h.cpu.scalars(2)) {
            for (int n : new int[] {1, 64, 257}) {
                Pair deviation = h.uniform(0f, 3f, k, n);
                Pair norm = norms(h, n);
                for (int[] rows : ROWS) {
                    for (double divisor : new double[] {(double) Math.max(rows.length, 1) * n, 7.0, -3.0, 0.0}) {
                        for (double eps : new double[] {EquivarianceDeviation.EPS, 1e-7, 0.0}) {
                            h.gpu.relativeDeviationMean(deviation.gpu(), norm.gpu(), rows, divisor, eps, gpuOut.at(1));
                            h.cpu.relativeDeviationMean(deviation.cpu(), norm.cpu(), rows, divisor, eps, cpuOut.at(1));
                            Numerics.assertBitwise("n " + n + " rows " + Arrays.toString(rows) + " / " + divisor
                                    + " eps " + eps, cpuOut.read(), gpuOut.read());
                        }
                    }
                }
            }
        }
    }

    @Test
    void sumToScalarEqualsTheCpuBitForBit() {
        try (ParityHarness h = harness(); DeviceScalars gpuOut = h.gpu.scalars(2);
             DeviceScalars cpuOut = h.cpu.scalars(2)) {
            for (float[] values : PARTS) {
                List<Tensor> gpuParts = new ArrayList<>();
                List<Tensor> cpuParts = new ArrayList<>();
                for (float v : values) {
                    Pair part = h.values(new float[] {v}, 1);
                    gpuParts.add(part.gpu());
                    cpuParts.add(part.cpu());
                }
                for (boolean absolute : new boolean[] {false, true}) {
                    for (double scale : new double[] {1.0, 0.5, -1.0 / 3, 0.0, -0.0}) {
                        h.gpu.sumToScalar(gpuParts, absolute, scale, gpuOut.at(0));
                        h.cpu.sumToScalar(cpuParts, absolute, scale, cpuOut.at(0));
                        Numerics.assertBitwise(Arrays.toString(values) + (absolute ? " |.|" : "") + " · " + scale,
                                cpuOut.read(), gpuOut.read());
                    }
                }
            }
        }
    }

    @Test
    void aGraphOfBothSumsReadsItsTensorsAtEachReplay() {
        int k = 3;
        int n = 70;
        Random random = new Random(51);
        try (ParityHarness h = harness(); DeviceScalars gpuOut = h.gpu.scalars(2);
             DeviceScalars cpuOut = h.cpu.scalars(2)) {
            Pair deviation = h.poisoned(k, n);
            Pair norm = h.poisoned(n);
            Pair a = h.poisoned(1);
            Pair c = h.poisoned(1, 1);
            int[] rows = {0, 2};
            try (CapturedWork work = h.gpu.capture(() -> {
                h.gpu.relativeDeviationMean(deviation.gpu(), norm.gpu(), rows, 10.0, 1e-12, gpuOut.at(0));
                h.gpu.sumToScalar(List.of(a.gpu(), c.gpu()), true, 0.5, gpuOut.at(1));
            })) {
                for (int replay = 0; replay < 3; replay++) {
                    float[] dev = Numerics.randomFloats(random, k * n);
                    float[] nrm = Numerics.randomFloats(random, n);
                    float[] parts = Numerics.randomFloats(random, 2);
                    h.gpu.copyIn(dev, deviation.gpu());
                    h.gpu.copyIn(nrm, norm.gpu());
                    h.gpu.copyIn(new float[] {parts[0]}, a.gpu());
                    h.gpu.copyIn(new float[] {parts[1]}, c.gpu());
                    work.replay();
                    h.cpu.copyIn(dev, deviation.cpu());
                    h.cpu.copyIn(nrm, norm.cpu());
                    h.cpu.copyIn(new float[] {parts[0]}, a.cpu());
                    h.cpu.copyIn(new float[] {parts[1]}, c.cpu());
                    h.cpu.relativeDeviationMean(deviation.cpu(), norm.cpu(), rows, 10.0, 1e-12, cpuOut.at(0));
                    h.cpu.sumToScalar(List.of(a.cpu(), c.cpu()), true, 0.5, cpuOut.at(1));
                    Numerics.assertBitwise("replay " + replay, cpuOut.read(), gpuOut.read());
                }
            }
        }
    }

    @Test
    void foreignTensorsAndScalarsAreRejectedBeforeAnyNativeCall() {
        try (ParityHarness h = harness(); DeviceScalars gpuOut = h.gpu.scalars(1);
             DeviceScalars cpuOut = h.cpu.scalars(1)) {
            Pair one = h.random(1);
            Pair deviation = h.random(2, 3);
            Pair norm = h.random(3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> h.gpu.sumToScalar(List.of(one.gpu(), one.cpu()), false, 1.0, gpuOut.at(0)));
            assertTrue(e.getMessage().contains("sumToScalar: parts[1]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> h.gpu.sumToScalar(List.of(one.gpu()), false, 1.0, cpuOut.at(0)));
            assertTrue(e.getMessage().contains("another backend"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> h.gpu.relativeDeviationMean(deviation.gpu(),
                    norm.cpu(), new int[] {0}, 1.0, 1e-12, gpuOut.at(0)));
            assertThrows(IllegalArgumentException.class, () -> h.gpu.relativeDeviationMean(deviation.gpu(),
                    norm.gpu(), new int[] {1, 1}, 1.0, 1e-12, gpuOut.at(0)));
            Pair two = h.random(2);
            assertThrows(IllegalArgumentException.class,
                    () -> h.gpu.sumToScalar(List.of(two.gpu()), false, 1.0, gpuOut.at(0)));
        }
    }
}
