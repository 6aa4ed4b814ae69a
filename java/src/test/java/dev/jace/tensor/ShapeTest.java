package dev.jace.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ShapeTest {

    @Test
    void aBatchPrependsItsSize() {
        assertEquals(Shape.of(16, 1, 9, 9), Shape.of(1, 9, 9).batchOf(16));
        assertEquals(Shape.of(3, 4), Shape.of(4).batchOf(3));
    }
}
