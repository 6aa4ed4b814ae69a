package dev.jace.constraint;

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

    record Equality() implements ConstraintKind {
    }

    record Inequality() implements ConstraintKind {
    }

    record Resilient(double alpha) implements ConstraintKind {
        public Resilient {
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("resilient constraint needs a finite alpha > 0, got " + alpha);
            }
        }
    }
}
