package dev.jace.backend.cuda;

import dev.jace.backend.DeviceScalars;
import dev.jace.backend.PendingRead;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CudaBackend#readLater} and {@link DeviceScalars#readLater} through the {@link PinnedReads} ring: each read
 * holds the values as of its call, with more reads pending than slots and taken in any order; reads of values ops
 * wrote; the synchronous fallback for large tensors; refusals while capturing; reads still pending at close.
 */
@Tag("gpu")
class CudaReadLaterTest {

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    /** Enqueues some milliseconds of matmuls, so that the reads enqueued next are still pending when taken. */
    private static void keepBusy(CudaBackend cuda, Tensor a, Tensor product) {
        for (int i = 0; i < 32; i++) {
            cuda.matmul(a, false, a, false, product);
        }
    }

    @Test
    void moreReadsThanSlotsTakenInAnyOrderEachHoldTheirValues() {
        int reads = 2 * PinnedReads.SLOTS + 7;
        int side = GpuAssumptions.busyMatmulSide();
        int n = 1000;
        try (CudaBackend cuda = new CudaBackend(); DeviceScalars scalars = cuda.scalars(3);
             Tensor a = cuda.upload(Numerics.randomFloats(new Random(60), side * side), Shape.of(side, side));
             Tensor product = cuda.allocate(Shape.of(side, side));
             Tensor t = cuda.allocate(Shape.of(n)); Tensor one = cuda.allocate(Shape.of(1))) {
            keepBusy(cuda, a, product);
            List<PendingRead<float[]>> tensorReads = new ArrayList<>();
            List<PendingRead<double[]>> scalarReads = new ArrayList<>();
            for (int r = 0; r < reads; r++) {
                cuda.fill(t, r);
                tensorReads.add(cuda.readLater(t));
                cuda.fill(one, r);
                cuda.sumToScalar(List.of(one), false, 0.5, scalars.at(r % 3));
                scalarReads.add(scalars.readLater());
            }
            List<Integer> order = new ArrayList<>();
            for (int r = 0; r < reads; r++) {
                order.add(r);
            }
            Collections.shuffle(order, new Random(61));
            for (int r : order) {
                float[] expected = new float[n];
                Arrays.fill(expected, r);
                assertArrayEquals(expected, tensorReads.get(r).get(), "tensor read " + r);
                assertSame(tensorReads.get(r).get(), tensorReads.get(r).get());
                double[] values = scalarReads.get(r).get();
                // the value written at read r, and those written at the two reads before it (or still 0)
                for (int back = 0; back < 3; back++) {
                    int written = r - back;
                    assertTrue(values[Math.floorMod(written, 3)] == (written < 0 ? 0.0 : 0.5 * written),
                            "scalar read " + r + ": " + Arrays.toString(values));
                }
            }
        }
    }

    @Test
    void readsAreOrderedOnTheStreamWithPublishesAndOps() {
        try (CudaBackend cuda = new CudaBackend(); DeviceScalars scalars = cuda.scalars(2);
             Tensor x = cuda.upload(new float[] {-3f}, Shape.of(1))) {
            scalars.set(0, 1.0);
            scalars.set(1, 2.0);
            scalars.publish();
            PendingRead<double[]> published = scalars.readLater();
            cuda.sumToScalar(List.of(x), true, 2.0, scalars.at(1));
            scalars.set(0, 7.0); // staged only: reads give the device values
            PendingRead<double[]> written = scalars.readLater();
            assertArrayEquals(new double[] {1.0, 6.0}, scalars.read());
            assertArrayEquals(new double[] {1.0, 2.0}, published.get());
            assertArrayEquals(new double[] {1.0, 6.0}, written.get());
            scalars.publish();
            assertArrayEquals(new double[] {7.0, 2.0}, scalars.read(), "publish overwrites what the op wrote");
        }
    }

    @Test
    void aTensorLargerThanASlotIsReadAtOnce() {
        int n = (int) (PinnedReads.MAX_SLOT_BYTES / Float.BYTES) + 5;
        float[] values = Numerics.randomFloats(new Random(62), n);
        try (CudaBackend cuda = new CudaBackend(); Tensor t = cuda.upload(values, Shape.of(n))) {
            PendingRead<float[]> read = cuda.readLater(t);
            cuda.fill(t, 0f);
            assertArrayEquals(values, read.get());
            assertArrayEquals(new float[n], cuda.readLater(t).get());
        }
    }

    @Test
    void readsAreRefusedWhileCapturing() {
        try (CudaBackend cuda = new CudaBackend(); DeviceScalars scalars = cuda.scalars(2);
             Tensor t = cuda.allocate(Shape.of(4))) {
            for (Runnable call : new Runnable[] {scalars::read, scalars::readLater, () -> cuda.readLater(t)}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cuda.capture(call));
                assertTrue(e.getMessage().startsWith("readLater inside captured work"), e.getMessage());
            }
            assertArrayEquals(new double[2], scalars.read());
            assertArrayEquals(new float[4], cuda.readLater(t).get());
        }
    }

    @Test
    void readsPendingWhenTheBackendClosesKeepTheirValues() {
        PendingRead<float[]> tensorRead;
        PendingRead<double[]> scalarRead;
        try (CudaBackend cuda = new CudaBackend(); DeviceScalars scalars = cuda.scalars(1);
             Tensor t = cuda.upload(new float[] {4f, 5f}, Shape.of(2))) {
            scalars.set(0, 0.25);
            scalars.publish();
            tensorRead = cuda.readLater(t);
            scalarRead = scalars.readLater();
        }
        assertArrayEquals(new float[] {4f, 5f}, tensorRead.get());
        assertArrayEquals(new double[] {0.25}, scalarRead.get());
    }
}
