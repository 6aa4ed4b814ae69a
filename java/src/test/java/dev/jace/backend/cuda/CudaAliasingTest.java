package dev.jace.backend.cuda;

import dev.jace.backend.Padding;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The ops that may run on cuBLAS or cuDNN, which check no aliasing, refuse it in Java before choosing a path, as the
 * CPU backend does (libjace's own kernels refuse it in C, with a {@link CudaException}).
 */
@Tag("gpu")
@Tag("cuda-libraries")
class CudaAliasingTest {

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    @Test
    void matmulAndConvolutionsRefuseAnOutputThatIsAnInput() {
        try (CudaBackend gpu = new CudaBackend(CudaOptions.defaults().withGroupConv(GroupConvAlgorithm.EXPANDED));
             Tensor square = gpu.allocate(Shape.of(4, 4));
             Tensor image = gpu.allocate(Shape.of(1, 1, 5, 5));
             Tensor filter = gpu.allocate(Shape.of(1, 1, 3, 3));
             Tensor groupMap = gpu.allocate(Shape.of(1, 1, 4, 5, 5));
             Tensor groupFilter = gpu.allocate(Shape.of(1, 1, 4, 3, 3))) {
            assertRefused("matmul: out ([4, 4], 64 bytes) and a ([4, 4], 64 bytes) overlap",
                    () -> gpu.matmul(square, false, square.reshape(Shape.of(4, 4)), false, square));
            assertRefused("conv2d: out ([1, 1, 5, 5], 100 bytes) and x ([1, 1, 5, 5], 100 bytes) overlap",
                    () -> gpu.conv2d(image, filter, Padding.SAME, image));
            assertRefused("conv2dBackwardData: dx ([1, 1, 5, 5], 100 bytes) and dy",
                    () -> gpu.conv2dBackwardData(image, filter, Padding.SAME, image));
            assertRefused("groupConv: out ([1, 1, 4, 5, 5], 400 bytes) and x",
                    () -> gpu.groupConv(groupMap, groupFilter, TestGroups.C4, Padding.SAME, groupMap));
        }
    }

    /** {@code call} throws an {@link IllegalArgumentException} whose message starts with {@code message}. */
    static void assertRefused(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage().substring(0, Math.min(message.length(), e.getMessage().length())),
                e.getMessage());
    }
}
