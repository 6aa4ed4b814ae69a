package dev.jace.constraint;

import dev.jace.backend.DeviceScalars;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Runs one {@link LagrangianPlan}. Per training step the caller computes the loss gradient, and the loop
 * <ol>
 *   <li>takes the weights w_i (λ_i, penalty weight or softreg strength) and targets ε_i in force ({@link #begin});
 *       the caller publishes the weights to the device ({@link #publish});</li>
 *   <li>starts measuring every term's c_i on the current batch ({@link ConstraintQuantity#measure}) and adds
 *       w_i·∇c_i to the gradients ({@link #enqueue}), reading w_i on the device;</li>
 *   <li>the caller runs its primal step;</li>
 *   <li>({@link #finish}) reads the c_i (the weights never depend on them, so on a device backend nothing is read to the host before
 *       the primal step has been enqueued) and sums the penalty;</li>
 *   <li>resilient constraints: u_i ← max(0, u_i − η_u(α u_i − λ_i)) with the λ_i used in (2);</li>
 *   <li>on dual steps: λ_i from c_i, ε_i and the slack before (4) (see {@link DualAscent}), adaptive targets advanced
 *       with the new λ_i, softreg strengths retuned.</li>
 * </ol>
 * Updates are simultaneous (each uses the values from before the step), deterministic, and in term order. Steps
 * (2)–(3) contain no host work that depends on the step, so a caller may capture them once ({@code Backend.capture})
 * and replay them while the weights are not zero for the same terms.
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

    /**
     * Step (1) of a training step, on the host: the weight w_i and target ε_i of every term in force at {@code step}.
     * Then {@link #publish} the weights, {@link #enqueue} the terms' work, run the primal step, and {@link #finish}.
     */
    public StepWeights begin(long step) {
        List<Term> terms = plan.terms();
        double[] epsilons = new double[states.length];
        double[] weights = new double[states.length];
        for (int i = 0; i < states.length; i++) {
            Term term = terms.get(i);
            epsilons[i] = term instanceof Constraint c && c.epsilon() instanceof Schedule.Timed t
                    ? t.value(step, horizon) : states[i].epsilon();
            weights[i] = term instanceof Term.Penalty p ? p.weight().value(step, horizon) : states[i].multiplier();
        }
        return new StepWeights(step, epsilons, weights);
    }

    /** Writes the step's weights into {@code deviceWeights} (value i for term i) and publishes them. */
    public void publish(StepWeights weights, DeviceScalars deviceWeights) {
        checkBlock(deviceWeights);
        for (int i = 0; i < states.length; i++) {
            deviceWeights.set(i, weights.weight(i));
        }
        deviceWeights.publish();
    }

    /**
     * Step (2), on the device: starts every term's measurement and adds w_i·∇c_i to the gradients, for the terms
     * whose weight is not zero (which terms those are is the only thing taken from {@code weights}: the values come
     * from {@code deviceWeights} when the work runs, so this may be captured once and replayed with later weights).
     * Returns the readings, in term order, for {@link #finish}.
     */
    public List<DoubleSupplier> enqueue(StepWeights weights, DeviceScalars deviceWeights) {
        checkBlock(deviceWeights);
        List<DoubleSupplier> readings = new ArrayList<>(states.length);
        for (int i = 0; i < states.length; i++) {
            ConstraintQuantity quantity = plan.terms().get(i).quantity();
            readings.add(quantity.measure());
            if (weights.applies(i)) {
                quantity.accumulateGradient(weights.weight(i), deviceWeights.at(i));
            }
        }
        return readings;
    }

    private void checkBlock(DeviceScalars deviceWeights) {
        if (deviceWeights.size() < states.length) {
            throw new IllegalArgumentException("primal-dual loop: " + states.length + " terms need a block of at least "
                    + states.length + " device weights, got " + deviceWeights.size());
        }
    }

    /**
     * Steps (4)–(6), after the primal step: reads the c_i, sums the penalty, updates slacks, multipliers and targets.
     */
    public StepReport finish(StepWeights weights, List<DoubleSupplier> readings) {
        List<Term> terms = plan.terms();
        long step = weights.step();
        double[] values = new double[states.length];
        double penalty = 0.0;
        for (int i = 0; i < states.length; i++) {
            double w = weights.weight(i);
            values[i] = readings.get(i).getAsDouble();
            penalty += terms.get(i) instanceof Constraint c
                    ? w * (values[i] - weights.epsilon(i) - states[i].slack()) + slackCost(c, states[i].slack())
                    : w * values[i];
        }
        boolean dualStep = dual.isDualStep(step);
        for (int i = 0; i < states.length; i++) {
            double w = weights.weight(i);
            double epsilon = weights.epsilon(i);
            ConstraintState s = states[i].withMeasurement(values[i], epsilon).withMultiplier(w);
            switch (terms.get(i)) {
                case Term.Penalty p -> {
                }
                case Term.SoftReg r -> {
                    if (dualStep) {
                        s = s.withMultiplier(r.tuning().update(w, values[i]));
                    }
                }
                case Constraint c -> {
                    if (c.kind() instanceof ConstraintKind.Resilient res) {
                        s = s.withSlack(dual.slack(res, states[i].slack(), w));
                    }
                    if (dualStep) {
                        double lambda = dual.multiplier(c.kind(), w, values[i], epsilon, states[i].slack());
                        s = s.withMultiplier(lambda);
                        if (c.epsilon() instanceof Schedule.Adaptive a) {
                            s = s.withEpsilon(a.advance(epsilon, lambda, step + 1, horizon));
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

    /** The weights and targets {@link #begin} took for one step, in term order. */
    public static final class StepWeights {
        private final long step;
        private final double[] epsilons;
        private final double[] weights;

        private StepWeights(long step, double[] epsilons, double[] weights) {
            this.step = step;
            this.epsilons = epsilons;
            this.weights = weights;
        }

        public long step() {
            return step;
        }

        public double weight(int term) {
            return weights[term];
        }

        public double epsilon(int term) {
            return epsilons[term];
        }

        /** Whether term {@code term}'s gradient is added this step (its weight is not zero). */
        public boolean applies(int term) {
            return weights[term] != 0.0;
        }

        /** Which terms' gradients are added, as a list of flags in term order (what captured work depends on). */
        public List<Boolean> applied() {
            List<Boolean> flags = new ArrayList<>(weights.length);
            for (int i = 0; i < weights.length; i++) {
                flags.add(applies(i));
            }
            return List.copyOf(flags);
        }
    }

    /**
     * @param penalty Σ w_i (c_i − ε_i − u_i) + Σ (α/2) u_i² over constraints, Σ w_i c_i over other terms: what the
     *                terms added to the loss this step
     * @param states  every term's state after the step
     */
    public record StepReport(long step, boolean dualStep, double penalty, Map<String, ConstraintState> states) {
    }
}
