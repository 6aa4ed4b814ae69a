package dev.jace.backend.cuda;

import dev.jace.backend.JaceException;
import dev.jace.backend.Padding;
import dev.jace.backend.Precision;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.NativeLibraryException;
import dev.jace.bindings.cudnn.cudnn_h;
import dev.jace.bindings.jace.jace_h;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Allocator reuse, close semantics, and typed exceptions of failing native calls. */
@Tag("gpu")
@Tag("cuda-libraries")
class CudaBackendLifecycleTest {

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    @Test
    void nameDescribesDeviceAndEngines() {
        try (CudaBackend b = new CudaBackend()) {
            assertTrue(CudaBackend.isAvailable(), "a backend opened where CUDA is said to be unavailable");
            System.out.println("[jace] " + b.name());
            assertTrue(b.name().startsWith("cuda:0 ("), b.name());
            assertTrue(b.name().contains("matmul: ") && b.name().contains("conv: "), b.name());
        }
        try (CudaBackend b = new CudaBackend(CudaOptions.defaults().withCublas(false).withCudnn(false))) {
            assertTrue(b.name().contains("jace_gemm") && b.name().contains("jace conv kernels"), b.name());
            assertFalse(b.multipliesWithCublas(), b.name());
            assertFalse(b.convolvesWithCudnn(), b.name());
        }
    }

    @Test
    void closedTensorsAreReusedBySizeClass() {
        try (CudaBackend b = new CudaBackend()) {
            AllocatorStats start = b.allocatorStats();
            Tensor t = b.allocate(Shape.of(3, 5, 7));
            AllocatorStats afterFirst = b.allocatorStats();
            assertEquals(start.misses() + 1, afterFirst.misses());
            assertTrue(afterFirst.liveBytes() >= 3 * 5 * 7 * 4);
            t.close();
            t.close(); // twice is safe
            assertEquals(start.liveBytes(), b.allocatorStats().liveBytes());
            assertTrue(b.allocatorStats().cachedBytes() > 0);
            try (Tensor again = b.allocate(Shape.of(100))) { // 400 bytes: same 512-byte class as 420 bytes
                AllocatorStats reused = b.allocatorStats();
                assertEquals(afterFirst.misses(), reused.misses());
                assertEquals(start.hits() + 1, reused.hits());
                assertEquals(0, b.download(again)[99], "allocate zero-fills reused blocks");
            }
            b.trimCache();
            assertEquals(0, b.allocatorStats().cachedBytes());
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseThrows() {
        CudaBackend b = new CudaBackend();
        Tensor t = b.upload(new float[] {1, 2, 3}, Shape.of(3));
        b.close();
        assertDoesNotThrow(b::close);
        assertThrows(IllegalStateException.class, () -> b.allocate(Shape.of(1)));
        assertThrows(IllegalStateException.class, () -> b.download(t));
        assertThrows(IllegalStateException.class, b::synchronize);
        assertThrows(IllegalStateException.class, b::allocatorStats);
        assertDoesNotThrow(t::close, "closing a tensor of a closed backend releases nothing and does not fail");
        assertThrows(IllegalStateException.class, t::data);
    }

    /**
     * Closing returns every byte the backend took from the device: a tensor left open, the allocator's cached blocks
     * (a tensor's, and the scratch of an expanded filter bank), device scalars and a captured graph. Counted on the
     * emulator, whose free memory moves only with its cudaMalloc and cudaFree (a GPU's moves with the driver's own
     * allocations too).
     */
    @Test
    void closeReturnsEveryByteItTookFromTheDevice() {
        assumeTrue(GpuAssumptions.emulated(), "free device memory is exact only on the emulator");
        long before = EmulatorHooks.freeDeviceBytes();
        CudaBackend b = new CudaBackend(CudaOptions.defaults().withGroupConv(GroupConvAlgorithm.EXPANDED));
        Tensor kept = b.upload(new float[1000], Shape.of(1000));
        b.allocate(Shape.of(5000)).close();
        try (Tensor x = b.allocate(Shape.of(1, 1, 5, 5)); Tensor w = b.allocate(Shape.of(2, 1, 3, 3));
             Tensor y = b.allocate(Shape.of(1, 2, 4, 5, 5))) {
            b.liftingConv(x, w, TestGroups.C4, Padding.SAME, y);
        }
        b.scalars(3).publish();
        b.capture(() -> b.scale(kept, 2f, kept)).replay();
        assertTrue(EmulatorHooks.freeDeviceBytes() < before, "the backend took no device memory");
        b.close();
        assertEquals(before, EmulatorHooks.freeDeviceBytes(), "bytes the closed backend kept");
    }

    /**
     * Closing also gives back what the device-memory count does not see: the page-locked host buffers (upload and read
     * slots, the staging buffer), their events and the timer's, the stream, and a captured graph. Counted by the
     * emulator (jace_emu_live_resources).
     */
    @Test
    void closeReleasesEveryPinnedBufferEventStreamAndGraph() throws Throwable {
        assumeTrue(GpuAssumptions.emulated(), "the emulator counts these; CUDA has no query for them");
        EmulatorHooks.LiveResources before = EmulatorHooks.liveResources();
        CudaBackend b = new CudaBackend();
        Tensor kept = b.upload(new float[] {1, 2, 3}, Shape.of(3));
        assertArrayEquals(new float[] {1, 2, 3}, b.readLater(kept).get());
        assertArrayEquals(new float[] {1, 2, 3}, b.download(kept));
        b.scalars(2).publish();
        b.capture(() -> b.scale(kept, 2f, kept)).replay();
        EmulatorHooks.LiveResources open = EmulatorHooks.liveResources();
        assertTrue(open.pinnedHostBytes() > before.pinnedHostBytes() && open.streams() == before.streams() + 1
                && open.events() > before.events() && open.graphExecs() == before.graphExecs() + 1,
                "an open backend holds " + open + ", against " + before + " before it");
        b.close();
        assertEquals(before, EmulatorHooks.liveResources(), "what the closed backend kept");
    }

    /** Each backend has its own stream: another's tensor would be read or written out of its stream's order. */
    @Test
    void aTensorOfAnotherBackendIsRefusedNamingBothBackends() {
        try (CudaBackend a = new CudaBackend(); CudaBackend b = new CudaBackend();
             Tensor t = a.upload(new float[] {1, 2, 3, 4}, Shape.of(4))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.download(t));
            assertTrue(e.getMessage().startsWith("download: t " + t + " belongs to " + a + ", not to " + b + ":"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("download it and upload its values to this one"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.fill(t.reshape(2, 2), 5f));
            assertArrayEquals(new float[] {1, 2, 3, 4}, a.download(t), "the refused fill ran");
        }
    }

    /** The closed backend freed their memory: they are closed, and another backend refuses them. */
    @Test
    void tensorsOfAClosedBackendAreClosed() {
        CudaBackend a = new CudaBackend();
        try (CudaBackend b = new CudaBackend(); Tensor u = b.upload(new float[] {9, 9}, Shape.of(2))) {
            Tensor t = a.upload(new float[] {1, 2}, Shape.of(2));
            Tensor view = t.reshape(1, 2);
            a.close();
            assertTrue(t.isClosed());
            assertTrue(view.isClosed());
            IllegalStateException e = assertThrows(IllegalStateException.class, t::data);
            assertEquals("tensor [2] on cuda:0 was used after the backend or arena holding its memory closed: " + a,
                    e.getMessage());
            assertTrue(a.toString().endsWith("(closed)"), a.toString());
            // An op's aliasing check reads the tensors' memory first, as on the CPU, and finds them closed.
            assertEquals(e.getMessage(), assertThrows(IllegalStateException.class, () -> b.copy(u, t)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.fill(t, 0f));
            assertThrows(IllegalArgumentException.class, () -> b.download(view));
        }
    }

    @Test
    void badDeviceOrdinalIsAnArgumentError() {
        assertThrows(IllegalArgumentException.class,
                () -> new CudaBackend(CudaOptions.defaults().withDevice(4096)));
    }

    @Test
    void failingJaceCallBecomesCudaExceptionWithLastError() {
        CudaException e = assertThrows(CudaException.class,
                () -> Jace.check("jace_set_device", jace_h.jace_set_device(4096)));
        assertEquals("jace_set_device", e.call());
        assertTrue(e.status() != 0);
        assertTrue(e instanceof JaceException);
        String statusText = jace_h.jace_status_string(e.status()).getString(0);
        assertTrue(e.getMessage().contains("jace_set_device") && e.getMessage().contains(statusText),
                e.getMessage());
        assertFalse(jace_h.jace_last_error().getString(0).isEmpty(), "jace_last_error after a failure");
        // the backend keeps working afterwards
        try (CudaBackend b = new CudaBackend(); Tensor t = b.upload(new float[] {4}, Shape.of(1))) {
            assertEquals(4f, b.download(t)[0]);
        }
    }

    /**
     * A cuBLAS or cuDNN that loads is also used: a backend that fell back to libjace's kernels (a library found but
     * unusable here, e.g. too new for the driver) would leave every cuBLAS/cuDNN path of these tests untried while they
     * pass. The name says why a library is not in use.
     */
    @Test
    void loadedCudaLibrariesAreInUse() {
        assumeTrue(cublasPresent() || cudnnPresent(), "neither cuBLAS nor cuDNN installed");
        try (CudaBackend b = new CudaBackend()) {
            if (cublasPresent()) {
                assertTrue(b.multipliesWithCublas(), "cuBLAS loads but is not in use: " + b.name());
            }
            if (cudnnPresent()) {
                assertTrue(b.convolvesWithCudnn(), "cuDNN loads but is not in use: " + b.name());
            }
        }
    }

    /** cuDNN's chosen algorithms are listed once per geometry and direction: the EXPANDED baseline of jace bench. */
    @Test
    void convChoicesListCudnnsAlgorithmOncePerGeometryAndDirection() {
        try (CudaBackend b = new CudaBackend();
             Tensor x = b.upload(new float[2 * 3 * 5 * 5], Shape.of(2, 3, 5, 5));
             Tensor w = b.upload(new float[4 * 3 * 3 * 3], Shape.of(4, 3, 3, 3));
             Tensor y = b.allocate(Shape.of(2, 4, 5, 5))) {
            assertEquals(List.of(), b.convChoices());
            b.conv2d(x, w, Padding.SAME, y);
            b.conv2d(x, w, Padding.SAME, y);
            b.conv2dBackwardData(y, w, Padding.SAME, x);
            List<String> choices = b.convChoices();
            if (b.convolvesWithCudnn()) {
                assertEquals(2, choices.size(), choices.toString());
                assertTrue(choices.get(0).matches("backward data n2 cin3 cout4 5x5 k3: algorithm \\d+, FMA math, "
                        + "\\d+ B workspace"), choices.get(0));
                assertTrue(choices.get(1).startsWith("forward n2 cin3 cout4 5x5 k3: algorithm "), choices.get(1));
            } else {
                assertEquals(List.of(), choices, "libjace's kernels choose nothing");
            }
        }
    }

    @Test
    void failingCudnnCallBecomesCudnnException() {
        assumeTrue(cudnnPresent(), "cuDNN not installed");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            CudnnStatus.check("cudnnCreateTensorDescriptor", cudnn_h.cudnnCreateTensorDescriptor(out));
            MemorySegment desc = out.get(ValueLayout.ADDRESS, 0);
            try {
                CudnnException e = assertThrows(CudnnException.class, () -> CudnnStatus.check(
                        "cudnnSetTensor4dDescriptor", cudnn_h.cudnnSetTensor4dDescriptor(desc,
                                cudnn_h.CUDNN_TENSOR_NCHW(), cudnn_h.CUDNN_DATA_FLOAT(), -1, 3, 5, 5)));
                assertEquals("cudnnSetTensor4dDescriptor", e.call());
                assertTrue(e.getMessage().contains("CUDNN_STATUS"), e.getMessage());
            } finally {
                cudnn_h.cudnnDestroyTensorDescriptor(desc);
            }
        }
    }

    @Test
    void failingCublasCallBecomesCublasException() {
        assumeTrue(cublasPresent(), "cuBLAS not installed");
        try (Arena arena = Arena.ofShared(); CudaStream stream = new CudaStream();
             DeviceAllocator allocator = new DeviceAllocator();
             CublasMatmul gemm = new CublasMatmul(stream, allocator, arena, Precision.FP32, 90)) {
            CublasException e = assertThrows(CublasException.class, () -> gemm.gemm(false, false, -1, 2, 2,
                    MemorySegment.NULL, 2, MemorySegment.NULL, 2, MemorySegment.NULL));
            assertEquals("cublasGemmEx", e.call());
            assertTrue(e.getMessage().contains("CUBLAS_STATUS_INVALID_VALUE"), e.getMessage());
        }
    }

    @Test
    void cublasWorkspaceIsHeldWhileTheHandleLivesAndReturnedOnClose() {
        assumeTrue(cublasPresent(), "cuBLAS not installed");
        try (Arena arena = Arena.ofShared(); CudaStream stream = new CudaStream();
             DeviceAllocator allocator = new DeviceAllocator()) {
            CublasMatmul gemm = new CublasMatmul(stream, allocator, arena, Precision.FP32, 80);
            assertEquals(CublasMatmul.workspaceBytes(80), allocator.stats().liveBytes());
            gemm.close();
            gemm.close();
            assertEquals(0, allocator.stats().liveBytes());
            assertEquals(CublasMatmul.workspaceBytes(80), allocator.stats().cachedBytes());
        }
    }

    private static boolean cudnnPresent() {
        try {
            NativeLibraries.system().cudnn();
            return true;
        } catch (NativeLibraryException e) {
            return false;
        }
    }

    private static boolean cublasPresent() {
        try {
            NativeLibraries.system().cublas();
            return true;
        } catch (NativeLibraryException e) {
            return false;
        }
    }
}
