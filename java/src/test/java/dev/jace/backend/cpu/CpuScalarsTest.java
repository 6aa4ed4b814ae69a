package dev.jace.backend.cpu;

import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.PendingRead;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CpuBackend#scalars} and the ops that read a {@link DeviceScalar}: bitwise the host-value ops given the same
 * values, the values read when the op executes, publish semantics, lifetime and argument errors.
 */
class CpuScalarsTest {

    /** Values that round to float in every way: inexact, negative, signed zeros, NaN, overflow, underflow. */
    private static final double[] ALPHAS = {0.3, -1.7, 0.1, 0.0, -0.0, Double.NaN, 1e39, -1e39, 1e-50, -1e-50};

    private final CpuBackend cpu = Cpu.BACKEND; // the backend of the tensors Cpu makes

    /** x with special values beside random ones, so sign(x) and products hit ±0, NaN and infinities. */
    private static float[] specialX(Random random, int size) {
        float[] x = Numerics.randomFloats(random, size);
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                -3.5f};
        System.arraycopy(special, 0, x, 0, special.length);
        return x;
    }

    private static void assertBitwise(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + " element " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }

    private static void setAndPublish(DeviceScalars scalars, double... values) {
        for (int i = 0; i < values.length; i++) {
            scalars.set(i, values[i]);
        }
        scalars.publish();
    }

    @Test
    void axpyAndAxpySignEqualTheHostValueOpsBitForBit() {
        Random random = new Random(1);
        float[] x = specialX(random, 40);
        float[] y = Numerics.randomFloats(random, 40);
        try (DeviceScalars alpha = cpu.scalars(1)) {
            for (double a : ALPHAS) {
                setAndPublish(alpha, a);
                Tensor xt = Cpu.tensor(x, 40);
                Tensor expected = Cpu.tensor(y, 40);
                Tensor actual = Cpu.tensor(y, 40);
                cpu.axpy((float) a, xt, expected);
                cpu.axpy(alpha.at(0), xt, actual);
                assertBitwise("axpy alpha " + a, Cpu.values(expected), Cpu.values(actual));
                cpu.axpySign((float) a, xt, expected);
                cpu.axpySign(alpha.at(0), xt, actual);
                assertBitwise("axpySign alpha " + a, Cpu.values(expected), Cpu.values(actual));
            }
        }
    }

    @Test
    void relativeDeviationWeightsEqualTheHostValueOpWithTheQuotientBitForBit() {
        Random random = new Random(2);
        int k = 5;
        int n = 37;
        float[] dev = Numerics.randomFloats(random, k * n);
        float[] norm = Numerics.randomFloats(random, n);
        norm[0] = 0f;
        norm[1] = 1e-30f;
        Tensor deviation = Cpu.tensor(dev, k, n);
        Tensor normT = Cpu.tensor(norm, n);
        double[] weights = {0.7315, -2.0, 0.0, -0.0, 1e-300, 3.0};
        double[] divisors = {3.0 * n, 7.0, 1e-300, Double.MIN_VALUE, -3.0};
        try (DeviceScalars weight = cpu.scalars(2)) {
            for (double w : weights) {
                for (double divisor : divisors) {
                    setAndPublish(weight, 99.0, w);
                    Tensor expectedDev = Cpu.zeros(k, n);
                    Tensor expectedNorm = Cpu.zeros(n);
                    Tensor actualDev = Cpu.zeros(k, n);
                    Tensor actualNorm = Cpu.zeros(n);
                    int[] rows = {0, 2, 3};
                    cpu.relativeDeviationWeights(deviation, normT, rows, w / divisor, 1e-12, expectedDev,
                            expectedNorm);
                    cpu.relativeDeviationWeights(deviation, normT, rows, weight.at(1), divisor, 1e-12, actualDev,
                            actualNorm);
                    String what = "weight " + w + " / " + divisor;
                    assertBitwise(what + " dDeviation", Cpu.values(expectedDev), Cpu.values(actualDev));
                    assertBitwise(what + " dNorm", Cpu.values(expectedNorm), Cpu.values(actualNorm));
                }
            }
        }
    }

    @Test
    void sgdStepEqualsTheHostValueStepBitForBitOverSeveralSteps() {
        Random random = new Random(3);
        int size = 61;
        for (double lr : new double[] {0.05, 0.1, -0.01, 0.0, -0.0, 1e-50}) {
            float[] start = Numerics.randomFloats(random, size);
            Tensor expectedParam = Cpu.tensor(start, size);
            Tensor actualParam = Cpu.tensor(start, size);
            Tensor expectedVelocity = Cpu.zeros(size);
            Tensor actualVelocity = Cpu.zeros(size);
            try (DeviceScalars scalars = cpu.scalars(1)) {
                setAndPublish(scalars, lr);
                for (int t = 0; t < 4; t++) {
                    Tensor grad = Cpu.random(random, size);
                    cpu.sgdStep(expectedParam, grad, expectedVelocity, (float) lr, 0.9f, 1e-3f);
                    cpu.sgdStep(actualParam, grad, actualVelocity, scalars.at(0), 0.9f, 1e-3f);
                }
            }
            assertBitwise("sgd param, lr " + lr, Cpu.values(expectedParam), Cpu.values(actualParam));
            assertBitwise("sgd velocity, lr " + lr, Cpu.values(expectedVelocity), Cpu.values(actualVelocity));
        }
    }

    @Test
    void adamStepWithPublishedCorrectionsEqualsTheStepCountedStepBitForBit() {
        Random random = new Random(4);
        int size = 53;
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        for (double lr : new double[] {1e-3, 0.1, -0.02}) {
            float[] start = Numerics.randomFloats(random, size);
            Tensor[] expected = {Cpu.tensor(start, size), Cpu.zeros(size), Cpu.zeros(size)};
            Tensor[] actual = {Cpu.tensor(start, size), Cpu.zeros(size), Cpu.zeros(size)};
            try (DeviceScalars scalars = cpu.scalars(3)) {
                for (int t = 1; t <= 7; t++) {
                    setAndPublish(scalars, lr, 1 - Math.pow(beta1, t), 1 - Math.pow(beta2, t));
                    Tensor grad = Cpu.random(random, size);
                    cpu.adamStep(expected[0], grad, expected[1], expected[2], (float) lr, beta1, beta2, 1e-8f, 1e-4f,
                            t);
                    cpu.adamStep(actual[0], grad, actual[1], actual[2], scalars.at(0), scalars.at(1), scalars.at(2),
                            beta1, beta2, 1e-8f, 1e-4f);
                }
            }
            String[] names = {"param", "m", "v"};
            for (int i = 0; i < 3; i++) {
                assertBitwise("adam " + names[i] + ", lr " + lr, Cpu.values(expected[i]), Cpu.values(actual[i]));
            }
        }
    }

    @Test
    void capturedWorkReadsTheValuesPublishedBeforeEachReplay() {
        float[] x = {1f, -2f, 0.5f};
        Tensor xt = Cpu.tensor(x, 3);
        Tensor y = Cpu.zeros(3);
        try (DeviceScalars alpha = cpu.scalars(1);
             CapturedWork work = cpu.capture(() -> cpu.axpy(alpha.at(0), xt, y))) {
            float[] expected = new float[3];
            for (double a : new double[] {2.0, -0.25, 3.0}) {
                setAndPublish(alpha, a);
                work.replay();
                for (int i = 0; i < 3; i++) {
                    expected[i] += (float) a * x[i];
                }
                assertArrayEquals(expected, Cpu.values(y), "after a replay with alpha " + a);
            }
        }
    }

    @Test
    void anOpRunAgainReadsTheNewlyPublishedValue() {
        Tensor x = Cpu.tensor(new float[] {1f, 2f}, 2);
        Tensor y = Cpu.zeros(2);
        try (DeviceScalars alpha = cpu.scalars(1)) {
            setAndPublish(alpha, 1.5);
            cpu.axpy(alpha.at(0), x, y);
            setAndPublish(alpha, -4.0);
            cpu.axpy(alpha.at(0), x, y);
            assertArrayEquals(new float[] {-2.5f, -5f}, Cpu.values(y));
        }
    }

    @Test
    void valuesStartAtZeroAndStagedValuesStayInvisibleUntilPublished() {
        Tensor x = Cpu.tensor(new float[] {1f, 2f}, 2);
        Tensor y = Cpu.tensor(new float[] {5f, 6f}, 2);
        try (DeviceScalars alpha = cpu.scalars(2)) {
            assertEquals(2, alpha.size());
            cpu.axpy(alpha.at(1), x, y);
            assertArrayEquals(new float[] {5f, 6f}, Cpu.values(y), "a new block reads 0");
            alpha.set(1, 10.0);
            cpu.axpy(alpha.at(1), x, y);
            assertArrayEquals(new float[] {5f, 6f}, Cpu.values(y), "set without publish");
            alpha.publish();
            alpha.set(1, 1000.0); // staged after the publish: not read
            cpu.axpy(alpha.at(1), x, y);
            assertArrayEquals(new float[] {15f, 26f}, Cpu.values(y), "after publish");
        }
    }

    @Test
    void readsGiveWhatOpsWroteAndPublishOverwritesIt() {
        Tensor x = Cpu.tensor(new float[] {-1.5f}, 1);
        try (DeviceScalars scalars = cpu.scalars(3)) {
            setAndPublish(scalars, 1.0, 2.0, 3.0);
            scalars.set(1, 20.0); // staged, not published: reads give the device values
            cpu.sumToScalar(List.of(x), true, 0.25, scalars.at(2));
            PendingRead<double[]> pending = scalars.readLater();
            assertArrayEquals(new double[] {1.0, 2.0, 0.375}, scalars.read());
            cpu.sumToScalar(List.of(x), false, 1.0, scalars.at(0));
            assertArrayEquals(new double[] {1.0, 2.0, 0.375}, pending.get(), "a read holds the values of its call");
            assertSame(pending.get(), pending.get());
            assertArrayEquals(new double[] {-1.5, 2.0, 0.375}, scalars.read());
            scalars.publish();
            assertArrayEquals(new double[] {1.0, 20.0, 3.0}, scalars.read(), "publish overwrites what ops wrote");
        }
    }

    @Test
    void readLaterOfATensorHoldsItsValuesAsOfTheCall() {
        Tensor t = Cpu.tensor(new float[] {1f, -2f, 3f}, 3);
        PendingRead<float[]> pending = cpu.readLater(t);
        cpu.scale(t, 2f, t);
        assertArrayEquals(new float[] {1f, -2f, 3f}, pending.get());
        assertSame(pending.get(), pending.get());
        assertArrayEquals(new float[] {2f, -4f, 6f}, cpu.readLater(t).get());
    }

    @Test
    void readsAreRefusedInsideCapturedWorkAndOnClosedBlocks() {
        Tensor t = Cpu.zeros(2);
        DeviceScalars scalars = cpu.scalars(2);
        for (Runnable call : new Runnable[] {scalars::read, scalars::readLater, () -> cpu.readLater(t)}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cpu.capture(call));
            assertTrue(e.getMessage().startsWith("readLater inside captured work"), e.getMessage());
        }
        assertArrayEquals(new double[2], scalars.read(), "outside captured work again");
        scalars.close();
        assertThrows(IllegalStateException.class, scalars::read);
        assertThrows(IllegalStateException.class, scalars::readLater);
    }

    @Test
    void publishAndNewScalarsAreRefusedInsideCapturedWork() {
        try (DeviceScalars scalars = cpu.scalars(1)) {
            for (Runnable call : new Runnable[] {scalars::publish, () -> cpu.scalars(1)}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cpu.capture(call));
                assertTrue(e.getMessage().contains("inside captured work"), e.getMessage());
            }
            scalars.publish(); // outside captured work again
        }
    }

    @Test
    void aClosedBlockIsRefusedByOpsSetPublishAndReplays() {
        Tensor x = Cpu.zeros(2);
        Tensor y = Cpu.zeros(2);
        Tensor z = Cpu.zeros(2);
        DeviceScalars scalars = cpu.scalars(3);
        DeviceScalar alpha = scalars.at(0);
        // The fill comes first, so a replay that started would change z before failing on the closed block.
        CapturedWork work = cpu.capture(() -> {
            cpu.fill(z, 7f);
            cpu.axpy(alpha, x, y);
        });
        assertFalse(scalars.isClosed());
        scalars.close();
        assertTrue(scalars.isClosed());
        scalars.close();
        assertThrows(IllegalStateException.class, () -> cpu.axpy(alpha, x, y));
        assertThrows(IllegalStateException.class, () -> cpu.adamStep(x, x, x, y, alpha, alpha, alpha, 0.9f, 0.99f,
                1e-8f, 0f));
        assertThrows(IllegalStateException.class, () -> scalars.set(0, 1.0));
        assertThrows(IllegalStateException.class, scalars::publish);
        IllegalStateException e = assertThrows(IllegalStateException.class, work::replay);
        assertTrue(e.getMessage().contains("device scalars closed since capture"), e.getMessage());
        assertArrayEquals(new float[] {0f, 0f}, Cpu.values(z), "a refused replay runs nothing");
        work.close();
    }

    @Test
    void indicesOutsideTheBlockAndEmptyBlocksAreRejected() {
        try (DeviceScalars scalars = cpu.scalars(3)) {
            assertThrows(IndexOutOfBoundsException.class, () -> scalars.at(3));
            assertThrows(IndexOutOfBoundsException.class, () -> scalars.at(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> scalars.set(3, 1.0));
            assertThrows(IndexOutOfBoundsException.class, () -> new DeviceScalar(scalars, 7));
        }
        assertThrows(IllegalArgumentException.class, () -> cpu.scalars(0));
        assertThrows(IllegalArgumentException.class, () -> cpu.scalars(-2));
    }

    @Test
    void scalarsOfAnotherBackendAreRejected() {
        Tensor t = Cpu.zeros(4);
        Tensor dev = Cpu.zeros(1, 4);
        Tensor dDev = Cpu.zeros(1, 4);
        try (CpuBackend other = new CpuBackend(); DeviceScalars foreign = other.scalars(1)) {
            DeviceScalar s = foreign.at(0);
            Consumer<Runnable> rejected = call -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
                assertTrue(e.getMessage().contains("another backend"), e.getMessage());
            };
            rejected.accept(() -> cpu.axpy(s, t, t));
            rejected.accept(() -> cpu.axpySign(s, t, t));
            rejected.accept(() -> cpu.sgdStep(t, t, t, s, 0.9f, 0f));
            try (DeviceScalars own = cpu.scalars(1)) {
                DeviceScalar mine = own.at(0);
                rejected.accept(() -> cpu.adamStep(t, t, t, t, s, mine, mine, 0.9f, 0.99f, 1e-8f, 0f));
                rejected.accept(() -> cpu.adamStep(t, t, t, t, mine, s, mine, 0.9f, 0.99f, 1e-8f, 0f));
                rejected.accept(() -> cpu.adamStep(t, t, t, t, mine, mine, s, 0.9f, 0.99f, 1e-8f, 0f));
            }
            rejected.accept(() -> cpu.relativeDeviationWeights(dev, t, new int[] {0}, s, 4.0, 1e-12, dDev, t));
        }
    }

    @Test
    void hostValuesAndShapesAreStillChecked() {
        try (DeviceScalars s = cpu.scalars(1)) {
            DeviceScalar lr = s.at(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.adamStep(Cpu.zeros(5), Cpu.zeros(5), Cpu.zeros(5), Cpu.zeros(6), lr, lr, lr, 0.9f,
                            0.999f, 1e-8f, 0f));
            assertTrue(e.getMessage().contains("adamStep") && e.getMessage().contains("[6]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> cpu.adamStep(Cpu.zeros(5), Cpu.zeros(5), Cpu.zeros(5),
                    Cpu.zeros(5), lr, lr, lr, 1f, 0.999f, 1e-8f, 0f));
            assertThrows(IllegalArgumentException.class,
                    () -> cpu.sgdStep(Cpu.zeros(3), Cpu.zeros(3), Cpu.zeros(3), lr, Float.NaN, 0f));
            assertThrows(IllegalArgumentException.class, () -> cpu.axpy(lr, Cpu.zeros(3), Cpu.zeros(4)));
            assertThrows(IllegalArgumentException.class, () -> cpu.relativeDeviationWeights(Cpu.zeros(2, 3),
                    Cpu.zeros(3), new int[] {1, 0}, lr, 6.0, 1e-12, Cpu.zeros(2, 3), Cpu.zeros(3)));
        }
    }

    /** As its tensors and a CUDA backend's scalars do: once the backend closes they report closed and refuse use. */
    @Test
    void scalarsOfAClosedBackendAreClosedAndRefuseUse() {
        CpuBackend cpu = new CpuBackend();
        DeviceScalars scalars = cpu.scalars(2);
        setAndPublish(scalars, 1.5, -2.0);
        cpu.close();
        assertTrue(scalars.isClosed(), "the scalars of a closed backend report open");
        IllegalStateException publish = assertThrows(IllegalStateException.class, scalars::publish);
        assertEquals("device scalars used after the backend holding them closed: " + cpu, publish.getMessage());
        for (Runnable call : new Runnable[] {() -> scalars.set(0, 3.0), scalars::readLater, scalars::read}) {
            assertEquals(publish.getMessage(), assertThrows(IllegalStateException.class, call::run).getMessage());
        }
        scalars.close(); // harmless afterwards
        assertTrue(scalars.isClosed());
    }
}
