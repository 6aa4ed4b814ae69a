package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * A relaxation's magnitude taken now and read later: the value is copied on the device when taken and read to the
 * host only when the reading is asked for, so taking it never waits for the device. A reading is valid until the next
 * one is taken, and until its owner is closed.
 */
final class ScalarSnapshot implements AutoCloseable {

    private final Backend backend;
    private final String owner;
    private final Tensor value;
    private long taken;
    private boolean closed;

    /** {@code owner} names the layer in the errors of stale or closed readings. */
    ScalarSnapshot(Backend backend, String owner) {
        this.backend = backend;
        this.owner = owner;
        this.value = backend.allocate(Shape.of(1));
    }

    /** Copies {@code source} (one element) on the device; the reading returns it through {@code read}. */
    DoubleSupplier take(Tensor source, DoubleUnaryOperator read) {
        backend.copy(source, value);
        long snapshot = ++taken;
        return () -> {
            if (closed) {
                throw new IllegalStateException(owner + " used after close() or project()");
            }
            if (snapshot != taken) {
                throw new IllegalStateException(owner + ": a magnitude reading used after the next one");
            }
            return read.applyAsDouble(backend.download(value)[0]);
        };
    }

    @Override
    public void close() {
        closed = true;
        value.close();
    }
}
