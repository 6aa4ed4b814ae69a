package dev.jace.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FiniteValuesTest {

    @Test
    void findsTheFirstNaNOrInfinity() {
        assertEquals(-1, FiniteValues.firstNonFinite(new float[] {0f, -1e38f, Float.MIN_VALUE}));
        assertEquals(-1, FiniteValues.firstNonFinite(new float[0]));
        assertEquals(1, FiniteValues.firstNonFinite(new float[] {1f, Float.NEGATIVE_INFINITY, Float.NaN}));
        assertEquals(2, FiniteValues.firstNonFinite(new float[] {1f, 2f, Float.NaN}));
    }

    @Test
    void findsTheFirstNaNPassingInfinities() {
        assertEquals(-1, FiniteValues.firstNaN(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f}));
        assertEquals(-1, FiniteValues.firstNaN(new float[0]));
        assertEquals(2, FiniteValues.firstNaN(new float[] {Float.POSITIVE_INFINITY, 1f, Float.NaN, Float.NaN}));
    }
}
