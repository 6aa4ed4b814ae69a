package dev.jace.data;

import dev.jace.tensor.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A split and its targets refuse what would misalign inputs and targets, and accept the limits of what is valid. */
class SplitTest {

    @Test
    void labelsMustNameOneOfAtLeastTwoClasses() {
        assertEquals("a classification task needs at least 2 classes, got 1",
                assertThrows(IllegalArgumentException.class, () -> new Targets.Labels(1, new int[] {0})).getMessage());
        Targets.Labels two = new Targets.Labels(2, new int[] {0, 1, 1});
        assertEquals(3, two.count());
        assertEquals(1, two.sampleSize());
        for (int label : new int[] {-1, 3}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Targets.Labels(3, new int[] {0, 2, label}));
            assertEquals("label " + label + " of sample 2 is outside [0, 3)", e.getMessage());
        }
    }

    @Test
    void valuesMustBeWholeSamplesOfTheirShape() {
        Targets.Values values = new Targets.Values(Shape.of(2, 3), new float[12]);
        assertEquals(2, values.count());
        assertEquals(6, values.sampleSize());
        assertEquals("target values (13 floats) are not a whole number of samples of shape " + Shape.of(2, 3),
                assertThrows(IllegalArgumentException.class,
                        () -> new Targets.Values(Shape.of(2, 3), new float[13])).getMessage());
    }

    @Test
    void aSplitNeedsOneSampleAndAsManyTargetsAsInputs() {
        Split one = new Split(Shape.of(1, 2, 2), new float[4], new Targets.Labels(2, new int[] {1}));
        assertEquals(1, one.count());
        assertEquals(Shape.of(5), one.targetBatchShape(5));
        assertEquals(Shape.of(5, 1, 2, 2), one.inputBatchShape(5));
        Split regression = new Split(Shape.of(3), new float[6], new Targets.Values(Shape.of(1, 2), new float[4]));
        assertEquals(Shape.of(4, 1, 2), regression.targetBatchShape(4));
        assertEquals("a split needs at least one sample, got 0", assertThrows(IllegalArgumentException.class,
                () -> new Split(Shape.of(2), new float[0], new Targets.Labels(2, new int[0]))).getMessage());
        assertEquals("split has 2 inputs but 3 targets", assertThrows(IllegalArgumentException.class,
                () -> new Split(Shape.of(2), new float[4], new Targets.Labels(2, new int[3]))).getMessage());
        assertEquals("inputs hold 5 floats, expected 2 samples of shape " + Shape.of(2),
                assertThrows(IllegalArgumentException.class, () -> new Split(Shape.of(2), new float[5],
                        new Targets.Labels(2, new int[2]), 2)).getMessage());
    }
}
