package dev.jace.backend.cuda;

import dev.jace.backend.Precision;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
            assertTrue(b.name().contains("matmul: cuBLAS") && b.name().contains("conv: cuDNN"), b.name());
        }
    }
}
