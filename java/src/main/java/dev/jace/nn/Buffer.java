package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/**
 * A reusable tensor (of a layer, or of the trainer's batches), reallocated only when the requested shape is neither
 * of the last two. Training alternates between two batch shapes (the batch and the deviation probe's |G|·N samples,
 * or an evaluation batch and its probe); reallocating a zero-filled tensor at every switch took about a tenth of a
 * CPU training run.
 */
public final class Buffer implements AutoCloseable {

    private final Backend backend;
    /** The tensor {@link #get} returned last. */
    private Tensor recent;
    /** The one it returned before, of another shape. */
    private Tensor previous;

    public Buffer(Backend backend) {
        this.backend = backend;
    }

    /** A tensor of {@code shape}; its contents are unspecified (every backend op overwrites its output). */
    public Tensor get(Shape shape) {
        if (recent == null || !recent.shape().equals(shape)) {
            Tensor other = previous;
            if (other != null && other.shape().equals(shape)) {
                previous = recent;
                recent = other;
            } else {
                // Freed before allocating (its memory may be needed), and forgotten first: an allocation that throws
                // (out of memory, refused inside captured work) must not leave a closed tensor to hand out later.
                previous = null;
                if (other != null) {
                    other.close();
                }
                Tensor allocated = backend.allocate(shape);
                previous = recent;
                recent = allocated;
            }
        }
        return recent;
    }

    @Override
    public void close() {
        for (Tensor t : new Tensor[] {recent, previous}) {
            if (t != null) {
                t.close();
            }
        }
        recent = null;
        previous = null;
    }
}
