package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.OwnedResources;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/**
 * A learnable tensor and its gradient, both on one backend. {@link #name()} is the name within the owning layer
 * (e.g. "weight"); a {@link ParameterRegistry} gives the dotted model-level name. Closing releases both tensors; a
 * factory that fails leaves neither allocated.
 */
public final class Parameter implements AutoCloseable {

    private final String name;
    private final Tensor value;
    private final Tensor grad;

    private Parameter(String name, Tensor value, Tensor grad) {
        this.name = name;
        this.value = value;
        this.grad = grad;
    }

    /** A parameter holding {@code values} with a zero gradient. */
    public static Parameter of(Backend backend, String name, float[] values, Shape shape) {
        checkName(name);
        OwnedResources owned = new OwnedResources();
        try {
            return new Parameter(name, owned.own(backend.upload(values, shape)), owned.own(backend.allocate(shape)));
        } catch (RuntimeException | Error e) {
            owned.closeAfter(e);
            throw e;
        }
    }

    /** A parameter filled with {@code value}, zero gradient. */
    public static Parameter filled(Backend backend, String name, Shape shape, float value) {
        checkName(name);
        OwnedResources owned = new OwnedResources();
        try {
            Tensor t = owned.own(backend.allocate(shape));
            backend.fill(t, value);
            return new Parameter(name, t, owned.own(backend.allocate(shape)));
        } catch (RuntimeException | Error e) {
            owned.closeAfter(e);
            throw e;
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".")) {
            throw new IllegalArgumentException("parameter name '" + name + "' is empty or starts/ends with a dot");
        }
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
