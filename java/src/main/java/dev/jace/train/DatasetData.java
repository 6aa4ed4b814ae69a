package dev.jace.train;

import dev.jace.data.Dataset;
import dev.jace.data.Targets;
import dev.jace.data.TaskKind;
import dev.jace.tensor.Shape;

/** A {@link dev.jace.data.Dataset} (teacher, fashion-mnist, plume) as {@link TrainingData}. */
public record DatasetData(Dataset dataset) implements TrainingData {

    public DatasetData {
        if (!dataset.train().inputShape().equals(dataset.test().inputShape())
                || dataset.train().targets().sampleSize() != dataset.test().targets().sampleSize()) {
            throw new IllegalArgumentException("dataset " + dataset.name() + ": train and test samples differ in shape");
        }
    }

    /** The task that fits the dataset's targets. */
    public Task task() {
        return dataset.kind() == TaskKind.CLASSIFICATION ? new Task.Classification() : new Task.Regression();
    }

    private dev.jace.data.Split split(Split split) {
        return split == Split.TRAIN ? dataset.train() : dataset.test();
    }

    @Override
    public int size(Split split) {
        return split(split).count();
    }

    @Override
    public Shape inputShape() {
        return dataset.train().inputShape();
    }

    @Override
    public int targetSize() {
        return dataset.train().targets().sampleSize();
    }

    @Override
    public void fill(Split split, int[] indices, float[] inputs, float[] targets) {
        dev.jace.data.Split s = split(split);
        int in = s.inputShape().size();
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(s.inputs(), indices[i] * in, inputs, i * in, in);
        }
        fillTargets(split, indices, targets);
    }

    @Override
    public void fillTargets(Split split, int[] indices, float[] targets) {
        int out = targetSize();
        switch (split(split).targets()) {
            case Targets.Values v -> {
                for (int i = 0; i < indices.length; i++) {
                    System.arraycopy(v.values(), indices[i] * out, targets, i * out, out);
                }
            }
            case Targets.Labels l -> {
                for (int i = 0; i < indices.length; i++) {
                    targets[i] = l.labels()[indices[i]];
                }
            }
        }
    }
}
