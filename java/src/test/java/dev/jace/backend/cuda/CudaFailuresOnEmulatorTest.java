package dev.jace.backend.cuda;

import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.JaceException;
import dev.jace.backend.Padding;
import dev.jace.backend.PendingRead;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.cublas.cublas_api_h;
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
 * CUDA runtime, cuDNN and cuBLAS calls failing part way, each call in turn, on request of jace's CPU emulator and its
 * libraries (jace_emu_fail_calls, jace_emu_cudnn_fail_calls, jace_emu_cublas_fail_calls): in the constructor, in a
 * backend's work and in its close. Each failure is thrown as the exception of its library naming the call, but a
 * cuDNN or cuBLAS that fails while the backend opens, which leaves it on libjace's kernels; a failed construction
 * keeps nothing; a backend whose op failed works on, with the same results; a failed close still gives back
 * everything but what the failing call itself could not free.
 */
@Tag("gpu")
@Tag("cuda-libraries")
class CudaFailuresOnEmulatorTest {

    /** More floats than a pinned upload slot takes, so that their upload and download go through the staging buffer. */
    private static final float[] STAGED = new float[(int) (PinnedUploads.MAX_SLOT_BYTES / Float.BYTES) + 1];

    /** What a failing free or destroy leaves behind: the one thing it could not free. */
    private static final Map<String, Kind> LEFT_BY_FAILURE = Map.ofEntries(Map.entry("cudaFree", Kind.DEVICE_BYTES),
            Map.entry("cudaFreeHost", Kind.PINNED_HOST_BYTES), Map.entry("cudaStreamDestroy", Kind.STREAMS),
            Map.entry("cudaEventDestroy", Kind.EVENTS), Map.entry("cudaGraphDestroy", Kind.GRAPHS),
            Map.entry("cudaGraphExecDestroy", Kind.GRAPH_EXECS), Map.entry("cudnnDestroy", Kind.CUDNN_OBJECTS),
            Map.entry("cudnnDestroyTensorDescriptor", Kind.CUDNN_OBJECTS),
            Map.entry("cudnnDestroyFilterDescriptor", Kind.CUDNN_OBJECTS),
            Map.entry("cudnnDestroyConvolutionDescriptor", Kind.CUDNN_OBJECTS),
            Map.entry("cublasDestroy_v2", Kind.CUBLAS_HANDLES));

    private boolean emulated;

    @BeforeEach
    void requireEmulator() {
        emulated = GpuAssumptions.emulated();
        assumeTrue(emulated, "fails CUDA calls on request of jace's CPU emulator");
    }

    @AfterEach
    void stopFailing() throws Throwable {
        if (emulated) {
            for (Library library : Library.values()) {
                if (library.loaded()) {
                    library.fail(null, 0, 0);
                }
            }
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
            Library.RUNTIME.fail(function, passing, 1);
            CudaBackend b = null;
            RuntimeException thrown = null;
            try {
                b = new CudaBackend();
            } catch (RuntimeException e) {
                thrown = e;
            }
            boolean failed = Library.RUNTIME.fail(null, 0, 0) == 1;
            if (b != null) {
                b.close();
            }
            String what = "the constructor with call " + (passing + 1) + " of " + function + " failing";
            if (!failed) {
                assertNull(thrown, what);
                break;
            }
            assertNamesTheFailure(Library.RUNTIME, function, thrown, what);
            assertEquals(before, Resources.now(), what + " kept");
            failures++;
        }
        assertTrue(failures > 0, "the constructor makes no call of " + function);
    }

    /**
     * A cuDNN or cuBLAS call failing while the backend opens leaves it on libjace's kernels, saying which call failed
     * in its name (as where the real library loads but cannot run here); it works, and keeps nothing once closed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cudnn:cudnnCreate", "cudnn:cudnnSetStream", "cublas:cublasCreate_v2",
        "cublas:cublasSetWorkspace_v2", "cublas:cublasSetStream_v2", "cublas:cublasSetMathMode",
        "cublas:cublasGetVersion_v2"})
    void aLibraryFailingWhileTheBackendOpensLeavesItOnLibjacesKernels(String call) throws Throwable {
        Library library = requireLibraries(call);
        String function = Library.function(call);
        Resources before = Resources.now();
        List<float[]> expected;
        try (CudaBackend b = new CudaBackend()) {
            expected = work(b);
        }
        library.fail(function, 0, 1);
        try (CudaBackend b = new CudaBackend()) {
            assertEquals(1, library.fail(null, 0, 0), function + " was not called");
            assertTrue(b.name().contains("unusable: " + function + " failed with status " + library.error),
                    b.name());
            assertSameResults(expected, work(b), "the work on libjace's kernels");
        }
        assertEquals(before, Resources.now(), "kept after " + function + " failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cudaGetDeviceCount", "cudaSetDevice", "cudaGetDevice", "cudaMalloc", "cudaMallocHost",
        "cudaFreeHost", "cudaMemcpyAsync", "cudaMemsetAsync", "cudaStreamSynchronize", "cudaEventCreate",
        "cudaEventRecord", "cudaEventSynchronize", "cudaStreamBeginCapture", "cudaStreamEndCapture",
        "cudaGraphInstantiate", "cudaGraphLaunch", "cudaGraphDestroy", "cudaGraphExecDestroy", "cudaLaunchKernel"})
    void anOpThatFailsThrowsTheFailureAndTheBackendWorksOn(String function) throws Throwable {
        opFailingPartWay(Library.RUNTIME, function);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cudnn:cudnnCreateTensorDescriptor", "cudnn:cudnnSetTensor4dDescriptor",
        "cudnn:cudnnCreateFilterDescriptor", "cudnn:cudnnSetFilter4dDescriptor",
        "cudnn:cudnnCreateConvolutionDescriptor", "cudnn:cudnnSetConvolution2dDescriptor", "cudnn:cudnnSetConvolutionMathType",
        "cudnn:cudnnGetConvolution2dForwardOutputDim", "cudnn:cudnnFindConvolutionForwardAlgorithm",
        "cudnn:cudnnFindConvolutionBackwardDataAlgorithm", "cudnn:cudnnFindConvolutionBackwardFilterAlgorithm",
        "cudnn:cudnnConvolutionForward", "cudnn:cudnnConvolutionBackwardData", "cudnn:cudnnConvolutionBackwardFilter",
        "cublas:cublasGemmEx"})
    void anOpWhoseLibraryCallFailsThrowsTheFailureAndTheBackendWorksOn(String call) throws Throwable {
        opFailingPartWay(requireLibraries(call), Library.function(call));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cudaGetDeviceCount", "cudaSetDevice", "cudaStreamSynchronize", "cudaEventSynchronize",
        "cudaEventDestroy", "cudaFreeHost", "cudaFree", "cudaStreamDestroy"})
    void aCloseThatFailsThrowsTheFailureAfterGivingBackTheRest(String function) throws Throwable {
        closeFailingPartWay(Library.RUNTIME, function);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cudnn:cudnnDestroy", "cudnn:cudnnDestroyTensorDescriptor",
        "cudnn:cudnnDestroyFilterDescriptor", "cudnn:cudnnDestroyConvolutionDescriptor", "cublas:cublasDestroy_v2"})
    void aCloseWhoseLibraryCallFailsThrowsTheFailureAfterGivingBackTheRest(String call) throws Throwable {
        closeFailingPartWay(requireLibraries(call), Library.function(call));
    }

    private static void opFailingPartWay(Library library, String function) throws Throwable {
        Resources before = Resources.now();
        List<float[]> expected;
        try (CudaBackend b = new CudaBackend()) {
            expected = work(b);
        }
        int failures = 0;
        for (int passing = 0; ; passing++) {
            CudaBackend b = new CudaBackend();
            library.fail(function, passing, 1);
            RuntimeException thrown = null;
            try {
                work(b);
            } catch (RuntimeException e) {
                thrown = e;
            }
            boolean failed = library.fail(null, 0, 0) == 1;
            String what = "work with call " + (passing + 1) + " of " + function + " failing";
            if (failed) {
                assertNamesTheFailure(library, function, thrown, what);
                assertSameResults(expected, work(b), "the work after " + what);
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

    private static void closeFailingPartWay(Library library, String function) throws Throwable {
        Resources before = Resources.now();
        int failures = 0;
        for (int passing = 0; ; passing++) {
            CudaBackend b = new CudaBackend();
            work(b);
            library.fail(function, passing, 1);
            RuntimeException thrown = null;
            try {
                b.close();
            } catch (RuntimeException e) {
                thrown = e;
            }
            boolean failed = library.fail(null, 0, 0) == 1;
            String what = "close with call " + (passing + 1) + " of " + function + " failing";
            if (!failed) {
                assertNull(thrown, what);
                break;
            }
            assertNamesTheFailure(library, function, thrown, what);
            assertDoesNotThrow(b::close, "closing again after " + what);
            assertKeptOnly(LEFT_BY_FAILURE.get(function), before, Resources.now(), what);
            failures++;
        }
        assertTrue(failures > 0, "close makes no call of " + function);
    }

    /**
     * Work through each path of the backend that makes runtime calls: uploads through a pinned slot and through the
     * staging buffer, the three directions of a convolution and a matmul (on cuDNN and cuBLAS where they are loaded;
     * cuDNN's algorithms searched anew), device scalars, a captured graph replayed twice, a pending read and a
     * download. Returns what it read back.
     */
    private static List<float[]> work(CudaBackend b) {
        CudnnConv.forgetSearches();
        try (Tensor x = b.upload(new float[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2));
             Tensor w = b.upload(new float[] {1, 1, 1, 1}, Shape.of(1, 1, 2, 2));
             Tensor y = b.allocate(Shape.of(1, 1, 1, 1));
             Tensor dx = b.allocate(Shape.of(1, 1, 2, 2));
             Tensor dw = b.allocate(Shape.of(1, 1, 2, 2));
             Tensor product = b.allocate(Shape.of(2, 2));
             Tensor staged = b.upload(STAGED, Shape.of(STAGED.length));
             DeviceScalars alpha = b.scalars(1)) {
            b.conv2d(x, w, Padding.VALID, y);
            b.conv2dBackwardData(y, w, Padding.VALID, dx);
            b.conv2dBackwardFilter(x, y, Padding.VALID, dw);
            b.matmul(x.reshape(Shape.of(2, 2)), false, w.reshape(Shape.of(2, 2)), true, product);
            alpha.set(0, 0.5);
            alpha.publish();
            try (CapturedWork twice = b.capture(() -> b.axpy(alpha.at(0), y, y))) {
                twice.replay();
                twice.replay();
            }
            PendingRead<float[]> pending = b.readLater(y);
            float[] downloaded = b.download(staged);
            return List.of(pending.get(), b.download(product), b.download(dx), b.download(dw),
                    new float[] {downloaded.length, downloaded[downloaded.length - 1]});
        }
    }

    private static Library requireLibraries(String call) {
        assumeTrue(Boolean.getBoolean(CudaLibrariesOnEmulatorTest.EXPECTED),
                "runs in the cuda-libraries-on-cpu-emulator execution only");
        return Library.of(call);
    }

    private static void assertSameResults(List<float[]> expected, List<float[]> actual, String what) {
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "result " + i + " of " + what);
        }
    }

    private static void assertNamesTheFailure(Library library, String function, RuntimeException thrown,
                                              String what) {
        assertNotNull(thrown, what + ": nothing was thrown");
        if (library == Library.RUNTIME && (thrown instanceof CudnnException || thrown instanceof CublasException)) {
            return; // it failed inside cuDNN or cuBLAS, which report it as a status of their own
        }
        assertInstanceOf(library.thrownAs, thrown, what);
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

    /** The emulated libraries whose calls fail on request, the error they fail with, and how jace throws it. */
    private enum Library {
        /** cudaErrorInvalidValue: a failure that is not running out of memory, which some paths survive by design. */
        RUNTIME("jace_emu_fail_calls", 1, CudaException.class),
        /** CUDNN_STATUS_BAD_PARAM (the bindings name only the statuses jace tells apart). */
        CUDNN("jace_emu_cudnn_fail_calls", 2000, CudnnException.class),
        CUBLAS("jace_emu_cublas_fail_calls", cublas_api_h.CUBLAS_STATUS_INVALID_VALUE(), CublasException.class);

        private final String hook;
        private final int error;
        private final Class<? extends JaceException> thrownAs;

        Library(String hook, int error, Class<? extends JaceException> thrownAs) {
            this.hook = hook;
            this.error = error;
            this.thrownAs = thrownAs;
        }

        /** The library of {@code call}: "cudnn:function", "cublas:function" or a runtime function. */
        static Library of(String call) {
            return call.startsWith("cudnn:") ? CUDNN : call.startsWith("cublas:") ? CUBLAS : RUNTIME;
        }

        static String function(String call) {
            return call.substring(call.indexOf(':') + 1);
        }

        boolean loaded() {
            return this == RUNTIME || Boolean.getBoolean(CudaLibrariesOnEmulatorTest.EXPECTED);
        }

        /** Fails calls of {@code function} (null: none); returns how many the previous request failed. */
        long fail(String function, int passing, int failing) throws Throwable {
            var library = switch (this) {
                case RUNTIME -> NativeLibraries.system().jace();
                case CUDNN -> NativeLibraries.system().cudnn();
                case CUBLAS -> NativeLibraries.system().cublas();
            };
            return EmulatorHooks.failCalls(library, hook, function, passing, failing, error);
        }
    }

    private enum Kind { DEVICE_BYTES, PINNED_HOST_BYTES, STREAMS, EVENTS, GRAPHS, GRAPH_EXECS, CUDNN_OBJECTS,
        CUBLAS_HANDLES }

    /**
     * What the emulator counts as taken: device bytes in use, {@link EmulatorHooks#liveResources()}, and where the
     * emulated libraries are loaded their handles and descriptors alive.
     */
    private record Resources(long deviceBytesInUse, EmulatorHooks.LiveResources live, long cudnnObjects,
                             long cublasHandles) {

        static Resources now() throws Throwable {
            if (!Library.CUDNN.loaded()) {
                return new Resources(-EmulatorHooks.freeDeviceBytes(), EmulatorHooks.liveResources(), 0, 0);
            }
            return new Resources(-EmulatorHooks.freeDeviceBytes(), EmulatorHooks.liveResources(),
                    EmulatorHooks.count(NativeLibraries.system().cudnn(), "jace_emu_cudnn_live_objects"),
                    EmulatorHooks.count(NativeLibraries.system().cublas(), "jace_emu_cublas_live_handles"));
        }

        long of(Kind kind) {
            return switch (kind) {
                case DEVICE_BYTES -> deviceBytesInUse;
                case PINNED_HOST_BYTES -> live.pinnedHostBytes();
                case STREAMS -> live.streams();
                case EVENTS -> live.events();
                case GRAPHS -> live.graphs();
                case GRAPH_EXECS -> live.graphExecs();
                case CUDNN_OBJECTS -> cudnnObjects;
                case CUBLAS_HANDLES -> cublasHandles;
            };
        }
    }
}
