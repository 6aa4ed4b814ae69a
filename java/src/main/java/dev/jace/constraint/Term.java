package dev.jace.constraint;

/**
 * One weighted quantity of a {@link LagrangianPlan}: the primal step sees {@code weight · ∇c}. The variants differ only
 * in where the weight comes from.
 */
public sealed interface Term permits Constraint, Term.Penalty, Term.SoftReg {

    String name();

    ConstraintQuantity quantity();

    /** Weight set by a step-driven schedule: fixed ({@link Schedule.Constant}) or rising on a schedule. */
    record Penalty(String name, ConstraintQuantity quantity, Schedule.Timed weight) implements Term {
    }

    /** Weight tuned from the quantity's own measurements; see {@link SoftRegTuning}. */
    record SoftReg(String name, ConstraintQuantity quantity, SoftRegTuning tuning) implements Term {
    }
}
