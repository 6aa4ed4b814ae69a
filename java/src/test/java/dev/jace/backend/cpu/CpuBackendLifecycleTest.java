package dev.jace.backend.cpu;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                Shape.of(1)), () -> cpu.download(y), () -> cpu.fill(y, 0f), () -> cpu.scalars(1)}) {
            String message = assertThrows(IllegalStateException.class, call::run).getMessage();
            assertTrue(message.startsWith("cpu backend used after close()"), message);
        }
        // Its tensors closed with it, which the aliasing check sees first.
        String message = assertThrows(IllegalStateException.class, () -> cpu.relu(x, y)).getMessage();
        assertTrue(message.startsWith("tensor [2] on cpu was used after the backend or arena holding its memory"
                + " closed"), message);
    }

    /** Each CPU backend, as each CUDA one, computes only on its own tensors, so misuse fails here as on a GPU. */
    @Test
    void refusesTensorsOfAnotherCpuBackend() {
        try (CpuBackend cpu = new CpuBackend(); CpuBackend other = new CpuBackend()) {
            Tensor mine = cpu.upload(new float[] {1, -2}, Shape.of(2));
            Tensor foreign = other.upload(new float[] {3, -4}, Shape.of(2));
            for (Runnable call : List.<Runnable>of(() -> cpu.relu(foreign, mine), () -> cpu.relu(mine, foreign),
                    () -> cpu.download(foreign), () -> cpu.readLater(foreign), () -> cpu.copyIn(new float[2], foreign),
                    () -> cpu.capture(() -> cpu.copy(foreign.reshape(1, 2), mine.reshape(1, 2))))) {
                String message = assertThrows(IllegalArgumentException.class, call::run).getMessage();
                assertTrue(message.startsWith("tensor Tensor[") && message.contains("@cpu belongs to " + other
                        + ", not to " + cpu + ": "), message);
            }
            assertArrayEquals(new float[] {1, -2}, cpu.download(mine));
            assertArrayEquals(new float[] {3, -4}, other.download(foreign));
        }
    }

    @Test
    void theTensorsOfAClosedBackendAreClosed() {
        CpuBackend cpu = new CpuBackend();
        Tensor x = cpu.upload(new float[] {1, -2}, Shape.of(2));
        Tensor view = x.reshape(1, 2);
        assertFalse(x.isClosed());
        cpu.close();
        assertTrue(x.isClosed() && view.isClosed());
        assertTrue(x.toString().endsWith("(closed)"), x.toString());
        String message = assertThrows(IllegalStateException.class, x::data).getMessage();
        assertTrue(message.startsWith("tensor [2] on cpu was used after the backend or arena holding its memory "
                + "closed: " + cpu), message);
        try (CpuBackend open = new CpuBackend()) {
            message = assertThrows(IllegalArgumentException.class, () -> open.fill(x, 0f)).getMessage();
            assertTrue(message.contains("belongs to " + cpu + ", not to " + open), message);
        }
    }
}
