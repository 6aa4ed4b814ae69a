package dev.jace.constraint;

import dev.jace.backend.DualUpdate;

import static dev.jace.tensor.FiniteValues.finiteAboveZero;

/**
 * How a measured quantity c is constrained against its target ε(t):
 * {@link Equality} c = ε(t); {@link Inequality} c ≤ ε(t); {@link Resilient} c ≤ ε(t) + u with a slack u ≥ 0 that
 * costs (α/2)·u².
 */
public sealed interface ConstraintKind {

    Equality EQUALITY = new Equality();
    Inequality INEQUALITY = new Inequality();

    static Resilient resilient(double alpha) {
        return new Resilient(alpha);
    }

    /** The kind's code in a {@link DualUpdate} plan. */
    int code();

    record Equality() implements ConstraintKind {
        @Override
        public int code() {
            return DualUpdate.EQUALITY;
        }
    }

    record Inequality() implements ConstraintKind {
        @Override
        public int code() {
            return DualUpdate.INEQUALITY;
        }
    }

    record Resilient(double alpha) implements ConstraintKind {
        public Resilient {
            if (!finiteAboveZero(alpha)) {
                throw new IllegalArgumentException("resilient constraint needs a finite alpha > 0, got " + alpha);
            }
        }

        @Override
        public int code() {
            return DualUpdate.RESILIENT;
        }
    }
}
