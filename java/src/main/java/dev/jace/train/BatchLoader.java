package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.nn.Buffer;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

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
        Tensor t = inputs[slot.ordinal()].get(sample.batchOf(indices.length));
        backend.copyIn(x, t);
        return new Batch(t, y, slot);
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
