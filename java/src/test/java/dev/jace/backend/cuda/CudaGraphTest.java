package dev.jace.backend.cuda;

import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.bindings.jace.jace_h;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.D4;
import dev.jace.group.Groups;
import dev.jace.nn.ParameterRegistry;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import dev.jace.train.ModelSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link CudaBackend#capture}: CUDA graphs of elementwise work and of a whole model forward + backward, failed
 * captures leaving the backend usable, and the refusal to replay a graph whose tensors were closed.
 */
@Tag("gpu")
@Tag("cuda-libraries")
class CudaGraphTest {

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    @Test
    void replaysRunTheCapturedKernelsOnly() {
        float[] x = {0.1f, -2f, 3.5f, 7f};
        float[] y = {1f, 1f, 1f, 1f};
        try (CudaBackend cuda = new CudaBackend(); CpuBackend cpu = new CpuBackend();
             Tensor gx = cuda.upload(x, Shape.of(4)); Tensor gy = cuda.upload(y, Shape.of(4));
             Tensor cx = cpu.upload(x, Shape.of(4)); Tensor cy = cpu.upload(y, Shape.of(4))) {
            try (CapturedWork work = cuda.capture(() -> {
                cuda.axpy(0.5f, gx, gy);
                cuda.scale(gy, 1.25f, gy);
            })) {
                assertArrayEquals(y, cuda.download(gy), "capturing ran the kernels");
                for (int replay = 0; replay < 3; replay++) {
                    work.replay();
                    cpu.axpy(0.5f, cx, cy);
                    cpu.scale(cy, 1.25f, cy);
                }
                assertArrayEquals(cpu.download(cy), cuda.download(gy));
            }
        }
    }

    @Test
    void aRefusedHostCallEndsTheCaptureAndLeavesTheStreamUsable() {
        try (CudaBackend cuda = new CudaBackend(); Tensor x = cuda.upload(new float[] {2f}, Shape.of(1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cuda.capture(() -> {
                cuda.scale(x, 3f, x);
                cuda.download(x);
            }));
            assertTrue(e.getMessage().startsWith("download inside captured work"), e.getMessage());
            cuda.scale(x, 3f, x);
            cuda.synchronize();
            assertArrayEquals(new float[] {6f}, cuda.download(x), "the discarded capture must not have run");
        }
    }

    /** The autotuner times with events, which a capture cannot hold: a new shape is refused, a known one captured. */
    @Test
    void aGroupConvolutionOfANewShapeIsRefusedInsideACaptureAndOfAKnownOneCaptured() {
        GroupTable d4 = Groups.byName("d4").table();
        try (CudaBackend cuda = new CudaBackend();
             Tensor x = cuda.upload(new float[2 * 5 * 5], Shape.of(1, 2, 5, 5));
             Tensor w = cuda.upload(new float[3 * 2 * 3 * 3], Shape.of(3, 2, 3, 3));
             Tensor y = cuda.allocate(Shape.of(1, 3, 8, 5, 5))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> cuda.capture(() -> cuda.liftingConv(x, w, d4, Padding.SAME, y)));
            assertTrue(e.getMessage().startsWith("liftingConv of a shape not seen before inside captured work"),
                    e.getMessage());
            cuda.liftingConv(x, w, d4, Padding.SAME, y);
            try (CapturedWork work = cuda.capture(() -> cuda.liftingConv(x, w, d4, Padding.SAME, y))) {
                work.replay();
            }
        }
    }

    /**
     * An expanded lifting convolution of C4 (filter bank [16, 3, 3, 3]) on x [2, 3, 6, 6]: its filter bank is scratch
     * on every engine, whatever cuDNN chooses, where a convolution's own workspace depends on cuDNN's algorithm (on an
     * H200, plain convolutions of this size ran one that needs none).
     */
    private static final int[] LIFTED_X = {2, 3, 6, 6};
    private static final int[] LIFTED_W = {4, 3, 3, 3};
    private static final long LIFTED_FILTER_BANK = DeviceAllocator.sizeClass(4L * 4 * 3 * 3 * 3 * Float.BYTES);

    private static CudaBackend expanded() {
        return new CudaBackend(CudaOptions.defaults().withGroupConv(GroupConvAlgorithm.EXPANDED));
    }

    /**
     * A layer's buffers are allocated lazily in its first step, after the warm-up left its scratch cached (an expanded
     * group convolution's filter bank, and cuDNN's workspace where its algorithm needs one): a tensor of a scratch
     * block's size class must not take it, or the capture would have to allocate one.
     */
    @Test
    void aTensorAllocatedBetweenTheWarmUpAndTheCaptureLeavesTheScratchForIt() {
        GroupTable c4 = Groups.byName("c4").table();
        Random random = new Random(3);
        try (CudaBackend cuda = expanded();
             Tensor x = cuda.upload(Numerics.randomFloats(random, Shape.of(LIFTED_X).size()), Shape.of(LIFTED_X));
             Tensor w = cuda.upload(Numerics.randomFloats(random, Shape.of(LIFTED_W).size()), Shape.of(LIFTED_W));
             Tensor y = cuda.allocate(Shape.of(2, 4, 4, 6, 6))) {
            cuda.liftingConv(x, w, c4, Padding.SAME, y);
            float[] eager = cuda.download(y);
            long workspace = cuda.allocatorStats().cachedBytes() - LIFTED_FILTER_BANK;
            assertTrue(workspace >= 0, "the warm-up cached " + cuda.allocatorStats() + ", not the filter bank's "
                    + LIFTED_FILTER_BANK + " bytes");
            if (Boolean.getBoolean(CudaLibrariesOnEmulatorTest.EXPECTED)) {
                // The emulated cuDNN's FP32 forward algorithm needs a workspace: CI checks that one too is left.
                assertTrue(workspace > 0, "no cuDNN workspace cached: " + cuda.convChoices());
            }
            List<Tensor> lazy = new ArrayList<>();
            try {
                for (long bytes : workspace > 0 ? new long[] {LIFTED_FILTER_BANK, workspace}
                        : new long[] {LIFTED_FILTER_BANK}) {
                    lazy.add(cuda.allocate(Shape.of((int) (bytes / Float.BYTES))));
                }
                cuda.fill(y, 0f);
                try (CapturedWork work = cuda.capture(() -> cuda.liftingConv(x, w, c4, Padding.SAME, y))) {
                    work.replay();
                }
                assertArrayEquals(eager, cuda.download(y));
            } finally {
                lazy.forEach(Tensor::close);
            }
        }
    }

    /** The scratch a graph writes (here the expanded filter bank) is its own while it lives and cached again after. */
    @Test
    void aGraphHoldsItsScratchUntilItClosesAndThenGivesItToTheCache() {
        GroupTable c4 = Groups.byName("c4").table();
        try (CudaBackend cuda = expanded(); Tensor x = cuda.allocate(Shape.of(LIFTED_X));
             Tensor w = cuda.allocate(Shape.of(LIFTED_W)); Tensor y = cuda.allocate(Shape.of(2, 4, 4, 6, 6))) {
            cuda.fill(x, 1f);
            cuda.fill(w, 1f);
            cuda.liftingConv(x, w, c4, Padding.SAME, y);
            AllocatorStats warm = cuda.allocatorStats();
            CapturedWork work = cuda.capture(() -> cuda.liftingConv(x, w, c4, Padding.SAME, y));
            AllocatorStats held = cuda.allocatorStats();
            assertTrue(held.liveBytes() >= warm.liveBytes() + LIFTED_FILTER_BANK
                    && held.cachedBytes() <= warm.cachedBytes() - LIFTED_FILTER_BANK, warm + " then " + held);
            work.close();
            AllocatorStats after = cuda.allocatorStats();
            assertEquals(List.of(warm.liveBytes(), warm.cachedBytes()), List.of(after.liveBytes(), after.cachedBytes()),
                    "live and cached bytes before the capture and after its graph closed");
        }
    }

    /**
     * Captured work cannot allocate device memory: scratch not cached before (here the expanded filter bank, the first
     * the convolution asks for) is named, not a CUDA error.
     */
    @Test
    void scratchMissingFromTheCacheInACaptureIsNamed() {
        GroupTable c4 = Groups.byName("c4").table();
        try (CudaBackend cuda = expanded();
             Tensor x = cuda.upload(new float[Shape.of(LIFTED_X).size()], Shape.of(LIFTED_X));
             Tensor w = cuda.upload(new float[Shape.of(LIFTED_W).size()], Shape.of(LIFTED_W));
             Tensor y = cuda.allocate(Shape.of(2, 4, 4, 6, 6))) {
            cuda.liftingConv(x, w, c4, Padding.SAME, y);
            cuda.trimCache();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> cuda.capture(() -> cuda.liftingConv(x, w, c4, Padding.SAME, y)));
            assertTrue(e.getMessage().startsWith("device allocator: a buffer of " + LIFTED_FILTER_BANK + " bytes was "
                    + "not allocated before capture"), e.getMessage());
            assertTrue(e.getMessage().contains("run the same work once before capture()"), e.getMessage());
            cuda.liftingConv(x, w, c4, Padding.SAME, y);
            try (CapturedWork work = cuda.capture(() -> cuda.liftingConv(x, w, c4, Padding.SAME, y))) {
                work.replay();
            }
        }
    }

    /** cuDNN's algorithm search runs and times every algorithm, which a capture cannot hold; a known one is fine. */
    @Test
    void aConvolutionOfANewGeometryIsRefusedInsideACaptureAndOfAKnownOneCaptured() {
        CudnnConv.forgetSearches();
        try (CudaBackend cuda = new CudaBackend();
             Tensor x = cuda.upload(new float[2 * 7 * 7], Shape.of(1, 2, 7, 7));
             Tensor w = cuda.upload(new float[3 * 2 * 3 * 3], Shape.of(3, 2, 3, 3));
             Tensor y = cuda.allocate(Shape.of(1, 3, 7, 7))) {
            assumeTrue(cuda.convolvesWithCudnn(), "no cuDNN here: " + cuda.name());
            Map<String, Runnable> directions = new LinkedHashMap<>();
            directions.put("forward", () -> cuda.conv2d(x, w, Padding.SAME, y));
            directions.put("backward data", () -> cuda.conv2dBackwardData(y, w, Padding.SAME, x));
            directions.put("backward filter", () -> cuda.conv2dBackwardFilter(x, y, Padding.SAME, w));
            directions.forEach((direction, op) -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cuda.capture(op));
                assertTrue(e.getMessage().startsWith("cuDNN " + direction + " n1 cin2 cout3 7x7 k3 of a geometry not "
                        + "seen before inside captured work"), e.getMessage());
                assertTrue(e.getMessage().contains("run the same work once before capture()"), e.getMessage());
                op.run();
                try (CapturedWork work = cuda.capture(op)) {
                    work.replay();
                }
            });
        }
    }

    /** The same for a group convolution run as a plain one; a batch of 2 before leaves the filter bank's scratch. */
    @Test
    void anExpandedGroupConvolutionOfANewGeometryIsRefusedInsideACapture() {
        CudnnConv.forgetSearches();
        GroupTable c4 = Groups.byName("c4").table();
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults().withGroupConv(GroupConvAlgorithm.EXPANDED));
             Tensor w = cuda.upload(new float[3 * 2 * 3 * 3], Shape.of(3, 2, 3, 3));
             Tensor x2 = cuda.upload(new float[2 * 2 * 5 * 5], Shape.of(2, 2, 5, 5));
             Tensor y2 = cuda.allocate(Shape.of(2, 3, 4, 5, 5));
             Tensor x = cuda.upload(new float[2 * 5 * 5], Shape.of(1, 2, 5, 5));
             Tensor y = cuda.allocate(Shape.of(1, 3, 4, 5, 5))) {
            assumeTrue(cuda.convolvesWithCudnn(), "no cuDNN here: " + cuda.name());
            cuda.liftingConv(x2, w, c4, Padding.SAME, y2);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> cuda.capture(() -> cuda.liftingConv(x, w, c4, Padding.SAME, y)));
            assertTrue(e.getMessage().startsWith("cuDNN forward n1 cin2 cout12 5x5 k3 of a geometry not seen before "
                    + "inside captured work"), e.getMessage());
        }
    }

    /**
     * Another thread's memset, upload or op would be enqueued on the captured stream and join the graph; so would a
     * capture of its own. Each op checks for itself, so several kinds are tried: element-wise, copy, optimizer step
     * with device scalars, reduction into a device scalar, the deviation's backward, a graph's replay and a capture.
     */
    @Test
    void anotherThreadsOpsAndHostCallsAreRefusedWhileACaptureRuns() {
        try (CudaBackend cuda = new CudaBackend(); Tensor y = cuda.upload(new float[] {1f}, Shape.of(1));
             Tensor z = cuda.upload(new float[] {1f}, Shape.of(1)); Tensor w = cuda.allocate(Shape.of(1));
             Tensor m = cuda.allocate(Shape.of(1)); Tensor v = cuda.allocate(Shape.of(1));
             Tensor fgx = cuda.allocate(Shape.of(1, 1, 2, 2)); Tensor fx = cuda.allocate(Shape.of(1, 1, 2, 2));
             Tensor dDeviation = cuda.allocate(Shape.of(1, 1)); Tensor dFgx = cuda.allocate(Shape.of(1, 1, 2, 2));
             Tensor dFx = cuda.allocate(Shape.of(1, 1, 2, 2)); DeviceScalars scalars = cuda.scalars(3);
             CapturedWork earlier = cuda.capture(() -> cuda.scale(z, 10f, z))) {
            scalars.publish();
            List<Runnable> calls = List.of(() -> cuda.allocate(Shape.of(4)).close(),
                    () -> cuda.upload(new float[] {3f}, Shape.of(1)).close(), () -> cuda.scale(z, 10f, z),
                    () -> cuda.copy(z, w),
                    () -> cuda.adamStep(z, w, m, v, scalars.at(0), scalars.at(1), scalars.at(2), 0.9f, 0.999f,
                            1e-8f, 0f),
                    () -> cuda.sumToScalar(List.of(z), true, 1.0, scalars.at(0)),
                    () -> cuda.equivarianceDeviationBackward(fgx, fx, TestGroups.C4, new int[] {1},
                            FeatureRep.IMAGE, dDeviation, null, dFgx, dFx),
                    earlier::replay, () -> cuda.capture(() -> { }).close());
            List<Throwable> refusals = new ArrayList<>();
            String capturer = Pattern.quote("\"" + Thread.currentThread().getName() + "\"");
            Thread other = new Thread(() -> {
                for (Runnable call : calls) {
                    try {
                        call.run();
                    } catch (RuntimeException e) {
                        refusals.add(e);
                    }
                }
            }, "other");
            cuda.allocate(Shape.of(4)).close(); // cached, so the allocator serves the other thread in the capture too
            try (CapturedWork work = cuda.capture(() -> {
                cuda.scale(y, 2f, y);
                other.start();
                join(other);
            })) {
                work.replay();
            }
            assertEquals(calls.size(), refusals.size(), refusals.toString());
            for (Throwable e : refusals) {
                assertTrue(e instanceof IllegalStateException, e.toString());
                assertTrue(e.getMessage().matches("(allocate|upload|an op) while thread " + capturer
                        + " captures this backend's stream: .*"), e.getMessage());
            }
            assertArrayEquals(new float[] {2f}, cuda.download(y), "the replay ran the capturing thread's scale only");
            assertArrayEquals(new float[] {1f}, cuda.download(z), "the other thread's ops joined no graph");
        }
    }

    /** The backend releases every native resource: a graph left open too, before the stream it was captured from. */
    @Test
    void graphsLeftOpenAreDestroyedWhenTheBackendCloses() {
        CudaBackend cuda = new CudaBackend();
        Tensor x = cuda.upload(new float[] {1f}, Shape.of(1));
        CudaGraph left = (CudaGraph) cuda.capture(() -> cuda.scale(x, 2f, x));
        CudaGraph closedFirst = (CudaGraph) cuda.capture(() -> cuda.scale(x, 3f, x));
        left.replay();
        closedFirst.close();
        assertArrayEquals(new float[] {2f}, cuda.download(x));
        assertFalse(left.isClosed());

        cuda.close();
        assertTrue(left.isClosed(), "the backend's close left a graph undestroyed");
        left.close(); // harmless afterwards, as closing the other one twice
        closedFirst.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, left::replay);
        assertEquals("replay of a CUDA graph after close()", e.getMessage());
        stillCreatesBackends();
    }

    /** Closing would invalidate the capture, free memory the graph writes and leave the thread capturing. */
    @Test
    void closingTheBackendInsideCapturedWorkIsRefusedAndChangesNothing() {
        try (CudaBackend cuda = new CudaBackend(); Tensor x = cuda.upload(new float[] {2f}, Shape.of(1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cuda.capture(() -> {
                cuda.scale(x, 3f, x);
                cuda.close();
            }));
            assertEquals(CapturedWork.refused("close").getMessage(), e.getMessage());
            assertEquals(List.of(), List.of(e.getSuppressed()), "the capture did not end cleanly");
            cuda.scale(x, 3f, x);
            stillWorksAndCloses(cuda, x);
        }
        stillCreatesBackends();
    }

    /** Another thread's close would destroy the stream under the capturer. */
    @Test
    void closingTheBackendFromAnotherThreadWhileACaptureRunsIsRefused() {
        try (CudaBackend cuda = new CudaBackend(); Tensor x = cuda.upload(new float[] {2f}, Shape.of(1))) {
            List<Throwable> refusals = new ArrayList<>();
            Thread other = new Thread(() -> {
                try {
                    cuda.close();
                } catch (RuntimeException e) {
                    refusals.add(e);
                }
            }, "other");
            try (CapturedWork work = cuda.capture(() -> {
                cuda.scale(x, 2f, x);
                other.start();
                join(other);
            })) {
                assertEquals(1, refusals.size(), "close was not refused");
                assertTrue(refusals.getFirst() instanceof IllegalStateException, refusals.toString());
                assertTrue(refusals.getFirst().getMessage().startsWith("close while thread \""
                        + Thread.currentThread().getName() + "\" captures this backend's stream: "),
                        refusals.getFirst().getMessage());
                work.replay();
                assertArrayEquals(new float[] {4f}, cuda.download(x), "the graph was not replayed");
            }
            cuda.scale(x, 1.5f, x);
            stillWorksAndCloses(cuda, x);
        }
        stillCreatesBackends();
    }

    /** {@code x} holds 6: capture and eager work still run, then the backend closes without an error. */
    private static void stillWorksAndCloses(CudaBackend cuda, Tensor x) {
        assertArrayEquals(new float[] {6f}, cuda.download(x), "the refused close, or its capture, ran");
        cuda.scale(x, 3f, x);
        try (CapturedWork work = cuda.capture(() -> cuda.scale(x, 2f, x))) {
            work.replay();
        }
        assertArrayEquals(new float[] {36f}, cuda.download(x));
        cuda.close();
        assertTrue(x.isClosed(), "closing the backend left its tensor open");
        assertThrows(IllegalStateException.class, () -> cuda.scale(x, 1f, x));
    }

    /** This thread is not left capturing: a new backend runs work here. */
    private static void stillCreatesBackends() {
        try (CudaBackend fresh = new CudaBackend(); Tensor y = fresh.upload(new float[] {5f}, Shape.of(1))) {
            fresh.scale(y, 2f, y);
            assertArrayEquals(new float[] {10f}, fresh.download(y));
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void trimmingTheCacheIsRefusedWhileCapturing() {
        try (CudaBackend cuda = new CudaBackend()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cuda.capture(cuda::trimCache));
            assertTrue(e.getMessage().startsWith("trimCache inside captured work"), e.getMessage());
        }
    }

    @Test
    void aCaptureBrokenByACudaErrorIsDiscardedAndLaterLaunchesDoNotReportItsError() {
        try (CudaBackend cuda = new CudaBackend(); Tensor x = cuda.upload(new float[] {2f}, Shape.of(1))) {
            CudaException e = assertThrows(CudaException.class, () -> cuda.capture(() -> {
                cuda.scale(x, 3f, x);
                // illegal while the stream captures: fails and invalidates the capture
                Jace.check("jace_device_synchronize", jace_h.jace_device_synchronize());
            }));
            assertTrue(e.getMessage().contains("jace_device_synchronize"), e.getMessage());
            cuda.scale(x, 3f, x); // its launch check reads the runtime's last error
            assertArrayEquals(new float[] {6f}, cuda.download(x), "the discarded capture must not have run");
        }
    }

    @Test
    void aReplayAfterAUsedTensorWasClosedIsRefusedAndLaunchesNothing() {
        try (CudaBackend cuda = new CudaBackend(); Tensor y = cuda.upload(new float[] {1f, 2f}, Shape.of(2))) {
            Tensor x = cuda.upload(new float[] {3f, 4f}, Shape.of(2));
            try (CapturedWork work = cuda.capture(() -> {
                cuda.scale(y, 2f, y);
                cuda.axpy(1f, x.reshape(1, 2), y.reshape(1, 2));
            })) {
                x.close();
                IllegalStateException e = assertThrows(IllegalStateException.class, work::replay);
                assertTrue(e.getMessage().startsWith("captured work uses a tensor closed since capture"),
                        e.getMessage());
                assertArrayEquals(new float[] {1f, 2f}, cuda.download(y), "the refused replay ran a kernel");
            }
        }
    }

    @Test
    void aReplayAfterItsDeviceScalarsWereClosedIsRefusedAndLaunchesNothing() {
        try (CudaBackend cuda = new CudaBackend();
             Tensor x = cuda.upload(new float[] {3f, 4f}, Shape.of(2));
             Tensor y = cuda.upload(new float[] {1f, 2f}, Shape.of(2))) {
            DeviceScalars alpha = cuda.scalars(1);
            alpha.set(0, 2.0);
            alpha.publish();
            try (CapturedWork work = cuda.capture(() -> {
                cuda.scale(y, 2f, y);
                cuda.axpy(alpha.at(0), x, y);
            })) {
                work.replay();
                assertArrayEquals(new float[] {8f, 12f}, cuda.download(y));
                alpha.close();
                IllegalStateException e = assertThrows(IllegalStateException.class, work::replay);
                assertTrue(e.getMessage().startsWith("captured work uses device scalars closed since capture"),
                        e.getMessage());
                assertArrayEquals(new float[] {8f, 12f}, cuda.download(y), "the refused replay ran a kernel");
            }
        }
    }

    /**
     * The same kernels in the same order: only reductions with atomics (cuDNN's non-deterministic algorithms, which
     * deterministic options leave out) could differ in rounding, so deterministic runs agree bit for bit. Otherwise
     * each gradient is held to the scale of all of them: one that is zero but for rounding (a bias before a batch
     * norm) is all rounding, which other summation orders change entirely.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCapturedModelPassGivesTheGradientsOfAnEagerOne(boolean deterministic) {
        ModelSpec spec = ModelSpec.forTraining(TaskKind.CLASSIFICATION, new D4(), Shape.of(1, 28, 28), Method.ACE, 10);
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults().withDeterministic(deterministic));
             Sequential model = spec.build(cuda, 3);
             Tensor x = cuda.upload(Numerics.randomFloats(new Random(1), 16 * 784), Shape.of(16, 1, 28, 28))) {
            Shape out = model.outputShape(x.shape());
            try (Tensor dOut = cuda.upload(Numerics.randomFloats(new Random(2), out.size()), out)) {
                Runnable pass = () -> {
                    model.zeroGrad();
                    model.forward(x, true);
                    model.backward(dOut);
                };
                pass.run(); // prepares buffers, workspaces and the autotuner's choices outside the capture
                float[][] eager = gradients(cuda, model);
                try (CapturedWork captured = cuda.capture(pass)) {
                    for (int replay = 0; replay < 3; replay++) {
                        captured.replay();
                    }
                }
                float[][] replayed = gradients(cuda, model);
                assertEquals(eager.length, replayed.length);
                double scale = 0;
                for (float[] g : eager) {
                    for (float v : g) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                }
                for (int p = 0; p < eager.length; p++) {
                    if (deterministic) {
                        assertArrayEquals(eager[p], replayed[p], "parameter " + p);
                    } else {
                        double[] scales = new double[eager[p].length];
                        Arrays.fill(scales, scale);
                        Numerics.assertCloseToScale("parameter " + p, Numerics.toDouble(eager[p]), replayed[p],
                                scales, 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void scratchReleasedDuringACaptureStaysWithTheGraphUntilItCloses() {
        try (CudaBackend cuda = new CudaBackend(); DeviceAllocator allocator = new DeviceAllocator()) {
            assertTrue(cuda.name().startsWith("cuda"), "libjace is loaded and the device is current");
            DeviceAllocator.Block warm = allocator.allocateScratch(4096);
            allocator.release(warm);
            DeviceAllocator.Block tensor = allocator.allocate(4096);
            assertTrue(tensor.address() != warm.address(), "a tensor took the scratch cached for the capture");
            allocator.release(tensor);
            allocator.beginCapture();
            DeviceAllocator.Block first = allocator.allocateScratch(4096);
            allocator.release(first);
            DeviceAllocator.Block second = allocator.allocateScratch(4096);
            assertEquals(first.address(), second.address(), "reused within the capture");
            allocator.release(second);
            List<DeviceAllocator.Block> held = allocator.endCapture();
            assertEquals(List.of(first.address()), held.stream().map(DeviceAllocator.Block::address)
                    .toList());
            DeviceAllocator.Block outside = allocator.allocateScratch(4096);
            assertTrue(outside.address() != first.address(), "a block the graph writes was handed out again");
            allocator.release(outside);
            held.forEach(allocator::release);
            assertThrows(IllegalStateException.class, () -> allocator.release(held.getFirst()));
        }
    }

    private static float[][] gradients(CudaBackend cuda, Sequential model) {
        ParameterRegistry parameters = model.parameters();
        float[][] grads = new float[parameters.size()][];
        int p = 0;
        for (ParameterRegistry.Entry e : parameters) {
            grads[p++] = cuda.download(e.parameter().grad());
        }
        return grads;
    }
}
