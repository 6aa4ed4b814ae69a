package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.io.FileFormatException;
import dev.jace.io.NamedTensor;
import dev.jace.tensor.FiniteValues;
import dev.jace.tensor.Tensor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Loads tensors read from a safetensors file into a model's tensors ({@link ModelWeights}, {@link Checkpoint}): each is
 * checked first, then copied.
 */
final class SavedTensors {

    private SavedTensors() {
    }

    /** What is wrong with a file that lacks the tensor {@code name}. */
    static String missing(Map<String, NamedTensor> saved, String name) {
        return "has no tensor '" + name + "' (has " + saved.keySet() + ")";
    }

    /**
     * The saved tensor {@code name} for {@code target}; a missing tensor, another shape or a NaN/infinite value is a
     * {@link FileFormatException} naming the file and the tensor.
     */
    static NamedTensor require(Path file, Map<String, NamedTensor> saved, String name, Tensor target)
            throws FileFormatException {
        NamedTensor t = saved.get(name);
        if (t == null) {
            throw new FileFormatException(file, missing(saved, name));
        }
        if (!t.shape().equals(target.shape())) {
            throw new FileFormatException(file, "tensor '" + name + "' has shape " + t.shape() + ", the model needs "
                    + target.shape());
        }
        int i = FiniteValues.firstNonFinite(t.values());
        if (i >= 0) {
            throw new FileFormatException(file, "tensor '" + name + "' holds " + t.values()[i] + " at "
                    + Arrays.toString(t.shape().coordinates(i)) + "; a model with non-finite weights computes nothing"
                    + " useful (a diverged or damaged file)");
        }
        return t;
    }

    /** Copies {@code saved}, already {@link #require}d for {@code target}, into it. */
    static void upload(Backend backend, NamedTensor saved, Tensor target) {
        try (Tensor uploaded = backend.upload(saved.values(), saved.shape())) {
            backend.copy(uploaded, target);
        }
    }
}
