package dev.jace.train;

import dev.jace.tensor.Shape;

/**
 * What the trainer needs from a data set: sizes, the per-sample input shape, and batches copied into host arrays.
 * Targets are {@code targetSize()} floats per sample: the regression target (the model output's per-sample size) or
 * one class index stored as a float.
 */
public interface TrainingData {

    int size(Split split);

    /** Per-sample input shape, e.g. {@code [C, H, W]}. */
    Shape inputShape();

    int targetSize();

    /**
     * Copies the samples {@code indices} of {@code split}, in that order, into {@code inputs}
     * ({@code indices.length · inputShape().size()} floats) and {@code targets}
     * ({@code indices.length · targetSize()} floats). The trainer refuses a batch holding a NaN or infinity
     * ({@link IllegalArgumentException} naming the split and sample) before it reaches the model.
     */
    void fill(Split split, int[] indices, float[] inputs, float[] targets);

    /**
     * Copies only the targets of the samples {@code indices} of {@code split} into {@code targets}, as {@link #fill}
     * does. The default calls {@link #fill} with a new scratch input array at each call; data held in memory can
     * override it to skip the inputs.
     */
    default void fillTargets(Split split, int[] indices, float[] targets) {
        fill(split, indices, new float[indices.length * inputShape().size()], targets);
    }
}
