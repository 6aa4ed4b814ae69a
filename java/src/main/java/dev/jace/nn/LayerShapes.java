package dev.jace.nn;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

/** Input checks shared by the layers; messages name the layer, the expectation and the actual shape. */
final class LayerShapes {

    private LayerShapes() {
    }

    /** Refuses a null {@code x} given to {@code layer}'s forward. */
    static void input(String layer, Tensor x) {
        if (x == null) { // not requireNonNull(x, message): that builds the message at every forward
            throw new NullPointerException(layer + ".forward: x is null; give the input batch");
        }
    }

    static void rank(String layer, Shape in, int rank, String layout) {
        if (in.rank() != rank) {
            throw new IllegalArgumentException(layer + ": input should be " + layout + " but has shape " + in);
        }
    }

    static void dim(String layer, Shape in, int axis, int expected, String what) {
        if (in.dim(axis) != expected) {
            throw new IllegalArgumentException(layer + ": input should have " + expected + " " + what + " (axis "
                    + axis + ") but has shape " + in);
        }
    }
}
