package dev.jace.data;

import dev.jace.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchesTest {

    /** Ten samples of shape [2]: sample i holds (i, -i); label i % 3. */
    private static Split labelled() {
        float[] inputs = new float[20];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            inputs[2 * i] = i;
            inputs[2 * i + 1] = -i;
            labels[i] = i % 3;
        }
        return new Split(Shape.of(2), inputs, new Targets.Labels(3, labels));
    }

    @Test
    void everySampleOncePerEpochWithAPartialLastBatch() {
        Batches batches = new Batches(labelled(), 4, 9);
        assertEquals(3, batches.count());
        assertEquals(2, batches.size(2));
        batches.shuffle(0);
        float[] x = new float[8];
        float[] y = new float[4];
        boolean[] seen = new boolean[10];
        for (int b = 0; b < batches.count(); b++) {
            int n = batches.fill(b, x, y);
            for (int i = 0; i < n; i++) {
                int sample = (int) x[2 * i];
                assertEquals(-sample, x[2 * i + 1]);
                assertEquals(sample % 3, y[i]);
                assertFalse(seen[sample]);
                seen[sample] = true;
            }
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }

    @Test
    void aBatchSizeThatDividesTheCountGivesWholeBatchesOnly() {
        Split eight = new Split(Shape.of(1), new float[8], new Targets.Labels(2, new int[8]));
        Batches batches = new Batches(eight, 4, 1);
        assertEquals(2, batches.count());
        assertEquals(4, batches.size(1));
        assertEquals(4, batches.batchSize());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> batches.size(2));
        assertEquals("batch 2 of 2", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> batches.size(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> batches.fill(2, new float[4], new float[4]));
    }

    @Test
    void orderDependsOnlyOnSeedAndEpoch() {
        Batches a = new Batches(labelled(), 3, 9);
        Batches b = new Batches(labelled(), 3, 9);
        a.shuffle(2);
        b.shuffle(5);
        b.shuffle(2);
        int[] orderA = new int[10];
        int[] orderB = new int[10];
        for (int i = 0; i < 10; i++) {
            orderA[i] = a.sampleAt(i);
            orderB[i] = b.sampleAt(i);
        }
        assertArrayEquals(orderA, orderB);
        a.shuffle(3);
        int[] next = new int[10];
        Arrays.setAll(next, a::sampleAt);
        assertFalse(Arrays.equals(orderA, next));
    }

    @Test
    void regressionTargetsAreCopiedWhole() {
        float[] targets = {1, 2, 3, 4, 5, 6};
        Split split = new Split(Shape.of(1), new float[] {10, 20, 30}, new Targets.Values(Shape.of(2), targets));
        Batches batches = new Batches(split, 2, 1);
        float[] x = new float[2];
        float[] y = new float[4];
        assertEquals(1, batches.fill(1, x, y));
        assertEquals(30, x[0]);
        assertArrayEquals(new float[] {5, 6}, Arrays.copyOf(y, 2));
        assertEquals(Shape.of(2, 2), split.targetBatchShape(2));
        assertEquals(2, batches.fill(0, x, y));
        assertArrayEquals(new float[] {10, 20}, x);
        assertArrayEquals(new float[] {1, 2, 3, 4}, y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> batches.fill(0, new float[2], new float[3]));
        assertEquals("batch of 2 needs 2 input and 4 target floats, got arrays of 2 and 3", e.getMessage());
    }

    @Test
    void rejectsInconsistentSplits() {
        assertThrows(IllegalArgumentException.class, () ->
                new Split(Shape.of(2), new float[6], new Targets.Labels(3, new int[] {0, 1})));
        assertThrows(IllegalArgumentException.class, () -> new Targets.Labels(3, new int[] {0, 3}));
        assertThrows(IllegalArgumentException.class, () -> new Batches(labelled(), 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Batches(labelled(), 4, 1).fill(0, new float[7], new float[4]));
        assertEquals("batch of 4 needs 8 input and 4 target floats, got arrays of 7 and 4", e.getMessage());
    }

    @Test
    void registryKnowsTheTasks() {
        assertEquals(java.util.List.of("teacher", "fashion-mnist", "plume"), Tasks.names());
        assertEquals(TeacherConfig.defaults(), Tasks.byName(" Teacher "));
        assertTrue(Tasks.byName("plume") instanceof PlumeConfig);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tasks.byName("mnist"));
        assertTrue(e.getMessage().contains("unknown task 'mnist'") && e.getMessage().contains("fashion-mnist"));
    }
}
