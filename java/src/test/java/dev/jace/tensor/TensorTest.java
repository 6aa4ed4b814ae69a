package dev.jace.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ownership rules of {@link Tensor}: one release, views that share memory and close on their own. */
class TensorTest {

    private final AtomicInteger releases = new AtomicInteger();

    private Tensor owner(float... values) {
        return Tensor.wrap(Shape.of(values.length), MemorySegment.ofArray(values), "cpu", releases::incrementAndGet);
    }

    @Test
    void closingTwiceReleasesOnceAndUseAfterCloseIsRefused() {
        Tensor t = owner(1, 2, 3, 4);
        t.close();
        t.close();
        assertEquals(1, releases.get());
        assertTrue(t.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, t::data);
        assertEquals("tensor [4] on cpu was used after close()", e.getMessage());
        assertEquals("tensor [4] on cpu was used after close()",
                assertThrows(IllegalStateException.class, () -> t.reshape(2, 2)).getMessage());
        assertEquals("Tensor[4]@cpu (closed)", t.toString());
    }

    @Test
    void aClosedViewIsRefusedWhileItsOwnerStaysUsable() {
        float[] values = {1, 2, 3, 4, 5, 6};
        Tensor t = owner(values);
        Tensor view = t.reshape(2, 3);
        assertEquals(Shape.of(2, 3), view.shape());
        assertEquals(5f, view.data().getAtIndex(ValueLayout.JAVA_FLOAT, 4));
        view.close();
        assertEquals(0, releases.get());
        assertTrue(view.isClosed());
        assertThrows(IllegalStateException.class, view::data);
        assertFalse(t.isClosed());
        assertEquals("Tensor[6]@cpu", t.toString());
        assertEquals(6 * Float.BYTES, t.data().byteSize());
    }

    @Test
    void closingTheOwnerClosesItsViews() {
        Tensor t = owner(1, 2, 3, 4);
        Tensor view = t.reshape(2, 2);
        t.close();
        assertTrue(view.isClosed());
        assertThrows(IllegalStateException.class, view::data);
        view.close();
        assertEquals(1, releases.get());
    }

    @Test
    void memoryOfAClosedArenaClosesTheTensorAndItsViews() {
        Object issuer = "backend 1";
        Tensor t;
        Tensor view;
        try (Arena arena = Arena.ofConfined()) {
            t = Tensor.wrap(Shape.of(2), arena.allocate(8), "cpu", issuer, releases::incrementAndGet);
            view = t.reshape(1, 2);
            assertSame(issuer, view.issuer());
            assertFalse(t.isClosed());
        }
        assertTrue(t.isClosed());
        assertTrue(view.isClosed());
        assertEquals("tensor [2] on cpu was used after the backend or arena holding its memory closed: backend 1",
                assertThrows(IllegalStateException.class, t::data).getMessage());
        assertEquals("Tensor[2]@cpu (closed)", t.toString());
        t.close();
        assertEquals(1, releases.get(), "closing still releases, once");
        assertNull(owner(1f).issuer());
    }

    @Test
    void aTensorClosedBeforeItsArenaIsNamedAsClosedByItsUser() {
        Tensor t;
        try (Arena arena = Arena.ofConfined()) {
            t = Tensor.wrap(Shape.of(2), arena.allocate(8), "cpu", "backend 1", () -> { });
            t.close();
        }
        assertEquals("tensor [2] on cpu was used after close()",
                assertThrows(IllegalStateException.class, t::data).getMessage());
    }

    @Test
    void dataIsCutToTheShapeAndTooSmallMemoryIsRefused() {
        Tensor t = Tensor.wrap(Shape.of(2), MemorySegment.ofArray(new float[5]), "cpu", () -> { });
        assertEquals(2 * Float.BYTES, t.data().byteSize());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(Shape.of(3), MemorySegment.ofArray(new float[2]), "cpu", () -> { }));
        assertEquals("segment of 8 bytes is too small for shape [3] (12 bytes)", small.getMessage());
        IllegalArgumentException reshape = assertThrows(IllegalArgumentException.class, () -> t.reshape(3));
        assertEquals("reshape: cannot view [2] (2 elements) as [3] (3 elements)", reshape.getMessage());
    }
}
