package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.io.FileFormatException;
import dev.jace.io.NamedTensor;
import dev.jace.tensor.FiniteValues;
import dev.jace.tensor.Tensor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
     * What is wrong with a file whose tensors {@code unplaced} the model lacks; an additive relaxation's (built with
     * {@code RelaxationSpec.additive}, gone after {@code project()}) are named as such.
     */
    static String unplaced(List<String> unplaced) {
        boolean additive = unplaced.stream().anyMatch(name -> name.endsWith(".free.weight") || name.endsWith(".gamma"));
        return "has tensors " + unplaced + " that the model has no place for; it was saved from a model built"
                + " otherwise, and loading would drop them" + (additive ? " (free.weight and gamma are an additive"
                + " relaxation's: build the model with the relaxation it was saved with, or project() the model"
                + " before saving it to keep its equivariant weights only)" : "");
    }

    /**
     * The saved weight {@code name} for {@code target}; a missing tensor, another shape or a NaN/infinite value is a
     * {@link FileFormatException} naming the file and the tensor.
     */
    static NamedTensor require(Path file, Map<String, NamedTensor> saved, String name, Tensor target)
            throws FileFormatException {
        NamedTensor t = fitting(file, saved, name, target);
        int i = FiniteValues.firstNonFinite(t.values());
        if (i >= 0) {
            throw new FileFormatException(file, "tensor '" + name + "' holds " + t.values()[i] + " at "
                    + Arrays.toString(t.shape().coordinates(i)) + "; a model with non-finite weights computes nothing"
                    + " useful (a diverged or damaged file)");
        }
        return t;
    }

    /**
     * Refuses a batch norm's running variance {@code t} with a negative value: training leaves none, and the model
     * would normalise by its square root, NaN.
     */
    static void requireVariance(Path file, NamedTensor t) throws FileFormatException {
        float[] values = t.values();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                throw new FileFormatException(file, "tensor '" + t.name() + "' holds " + values[i] + " at "
                        + Arrays.toString(t.shape().coordinates(i)) + "; a batch norm's running variance is never"
                        + " negative, and the model would output NaN (a damaged file)");
            }
        }
    }

    /**
     * The saved optimiser state {@code name} for {@code target}, as {@link #require} but for infinities: a moment
     * overflows to infinity under huge gradients (Adam's squared gradient past 3.4e38), and training goes on with it
     * (the step it scales is then 0), so the checkpoint of such a run holds one. A NaN comes only from a diverged or
     * damaged file.
     */
    static NamedTensor requireState(Path file, Map<String, NamedTensor> saved, String name, Tensor target)
            throws FileFormatException {
        NamedTensor t = fitting(file, saved, name, target);
        int i = FiniteValues.firstNaN(t.values());
        if (i >= 0) {
            throw new FileFormatException(file, "tensor '" + name + "' holds NaN at "
                    + Arrays.toString(t.shape().coordinates(i)) + "; training never leaves one in the optimiser's"
                    + " state (a diverged or damaged file)");
        }
        return t;
    }

    private static NamedTensor fitting(Path file, Map<String, NamedTensor> saved, String name, Tensor target)
            throws FileFormatException {
        NamedTensor t = saved.get(name);
        if (t == null) {
            throw new FileFormatException(file, missing(saved, name));
        }
        if (!t.shape().equals(target.shape())) {
            throw new FileFormatException(file, "tensor '" + name + "' has shape " + t.shape() + ", the model needs "
                    + target.shape());
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
