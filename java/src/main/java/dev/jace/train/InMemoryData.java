package dev.jace.train;

import dev.jace.tensor.FiniteValues;
import dev.jace.tensor.Shape;

import java.util.Objects;

/**
 * A {@link TrainingData} held in host arrays, sample-major. The arrays are held, not copied (datasets are large), and
 * checked when the data is made: values written into them later are not checked again.
 */
public record InMemoryData(Shape inputShape, int targetSize, float[] trainInputs, float[] trainTargets,
                           float[] testInputs, float[] testTargets) implements TrainingData {

    public InMemoryData {
        Objects.requireNonNull(inputShape, "in-memory data: inputShape");
        Objects.requireNonNull(trainInputs, "in-memory data: trainInputs");
        Objects.requireNonNull(trainTargets, "in-memory data: trainTargets");
        Objects.requireNonNull(testInputs, "in-memory data: testInputs");
        Objects.requireNonNull(testTargets, "in-memory data: testTargets");
        if (targetSize < 1) {
            throw new IllegalArgumentException("in-memory data: targetSize must be at least 1 float per sample, got "
                    + targetSize);
        }
        int in = inputShape.size();
        requireWholeSamples("train", trainInputs, trainTargets, inputShape, targetSize);
        requireWholeSamples("test", testInputs, testTargets, inputShape, targetSize);
        requireFinite("trainInputs", trainInputs, in);
        requireFinite("trainTargets", trainTargets, targetSize);
        requireFinite("testInputs", testInputs, in);
        requireFinite("testTargets", testTargets, targetSize);
    }

    private static void requireWholeSamples(String split, float[] inputs, float[] targets, Shape inputShape,
                                            int targetSize) {
        int in = inputShape.size();
        if (inputs.length % in != 0) {
            throw new IllegalArgumentException("in-memory data: " + split + "Inputs holds " + inputs.length
                    + " floats, not whole samples of " + inputShape + " (" + in + " floats each)");
        }
        long samples = inputs.length / in;
        if (targets.length != samples * targetSize) {
            throw new IllegalArgumentException("in-memory data: " + split + "Targets holds " + targets.length
                    + " floats, but the " + samples + " samples of " + split + "Inputs need " + samples * targetSize
                    + " (" + targetSize + " per sample)");
        }
    }

    /** A NaN or infinity would only show as a diverged loss some steps later, so name the value here. */
    private static void requireFinite(String name, float[] values, int perSample) {
        int i = FiniteValues.firstNonFinite(values);
        if (i >= 0) {
            throw new IllegalArgumentException("in-memory data: " + name + "[" + i + "] (sample " + i / perSample
                    + ") is " + values[i] + "; replace or drop the sample");
        }
    }

    @Override
    public int size(Split split) {
        return (split == Split.TRAIN ? trainInputs : testInputs).length / inputShape.size();
    }

    @Override
    public void fill(Split split, int[] indices, float[] inputs, float[] targets) {
        float[] x = split == Split.TRAIN ? trainInputs : testInputs;
        int in = inputShape.size();
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(x, indices[i] * in, inputs, i * in, in);
        }
        fillTargets(split, indices, targets);
    }

    @Override
    public void fillTargets(Split split, int[] indices, float[] targets) {
        float[] y = split == Split.TRAIN ? trainTargets : testTargets;
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(y, indices[i] * targetSize, targets, i * targetSize, targetSize);
        }
    }
}
