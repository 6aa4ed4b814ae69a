package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferTest {

    private static final Backend BACKEND = new CpuBackend();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Test
    @SuppressWarnings("try") // close() is called inside the try on purpose: what it frees is checked there
    void keepsTheLastTwoShapesAndFreesTheOneItDrops() {
        try (Buffer buffer = new Buffer(BACKEND)) {
            Tensor batch = buffer.get(Shape.of(4, 3));
            assertSame(batch, buffer.get(Shape.of(4, 3)));
            Tensor probe = buffer.get(Shape.of(32, 3));
            assertNotSame(batch, probe);
            assertSame(batch, buffer.get(Shape.of(4, 3)));
            assertSame(probe, buffer.get(Shape.of(32, 3)));
            assertFalse(batch.isClosed() || probe.isClosed());

            Tensor evaluation = buffer.get(Shape.of(2, 3));
            assertEquals(Shape.of(2, 3), evaluation.shape());
            assertTrue(batch.isClosed(), "the tensor of the shape two requests back was not freed");
            assertFalse(probe.isClosed(), "the tensor of the previous shape was freed");
            buffer.close();
            assertTrue(probe.isClosed() && evaluation.isClosed(), "close() left a tensor allocated");
        }
    }

    @Test
    void aRefusedAllocationLeavesTheBufferAsItWas() {
        Tensor x2 = BACKEND.upload(new float[] {-1, 2, -3, 4, 5, -6, 7, -8}, Shape.of(2, 4));
        Tensor x3 = BACKEND.allocate(Shape.of(3, 4));
        BACKEND.fill(x3, -2f);
        try (ReluLayer relu = new ReluLayer(BACKEND); Tensor x4 = BACKEND.allocate(Shape.of(4, 4))) {
            relu.forward(x2, true);
            relu.forward(x3, true);
            // A shape not run before: the buffer's allocation is refused inside captured work.
            assertThrows(IllegalStateException.class, () -> BACKEND.capture(() -> relu.forward(x4, true)));

            assertArrayEquals(new float[] {0, 2, 0, 4, 5, 0, 7, 0}, BACKEND.download(relu.forward(x2, true)));
            assertArrayEquals(new float[12], BACKEND.download(relu.forward(x3, true)));
            assertArrayEquals(new float[] {0, 2, 0, 4, 5, 0, 7, 0}, BACKEND.download(relu.forward(x2, true)));
        } finally {
            x2.close();
            x3.close();
        }
    }
}
