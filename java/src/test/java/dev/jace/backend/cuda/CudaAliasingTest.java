package dev.jace.backend.cuda;

import dev.jace.backend.AliasedCalls;
import dev.jace.backend.AliasedCalls.Refused;
import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every op refuses aliasing in Java before any native call, as the CPU backend does, with the same exception and
 * message; libjace's own check (a {@link CudaException}) is only the backstop, and cuBLAS and cuDNN check nothing.
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

    @Test
    void everyOpRefusesAliasingWithTheCpuBackendsExceptionAndMessage() {
        try (CpuBackend cpu = new CpuBackend(); CudaBackend gpu = new CudaBackend()) {
            List<Refused> onCpu = AliasedCalls.on(cpu);
            List<Refused> onGpu = AliasedCalls.on(gpu);
            assertAll(IntStream.range(0, onCpu.size()).mapToObj(i -> (Executable) () -> assertRefusedAsOnTheCpu(
                    onGpu.get(i).toString(), onCpu.get(i).call()::run, onGpu.get(i).call()::run)));
        }
    }

    /**
     * {@code onGpu} throws what {@code onCpu} throws, an {@link IllegalArgumentException}: the same class and message
     * on both backends.
     */
    static void assertRefusedAsOnTheCpu(String call, Executable onCpu, Executable onGpu) {
        IllegalArgumentException cpuRefusal = assertThrows(IllegalArgumentException.class, onCpu, call + " on the CPU");
        RuntimeException gpuRefusal = assertThrows(RuntimeException.class, onGpu, call + " on CUDA");
        assertEquals(IllegalArgumentException.class, gpuRefusal.getClass(),
                call + " on CUDA: " + gpuRefusal.getMessage());
        assertEquals(cpuRefusal.getMessage(), gpuRefusal.getMessage(), call);
    }

    /** {@code call} throws an {@link IllegalArgumentException} whose message starts with {@code message}. */
    static void assertRefused(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage().substring(0, Math.min(message.length(), e.getMessage().length())),
                e.getMessage());
    }
}
