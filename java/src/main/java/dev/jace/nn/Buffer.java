package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/** A reusable layer-owned tensor, reallocated only when the requested shape changes. */
final class Buffer implements AutoCloseable {

    private final Backend backend;
    private Tensor tensor;

    Buffer(Backend backend) {
        this.backend = backend;
    }

    /** A tensor of {@code shape}; its contents are unspecified (every backend op overwrites its output). */
    Tensor get(Shape shape) {
        if (tensor == null || !tensor.shape().equals(shape)) {
            close();
            tensor = backend.allocate(shape);
        }
        return tensor;
    }

    @Override
    public void close() {
        if (tensor != null) {
            tensor.close();
            tensor = null;
        }
    }
}
