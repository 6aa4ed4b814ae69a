package dev.jace.backend.cuda;

import dev.jace.backend.Padding;
import dev.jace.backend.Precision;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.NativeLibrary;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.train.Metrics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The surefire execution that runs the {@code cuda-libraries} tests on the emulator with its cuBLAS and cuDNN
 * (native/emu/fake_cublas.cpp, fake_cudnn.cpp) really takes the backend's cuBLAS and cuDNN paths: were the libraries
 * not found or refused, the tests would pass on libjace's own kernels and check nothing of CublasMatmul or CudnnConv.
 */
@Tag("cuda-libraries")
class CudaLibrariesOnEmulatorTest {

    /** Set by that execution (java/pom.xml), which puts the emulator's libraries on JACE_CUDA_LIBS. */
    static final String EXPECTED = "jace.test.emulatedCudaLibraries";

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "TF32"})
    void theBackendUsesTheEmulatedCublasAndCudnn(Precision precision) {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        try (CudaBackend b = new CudaBackend(CudaOptions.defaults().withPrecision(precision))) {
            // Version 0 is the emulated libraries' (a real cuBLAS or cuDNN elsewhere on the search would show its own).
            assertTrue(b.name().contains("matmul: cuBLAS 0;") && b.name().contains("conv: cuDNN 0;"), b.name());
        }
    }

    /**
     * A library that loads but whose handle cannot be created (the real cuDNN's CUDNN_STATUS_NOT_INITIALIZED where its
     * runtime needs a newer driver) leaves the backend on libjace's kernels, saying why in its name, instead of failing
     * it: the emulated libraries fail their next create on request.
     */
    @Test
    void aLibraryWhoseHandleCannotBeCreatedLeavesTheBackendOnLibjacesKernels() throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_fail_next_create", 1001);
        setSwitch(NativeLibraries.system().cublas(), "jace_emu_cublas_fail_next_create", 1);
        try (CudaBackend b = new CudaBackend()) {
            assertTrue(b.name().contains("matmul: jace_gemm (cuBLAS unusable: cublasCreate_v2 failed with status 1")
                    && b.name().contains("conv: jace conv kernels (cuDNN unusable: cudnnCreate failed with status"
                    + " 1001: CUDNN_STATUS_NOT_INITIALIZED)"), b.name());
            try (Tensor x = b.upload(new float[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2));
                 Tensor w = b.upload(new float[] {1, 1, 1, 1}, Shape.of(1, 1, 2, 2));
                 Tensor y = b.allocate(Shape.of(1, 1, 1, 1))) {
                b.conv2d(x, w, Padding.VALID, y);
                assertArrayEquals(new float[] {10}, b.download(y));
            }
        }
        try (CudaBackend b = new CudaBackend()) {
            assertTrue(b.name().contains("matmul: cuBLAS") && b.name().contains("conv: cuDNN"), b.name());
        }
    }

    /**
     * The emulated cuDNN's fastest algorithm, in every direction, needs 3 GiB of workspace, as FFT algorithms can on
     * large maps; jace's search skips algorithms over its 1 GiB limit, so none that large is allocated, and takes the
     * next (which needs a small workspace).
     */
    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "TF32"})
    void cudnnAlgorithmsNeedingMoreWorkspaceThanTheLimitAreSkipped(Precision precision) {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        try (CudaBackend b = new CudaBackend(CudaOptions.defaults().withPrecision(precision));
             Tensor x = b.upload(new float[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2));
             Tensor w = b.upload(new float[] {1, 1, 1, 1}, Shape.of(1, 1, 2, 2));
             Tensor y = b.allocate(Shape.of(1, 1, 1, 1));
             Tensor dx = b.allocate(Shape.of(1, 1, 2, 2));
             Tensor dw = b.allocate(Shape.of(1, 1, 2, 2))) {
            b.conv2d(x, w, Padding.VALID, y);
            b.conv2dBackwardData(y, w, Padding.VALID, dx);
            b.conv2dBackwardFilter(x, y, Padding.VALID, dw);
            assertArrayEquals(new float[] {10}, b.download(y));
            assertArrayEquals(new float[] {10, 10, 10, 10}, b.download(dx));
            assertArrayEquals(new float[] {10, 20, 30, 40}, b.download(dw));
            AllocatorStats stats = b.allocatorStats();
            assertTrue(stats.liveBytes() + stats.cachedBytes() < 1L << 30, "device memory held: " + stats);
        }
    }

    /**
     * cuBLAS and cuDNN only "allow down-converting" FP32 inputs to TF32 (and cuBLAS to BF16), without saying how; the
     * emulated libraries round to nearest, as jace's own kernels do, and here truncate, as tensor cores fed float bits
     * do. The reduced-precision bounds of the parity and training tests, which the real libraries must meet on a GPU,
     * hold both ways.
     */
    @Test
    void theReducedPrecisionBoundsHoldWhereTheLibrariesTruncateTheirInputs() throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        List<Metrics.Step> fp32 = CudaTrainingTest.fp32OnCuda();
        assertArrayEquals(new float[] {1 + 0x1p-10f, 1 + 0x1p-10f}, tf32Products(), "rounded to nearest");
        truncateInputs(1);
        try {
            assertArrayEquals(new float[] {1, 1}, tf32Products(), "truncated");
            CudaParityTest parity = new CudaParityTest();
            parity.matmul(Precision.TF32);
            parity.matmul(Precision.BF16);
            parity.conv2d(Precision.TF32);
            parity.liftingAndGroupConvBothAlgorithms(Precision.TF32);
            CudaTrainingTest.assertTracksFp32(fp32, Precision.TF32);
            CudaTrainingTest.assertTracksFp32(fp32, Precision.BF16);
        } finally {
            truncateInputs(0);
        }
    }

    /** (1 + 3·2^-12)·1 by a TF32 matmul and a TF32 1×1 convolution: 1 + 2^-10 rounded to nearest, 1 truncated. */
    private static float[] tf32Products() {
        try (CudaBackend b = new CudaBackend(CudaOptions.defaults().withPrecision(Precision.TF32));
             Tensor a = b.upload(new float[] {1 + 0x3p-12f}, Shape.of(1, 1, 1, 1));
             Tensor one = b.upload(new float[] {1}, Shape.of(1, 1, 1, 1));
             Tensor matmul = b.allocate(Shape.of(1, 1));
             Tensor conv = b.allocate(Shape.of(1, 1, 1, 1))) {
            b.matmul(a.reshape(Shape.of(1, 1)), false, one.reshape(Shape.of(1, 1)), false, matmul);
            b.conv2d(a, one, Padding.VALID, conv);
            return new float[] {b.download(matmul)[0], b.download(conv)[0]};
        }
    }

    private static void truncateInputs(int on) throws Throwable {
        setSwitch(NativeLibraries.system().cublas(), "jace_emu_cublas_truncate_inputs", on);
        setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_truncate_inputs", on);
    }

    @SuppressWarnings("restricted") // FFM: the emulated library's test switch
    private static void setSwitch(NativeLibrary library, String function, int value) throws Throwable {
        Linker.nativeLinker().downcallHandle(library.find(function), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT))
                .invokeExact(value);
    }
}
