package dev.jace.constraint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Runs one {@link LagrangianPlan}. Per training step the caller computes the loss gradient, then calls
 * {@link #step}, which
 * <ol>
 *   <li>starts measuring every term's c_i on the current batch ({@link ConstraintQuantity#measure}) and takes the
 *       target ε_i in force;</li>
 *   <li>adds w_i·∇c_i to the gradients, with w_i the term's weight (λ_i, penalty weight or softreg strength);</li>
 *   <li>runs the caller's primal step;</li>
 *   <li>reads the c_i (the weights never depend on them, so on a device backend nothing is read to the host before
 *       the primal step has been enqueued) and sums the penalty;</li>
 *   <li>resilient constraints: u_i ← max(0, u_i − η_u(α u_i − λ_i)) with the λ_i used in (2);</li>
 *   <li>on dual steps: λ_i from c_i, ε_i and the slack before (4) (see {@link DualAscent}), adaptive targets advanced
 *       with the new λ_i, softreg strengths retuned.</li>
 * </ol>
 * Updates are simultaneous (each uses the values from before the step), deterministic, and in term order.
 *
 * <p>{@code horizon} is the step count over which step-driven schedules run; later steps keep their final values.
 * Multipliers track a moving target with a lag proportional to its slope, so a homotopy that must end at ε = 0 either
 * arrives flat (cosine, step) or uses a horizon shorter than the run to leave a settling phase.
 */
public final class PrimalDualLoop {

    private final LagrangianPlan plan;
    private final DualAscent dual;
    private final long horizon;
    private final ConstraintState[] states;

    public PrimalDualLoop(LagrangianPlan plan, DualAscent dual, long horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("schedule horizon must be >= 1 step, got " + horizon);
        }
        this.plan = plan;
        this.dual = dual;
        this.horizon = horizon;
        this.states = new ConstraintState[plan.terms().size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = switch (plan.terms().get(i)) {
                case Term.Penalty p -> ConstraintState.initial(p.weight().initial(horizon), 0.0);
                case Term.SoftReg r -> ConstraintState.initial(r.tuning().initialStrength(), 0.0);
                case Constraint c -> ConstraintState.initial(0.0, c.epsilon().initial(horizon));
            };
        }
    }

    public LagrangianPlan plan() {
        return plan;
    }

    /** One training step; {@code primalStep} applies the optimiser to the accumulated gradients. */
    public StepReport step(long step, Runnable primalStep) {
        List<Term> terms = plan.terms();
        DoubleSupplier[] readings = new DoubleSupplier[states.length];
        double[] values = new double[states.length];
        double[] epsilons = new double[states.length];
        double[] weights = new double[states.length];
        for (int i = 0; i < states.length; i++) {
            Term term = terms.get(i);
            readings[i] = term.quantity().measure();
            epsilons[i] = term instanceof Constraint c && c.epsilon() instanceof Schedule.Timed t
                    ? t.value(step, horizon) : states[i].epsilon();
            weights[i] = term instanceof Term.Penalty p ? p.weight().value(step, horizon) : states[i].multiplier();
            if (weights[i] != 0.0) {
                term.quantity().accumulateGradient(weights[i]);
            }
        }
        primalStep.run();
        double penalty = 0.0;
        for (int i = 0; i < states.length; i++) {
            values[i] = readings[i].getAsDouble();
            penalty += terms.get(i) instanceof Constraint c
                    ? weights[i] * (values[i] - epsilons[i] - states[i].slack()) + slackCost(c, states[i].slack())
                    : weights[i] * values[i];
        }
        boolean dualStep = dual.isDualStep(step);
        for (int i = 0; i < states.length; i++) {
            ConstraintState s = states[i].withMeasurement(values[i], epsilons[i]).withMultiplier(weights[i]);
            switch (terms.get(i)) {
                case Term.Penalty p -> {
                }
                case Term.SoftReg r -> {
                    if (dualStep) {
                        s = s.withMultiplier(r.tuning().update(weights[i], values[i]));
                    }
                }
                case Constraint c -> {
                    if (c.kind() instanceof ConstraintKind.Resilient res) {
                        s = s.withSlack(dual.slack(res, states[i].slack(), weights[i]));
                    }
                    if (dualStep) {
                        double lambda = dual.multiplier(c.kind(), weights[i], values[i], epsilons[i], states[i].slack());
                        s = s.withMultiplier(lambda);
                        if (c.epsilon() instanceof Schedule.Adaptive a) {
                            s = s.withEpsilon(a.advance(epsilons[i], lambda, step + 1, horizon));
                        }
                    }
                }
            }
            states[i] = s;
        }
        return new StepReport(step, dualStep, penalty, states());
    }

    private static double slackCost(Constraint c, double slack) {
        return c.kind() instanceof ConstraintKind.Resilient r ? 0.5 * r.alpha() * slack * slack : 0.0;
    }

    /** Current state of every term, by term name, in plan order. */
    public Map<String, ConstraintState> states() {
        Map<String, ConstraintState> map = new LinkedHashMap<>();
        for (int i = 0; i < states.length; i++) {
            map.put(plan.terms().get(i).name(), states[i]);
        }
        return map;
    }

    /** The state as plain maps, for checkpoints. */
    public Map<String, Map<String, Double>> saveState() {
        Map<String, Map<String, Double>> map = new LinkedHashMap<>();
        states().forEach((name, s) -> map.put(name, s.toMap()));
        return map;
    }

    /** Restores {@link #saveState()}'s output; the term names must match this plan's exactly. */
    public void restoreState(Map<String, Map<String, Double>> saved) {
        List<String> expected = plan.terms().stream().map(Term::name).toList();
        if (!saved.keySet().equals(new HashSet<>(expected))) {
            throw new IllegalArgumentException("saved constraint state has terms " + saved.keySet() + " but method "
                    + plan.method() + " has " + expected);
        }
        for (int i = 0; i < states.length; i++) {
            states[i] = ConstraintState.fromMap(saved.get(expected.get(i)));
        }
    }

    /** Final multiplier, slack and deviation per symmetry type (free-branch L2 terms excluded). */
    public SymmetryLevels symmetryLevels() {
        List<SymmetryLevels.Entry> entries = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            ConstraintQuantity q = plan.terms().get(i).quantity();
            if (q.kind() != QuantityKind.FREE_BRANCH_L2) {
                entries.add(new SymmetryLevels.Entry(q.symmetryType(), states[i]));
            }
        }
        return SymmetryLevels.of(entries);
    }

    /**
     * @param penalty Σ w_i (c_i − ε_i − u_i) + Σ (α/2) u_i² over constraints, Σ w_i c_i over other terms: what the
     *                terms added to the loss this step
     * @param states  every term's state after the step
     */
    public record StepReport(long step, boolean dualStep, double penalty, Map<String, ConstraintState> states) {
    }
}
