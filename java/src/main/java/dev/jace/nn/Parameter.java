package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/**
 * A learnable tensor and its gradient, both on one backend. {@link #name()} is the name within the owning layer
 * (e.g. "weight"); a {@link ParameterRegistry} gives the dotted model-level name. Closing releases both tensors.
 */
public final class Parameter implements AutoCloseable {

    private final String name;
    private final Tensor value;
    private final Tensor grad;

    private Parameter(String name, Tensor value, Tensor grad) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".")) {
            throw new IllegalArgumentException("parameter name '" + name + "' is empty or starts/ends with a dot");
        }
        this.name = name;
        this.value = value;
        this.grad = grad;
    }

    /** A parameter holding {@code values} with a zero gradient. */
    public static Parameter of(Backend backend, String name, float[] values, Shape shape) {
        return new Parameter(name, backend.upload(values, shape), backend.allocate(shape));
    }

    /** A parameter filled with {@code value}, zero gradient. */
    public static Parameter filled(Backend backend, String name, Shape shape, float value) {
        Tensor t = backend.allocate(shape);
        backend.fill(t, value);
        return new Parameter(name, t, backend.allocate(shape));
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    /** Gradient; layers accumulate into it ({@code +=}) on every backward. */
    public Tensor grad() {
        return grad;
    }

    public Shape shape() {
        return value.shape();
    }

    /** Number of scalar elements. */
    public int size() {
        return value.size();
    }

    @Override
    public void close() {
        value.close();
        grad.close();
    }

    @Override
    public String toString() {
        return "Parameter " + name + value.shape();
    }
}
