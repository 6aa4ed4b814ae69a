package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.nn.Buffer;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/**
 * Where a {@link Task} leaves a batch's loss and metric on the device between {@link Task#enqueue} and
 * {@link Task#read}: kept tensors, reused from batch to batch, so that a training step reads its scores to the host
 * only after the rest of its work has been enqueued. Also remembers the batch geometry the read needs.
 */
public final class PendingScores implements AutoCloseable {

    private final Backend backend;
    private final Buffer first;
    private final Buffer second;
    private final Tensor total;
    private Shape outShape;

    public PendingScores(Backend backend) {
        this.backend = backend;
        this.first = new Buffer(backend);
        this.second = new Buffer(backend);
        this.total = backend.allocate(Shape.of(1));
    }

    Backend backend() {
        return backend;
    }

    /** Records the model output's shape for the read; returns it. */
    Shape begin(Shape out) {
        this.outShape = out;
        return out;
    }

    /** The shape {@link #begin} recorded. */
    Shape outShape() {
        if (outShape == null) {
            throw new IllegalStateException("PendingScores: read before any scores were enqueued");
        }
        return outShape;
    }

    /** A kept tensor of {@code shape} (contents unspecified). */
    Tensor first(Shape shape) {
        return first.get(shape);
    }

    /** Another kept tensor of {@code shape}, distinct from {@link #first}. */
    Tensor second(Shape shape) {
        return second.get(shape);
    }

    /** A kept tensor of shape [1]. */
    Tensor total() {
        return total;
    }

    @Override
    public void close() {
        first.close();
        second.close();
        total.close();
    }
}
