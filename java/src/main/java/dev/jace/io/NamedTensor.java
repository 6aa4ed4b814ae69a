package dev.jace.io;

import dev.jace.tensor.Shape;

import java.util.Objects;

/**
 * A named float32 tensor on the heap: row-major {@code values} of {@code shape}. The array is not copied
 * (weights can be large), so the record compares arrays by identity.
 */
public record NamedTensor(String name, Shape shape, float[] values) {

    public NamedTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + values.length
                    + " values but shape " + shape + " needs " + shape.size());
        }
    }
}
