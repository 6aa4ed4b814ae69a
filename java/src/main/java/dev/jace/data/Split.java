package dev.jace.data;

import dev.jace.tensor.Shape;

/**
 * One part of a dataset (train or test): {@code count} inputs of {@code inputShape} (e.g. {@code [C, H, W]}) stored
 * back to back in {@code inputs}, and their targets.
 */
public record Split(Shape inputShape, float[] inputs, Targets targets, int count) {

    public Split {
        if (count <= 0) {
            throw new IllegalArgumentException("a split needs at least one sample, got " + count);
        }
        if ((long) count * inputShape.size() != inputs.length) {
            throw new IllegalArgumentException("inputs hold " + inputs.length + " floats, expected " + count
                    + " samples of shape " + inputShape);
        }
        if (targets.count() != count) {
            throw new IllegalArgumentException("split has " + count + " inputs but " + targets.count() + " targets");
        }
    }

    public Split(Shape inputShape, float[] inputs, Targets targets) {
        this(inputShape, inputs, targets, inputs.length / inputShape.size());
    }

    /** Batch shape of the inputs, {@code [n, ...inputShape]}. */
    public Shape inputBatchShape(int n) {
        return inputShape.batchOf(n);
    }

    /** Batch shape of the targets: {@code [n, ...targetShape]} for regression, {@code [n]} for labels. */
    public Shape targetBatchShape(int n) {
        return targets instanceof Targets.Values v ? v.shape().batchOf(n) : Shape.of(n);
    }
}
