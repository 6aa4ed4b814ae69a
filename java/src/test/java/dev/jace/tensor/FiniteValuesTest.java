package dev.jace.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void rangeChecksRefuseNaNAndTheInfinities() {
        assertTrue(FiniteValues.finiteAtLeastZero(0.0));
        assertTrue(FiniteValues.finiteAtLeastZero(Double.MAX_VALUE));
        assertFalse(FiniteValues.finiteAtLeastZero(-Double.MIN_VALUE));
        assertFalse(FiniteValues.finiteAboveZero(0.0));
        assertTrue(FiniteValues.finiteAboveZero(Double.MIN_VALUE));
        assertTrue(FiniteValues.finiteAboveZero(Double.MAX_VALUE));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertFalse(FiniteValues.finiteAtLeastZero(bad), Double.toString(bad));
            assertFalse(FiniteValues.finiteAboveZero(bad), Double.toString(bad));
        }
    }
}
