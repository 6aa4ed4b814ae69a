package dev.jace.nn;

/** How a {@link Sequential.Builder} relaxes an equivariant convolution. */
public sealed interface RelaxationSpec {

    /** Strictly equivariant. */
    record None() implements RelaxationSpec {
    }

    /** {@link AdditiveRelaxation} with initial γ. */
    record Additive(float gamma) implements RelaxationSpec {
    }

    /** {@link RelaxedGroupConvLayer} with {@code basisCount} bases and coefficient noise (group convs only). */
    record Basis(int basisCount, float noise) implements RelaxationSpec {
    }

    static RelaxationSpec none() {
        return new None();
    }

    static RelaxationSpec additive(float gamma) {
        return new Additive(gamma);
    }

    static RelaxationSpec basis(int basisCount, float noise) {
        return new Basis(basisCount, noise);
    }
}
