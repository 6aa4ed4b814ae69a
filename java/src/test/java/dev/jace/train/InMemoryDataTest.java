package dev.jace.train;

import dev.jace.tensor.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InMemoryDataTest {

    private static final Shape SAMPLE = Shape.of(1, 2, 2);

    @Test
    void fillCopiesTheIndexedSamplesOfASplit() {
        float[] trainX = {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23};
        float[] trainY = {5, 6, 7};
        InMemoryData data = new InMemoryData(SAMPLE, 1, trainX, trainY, new float[] {9, 9, 9, 9}, new float[] {8});
        assertEquals(3, data.size(Split.TRAIN));
        assertEquals(1, data.size(Split.TEST));
        float[] inputs = new float[8];
        float[] targets = new float[2];
        data.fill(Split.TRAIN, new int[] {2, 0}, inputs, targets);
        assertArrayEquals(new float[] {20, 21, 22, 23, 0, 1, 2, 3}, inputs);
        assertArrayEquals(new float[] {7, 5}, targets);
        float[] only = new float[2];
        data.fillTargets(Split.TRAIN, new int[] {1, 2}, only);
        assertArrayEquals(new float[] {6, 7}, only);
    }

    @Test
    void partialSamplesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new InMemoryData(SAMPLE, 1, new float[5], new float[1], new float[4], new float[1]));
        assertEquals("in-memory data: trainInputs holds 5 floats, not whole samples of [1, 2, 2] (4 floats each)",
                e.getMessage());
        IllegalArgumentException targets = assertThrows(IllegalArgumentException.class, () ->
                new InMemoryData(SAMPLE, 3, new float[4], new float[3], new float[8], new float[3]));
        assertEquals("in-memory data: testTargets holds 3 floats, but the 2 samples of testInputs need 6 (3 per"
                + " sample)", targets.getMessage());
    }

    @Test
    void missingArraysAndTargetSizesBelowOneAreNamed() {
        assertEquals("in-memory data: trainTargets", assertThrows(NullPointerException.class, () ->
                new InMemoryData(SAMPLE, 1, new float[4], null, new float[4], new float[1])).getMessage());
        assertEquals("in-memory data: targetSize must be at least 1 float per sample, got 0", assertThrows(
                IllegalArgumentException.class, () -> new InMemoryData(SAMPLE, 0, new float[4], new float[0],
                        new float[4], new float[0])).getMessage());
    }

    @Test
    void nonFiniteValuesAreNamedWithTheirSample() {
        float[] testX = new float[8];
        testX[6] = Float.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () ->
                new InMemoryData(SAMPLE, 1, new float[4], new float[1], testX, new float[2]));
        assertEquals("in-memory data: testInputs[6] (sample 1) is NaN; replace or drop the sample", nan.getMessage());
        float[] trainY = {0, Float.POSITIVE_INFINITY};
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class, () ->
                new InMemoryData(SAMPLE, 1, new float[8], trainY, new float[4], new float[1]));
        assertEquals("in-memory data: trainTargets[1] (sample 1) is Infinity; replace or drop the sample",
                inf.getMessage());
    }
}
