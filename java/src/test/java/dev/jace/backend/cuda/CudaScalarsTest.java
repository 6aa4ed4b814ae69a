package dev.jace.backend.cuda;

import dev.jace.backend.Backend;
import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.tensor.Shape;
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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CudaBackend#scalars} and the ops that read a {@link DeviceScalar} on the device: bitwise the CUDA host-value
 * ops given the same values, bitwise the CPU where the host-value ops are (axpy, axpySign, relativeDeviationWeights),
 * publishes ordered on the stream, captured graphs that read each replay's values, and argument errors.
 */
@Tag("gpu")
class CudaScalarsTest {

    private static final double[] ALPHAS = {0.3, -1.7, 0.1, 0.0, -0.0, Double.NaN, 1e39, -1e39, 1e-50};

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    private static ParityHarness fp32() {
        return new ParityHarness(CudaOptions.defaults(), 7, 0);
    }

    /** Equal bits, but any NaN equals any NaN: Java and the GPU make NaNs of different payloads. */
    private static void assertBitwise(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                    what + " element " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }

    private static void setAndPublish(DeviceScalars scalars, double... values) {
        for (int i = 0; i < values.length; i++) {
            scalars.set(i, values[i]);
        }
        scalars.publish();
    }

    /** A copy of {@code t}'s values on its backend (output of a host-value op beside the device-value one). */
    private static Tensor twin(Backend backend, Tensor t) {
        Tensor copy = backend.allocate(t.shape());
        backend.copy(t, copy);
        return copy;
    }

    @Test
    void axpyAndAxpySignEqualTheHostValueOpsAndTheCpuBitForBit() {
        try (ParityHarness h = fp32();
             DeviceScalars gpuAlpha = h.gpu.scalars(1); DeviceScalars cpuAlpha = h.cpu.scalars(1)) {
            float[] xs = Numerics.randomFloats(h.random, 1029);
            float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
            System.arraycopy(special, 0, xs, 0, special.length);
            Pair x = h.values(xs, xs.length);
            for (double a : ALPHAS) {
                setAndPublish(gpuAlpha, a);
                setAndPublish(cpuAlpha, a);
                Pair y = h.random(xs.length);
                try (Tensor hostValue = twin(h.gpu, y.gpu())) {
                    h.gpu.axpy((float) a, x.gpu(), hostValue);
                    h.gpu.axpy(gpuAlpha.at(0), x.gpu(), y.gpu());
                    h.cpu.axpy(cpuAlpha.at(0), x.cpu(), y.cpu());
                    assertBitwise("axpy vs host value, alpha " + a, h.gpu.download(hostValue), h.gpu.download(y.gpu()));
                    assertBitwise("axpy vs cpu, alpha " + a, h.cpu.download(y.cpu()), h.gpu.download(y.gpu()));
                    h.gpu.axpySign((float) a, x.gpu(), hostValue);
                    h.gpu.axpySign(gpuAlpha.at(0), x.gpu(), y.gpu());
                    h.cpu.axpySign(cpuAlpha.at(0), x.cpu(), y.cpu());
                    assertBitwise("axpySign vs host value, alpha " + a, h.gpu.download(hostValue),
                            h.gpu.download(y.gpu()));
                    assertBitwise("axpySign vs cpu, alpha " + a, h.cpu.download(y.cpu()), h.gpu.download(y.gpu()));
                }
            }
        }
    }

    @Test
    void relativeDeviationWeightsEqualTheHostValueOpAndTheCpuBitForBit() {
        int k = 8;
        int n = 300;
        try (ParityHarness h = fp32();
             DeviceScalars gpuWeight = h.gpu.scalars(2); DeviceScalars cpuWeight = h.cpu.scalars(2)) {
            Pair dev = h.uniform(0f, 3f, k, n);
            float[] normValues = h.cpu.download(h.uniform(1e-6f, 5f, n).cpu());
            normValues[0] = 0f;
            normValues[1] = 1e-30f;
            Pair norm = h.values(normValues, n);
            int[] rows = {0, 3, 5, 6};
            for (double w : new double[] {0.7315, -2.0, 0.0, -0.0, 1e-300}) {
                for (double divisor : new double[] {rows.length * n, 7.0, 1e-300, -3.0}) {
                    setAndPublish(gpuWeight, -1.0, w);
                    setAndPublish(cpuWeight, -1.0, w);
                    Pair dDev = h.poisoned(k, n);
                    Pair dNorm = h.poisoned(n);
                    Pair hostDev = h.poisoned(k, n);
                    Pair hostNorm = h.poisoned(n);
                    h.gpu.relativeDeviationWeights(dev.gpu(), norm.gpu(), rows, w / divisor, 1e-12, hostDev.gpu(),
                            hostNorm.gpu());
                    h.gpu.relativeDeviationWeights(dev.gpu(), norm.gpu(), rows, gpuWeight.at(1), divisor, 1e-12,
                            dDev.gpu(), dNorm.gpu());
                    h.cpu.relativeDeviationWeights(dev.cpu(), norm.cpu(), rows, cpuWeight.at(1), divisor, 1e-12,
                            dDev.cpu(), dNorm.cpu());
                    String what = "weight " + w + " / " + divisor;
                    assertBitwise(what + " dDeviation vs host value", h.gpu.download(hostDev.gpu()),
                            h.gpu.download(dDev.gpu()));
                    assertBitwise(what + " dNorm vs host value", h.gpu.download(hostNorm.gpu()),
                            h.gpu.download(dNorm.gpu()));
                    assertBitwise(what + " dDeviation vs cpu", h.cpu.download(dDev.cpu()), h.gpu.download(dDev.gpu()));
                    assertBitwise(what + " dNorm vs cpu", h.cpu.download(dNorm.cpu()), h.gpu.download(dNorm.gpu()));
                }
            }
        }
    }

    @Test
    void optimizerStepsEqualTheHostValueStepsBitForBit() {
        int size = 4099;
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        try (CudaBackend cuda = new CudaBackend(); DeviceScalars scalars = cuda.scalars(3)) {
            Random random = new Random(11);
            for (double lr : new double[] {1e-3, 0.1, -0.02, 0.0}) {
                float[] start = Numerics.randomFloats(random, size);
                float[] zeros = new float[size];
                float[][] init = {start, zeros, start, zeros, zeros}; // sgd param, velocity; adam param, m, v
                List<Tensor> owned = new ArrayList<>();
                Tensor[] host = new Tensor[5];
                Tensor[] device = new Tensor[5];
                for (int i = 0; i < 5; i++) {
                    host[i] = cuda.upload(init[i], Shape.of(size));
                    device[i] = cuda.upload(init[i], Shape.of(size));
                    owned.add(host[i]);
                    owned.add(device[i]);
                }
                for (int t = 1; t <= 7; t++) {
                    setAndPublish(scalars, lr, 1 - Math.pow(beta1, t), 1 - Math.pow(beta2, t));
                    try (Tensor grad = cuda.upload(Numerics.randomFloats(random, size), Shape.of(size))) {
                        cuda.sgdStep(host[0], grad, host[1], (float) lr, 0.9f, 1e-3f);
                        cuda.sgdStep(device[0], grad, device[1], scalars.at(0), 0.9f, 1e-3f);
                        cuda.adamStep(host[2], grad, host[3], host[4], (float) lr, beta1, beta2, 1e-8f, 1e-4f, t);
                        cuda.adamStep(device[2], grad, device[3], device[4], scalars.at(0), scalars.at(1),
                                scalars.at(2), beta1, beta2, 1e-8f, 1e-4f);
                    }
                }
                String[] names = {"sgd param", "sgd velocity", "adam param", "adam m", "adam v"};
                for (int i = 0; i < 5; i++) {
                    assertBitwise(names[i] + ", lr " + lr, cuda.download(host[i]), cuda.download(device[i]));
                }
                owned.forEach(Tensor::close);
            }
        }
    }

    @Test
    void publishesAreOrderedOnTheStreamBeyondThePinnedSlots() {
        int publishes = 3 * PinnedUploads.SLOTS + 2;
        int side = GpuAssumptions.busyMatmulSide();
        int n = 1 << 20;
        try (CudaBackend cuda = new CudaBackend(); DeviceScalars alpha = cuda.scalars(2);
             Tensor a = cuda.upload(Numerics.randomFloats(new Random(3), side * side), Shape.of(side, side));
             Tensor product = cuda.allocate(Shape.of(side, side));
             Tensor ones = cuda.upload(filled(n, 1f), Shape.of(n))) {
            // Keep the stream busy, so that the publishes below queue up behind this work and reuse pinned slots.
            for (int i = 0; i < 4; i++) {
                cuda.matmul(a, false, a, false, product);
            }
            Tensor[] outputs = new Tensor[publishes];
            try {
                for (int p = 0; p < publishes; p++) {
                    setAndPublish(alpha, p + 1.0, 0.5 * (p + 1));
                    outputs[p] = cuda.allocate(Shape.of(n));
                    cuda.axpy(alpha.at(0), ones, outputs[p]);
                    cuda.axpySign(alpha.at(1), ones, outputs[p]);
                    alpha.set(0, Double.NaN); // staged right after publishing: must not reach the copy in flight
                }
                for (int p = 0; p < publishes; p++) {
                    float[] values = cuda.download(outputs[p]);
                    assertArrayEquals(filled(n, 1.5f * (p + 1)), values, "output of publish " + p);
                }
                alpha.publish(); // the NaN staged last
                cuda.axpy(alpha.at(0), ones, outputs[0]);
                assertTrue(Float.isNaN(cuda.download(outputs[0])[n - 1]));
            } finally {
                for (Tensor t : outputs) {
                    if (t != null) {
                        t.close();
                    }
                }
            }
        }
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return v;
    }

    @Test
    void aCapturedGraphReadsTheValuesPublishedBeforeEachReplay() {
        float[] x = {1f, -2f, 0.5f, 4f};
        try (CudaBackend cuda = new CudaBackend(); DeviceScalars alpha = cuda.scalars(1);
             Tensor gx = cuda.upload(x, Shape.of(4)); Tensor gy = cuda.allocate(Shape.of(4));
             Tensor expected = cuda.allocate(Shape.of(4))) {
            try (CapturedWork work = cuda.capture(() -> cuda.axpy(alpha.at(0), gx, gy))) {
                for (double a : new double[] {2.0, -0.25, 3.0, 0.1}) {
                    setAndPublish(alpha, a);
                    work.replay();
                    cuda.axpy((float) a, gx, expected);
                    assertBitwise("after a replay with alpha " + a, cuda.download(expected), cuda.download(gy));
                }
            }
        }
    }

    @Test
    void valuesStartAtZeroAndStagedValuesStayInvisibleUntilPublished() {
        try (CudaBackend cuda = new CudaBackend(); DeviceScalars alpha = cuda.scalars(3);
             Tensor x = cuda.upload(new float[] {1f, 2f}, Shape.of(2));
             Tensor y = cuda.upload(new float[] {5f, 6f}, Shape.of(2))) {
            cuda.axpy(alpha.at(2), x, y);
            assertArrayEquals(new float[] {5f, 6f}, cuda.download(y), "a new block reads 0");
            alpha.set(2, 10.0);
            cuda.axpy(alpha.at(2), x, y);
            assertArrayEquals(new float[] {5f, 6f}, cuda.download(y), "set without publish");
            alpha.publish();
            cuda.axpy(alpha.at(2), x, y);
            assertArrayEquals(new float[] {15f, 26f}, cuda.download(y), "after publish");
        }
    }

    @Test
    void hostCallsOfScalarsAreRefusedWhileCapturing() {
        try (CudaBackend cuda = new CudaBackend(); DeviceScalars scalars = cuda.scalars(1)) {
            for (Runnable call : new Runnable[] {scalars::publish, () -> cuda.scalars(1)}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cuda.capture(call));
                assertTrue(e.getMessage().contains("inside captured work"), e.getMessage());
            }
            scalars.publish();
            cuda.synchronize();
        }
    }

    @Test
    void foreignOrClosedScalarsAreRejectedBeforeAnyNativeCall() {
        try (ParityHarness h = fp32(); CudaBackend other = new CudaBackend();
             DeviceScalars cpuScalars = h.cpu.scalars(1); DeviceScalars otherScalars = other.scalars(1)) {
            Pair t = h.random(4);
            for (DeviceScalar foreign : new DeviceScalar[] {cpuScalars.at(0), otherScalars.at(0)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> h.gpu.axpy(foreign, t.gpu(), t.gpu()));
                assertTrue(e.getMessage().contains("another backend"), e.getMessage());
                assertThrows(IllegalArgumentException.class,
                        () -> h.gpu.sgdStep(t.gpu(), t.gpu(), t.gpu(), foreign, 0.9f, 0f));
            }
            DeviceScalars closed = h.gpu.scalars(1);
            closed.close();
            assertThrows(IllegalStateException.class, () -> h.gpu.axpySign(closed.at(0), t.gpu(), t.gpu()));
            assertThrows(IllegalStateException.class, closed::publish);
            assertThrows(IllegalArgumentException.class, () -> h.gpu.scalars(0));
        }
    }

    /** As its tensors are: closing the backend frees the scalars' memory, so they report closed and refuse use. */
    @Test
    void scalarsOfAClosedBackendAreClosedAndRefuseUse() {
        CudaBackend cuda = new CudaBackend();
        DeviceScalars scalars = cuda.scalars(2);
        setAndPublish(scalars, 1.5, -2.0);
        cuda.close();
        assertTrue(scalars.isClosed(), "the scalars of a closed backend report open");
        IllegalStateException publish = assertThrows(IllegalStateException.class, scalars::publish);
        assertEquals("device scalars used after the backend holding them closed: " + cuda, publish.getMessage());
        for (Runnable call : new Runnable[] {() -> scalars.set(0, 3.0), scalars::readLater, scalars::read}) {
            assertEquals(publish.getMessage(), assertThrows(IllegalStateException.class, call::run).getMessage());
        }
        scalars.close(); // harmless afterwards
        assertTrue(scalars.isClosed());
    }
}
