package dev.jace.backend.cuda;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.MisshapedCalls;
import dev.jace.backend.Padding;
import dev.jace.backend.MisshapedCalls.Misshaped;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.stream.IntStream;

import static dev.jace.backend.cuda.CudaAliasingTest.assertRefused;
import static dev.jace.backend.cuda.CudaAliasingTest.assertRefusedAsOnTheCpu;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The CUDA backend refuses bad arguments as the CPU backend does: in Java, naming the op's own arguments. */
@Tag("gpu")
class CudaShapeChecksTest {

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    /** Each call of {@link MisshapedCalls}: the CPU backend's exception and message, and the output left as it was. */
    @Test
    void everyMisshapedCallIsRefusedAsOnTheCpuBeforeAnythingIsWritten() {
        try (CpuBackend cpu = new CpuBackend(); CudaBackend gpu = new CudaBackend()) {
            List<Misshaped> onCpu = MisshapedCalls.on(cpu);
            List<Misshaped> onGpu = MisshapedCalls.on(gpu);
            assertAll(IntStream.range(0, onCpu.size()).mapToObj(i -> (Executable) () -> {
                Misshaped call = onGpu.get(i);
                float[] before = gpu.download(call.output());
                assertRefusedAsOnTheCpu(call.toString(), onCpu.get(i).call()::run, call.call()::run);
                assertArrayEquals(before, gpu.download(call.output()), call + ": CUDA wrote its output");
            }));
        }
    }

    /** libjace's own convolution kernels take square filters; each direction says so before it launches anything. */
    @Test
    void aRectangularFilterIsRefusedByLibjacesKernelsInEachDirection() {
        try (CudaBackend gpu = new CudaBackend(CudaOptions.defaults().withCudnn(false));
             Tensor x = gpu.allocate(Shape.of(1, 1, 4, 4));
             Tensor w = gpu.allocate(Shape.of(1, 1, 3, 1));
             Tensor y = gpu.allocate(Shape.of(1, 1, 2, 4))) {
            String refusal = ": libjace's convolution kernels take square filters only, got 3x1 (cuDNN is not in use"
                    + " on this backend)";
            gpu.fill(y, 7f);
            assertEquals("conv2d" + refusal, assertThrows(UnsupportedOperationException.class,
                    () -> gpu.conv2d(x, w, Padding.VALID, y)).getMessage());
            assertEquals("conv2dBackwardData" + refusal, assertThrows(UnsupportedOperationException.class,
                    () -> gpu.conv2dBackwardData(y, w, Padding.VALID, x)).getMessage());
            assertEquals("conv2dBackwardFilter" + refusal, assertThrows(UnsupportedOperationException.class,
                    () -> gpu.conv2dBackwardFilter(x, y, Padding.VALID, w)).getMessage());
            assertArrayEquals(new float[] {7, 7, 7, 7, 7, 7, 7, 7}, gpu.download(y), "the refused forward ran");
        }
    }

    @Test
    void reluBackwardNamesItsGradients() {
        try (CudaBackend gpu = new CudaBackend();
             Tensor x = gpu.allocate(Shape.of(2, 3));
             Tensor flat = gpu.allocate(Shape.of(6))) {
            assertRefused("reluBackward: dy should have shape [2, 3] but has [6]", () -> gpu.reluBackward(x, flat, x));
            assertRefused("reluBackward: dx should have shape [2, 3] but has [6]", () -> gpu.reluBackward(x, x, flat));
        }
    }

    @Test
    void aGroupActionOfMoreThan64ElementsIsRefusedBeforeLibjace() {
        try (CudaBackend gpu = new CudaBackend();
             Tensor x = gpu.allocate(Shape.of(1, 1, 3, 3));
             Tensor out = gpu.allocate(Shape.of(65, 1, 3, 3))) {
            assertRefused("groupAction: 65 group elements in one call; at most 64",
                    () -> gpu.groupAction(x, TestGroups.C4, new int[65], FeatureRep.IMAGE, out));
        }
    }

    @Test
    void aMissingArgumentOfUploadOrCopyInIsNamed() {
        try (CudaBackend gpu = new CudaBackend();
             Tensor target = gpu.allocate(Shape.of(2))) {
            assertEquals("upload: values is null; give the tensor's elements as a float[] of the shape's size",
                    assertThrows(NullPointerException.class, () -> gpu.upload(null, Shape.of(2))).getMessage());
            assertEquals("upload: shape is null; e.g. Shape.of(2, 3)",
                    assertThrows(NullPointerException.class, () -> gpu.upload(new float[2], null)).getMessage());
            assertEquals("copyIn: values is null; give the elements to write as a float[] of the target's size",
                    assertThrows(NullPointerException.class, () -> gpu.copyIn(null, target)).getMessage());
        }
    }
}
