package dev.jace.io;

import dev.jace.tensor.Shape;

import java.util.Objects;

/** Row-major float32 {@code values} of {@code shape}; the array is not copied. */
public record FloatArray(Shape shape, float[] values) {

    public FloatArray {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values do not fit shape " + shape + " ("
                    + shape.size() + " elements)");
        }
    }
}
