package dev.jace.nn;

/** How a {@link Sequential.Builder} relaxes an equivariant convolution. */
public sealed interface RelaxationSpec {

    /** Strictly equivariant. */
    record None() implements RelaxationSpec {
    }

    /** {@link AdditiveRelaxation} with initial γ (finite). */
    record Additive(float gamma) implements RelaxationSpec {
        public Additive {
            if (!Float.isFinite(gamma)) {
                throw new IllegalArgumentException("additive relaxation: the initial γ must be finite, got " + gamma);
            }
        }
    }

    /**
     * {@link RelaxedGroupConvLayer} with {@code basisCount} bases and coefficient noise (finite, at least 0; group
     * convs only).
     */
    record Basis(int basisCount, float noise) implements RelaxationSpec {
        public Basis {
            if (!(noise >= 0) || Float.isInfinite(noise)) {
                throw new IllegalArgumentException("basis relaxation: the coefficient noise must be finite and at"
                        + " least 0, got " + noise);
            }
        }
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
