package dev.jace.backend.cuda;

import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.Padding;
import dev.jace.backend.PendingRead;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * CUDA runtime calls failing part way, each call in turn, on request of the emulator (jace_emu_fail_calls): in the
 * constructor, in a backend's work and in its close. Each failure is thrown as a {@link CudaException} naming the call;
 * a failed construction keeps nothing; a backend whose op failed works on, with the same results; a failed close still
 * gives back everything but what the failing call itself could not free.
 */
@Tag("gpu")
@Tag("cuda-libraries")
class CudaFailuresOnEmulatorTest {

    /** cudaErrorInvalidValue: a failure that is not running out of memory, which some paths survive by design. */
    private static final int INVALID_VALUE = 1;

    /** More floats than a pinned upload slot takes, so that their upload and download go through the staging buffer. */
    private static final float[] STAGED = new float[(int) (PinnedUploads.MAX_SLOT_BYTES / Float.BYTES) + 1];

    /** What a failing free or destroy leaves behind: the one thing it could not free. */
    private static final Map<String, Kind> LEFT_BY_FAILURE = Map.of("cudaFree", Kind.DEVICE_BYTES, "cudaFreeHost",
            Kind.PINNED_HOST_BYTES, "cudaStreamDestroy", Kind.STREAMS, "cudaEventDestroy", Kind.EVENTS,
            "cudaGraphDestroy", Kind.GRAPHS, "cudaGraphExecDestroy", Kind.GRAPH_EXECS);

    private boolean emulated;

    @BeforeEach
    void requireEmulator() {
        emulated = GpuAssumptions.emulated();
        assumeTrue(emulated, "fails CUDA calls on request of jace's CPU emulator");
    }

    @AfterEach
    void stopFailing() throws Throwable {
        if (emulated) {
            EmulatorHooks.stopFailing();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cudaGetDeviceCount", "cudaSetDevice", "cudaGetDevice", "cudaGetDeviceProperties",
        "cudaDeviceGetAttribute", "cudaDeviceGetDefaultMemPool", "cudaMemPoolSetAttribute", "cudaStreamCreateWithFlags",
        "cudaEventCreate"})
    void aConstructorThatFailsPartWayThrowsTheFailureAndKeepsNothing(String function) throws Throwable {
        Resources before = Resources.now();
        int failures = 0;
        for (int passing = 0; ; passing++) {
            EmulatorHooks.failCalls(function, passing, 1, INVALID_VALUE);
            CudaBackend b = null;
            RuntimeException thrown = null;
            try {
                b = new CudaBackend();
            } catch (RuntimeException e) {
                thrown = e;
            }
            boolean failed = EmulatorHooks.stopFailing() == 1;
            if (b != null) {
                b.close();
            }
            String what = "the constructor with call " + (passing + 1) + " of " + function + " failing";
            if (!failed) {
                assertNull(thrown, what);
                break;
            }
            assertNamesTheFailure(function, thrown, what);
            assertEquals(before, Resources.now(), what + " kept");
            failures++;
        }
        assertTrue(failures > 0, "the constructor makes no call of " + function);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cudaGetDeviceCount", "cudaSetDevice", "cudaGetDevice", "cudaMalloc", "cudaMallocHost",
        "cudaFreeHost", "cudaMemcpyAsync", "cudaMemsetAsync", "cudaStreamSynchronize", "cudaEventCreate",
        "cudaEventRecord", "cudaEventSynchronize", "cudaStreamBeginCapture", "cudaStreamEndCapture",
        "cudaGraphInstantiate", "cudaGraphLaunch", "cudaGraphDestroy", "cudaGraphExecDestroy", "cudaLaunchKernel"})
    void anOpThatFailsThrowsTheFailureAndTheBackendWorksOn(String function) throws Throwable {
        Resources before = Resources.now();
        List<float[]> expected;
        try (CudaBackend b = new CudaBackend()) {
            expected = work(b);
        }
        int failures = 0;
        for (int passing = 0; ; passing++) {
            CudaBackend b = new CudaBackend();
            EmulatorHooks.failCalls(function, passing, 1, INVALID_VALUE);
            RuntimeException thrown = null;
            try {
                work(b);
            } catch (RuntimeException e) {
                thrown = e;
            }
            boolean failed = EmulatorHooks.stopFailing() == 1;
            String what = "work with call " + (passing + 1) + " of " + function + " failing";
            if (failed) {
                assertNamesTheFailure(function, thrown, what);
                List<float[]> again = work(b);
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i), again.get(i), "result " + i + " of the work after " + what);
                }
            }
            assertDoesNotThrow(b::close, "closing after " + what);
            if (!failed) {
                assertNull(thrown, what);
                break;
            }
            assertKeptOnly(LEFT_BY_FAILURE.get(function), before, Resources.now(), what);
            failures++;
        }
        assertTrue(failures > 0, "the work makes no call of " + function);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cudaGetDeviceCount", "cudaSetDevice", "cudaStreamSynchronize", "cudaEventSynchronize",
        "cudaEventDestroy", "cudaFreeHost", "cudaFree", "cudaStreamDestroy"})
    void aCloseThatFailsThrowsTheFailureAfterGivingBackTheRest(String function) throws Throwable {
        Resources before = Resources.now();
        int failures = 0;
        for (int passing = 0; ; passing++) {
            CudaBackend b = new CudaBackend();
            work(b);
            EmulatorHooks.failCalls(function, passing, 1, INVALID_VALUE);
            RuntimeException thrown = null;
            try {
                b.close();
            } catch (RuntimeException e) {
                thrown = e;
            }
            boolean failed = EmulatorHooks.stopFailing() == 1;
            String what = "close with call " + (passing + 1) + " of " + function + " failing";
            if (!failed) {
                assertNull(thrown, what);
                break;
            }
            assertNamesTheFailure(function, thrown, what);
            assertDoesNotThrow(b::close, "closing again after " + what);
            assertKeptOnly(LEFT_BY_FAILURE.get(function), before, Resources.now(), what);
            failures++;
        }
        assertTrue(failures > 0, "close makes no call of " + function);
    }

    /**
     * Work through each path of the backend that makes runtime calls: uploads through a pinned slot and through the
     * staging buffer, a convolution and a matmul (on cuDNN and cuBLAS where they are loaded), device scalars, a
     * captured graph replayed twice, a pending read and a download. Returns what it read back.
     */
    private static List<float[]> work(CudaBackend b) {
        try (Tensor x = b.upload(new float[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2));
             Tensor w = b.upload(new float[] {1, 1, 1, 1}, Shape.of(1, 1, 2, 2));
             Tensor y = b.allocate(Shape.of(1, 1, 1, 1));
             Tensor product = b.allocate(Shape.of(2, 2));
             Tensor staged = b.upload(STAGED, Shape.of(STAGED.length));
             DeviceScalars alpha = b.scalars(1)) {
            b.conv2d(x, w, Padding.VALID, y);
            b.matmul(x.reshape(Shape.of(2, 2)), false, w.reshape(Shape.of(2, 2)), true, product);
            alpha.set(0, 0.5);
            alpha.publish();
            try (CapturedWork twice = b.capture(() -> b.axpy(alpha.at(0), y, y))) {
                twice.replay();
                twice.replay();
            }
            PendingRead<float[]> pending = b.readLater(y);
            float[] downloaded = b.download(staged);
            return List.of(pending.get(), b.download(product),
                    new float[] {downloaded.length, downloaded[downloaded.length - 1]});
        }
    }

    private static void assertNamesTheFailure(String function, RuntimeException thrown, String what) {
        assertNotNull(thrown, what + ": nothing was thrown");
        assertInstanceOf(CudaException.class, thrown, what);
        String call = function.equals("cudaLaunchKernel") ? "launch" : function;
        assertTrue(thrown.getMessage().contains(call), what + ": " + thrown.getMessage());
    }

    /** Everything counted is as before, but {@code kind} (when not null), which may have grown. */
    private static void assertKeptOnly(Kind kind, Resources before, Resources after, String what) {
        for (Kind k : Kind.values()) {
            if (k == kind) {
                assertTrue(after.of(k) >= before.of(k), what + ": " + k + " " + before + " -> " + after);
            } else {
                assertEquals(before.of(k), after.of(k), what + " kept " + k + ": " + before + " -> " + after);
            }
        }
    }

    private enum Kind { DEVICE_BYTES, PINNED_HOST_BYTES, STREAMS, EVENTS, GRAPHS, GRAPH_EXECS }

    /** What the emulator counts as taken: device bytes in use, and {@link EmulatorHooks#liveResources()}. */
    private record Resources(long deviceBytesInUse, EmulatorHooks.LiveResources live) {

        static Resources now() throws Throwable {
            return new Resources(-EmulatorHooks.freeDeviceBytes(), EmulatorHooks.liveResources());
        }

        long of(Kind kind) {
            return switch (kind) {
                case DEVICE_BYTES -> deviceBytesInUse;
                case PINNED_HOST_BYTES -> live.pinnedHostBytes();
                case STREAMS -> live.streams();
                case EVENTS -> live.events();
                case GRAPHS -> live.graphs();
                case GRAPH_EXECS -> live.graphExecs();
            };
        }
    }
}
