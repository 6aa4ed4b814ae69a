package dev.jace.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShapeTest {

    @Test
    void aBatchPrependsItsSize() {
        assertEquals(Shape.of(16, 1, 9, 9), Shape.of(1, 9, 9).batchOf(16));
        assertEquals(Shape.of(3, 4), Shape.of(4).batchOf(3));
    }

    @Test
    void coordinatesAreRowMajor() {
        Shape shape = Shape.of(2, 3, 4, 5);
        assertArrayEquals(new int[] {1, 2, 3, 4}, shape.coordinates(((1 * 3 + 2) * 4 + 3) * 5 + 4));
        assertArrayEquals(new int[] {0, 0, 0, 0}, shape.coordinates(0));
        assertArrayEquals(new int[] {1, 2, 3, 4}, shape.coordinates(shape.size() - 1));
        assertArrayEquals(new int[] {0, 1, 0, 2}, shape.coordinates(22));
        assertArrayEquals(new int[] {6}, Shape.of(7).coordinates(6));
        assertEquals("index 120 outside [2, 3, 4, 5] (120 elements)",
                assertThrows(IndexOutOfBoundsException.class, () -> shape.coordinates(120)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> shape.coordinates(-1));
    }
}
