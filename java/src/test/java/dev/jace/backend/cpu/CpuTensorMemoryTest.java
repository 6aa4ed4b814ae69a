package dev.jace.backend.cpu;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU backend computes on the whole {@code float[]} behind a tensor, so it refuses a tensor wrapped over part of
 * one rather than read or write the elements around it.
 */
class CpuTensorMemoryTest {

    private static final CpuBackend CPU = Cpu.BACKEND;

    @Test
    void aTensorOverPartOfAnArrayIsRefusedAndTheArrayLeftAlone() {
        float[] backing = {1, 2, 3, 4, 5};
        MemorySegment whole = MemorySegment.ofArray(backing);
        Tensor shifted = Tensor.wrap(Shape.of(4), whole.asSlice(Float.BYTES), CpuBackend.DEVICE, () -> { });
        Tensor prefix = Tensor.wrap(Shape.of(4), whole, CpuBackend.DEVICE, () -> { });
        for (Map.Entry<String, Tensor> part : Map.of("1 to 4", shifted, "0 to 3", prefix).entrySet()) {
            Tensor t = part.getValue();
            for (Runnable call : List.<Runnable>of(() -> CPU.download(t), () -> CPU.scale(t, 10f, t),
                    () -> CPU.fill(t, 0f), () -> CPU.copyIn(new float[4], t))) {
                String message = assertThrows(IllegalArgumentException.class, call::run).getMessage();
                assertTrue(message.startsWith("tensor Tensor[4]@cpu covers part of a 5-float array (floats "
                        + part.getKey() + ")")
                        && message.endsWith("wrap a whole float[] (MemorySegment.ofArray) of the tensor's size"),
                        message);
            }
        }
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, backing);
    }

    @Test
    void aTensorOverAWholeArrayAndItsViewsAreComputedOn() {
        float[] backing = {1, 2, 3, 4};
        Tensor whole = Tensor.wrap(Shape.of(4), MemorySegment.ofArray(backing), CpuBackend.DEVICE, () -> { });
        Tensor view = whole.reshape(2, 2);
        CPU.scale(view, 10f, view);
        assertArrayEquals(new float[] {10, 20, 30, 40}, backing);
        assertArrayEquals(backing, CPU.download(whole));
    }

    @Test
    void aTensorOfAnotherDeviceIsRefused() {
        Tensor other = Tensor.wrap(Shape.of(2), MemorySegment.ofArray(new float[2]), "cuda:0", () -> { });
        String message = assertThrows(IllegalArgumentException.class, () -> CPU.download(other)).getMessage();
        assertTrue(message.contains("does not belong to the CPU backend"), message);
    }

    /** A missing host array, shape or target is named, not a bare NullPointerException of the array's length. */
    @Test
    void aMissingArgumentOfUploadOrCopyInIsNamed() {
        Tensor target = Cpu.zeros(2);
        assertEquals("upload: values is null; give the tensor's elements as a float[] of the shape's size",
                assertThrows(NullPointerException.class, () -> CPU.upload(null, Shape.of(2))).getMessage());
        assertEquals("upload: shape is null; e.g. Shape.of(2, 3)",
                assertThrows(NullPointerException.class, () -> CPU.upload(new float[2], null)).getMessage());
        assertEquals("copyIn: values is null; give the elements to write as a float[] of the target's size",
                assertThrows(NullPointerException.class, () -> CPU.copyIn(null, target)).getMessage());
        assertEquals("copyIn: target is null; give a tensor of this backend",
                assertThrows(NullPointerException.class, () -> CPU.copyIn(new float[2], null)).getMessage());
    }
}
