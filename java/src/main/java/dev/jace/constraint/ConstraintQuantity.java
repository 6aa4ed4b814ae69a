package dev.jace.constraint;

/**
 * A differentiable scalar c(θ) measured on the current batch. Implemented above {@code nn}, by whoever owns the model;
 * this package only reads values and asks for weighted gradients.
 */
public interface ConstraintQuantity {

    /** Unique within a plan, e.g. "output.rotation" or "layer2.gamma". */
    String name();

    /** Symmetry type label, e.g. "rotation" or "reflection"; {@link #NO_SYMMETRY} for the free-branch L2. */
    String symmetryType();

    String NO_SYMMETRY = "none";

    QuantityKind kind();

    /** c(θ) on the current batch. Called once per step, before {@link #accumulateGradient}. */
    double value();

    /** Adds {@code weight · ∂c/∂θ} to the parameter gradients (accumulates, never overwrites). */
    void accumulateGradient(double weight);
}
