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
    /**
     * Weight rising on a schedule to force equivariance at the end (after Pertigkiozoglou et al. 2024, who shrink the
     * relaxation on a schedule instead).
     */
    SCHEDULED("scheduled"),
    /** L2 prior on the free branch only (Finzi et al. 2021, RPP). */
    RPP("rpp"),
    /** One regulariser per quantity with automatically tuned strength (after Kim et al. 2023). */
    SOFTREG("softreg"),
    /** Equality constraints c = ε(t) with ε(t) → 0 (ε ≡ 0 by default), dual ascent (ACE; see docs/constraints.md). */
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
     * {@code rpp} only; the others (deviations, relaxation magnitudes) by every method with terms. Every selector of
     * {@link MethodSettings#epsilonFor} or {@link MethodSettings#weightFor} that the method reads must match one of
     * {@code quantities}, so that a misspelt one is not ignored; it applies to the method's terms it matches.
     */
    public LagrangianPlan plan(List<ConstraintQuantity> quantities, MethodSettings s) {
        List<ConstraintQuantity> symmetry = quantities.stream().filter(q -> q.kind() != QuantityKind.FREE_BRANCH_L2).toList();
        List<ConstraintQuantity> free = quantities.stream().filter(q -> q.kind() == QuantityKind.FREE_BRANCH_L2).toList();
        return switch (this) {
            case STRICT -> new LagrangianPlan(id, List.of());
            case UNCONSTRAINED -> new LagrangianPlan(id, List.of());
            case PENALTY -> weighted(symmetry, quantities, s, new Schedule.Constant(s.penaltyWeight()));
            case SCHEDULED -> weighted(symmetry, quantities, s, s.penaltySchedule());
            case RPP -> weighted(free, quantities, s, new Schedule.Constant(s.rppWeight()));
            case SOFTREG -> terms(symmetry, q -> new Term.SoftReg(q.name(), q, s.softreg()));
            case ACE -> constrained(symmetry, quantities, s, ConstraintKind.EQUALITY);
            case ACE_RESILIENT -> constrained(symmetry, quantities, s, ConstraintKind.resilient(s.alpha()));
        };
    }

    private LagrangianPlan weighted(List<ConstraintQuantity> terms, List<ConstraintQuantity> all, MethodSettings s,
                                    Schedule.Timed weight) {
        s.weightFor().requireEachMatches("method " + id + ": the weight", "weightFor", all);
        return terms(terms, q -> new Term.Penalty(q.name(), q, s.weightFor().scheduleFor(q, weight)));
    }

    private LagrangianPlan constrained(List<ConstraintQuantity> terms, List<ConstraintQuantity> all, MethodSettings s,
                                       ConstraintKind kind) {
        s.epsilonFor().requireEachMatches("method " + id + ": the target epsilon", "epsilonFor", all);
        return terms(terms, q -> new Constraint(q.name(), q, kind, s.epsilonFor().scheduleFor(q, s.epsilon())));
    }

    private LagrangianPlan terms(List<ConstraintQuantity> quantities, Function<ConstraintQuantity, Term> term) {
        if (quantities.isEmpty()) {
            throw new IllegalArgumentException("method " + id + " needs at least one "
                    + (this == RPP ? "free-branch L2 quantity" : "deviation or relaxation quantity"));
        }
        return new LagrangianPlan(id, quantities.stream().map(term).toList());
    }
}
