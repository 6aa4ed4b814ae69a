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

    /** Run often enough to be compiled (its first pass vectorises), with every kind of NaN and infinity anywhere. */
    @Test
    void findsEveryNonFiniteValueAtEveryPositionWhenCompiled() {
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffffffff), Float.intBitsToFloat(0xff800001)};
        float[] values = new float[1031];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 2 == 0 ? -1 : 1) * (i % 7 == 0 ? Float.MAX_VALUE : i);
        }
        for (int round = 0; round < 4; round++) {
            for (int at = 0; at < values.length; at++) {
                float kept = values[at];
                values[at] = specials[(at + round) % specials.length];
                assertEquals(at, FiniteValues.firstNonFinite(values));
                values[at] = kept;
            }
            assertEquals(-1, FiniteValues.firstNonFinite(values));
        }
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
