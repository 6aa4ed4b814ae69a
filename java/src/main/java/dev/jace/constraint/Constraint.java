package dev.jace.constraint;

/**
 * A constraint on a measured quantity, enforced through a multiplier by {@link PrimalDualLoop}.
 *
 * <p>An equality means "c = 0 at the end": its target ε(t) must finish at 0. A constant 0 gives the plain equality;
 * a schedule decreasing to 0 gives the homotopy c = ε(t) → 0 (jace's addition to ACE). Because equality multipliers
 * are not projected, λ may turn negative while c &lt; ε(t).
 */
public record Constraint(String name, ConstraintQuantity quantity, ConstraintKind kind, Schedule epsilon) implements Term {

    public Constraint {
        if (kind instanceof ConstraintKind.Equality && epsilon.finalValue() != 0.0) {
            throw new IllegalArgumentException("equality constraint '" + name + "' needs a target that ends at 0, got "
                    + epsilon.text() + " ending at " + Schedule.number(epsilon.finalValue())
                    + " (a resilient constraint, ace-resilient, may keep a target above 0)");
        }
    }
}
