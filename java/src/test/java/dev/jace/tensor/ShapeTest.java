package dev.jace.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShapeTest {

    @Test
    void everyDimensionIsPositiveAndTheSizeFitsAnInt() {
        assertEquals("shape needs at least one dimension",
                assertThrows(IllegalArgumentException.class, Shape::of).getMessage());
        assertEquals("shape [4, 0, 3] has a non-positive dimension",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(4, 0, 3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(-2));
        assertEquals(Integer.MAX_VALUE, Shape.of(Integer.MAX_VALUE, 1).size());
        assertEquals(1, Shape.of(1).size());
        assertEquals("shape [65536, 65536] has more than 2^31-1 elements",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(65536, 65536)).getMessage());
        // 2^31 exactly, one more than an int holds; the product is checked after each dimension, so it cannot wrap.
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 1 << 30));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 16, 1 << 16, 1 << 16, 1 << 16));
    }

    @Test
    void shapesAreEqualByTheirDimensionsWhichTheyCopy() {
        int[] dims = {2, 3};
        Shape shape = Shape.of(dims);
        dims[0] = 5;
        assertEquals(Shape.of(2, 3), shape);
        assertEquals(Shape.of(2, 3).hashCode(), shape.hashCode());
        assertNotEquals(Shape.of(3, 2), shape);
        assertNotEquals(Shape.of(2, 3, 1), shape);
        shape.dims()[1] = 7;
        assertEquals("[2, 3]", shape.toString());
        assertEquals(2, shape.rank());
        assertEquals(3, shape.dim(-1));
        assertEquals(3, Shape.of(4, 3).sizeFrom(1));
    }

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
