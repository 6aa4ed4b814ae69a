package dev.jace.train;

import java.util.Locale;

/**
 * Checks a classification data set's targets on the host: every one a class index of the model. The losses would
 * otherwise meet a bad label only when its batch runs: the CPU refuses it then, after earlier steps changed the model,
 * and CUDA's loss trains on with it as a class no score stands for.
 */
final class ClassLabels {

    /** Input floats a chunk may copy along with its targets (the default {@link TrainingData#fillTargets}): 16 MiB. */
    private static final int CHUNK_FLOATS = 1 << 22;

    private ClassLabels() {
    }

    /** Refuses the first target of each split, train first, that is not a whole number in [0, classes). */
    static void require(TrainingData data, int classes) {
        require(data, classes, CHUNK_FLOATS);
    }

    /** {@link #require(TrainingData, int)} copying at most {@code chunkFloats} input floats (or one sample) at once. */
    static void require(TrainingData data, int classes, int chunkFloats) {
        for (Split split : Split.values()) {
            require(data, split, classes, chunkFloats);
        }
    }

    private static void require(TrainingData data, Split split, int classes, int chunkFloats) {
        int size = data.size(split);
        int chunk = Math.max(1, Math.min(size, chunkFloats / Math.max(1, data.inputShape().size())));
        float[] targets = new float[chunk];
        int firstBad = -1;
        float badValue = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int start = 0; start < size; start += chunk) {
            int n = Math.min(chunk, size - start);
            int[] indices = new int[n];
            for (int i = 0; i < n; i++) {
                indices[i] = start + i;
            }
            data.fillTargets(split, indices, targets);
            for (int i = 0; i < n; i++) {
                float v = targets[i];
                max = Math.max(max, v);
                if (firstBad < 0 && !(v >= 0 && v < classes && v == Math.rint(v))) {
                    firstBad = start + i;
                    badValue = v;
                }
            }
        }
        if (firstBad >= 0) {
            throw new IllegalArgumentException("trainer: " + split.name().toLowerCase(Locale.ROOT) + " sample "
                    + firstBad + " has target " + badValue + ", but classification needs a class index, a whole"
                    + " number in [0, " + classes + ") for the model's " + classes + " class scores"
                    + (max == classes ? "; labels must be 0-based class indices (these go up to " + classes + ")"
                    : ""));
        }
    }
}
