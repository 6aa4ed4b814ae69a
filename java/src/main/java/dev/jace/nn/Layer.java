package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Map;
import java.util.function.Function;

/**
 * A network layer with an explicit backward pass.
 *
 * <p>Ownership: tensors returned by {@link #forward} and {@link #backward} belong to the layer (or are the argument
 * itself or a view of it, for identity-like layers) and stay valid until its next call of the same method or
 * {@link #close()}; callers must not close them and must copy an output they want to keep across another forward
 * ({@link #inferenceCopy} does). {@code forward} keeps a reference to {@code x} for {@code backward}, so {@code x}
 * must stay valid until then.
 */
public interface Layer extends AutoCloseable {

    /** Computes the output, caching what {@link #backward} needs; a null {@code x} is refused, naming the layer. */
    Tensor forward(Tensor x, boolean training);

    /**
     * Given {@code dy = ∂L/∂y} for the last forward, adds {@code ∂L/∂θ} to every parameter's gradient ({@code +=})
     * and returns {@code ∂L/∂x}.
     */
    Tensor backward(Tensor dy);

    /**
     * {@link #backward} for a caller that does not need {@code ∂L/∂x} (the model's input, which no one trains):
     * adds the same parameter gradients, bitwise, and may skip computing the input's gradient.
     */
    default void backwardParameters(Tensor dy) {
        backward(dy);
    }

    /** Parameters under names local to this layer. */
    ParameterRegistry parameters();

    /** Non-learned state saved with the model (e.g. batch-norm running statistics), by local name. */
    default Map<String, Tensor> buffers() {
        return Map.of();
    }

    /** Output shape for input shape {@code in}; throws {@link IllegalArgumentException} for an unusable input. */
    Shape outputShape(Shape in);

    @Override
    void close();

    /**
     * {@code layer.forward(x, false)} as a function whose every result is a new tensor on {@code backend} that the
     * caller owns, e.g. for {@link dev.jace.ops.EquivarianceDeviation#measure}.
     */
    static Function<Tensor, Tensor> inferenceCopy(Backend backend, Layer layer) {
        return x -> {
            Tensor y = layer.forward(x, false);
            Tensor copy = backend.allocate(y.shape());
            backend.copy(y, copy);
            return copy;
        };
    }
}
