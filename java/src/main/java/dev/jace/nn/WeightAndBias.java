package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.OwnedResources;
import dev.jace.tensor.Shape;

/** A layer's weight and zero bias (one per output, the weight's first axis), made together; a failure frees both. */
record WeightAndBias(Parameter weight, Parameter bias) {

    /** The weight {@code values} of shape {@code w}, and {@code w.dim(0)} zeros as bias (null unless {@code bias}). */
    static WeightAndBias make(Backend backend, float[] values, Shape w, boolean bias) {
        OwnedResources owned = new OwnedResources();
        try {
            Parameter weight = owned.own(Parameter.of(backend, "weight", values, w));
            return new WeightAndBias(weight, bias ? owned.own(Parameter.filled(backend, "bias", Shape.of(w.dim(0)),
                    0f)) : null);
        } catch (RuntimeException | Error e) {
            owned.closeAfter(e);
            throw e;
        }
    }
}
