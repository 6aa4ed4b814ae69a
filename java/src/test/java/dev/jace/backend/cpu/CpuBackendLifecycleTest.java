package dev.jace.backend.cpu;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuBackendLifecycleTest {

    /** As the CUDA backend does, so that code which would fail on a GPU fails on the CPU too. */
    @Test
    void refusesWorkAfterClose() {
        CpuBackend cpu = new CpuBackend();
        Tensor x = cpu.upload(new float[] {1, -2}, Shape.of(2));
        Tensor y = cpu.allocate(Shape.of(2));
        cpu.relu(x, y);
        assertArrayEquals(new float[] {1, 0}, cpu.download(y));

        cpu.close();
        cpu.close();

        for (Runnable call : new Runnable[] {() -> cpu.allocate(Shape.of(1)), () -> cpu.upload(new float[1],
                Shape.of(1)), () -> cpu.download(y), () -> cpu.relu(x, y), () -> cpu.scalars(1)}) {
            String message = assertThrows(IllegalStateException.class, call::run).getMessage();
            assertTrue(message.startsWith("cpu backend used after close()"), message);
        }
    }
}
