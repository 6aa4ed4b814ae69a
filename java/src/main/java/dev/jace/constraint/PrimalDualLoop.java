package dev.jace.constraint;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.DualUpdate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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
 * Updates are simultaneous (each uses the values from before the step), deterministic, and in term order; (4)–(6) are
 * {@link DualUpdate#apply} over the loop's plan and state arrays. Steps (2)–(3) contain no host work that depends on
 * the step, so a caller may capture them once ({@code Backend.capture}) and replay them while the weights are not zero
 * for the same terms. {@link #onDevice} runs (2) and (4)–(6) on the device instead ({@link DeviceDual}).
 *
 * <p>{@code horizon} is the step count over which step-driven schedules run; later steps keep their final values
 * ({@link Schedule.Step}'s boundaries are step numbers of the run, whatever the horizon).
 * Multipliers track a moving target with a lag proportional to its slope, so a homotopy that must end at ε = 0 either
 * arrives flat (cosine, step) or uses a horizon shorter than the run to leave a settling phase.
 */
public final class PrimalDualLoop {

    private final LagrangianPlan plan;
    private final DualAscent dual;
    private final long horizon;
    /** The terms' constants in {@link DualUpdate}'s plan layout; {@link #begin} fills in a step's fields on a copy. */
    private final double[] constants;
    /** Every term's state in {@link DualUpdate}'s state layout, as of the last finished step. */
    private final double[] state;
    /** Steps whose dual update runs on the device and whose state has not been read back yet ({@link DeviceDual}). */
    private int dualStepsInFlight;

    public PrimalDualLoop(LagrangianPlan plan, DualAscent dual, long horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("schedule horizon must be >= 1 step, got " + horizon);
        }
        this.plan = plan;
        this.dual = dual;
        this.horizon = horizon;
        int terms = plan.terms().size();
        this.constants = new double[DualUpdate.planSize(terms)];
        this.state = new double[DualUpdate.stateSize(terms)];
        for (int i = 0; i < terms; i++) {
            int p = DualUpdate.planBase(i);
            int s = DualUpdate.stateBase(i);
            state[s + DualUpdate.VALUE] = Double.NaN;
            switch (plan.terms().get(i)) {
                case Term.Penalty pen -> {
                    constants[p + DualUpdate.KIND] = DualUpdate.PENALTY;
                    state[s + DualUpdate.MULTIPLIER] = pen.weight().initial(horizon);
                }
                case Term.SoftReg r -> {
                    constants[p + DualUpdate.KIND] = DualUpdate.SOFTREG;
                    constants[p + DualUpdate.SOFTREG_SCALE] = r.tuning().scale();
                    constants[p + DualUpdate.SOFTREG_FLOOR] = r.tuning().floor();
                    constants[p + DualUpdate.SOFTREG_SMOOTHING] = r.tuning().smoothing();
                    state[s + DualUpdate.MULTIPLIER] = r.tuning().initialStrength();
                }
                case Constraint c -> {
                    requireEndsAtZeroInTime(c, horizon, dual);
                    constants[p + DualUpdate.KIND] = c.kind().code();
                    constants[p + DualUpdate.DUAL_STEP_SIZE] = dual.dualStepSize();
                    constants[p + DualUpdate.SLACK_STEP_SIZE] = dual.slackStepSize();
                    if (c.kind() instanceof ConstraintKind.Resilient r) {
                        constants[p + DualUpdate.ALPHA] = r.alpha();
                    }
                    switch (c.epsilon()) {
                        case Schedule.Timed t -> constants[p + DualUpdate.EPSILON_FROM_PLAN] = 1.0;
                        case Schedule.Adaptive a -> {
                            constants[p + DualUpdate.ADAPTIVE] = 1.0;
                            constants[p + DualUpdate.ADAPTIVE_FROM] = a.from();
                            constants[p + DualUpdate.ADAPTIVE_TO] = a.to();
                            constants[p + DualUpdate.ADAPTIVE_DECAY] = a.decay();
                            constants[p + DualUpdate.ADAPTIVE_THRESHOLD] = a.threshold();
                        }
                    }
                    state[s + DualUpdate.STATE_EPSILON] = c.epsilon().initial(horizon);
                }
            }
        }
    }

    /**
     * An equality's target must be 0 by the last step of the horizon, not only in the limit: a step schedule whose 0
     * comes later never gets there, nor does an adaptive one that needs more dual steps than come before that step
     * even if every one of them moves it.
     */
    private static void requireEndsAtZeroInTime(Constraint c, long horizon, DualAscent dual) {
        if (!(c.kind() instanceof ConstraintKind.Equality)) {
            return;
        }
        switch (c.epsilon()) {
            case Schedule.Timed t -> {
                double last = t.value(horizon - 1, horizon);
                if (last != 0.0) {
                    throw new TargetNotZeroInTime("equality constraint '" + c.name() + "': its target " + t.text()
                            + " is still " + Schedule.number(last) + " at step " + (horizon - 1)
                            + ", the last of the schedules' " + horizon + " steps; an equality must end at 0, so let"
                            + " the target reach 0 by then");
                }
            }
            case Schedule.Adaptive a -> {
                // The dual step of step s moves the target step s + 1 uses.
                long moves = (horizon - 1) / dual.period();
                long needed = a.fewestMoves();
                if (needed > moves) {
                    throw new TargetNotZeroInTime("equality constraint '" + c.name() + "': its target " + a.text()
                            + " needs at least " + needed + " dual steps to reach 0 (if every one moves it by the"
                            + " factor " + Schedule.number(a.decay()) + "), but only " + moves
                            + (moves == 1 ? " comes" : " come") + " before step "
                            + (horizon - 1) + ", the last of the schedules' " + horizon + " steps ("
                            + (dual.period() == 1 ? "one after every step" : "one every " + dual.period() + " steps")
                            + "); an equality must end at 0, so give "
                            + quickerAdaptive(a, moves) + "more steps, or a timed target such as cosine:"
                            + Schedule.number(a.from()) + "->0");
                }
            }
        }
    }

    /**
     * A decay that takes {@code a} to its end within {@code moves} dual steps, as advice: the exact bound rounded down
     * to two digits, lowered by a unit of its last digit while rounding in the updates still needs one move more.
     */
    private static String quickerAdaptive(Schedule.Adaptive a, long moves) {
        if (moves == 0) {
            return "";
        }
        double exact = Math.pow(a.snapDistance() / Math.abs(a.from() - a.to()), 1.0 / moves);
        BigDecimal decay = new BigDecimal(exact).round(new MathContext(2, RoundingMode.DOWN));
        Schedule.Adaptive quicker = a.withDecay(decay.doubleValue());
        while (quicker.fewestMoves() > moves) {
            BigDecimal twoDigits = decay.precision() < 2 ? decay.setScale(decay.scale() + 1) : decay;
            decay = twoDigits.subtract(twoDigits.ulp());
            quicker = a.withDecay(decay.doubleValue());
        }
        return "a quicker decay such as " + Schedule.number(quicker.decay()) + " (" + quicker.text() + "), ";
    }

    /** An equality constraint whose target is not (or cannot be) 0 at the horizon's last step. */
    public static final class TargetNotZeroInTime extends IllegalArgumentException {
        TargetNotZeroInTime(String message) {
            super(message);
        }
    }

    public LagrangianPlan plan() {
        return plan;
    }

    private int terms() {
        return plan.terms().size();
    }

    /**
     * Step (1) of a training step, on the host: the weight w_i and target ε_i of every term in force at {@code step}.
     * Then {@link #publish} the weights, {@link #enqueue} the terms' work, run the primal step, and {@link #finish}.
     * While steps whose dual update runs on the device are still unread ({@link DeviceDual}), the multipliers here are
     * those before them, and every constraint counts as {@link StepWeights#applies applying}.
     */
    public StepWeights begin(long step) {
        double[] stepPlan = constants.clone();
        stepPlan[DualUpdate.DUAL_STEP] = dual.isDualStep(step) ? 1.0 : 0.0;
        boolean[] applies = new boolean[terms()];
        for (int i = 0; i < terms(); i++) {
            int p = DualUpdate.planBase(i);
            switch (plan.terms().get(i)) {
                case Term.Penalty pen -> stepPlan[p + DualUpdate.WEIGHT] = pen.weight().value(step, horizon);
                case Term.SoftReg r -> {
                }
                case Constraint c -> {
                    if (c.epsilon() instanceof Schedule.Timed t) {
                        stepPlan[p + DualUpdate.EPSILON] = t.value(step, horizon);
                    }
                }
            }
            applies[i] = weight(stepPlan, i) != 0.0 || dualStepsInFlight > 0 && plan.terms().get(i) instanceof Constraint;
        }
        return new StepWeights(step, stepPlan, state.clone(), applies);
    }

    private double weight(double[] stepPlan, int term) {
        return DualUpdate.weightInPlan(stepPlan, term) ? stepPlan[DualUpdate.planBase(term) + DualUpdate.WEIGHT]
                : state[DualUpdate.stateBase(term) + DualUpdate.MULTIPLIER];
    }

    /** Writes the step's weights into {@code deviceWeights} (value i for term i) and publishes them. */
    public void publish(StepWeights weights, DeviceScalars deviceWeights) {
        checkBlock(deviceWeights);
        for (int i = 0; i < terms(); i++) {
            deviceWeights.set(i, weights.weight(i));
        }
        deviceWeights.publish();
    }

    /**
     * Step (2), on the device: starts every term's measurement and adds w_i·∇c_i to the gradients, for the terms
     * that {@link StepWeights#applies} (a weight not zero, or a dual step of the device in flight). Device work reads
     * the w_i from {@code deviceWeights} when it runs, so this may be captured once and replayed with later weights;
     * host-side quantities get this step's w_i from {@code weights}.
     * Returns the readings, in term order, for {@link #finish}.
     */
    public List<DoubleSupplier> enqueue(StepWeights weights, DeviceScalars deviceWeights) {
        checkBlock(deviceWeights);
        List<DoubleSupplier> readings = new ArrayList<>(terms());
        for (int i = 0; i < terms(); i++) {
            ConstraintQuantity quantity = plan.terms().get(i).quantity();
            readings.add(quantity.measure());
            if (weights.applies(i)) {
                quantity.accumulateGradient(weights.weight(i), deviceWeights.at(i));
            }
        }
        completeGradients();
        return readings;
    }

    /** {@link ConstraintQuantity#completeGradient} of every term, after all have accumulated. */
    void completeGradients() {
        plan.terms().forEach(term -> term.quantity().completeGradient());
    }

    private void checkBlock(DeviceScalars deviceWeights) {
        if (deviceWeights.size() < terms()) {
            throw new IllegalArgumentException("primal-dual loop: " + terms() + " terms need a block of at least "
                    + terms() + " device weights, got " + deviceWeights.size());
        }
    }

    /**
     * Steps (4)–(6), after the primal step: reads the c_i, sums the penalty, updates slacks, multipliers and targets.
     */
    public StepReport finish(StepWeights weights, List<DoubleSupplier> readings) {
        double[] next = state.clone();
        for (int i = 0; i < terms(); i++) {
            next[DualUpdate.stateBase(i) + DualUpdate.VALUE] = readings.get(i).getAsDouble();
        }
        DualUpdate.apply(weights.plan, next, terms());
        return adopt(weights, next);
    }

    /**
     * Makes {@code next} (the state after {@code weights}' step) the loop's state and reports the step. Steps are
     * adopted in order, so the loop's state is still the one before the step: the targets in force come from it (with
     * overlapped steps, {@code weights} was begun before the previous step's update was read).
     */
    StepReport adopt(StepWeights weights, double[] next) {
        Map<String, ConstraintState> measured = new LinkedHashMap<>();
        for (int i = 0; i < terms(); i++) {
            double inForce = DualUpdate.epsilon(weights.plan, state, i);
            measured.put(plan.terms().get(i).name(), termState(next, i).withEpsilon(inForce));
        }
        System.arraycopy(next, 0, state, 0, state.length);
        return new StepReport(weights.step(), weights.dualStep(), state[DualUpdate.PENALTY_SUM], measured);
    }

    /** Runs the dual update of later steps on the device ({@link DeviceDual}); its blocks start with this state. */
    public DeviceDual onDevice(Backend backend) {
        return new DeviceDual(backend, this);
    }

    double[] state() {
        return state.clone();
    }

    void dualStepEnqueued(StepWeights weights) {
        if (weights.dualStep()) {
            dualStepsInFlight++;
        }
    }

    void dualStepRead(StepWeights weights) {
        if (weights.dualStep()) {
            dualStepsInFlight--;
        }
    }

    /** Current state of every term, by term name, in plan order. */
    public Map<String, ConstraintState> states() {
        Map<String, ConstraintState> map = new LinkedHashMap<>();
        for (int i = 0; i < terms(); i++) {
            map.put(plan.terms().get(i).name(), termState(state, i));
        }
        return map;
    }

    /** The state as plain maps, for checkpoints. */
    public Map<String, Map<String, Double>> saveState() {
        Map<String, Map<String, Double>> map = new LinkedHashMap<>();
        states().forEach((name, s) -> map.put(name, s.toMap()));
        return map;
    }

    /** Restores {@link #saveState()}'s output, checked as {@link #requireRestorable} checks it. */
    public void restoreState(Map<String, Map<String, Double>> saved) {
        if (dualStepsInFlight > 0) {
            throw new IllegalStateException("primal-dual loop: restore while a device dual update is unread");
        }
        // Every term is read before any is changed, so that a bad one leaves the state as it was.
        List<ConstraintState> states = requireRestorable(saved);
        for (int i = 0; i < terms(); i++) {
            ConstraintState restored = states.get(i);
            int s = DualUpdate.stateBase(i);
            state[s + DualUpdate.MULTIPLIER] = restored.multiplier();
            state[s + DualUpdate.SLACK] = restored.slack();
            state[s + DualUpdate.VALUE] = restored.value();
            state[s + DualUpdate.STATE_EPSILON] = restored.epsilon();
        }
    }

    /**
     * Checks {@link #saveState()}'s output without changing anything and returns it per term, in term order: the term
     * names must match this plan's exactly, and no value may be one that no run leaves (NaN or infinite; a slack below
     * 0, or other than 0 on a term that has none; an adaptive target outside its from..to; a multiplier below 0 where
     * the dual update projects it, or a softreg strength below 0). An {@link IllegalArgumentException} names the
     * first.
     */
    public List<ConstraintState> requireRestorable(Map<String, Map<String, Double>> saved) {
        List<String> expected = plan.terms().stream().map(Term::name).toList();
        if (!saved.keySet().equals(new HashSet<>(expected))) {
            throw new IllegalArgumentException("saved constraint state has terms " + saved.keySet() + " but method "
                    + plan.method() + " has " + expected);
        }
        List<ConstraintState> states = expected.stream().map(name -> ConstraintState.fromMap(saved.get(name))).toList();
        for (int i = 0; i < states.size(); i++) {
            String problem = unrestorable(plan.terms().get(i), states.get(i));
            if (problem != null) {
                throw new IllegalArgumentException("saved constraint state of term '" + expected.get(i) + "' has "
                        + problem + ", which no run leaves");
            }
        }
        return states;
    }

    /** What in {@code s} no run of {@code term} leaves, or null. */
    private static String unrestorable(Term term, ConstraintState s) {
        boolean resilient = term instanceof Constraint c && c.kind() instanceof ConstraintKind.Resilient;
        if (!Double.isFinite(s.slack()) || (resilient ? s.slack() < 0 : s.slack() != 0)) {
            return "slack " + s.slack() + (resilient ? " (a slack is >= 0)" : " (only resilient terms have one)");
        }
        return switch (term) {
            case Term.Penalty p -> null; // its weight comes from its schedule
            case Term.SoftReg r -> !Double.isFinite(s.multiplier()) || s.multiplier() < 0
                    ? "strength " + s.multiplier() + " (a softreg strength is finite and >= 0)" : null;
            case Constraint c -> {
                boolean projected = !(c.kind() instanceof ConstraintKind.Equality);
                if (!Double.isFinite(s.multiplier()) || projected && s.multiplier() < 0) {
                    yield "multiplier " + s.multiplier() + (projected ? " (its λ is finite and >= 0)" : "");
                }
                if (!Double.isFinite(s.epsilon())) {
                    yield "target " + s.epsilon();
                }
                yield c.epsilon() instanceof Schedule.Adaptive a
                        && (s.epsilon() < Math.min(a.from(), a.to()) || s.epsilon() > Math.max(a.from(), a.to()))
                        ? "target " + s.epsilon() + " (its adaptive target moves from " + Schedule.number(a.from())
                        + " to " + Schedule.number(a.to()) + ")" : null;
            }
        };
    }

    /** Final multiplier, slack and deviation per symmetry type (free-branch L2 terms excluded). */
    public SymmetryLevels symmetryLevels() {
        List<SymmetryLevels.Entry> entries = new ArrayList<>();
        for (int i = 0; i < terms(); i++) {
            Term term = plan.terms().get(i);
            ConstraintQuantity q = term.quantity();
            if (q.kind() != QuantityKind.FREE_BRANCH_L2) {
                ConstraintState s = termState(state, i);
                double resistance = switch (term) {
                    case Constraint c -> s.multiplier();
                    case Term.SoftReg r -> -s.multiplier();
                    case Term.Penalty pen -> 0.0;
                };
                entries.add(new SymmetryLevels.Entry(q.symmetryType(), q.kind(), s, resistance));
            }
        }
        return SymmetryLevels.of(entries);
    }

    /** Term {@code term}'s part of a state in {@link DualUpdate}'s layout. */
    static ConstraintState termState(double[] state, int term) {
        int s = DualUpdate.stateBase(term);
        return new ConstraintState(state[s + DualUpdate.MULTIPLIER], state[s + DualUpdate.SLACK],
                state[s + DualUpdate.VALUE], state[s + DualUpdate.STATE_EPSILON]);
    }

    /** The weights and targets {@link #begin} took for one step, in term order, and its {@link DualUpdate} plan. */
    public static final class StepWeights {
        private final long step;
        final double[] plan;
        private final double[] stateBefore;
        private final boolean[] applies;

        private StepWeights(long step, double[] plan, double[] stateBefore, boolean[] applies) {
            this.step = step;
            this.plan = plan;
            this.stateBefore = stateBefore;
            this.applies = applies;
        }

        public long step() {
            return step;
        }

        /** Whether the step ends with a dual step. */
        public boolean dualStep() {
            return plan[DualUpdate.DUAL_STEP] != 0.0;
        }

        /** Term {@code term}'s weight: a penalty's scheduled one, else its multiplier as the loop last knew it. */
        public double weight(int term) {
            return DualUpdate.weightInPlan(plan, term) ? plan[DualUpdate.planBase(term) + DualUpdate.WEIGHT]
                    : stateBefore[DualUpdate.stateBase(term) + DualUpdate.MULTIPLIER];
        }

        /**
         * Whether term {@code term}'s gradient is added this step: its weight is not zero, or, for a constraint, may
         * not be (its multiplier is still being updated on the device).
         */
        public boolean applies(int term) {
            return applies[term];
        }

        /** Which terms' gradients are added, as a list of flags in term order (what captured work depends on). */
        public List<Boolean> applied() {
            List<Boolean> flags = new ArrayList<>(applies.length);
            for (boolean a : applies) {
                flags.add(a);
            }
            return List.copyOf(flags);
        }
    }

    /**
     * @param penalty Σ w_i (c_i − ε_i − u_i) + Σ (α/2) u_i² over constraints, Σ w_i c_i over other terms: what the
     *                terms added to the loss this step
     * @param states  every term's state after the step, with the target ε that was in force when c was measured
     *                (the loop's own state keeps the target the next step uses: a dual step may move an adaptive one)
     */
    public record StepReport(long step, boolean dualStep, double penalty, Map<String, ConstraintState> states) {
    }
}
