package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.nn.Buffer;
import dev.jace.tensor.FiniteValues;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Locale;

/**
 * Loads batches of a {@link TrainingData} into tensors the loader keeps: the samples are gathered on the host and
 * written with {@link Backend#copyIn}, which on CUDA is an asynchronous copy from page-locked memory, so loading the
 * next batch does not wait for the device to finish the previous step, and no tensor is allocated per step. Two
 * slots: the batch, and the deviation probe's samples, which are in use at the same time. A slot's tensors are
 * overwritten by its next load. Closing the loader frees them.
 */
final class BatchLoader implements AutoCloseable {

    /** Which of the loader's tensors a batch goes into. */
    enum Slot { BATCH, PROBE }

    private final Backend backend;
    private final TrainingData data;
    private final Buffer[] inputs = new Buffer[Slot.values().length];
    private final Buffer[] targets = new Buffer[Slot.values().length];

    BatchLoader(Backend backend, TrainingData data) {
        this.backend = backend;
        this.data = data;
        for (Slot slot : Slot.values()) {
            inputs[slot.ordinal()] = new Buffer(backend);
            targets[slot.ordinal()] = new Buffer(backend);
        }
    }

    /** The samples {@code indices} of {@code split} in {@code slot}: inputs on the backend, targets on the host. */
    Batch load(Split split, int[] indices, Slot slot) {
        Shape sample = data.inputShape();
        float[] x = new float[indices.length * sample.size()];
        float[] y = new float[indices.length * data.targetSize()];
        data.fill(split, indices, x, y);
        requireFinite(split, indices, x, sample.size(), "input");
        requireFinite(split, indices, y, data.targetSize(), "target");
        Tensor t = inputs[slot.ordinal()].get(sample.batchOf(indices.length));
        backend.copyIn(x, t);
        return new Batch(t, y, slot);
    }

    /**
     * A NaN or infinity in a batch (an {@link InMemoryData} checks its arrays when made, other data sets are checked
     * here) would spread through the parameters and batch statistics and show as a diverged loss blamed on the
     * learning rate, or as a NaN evaluation; so it is named before it reaches the backend. A scan of what the fill
     * just wrote: it costs about what the fill does, little next to a step.
     */
    private static void requireFinite(Split split, int[] indices, float[] values, int perSample, String what) {
        int i = FiniteValues.firstNonFinite(values);
        if (i >= 0) {
            throw new IllegalArgumentException("trainer: " + split.name().toLowerCase(Locale.ROOT) + " sample "
                    + indices[i / perSample] + " holds " + values[i] + " (" + what + " value " + i % perSample
                    + " of its " + perSample + ") as the data's fill gave it; a NaN or infinity would spread through"
                    + " the model's parameters and statistics: replace or drop the sample");
        }
    }

    /** The batch's targets as a tensor of {@code shape} (the model output's, for regression). */
    Tensor targets(Batch batch, Shape shape) {
        if (shape.size() != batch.hostTargets().length) {
            throw new IllegalArgumentException("trainer: the model output needs targets of shape " + shape
                    + " but the data has " + batch.hostTargets().length + " target values for this batch");
        }
        Tensor t = targets[batch.slot().ordinal()].get(shape);
        backend.copyIn(batch.hostTargets(), t);
        return t;
    }

    @Override
    public void close() {
        for (Buffer b : inputs) {
            b.close();
        }
        for (Buffer b : targets) {
            b.close();
        }
    }

    /** One loaded batch; {@code inputs} belongs to the loader and stays valid until the slot's next load. */
    record Batch(Tensor inputs, float[] hostTargets, Slot slot) {
    }
}
