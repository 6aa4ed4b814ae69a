package dev.jace.backend.cuda;

import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.JaceException;
import dev.jace.backend.Padding;
import dev.jace.backend.Precision;
import dev.jace.backend.PendingRead;
import dev.jace.backend.cuda.EmulatorHooks.EmulatedLibrary;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.cublas.cublas_api_h;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
@ExtendWith(EmulatedFailures.class)
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

    @ParameterizedTest
    @ValueSource(strings = {"cudaGetDeviceCount", "cudaSetDevice", "cudaGetDevice", "cudaGetDeviceProperties",
        "cudaDeviceGetAttribute", "cudaDeviceGetDefaultMemPool", "cudaMemPoolSetAttribute", "cudaStreamCreateWithFlags",
        "cudaEventCreate"})
    void aConstructorThatFailsPartWayThrowsTheFailureAndKeepsNothing(String function) throws Throwable {
        Resources before = Resources.now();
        int failures = 0;
        for (int passing = 0; ; passing++) {
            AtomicReference<CudaBackend> opened = new AtomicReference<>();
            Attempt attempt = Library.RUNTIME.attempt(function, passing, () -> opened.set(new CudaBackend()));
            if (opened.get() != null) {
                opened.get().close();
            }
            String what = "the constructor with call " + (passing + 1) + " of " + function + " failing";
            if (!attempt.failed()) {
                assertNull(attempt.thrown(), what);
                break;
            }
            assertNamesTheFailure(Library.RUNTIME, function, attempt.thrown(), what);
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
        openingWithACallFailing(library, function, CudaOptions.defaults(),
                "unusable: " + function + " failed with status " + library.error);
    }

    /**
     * At BF16 the backend asks cuDNN, as it opens, each direction's workspace for a bfloat16 convolution: any of the
     * three failing leaves the convolutions on libjace's kernels, saying so.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cudnnGetConvolutionForwardWorkspaceSize", "cudnnGetConvolutionBackwardDataWorkspaceSize",
        "cudnnGetConvolutionBackwardFilterWorkspaceSize"})
    void aBf16WorkspaceQueryFailingWhileTheBackendOpensLeavesItsConvolutionsOnLibjacesKernels(String function)
            throws Throwable {
        requireLibraries("cudnn:" + function);
        openingWithACallFailing(Library.CUDNN, function, CudaOptions.defaults().withPrecision(Precision.BF16),
                "cuDNN has no BF16 convolutions here: " + function + " failed with status " + Library.CUDNN.error);
    }

    /**
     * A backend of {@code options} opened with the first call of {@code function} failing: its name {@code says} so,
     * it holds the device memory of one opened without the library and works as one opened without failure.
     */
    private static void openingWithACallFailing(Library library, String function, CudaOptions options, String says)
            throws Throwable {
        Resources before = Resources.now();
        List<float[]> expected;
        try (CudaBackend b = new CudaBackend(options)) {
            expected = work(b);
        }
        long heldWithoutLibrary;
        try (CudaBackend b = new CudaBackend(library == Library.CUDNN ? options.withCudnn(false)
                : options.withCublas(false))) {
            heldWithoutLibrary = b.allocatorStats().liveBytes();
        }
        library.fail(function, 0, 1);
        try (CudaBackend b = new CudaBackend(options)) {
            assertEquals(1, library.fail(null, 0, 0), function + " was not called");
            assertTrue(b.name().contains(says), b.name());
            assertEquals(heldWithoutLibrary, b.allocatorStats().liveBytes(), "device memory kept for the library");
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
        "cudnn:cudnnCreateConvolutionDescriptor", "cudnn:cudnnSetConvolution2dDescriptor",
        "cudnn:cudnnSetConvolutionMathType", "cudnn:cudnnGetConvolution2dForwardOutputDim",
        "cudnn:cudnnFindConvolutionForwardAlgorithm", "cudnn:cudnnFindConvolutionBackwardDataAlgorithm",
        "cudnn:cudnnFindConvolutionBackwardFilterAlgorithm", "cudnn:cudnnGetConvolutionForwardWorkspaceSize",
        "cudnn:cudnnGetConvolutionBackwardDataWorkspaceSize", "cudnn:cudnnGetConvolutionBackwardFilterWorkspaceSize",
        "cudnn:cudnnConvolutionForward",
        "cudnn:cudnnConvolutionBackwardData", "cudnn:cudnnConvolutionBackwardFilter", "cublas:cublasGemmEx"})
    void anOpWhoseLibraryCallFailsThrowsTheFailureAndTheBackendWorksOn(String call) throws Throwable {
        opFailingPartWay(requireLibraries(call), Library.function(call));
    }

    /** At BF16, cuDNN convolves bfloat16 copies of the operands (Bf16CudnnConv): its calls and the copies' launches. */
    @ParameterizedTest
    @ValueSource(strings = {"cudnn:cudnnConvolutionForward", "cudnn:cudnnConvolutionBackwardData",
        "cudnn:cudnnConvolutionBackwardFilter", "cudnn:cudnnFindConvolutionForwardAlgorithm", "cudaLaunchKernel"})
    void aBf16ConvolutionThatFailsThrowsTheFailureAndTheBackendWorksOn(String call) throws Throwable {
        opFailingPartWay(requireLibraries(call), Library.function(call),
                CudaOptions.defaults().withPrecision(Precision.BF16), CudaFailuresOnEmulatorTest::work);
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

    /**
     * The group convolutions' kernel launches failing, by each algorithm; and, where the algorithm is timed, the
     * timing events' elapsed time.
     */
    @ParameterizedTest
    @CsvSource({"DIRECT, cudaLaunchKernel", "EXPANDED, cudaLaunchKernel", "AUTO, cudaEventElapsedTime"})
    void aGroupConvolutionThatFailsThrowsTheFailureAndTheBackendWorksOn(GroupConvAlgorithm algorithm, String function)
            throws Throwable {
        opFailingPartWay(Library.RUNTIME, function, CudaOptions.defaults().withGroupConv(algorithm),
                CudaFailuresOnEmulatorTest::groupConvolutions);
    }

    /**
     * Device memory running out where the allocator caches freed blocks: it frees its cache to the device and tries
     * once more, so the allocation succeeds; with nothing cached, the out-of-memory is thrown as one.
     */
    @Test
    void anAllocationOutOfMemoryFreesTheCacheAndTriesOnceMore() throws Throwable {
        int outOfMemory = 2; // cudaErrorMemoryAllocation
        try (CudaBackend b = new CudaBackend()) {
            long freeAtOpen = EmulatorHooks.freeDeviceBytes();
            long liveAtOpen = b.allocatorStats().liveBytes();
            b.allocate(Shape.of(1000)).close();
            assertTrue(b.allocatorStats().cachedBytes() > 0, "nothing cached");
            EmulatedLibrary.RUNTIME.failCalls("cudaMalloc", 0, 1, outOfMemory);
            try (Tensor t = b.allocate(Shape.of(100_000))) {
                assertEquals(100_000, t.size());
                assertEquals(1, EmulatedLibrary.RUNTIME.stopFailing(), "no allocation failed");
                assertEquals(0, b.allocatorStats().cachedBytes(), "the cache was not emptied");
                assertEquals(b.allocatorStats().liveBytes() - liveAtOpen, freeAtOpen - EmulatorHooks.freeDeviceBytes(),
                        "device bytes taken since the backend opened: the new tensor's only, the cache freed");
            }
        }
        try (CudaBackend b = new CudaBackend()) {
            EmulatedLibrary.RUNTIME.failCalls("cudaMalloc", 0, 1, outOfMemory);
            CudaException e = assertThrows(CudaException.class, () -> b.allocate(Shape.of(100_000)));
            assertTrue(e.isOutOfMemory(), e.getMessage());
            assertEquals(1, EmulatedLibrary.RUNTIME.stopFailing());
        }
    }

    private static void opFailingPartWay(Library library, String function) throws Throwable {
        opFailingPartWay(library, function, CudaOptions.defaults(), CudaFailuresOnEmulatorTest::work);
    }

    /**
     * {@code work} on a backend of {@code options} with each call of {@code function} failing in turn: the failure is
     * thrown, and the same work then gives the results of a backend where nothing failed, leaving the allocator as
     * that one's (the failed work's blocks released).
     */
    private static void opFailingPartWay(Library library, String function, CudaOptions options,
                                         Function<CudaBackend, List<float[]>> work) throws Throwable {
        Resources before = Resources.now();
        List<float[]> expected;
        long heldAfterWork;
        try (CudaBackend b = new CudaBackend(options)) {
            expected = work.apply(b);
            heldAfterWork = b.allocatorStats().liveBytes();
        }
        int failures = 0;
        for (int passing = 0; ; passing++) {
            CudaBackend b = new CudaBackend(options);
            Attempt attempt = library.attempt(function, passing, () -> work.apply(b));
            String what = "work with call " + (passing + 1) + " of " + function + " failing";
            if (attempt.failed()) {
                assertNamesTheFailure(library, function, attempt.thrown(), what);
                assertSameResults(expected, work.apply(b), "the work after " + what);
                assertEquals(heldAfterWork, b.allocatorStats().liveBytes(), "device memory kept after " + what);
            }
            assertDoesNotThrow(b::close, "closing after " + what);
            if (!attempt.failed()) {
                assertNull(attempt.thrown(), what);
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
            Attempt attempt = library.attempt(function, passing, b::close);
            String what = "close with call " + (passing + 1) + " of " + function + " failing";
            if (!attempt.failed()) {
                assertNull(attempt.thrown(), what);
                break;
            }
            assertNamesTheFailure(library, function, attempt.thrown(), what);
            assertDoesNotThrow(b::close, "closing again after " + what);
            assertKeptOnly(LEFT_BY_FAILURE.get(function), before, Resources.now(), what);
            failures++;
        }
        assertTrue(failures > 0, "close makes no call of " + function);
    }

    /**
     * Work through each path of the backend that makes runtime calls: uploads through a pinned slot and through the
     * staging buffer, the three directions of a convolution and a matmul (on cuDNN and cuBLAS where they are loaded;
     * cuDNN's algorithms searched anew), a sum and two SGD steps (the learning rate on the device, then on the
     * host), device scalars, a captured graph replayed twice, a pending read and a download. Returns what it read
     * back: integers, which every algorithm sums exactly. It closes what it opened.
     */
    private static List<float[]> work(CudaBackend b) {
        CudnnConv.forgetSearches();
        List<float[]> results = new ArrayList<>();
        try (Tensors t = new Tensors(b); DeviceScalars alpha = b.scalars(1)) {
            Tensor x = t.of(Shape.of(1, 1, 2, 2), 1, 2, 3, 4);
            Tensor w = t.of(Shape.of(1, 1, 2, 2), 1, 1, 1, 1);
            Tensor y = t.empty(Shape.of(1, 1, 1, 1));
            b.conv2d(x, w, Padding.VALID, y);
            b.conv2dBackwardData(y, w, Padding.VALID, t.result(Shape.of(1, 1, 2, 2)));
            b.conv2dBackwardFilter(x, y, Padding.VALID, t.result(Shape.of(1, 1, 2, 2)));
            b.matmul(x.reshape(Shape.of(2, 2)), false, w.reshape(Shape.of(2, 2)), true, t.result(Shape.of(2, 2)));
            b.sum(x, t.result(Shape.of(1)));
            alpha.set(0, 0.5);
            alpha.publish();
            Tensor param = t.of(Shape.of(4), 8, 8, 8, 8);
            b.sgdStep(param, x.reshape(Shape.of(4)), t.of(Shape.of(4), 0, 0, 0, 0), alpha.at(0), 0.5f, 0f);
            b.sgdStep(param, x.reshape(Shape.of(4)), t.of(Shape.of(4), 0, 0, 0, 0), 0.5f, 0f, 0f);
            t.read(param);
            try (CapturedWork twice = b.capture(() -> b.axpy(alpha.at(0), y, y))) {
                twice.replay();
                twice.replay();
            }
            PendingRead<float[]> pending = b.readLater(y);
            float[] downloaded = b.download(t.of(Shape.of(STAGED.length), STAGED));
            results.add(pending.get());
            results.add(new float[] {downloaded.length, downloaded[downloaded.length - 1]});
            results.addAll(t.results());
        }
        return results;
    }

    /**
     * A C4 lifting and group convolution of 0/1 inputs, forward and back, by the backend's group-conv algorithm;
     * returns what they computed (integers, which every algorithm sums exactly).
     */
    private static List<float[]> groupConvolutions(CudaBackend b) {
        try (Tensors t = new Tensors(b)) {
            Tensor x = t.of(Shape.of(1, 1, 4, 4), pattern(16));
            Tensor liftW = t.of(Shape.of(2, 1, 3, 3), pattern(18));
            Tensor groupW = t.of(Shape.of(1, 2, 4, 3, 3), pattern(72));
            Tensor lifted = t.result(Shape.of(1, 2, 4, 4, 4));
            Tensor grouped = t.result(Shape.of(1, 1, 4, 4, 4));
            Tensor dLifted = t.result(Shape.of(1, 2, 4, 4, 4));
            b.liftingConv(x, liftW, TestGroups.C4, Padding.SAME, lifted);
            b.groupConv(lifted, groupW, TestGroups.C4, Padding.SAME, grouped);
            b.groupConvBackwardData(grouped, groupW, TestGroups.C4, Padding.SAME, dLifted);
            b.groupConvBackwardFilter(lifted, grouped, TestGroups.C4, Padding.SAME, t.result(Shape.of(1, 2, 4, 3, 3)));
            b.liftingConvBackwardData(dLifted, liftW, TestGroups.C4, Padding.SAME, t.result(Shape.of(1, 1, 4, 4)));
            b.liftingConvBackwardFilter(x, dLifted, TestGroups.C4, Padding.SAME, t.result(Shape.of(2, 1, 3, 3)));
            return t.results();
        }
    }

    /** 0s and 1s, two of three 1. */
    private static float[] pattern(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i % 3 == 0 ? 0 : 1;
        }
        return values;
    }

    /** The tensors of one {@link #work} call, closed together, and those whose values it returns. */
    private static final class Tensors implements AutoCloseable {

        private final CudaBackend b;
        private final List<Tensor> open = new ArrayList<>();
        private final List<Tensor> results = new ArrayList<>();

        Tensors(CudaBackend b) {
            this.b = b;
        }

        Tensor of(Shape shape, float... values) {
            return keep(b.upload(values, shape));
        }

        Tensor empty(Shape shape) {
            return keep(b.allocate(shape));
        }

        /** An output whose values the work returns. */
        Tensor result(Shape shape) {
            return read(empty(shape));
        }

        Tensor read(Tensor tensor) {
            results.add(tensor);
            return tensor;
        }

        List<float[]> results() {
            return results.stream().map(b::download).toList();
        }

        private Tensor keep(Tensor tensor) {
            open.add(tensor);
            return tensor;
        }

        @Override
        public void close() {
            open.forEach(Tensor::close);
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

    /** The emulated libraries whose calls fail on request, the error they fail with here, and how jace throws it. */
    private enum Library {
        /** cudaErrorInvalidValue: a failure that is not running out of memory, which some paths survive by design. */
        RUNTIME(EmulatedLibrary.RUNTIME, 1, CudaException.class),
        /** CUDNN_STATUS_BAD_PARAM (the bindings name only the statuses jace tells apart). */
        CUDNN(EmulatedLibrary.CUDNN, 2000, CudnnException.class),
        CUBLAS(EmulatedLibrary.CUBLAS, cublas_api_h.CUBLAS_STATUS_INVALID_VALUE(), CublasException.class);

        private final EmulatedLibrary emulated;
        private final int error;
        private final Class<? extends JaceException> thrownAs;

        Library(EmulatedLibrary emulated, int error, Class<? extends JaceException> thrownAs) {
            this.emulated = emulated;
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

        /** Fails calls of {@code function} (null: none); returns how many the previous request failed. */
        long fail(String function, int passing, int failing) throws Throwable {
            return emulated.failCalls(function, passing, failing, error);
        }

        /**
         * Runs {@code part} with call {@code passing + 1} of {@code function} failing: what it threw, and whether it
         * made that call.
         */
        Attempt attempt(String function, int passing, Runnable part) throws Throwable {
            fail(function, passing, 1);
            RuntimeException thrown = null;
            try {
                part.run();
            } catch (RuntimeException e) {
                thrown = e;
            }
            return new Attempt(thrown, fail(null, 0, 0) == 1);
        }
    }

    /** What a part run with a call failing threw (null: nothing), and whether it made that call, which then failed. */
    private record Attempt(RuntimeException thrown, boolean failed) {
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
            if (!Boolean.getBoolean(CudaLibrariesOnEmulatorTest.EXPECTED)) {
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
