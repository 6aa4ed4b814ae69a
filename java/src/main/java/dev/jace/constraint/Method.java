package dev.jace.constraint;

import java.util.List;
import java.util.function.Function;

/** The training methods, all resolved into a {@link LagrangianPlan} and run by the same {@link PrimalDualLoop}. */
public enum Method {
    /** Relaxations projected to zero from the start: an exactly equivariant model. */
    STRICT("strict"),
    /** Relaxations free, no terms. */
    UNCONSTRAINED("unconstrained"),
    /** Fixed weight λ on every deviation/relaxation quantity. */
    PENALTY("penalty"),
    /** Weight rising on a schedule (Pertigkiozoglou et al. 2024) to force equivariance at the end. */
    SCHEDULED("scheduled"),
    /** L2 prior on the free branch only (Finzi et al. 2021, RPP). */
    RPP("rpp"),
    /** One regulariser per quantity with automatically tuned strength (after Kim et al. 2023). */
    SOFTREG("softreg"),
    /** Equality constraints c = ε(t) with ε(t) → 0, dual ascent (ACE). */
    ACE("ace"),
    /** Resilient inequalities c ≤ ε(t) + u with slack cost (α/2)u² (resilient ACE). */
    ACE_RESILIENT("ace-resilient");

    private final String id;

    Method(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * The plan for a model whose measurable quantities are {@code quantities}. Free-branch L2 quantities are used by
     * {@code rpp} only; the others (deviations, relaxation magnitudes) by every method with terms.
     */
    public LagrangianPlan plan(List<ConstraintQuantity> quantities, MethodSettings s) {
        List<ConstraintQuantity> symmetry = quantities.stream().filter(q -> q.kind() != QuantityKind.FREE_BRANCH_L2).toList();
        List<ConstraintQuantity> free = quantities.stream().filter(q -> q.kind() == QuantityKind.FREE_BRANCH_L2).toList();
        return switch (this) {
            case STRICT -> new LagrangianPlan(id, false, List.of());
            case UNCONSTRAINED -> new LagrangianPlan(id, true, List.of());
            case PENALTY -> terms(symmetry, q -> new Term.Penalty(q.name(), q, new Schedule.Constant(s.penaltyWeight())));
            case SCHEDULED -> terms(symmetry, q -> new Term.Penalty(q.name(), q, s.penaltySchedule()));
            case RPP -> terms(free, q -> new Term.Penalty(q.name(), q, new Schedule.Constant(s.rppWeight())));
            case SOFTREG -> terms(symmetry, q -> new Term.SoftReg(q.name(), q, s.softreg()));
            case ACE -> terms(symmetry, q -> new Constraint(q.name(), q, ConstraintKind.EQUALITY, s.epsilon()));
            case ACE_RESILIENT -> terms(symmetry, q -> new Constraint(q.name(), q, ConstraintKind.resilient(s.alpha()), s.epsilon()));
        };
    }

    private LagrangianPlan terms(List<ConstraintQuantity> quantities, Function<ConstraintQuantity, Term> term) {
        if (quantities.isEmpty()) {
            throw new IllegalArgumentException("method " + id + " needs at least one "
                    + (this == RPP ? "free-branch L2 quantity" : "deviation or relaxation quantity"));
        }
        return new LagrangianPlan(id, true, quantities.stream().map(term).toList());
    }
}
