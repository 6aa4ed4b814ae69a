package dev.jace.train;

import dev.jace.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClassLabelsTest {

    private static final Shape SAMPLE = Shape.of(1, 2, 2);

    /** {@code data} that keeps the indices of each fill. */
    private record Recorded(TrainingData data, List<String> fills) implements TrainingData {
        @Override
        public int size(Split split) {
            return data.size(split);
        }

        @Override
        public Shape inputShape() {
            return data.inputShape();
        }

        @Override
        public int targetSize() {
            return data.targetSize();
        }

        @Override
        public void fill(Split split, int[] indices, float[] inputs, float[] targets) {
            fills.add(split + Arrays.toString(indices));
            data.fill(split, indices, inputs, targets);
        }
    }

    private static Recorded data(float[] train, float[] test) {
        return new Recorded(new InMemoryData(SAMPLE, 1, new float[train.length * SAMPLE.size()], train,
                new float[test.length * SAMPLE.size()], test), new ArrayList<>());
    }

    @Test
    void readsEachTargetOnceInChunksAndNamesTheSampleInTheData() {
        Recorded good = data(new float[] {0, 1, 2, 0, 1}, new float[] {2, 2});
        ClassLabels.require(good, 3, 2 * SAMPLE.size() + 1);
        assertEquals(List.of("TRAIN[0, 1]", "TRAIN[2, 3]", "TRAIN[4]", "TEST[0, 1]"), good.fills());

        Recorded late = data(new float[] {0, 1, 2, 0, 1}, new float[] {2, 7});
        assertEquals("trainer: test sample 1 has target 7.0, but classification needs a class index, a whole number"
                + " in [0, 3) for the model's 3 class scores", assertThrows(IllegalArgumentException.class,
                () -> ClassLabels.require(late, 3, 2 * SAMPLE.size())).getMessage());
        Recorded oneBased = data(new float[] {1, 2, 3, 1, 2}, new float[] {3, 1});
        assertEquals("trainer: train sample 2 has target 3.0, but classification needs a class index, a whole number"
                + " in [0, 3) for the model's 3 class scores; labels must be 0-based class indices (these go up to"
                + " 3)", assertThrows(IllegalArgumentException.class,
                () -> ClassLabels.require(oneBased, 3, 1)).getMessage());
    }
}
