package dev.jace.backend;

/**
 * The end of a primal-dual training step over float64 arrays: sums the step's penalty, then updates every term's
 * multiplier, slack and target from its measured value. The layout is shared by the host ({@link #apply}, the
 * reference) and {@link Backend#dualUpdate}, which runs the same arithmetic in device memory so that a training step
 * needs no host round trip; the CUDA kernel mirrors {@link #apply} operation by operation, with correctly rounded
 * double operations and no fused multiply-adds, so both give bitwise the same state.
 *
 * <p><b>Plan</b> (what the host sets each step): {@code plan[DUAL_STEP]} is 1 when this step is a dual step, else 0;
 * term t's fields start at {@link #planBase}{@code (t)}: {@code KIND} (one of the {@code PENALTY}...{@code RESILIENT}
 * codes), {@code WEIGHT} (a penalty's weight this step), {@code EPSILON} and {@code EPSILON_FROM_PLAN} (1 when the
 * target comes from a step schedule, then {@code EPSILON} is this step's; 0 when it is the state's own), the dual
 * ascent's {@code DUAL_STEP_SIZE} η_d, {@code SLACK_STEP_SIZE} η_u and {@code ALPHA} α (resilient), softreg's
 * {@code SOFTREG_SCALE}, {@code SOFTREG_FLOOR}, {@code SOFTREG_SMOOTHING}, and an adaptive target's
 * {@code ADAPTIVE} (1 or 0), {@code ADAPTIVE_FROM}, {@code ADAPTIVE_TO}, {@code ADAPTIVE_DECAY},
 * {@code ADAPTIVE_THRESHOLD}.
 *
 * <p><b>State</b> (what the update keeps): {@code state[PENALTY_SUM]} is the step's penalty; term t's fields start
 * at {@link #stateBase}{@code (t)}: {@code MULTIPLIER} (the weight its gradient had this step, then the updated
 * one), {@code SLACK}, {@code VALUE} (written by the step's measurement before the update) and
 * {@code STATE_EPSILON}.
 *
 * <p>With w the term's weight this step (a penalty's plan weight, otherwise its multiplier), ε the target in force,
 * c the value and u the slack before the step:
 * <pre>
 * penalty  = Σ w·(c − ε − u) + (α/2)·u²  over constraints (the u² part for resilient ones only), Σ w·c over others
 * multiplier ← w;  on dual steps:  softreg  β ← s·w + (1 − s)·scale / (floor + max(0, c))
 *                                  constraint λ ← w + η_d·(c − ε − u), projected to λ ≥ 0 unless equality
 * resilient  u ← max(0, u − η_u·(α·u − w))
 * target     ε ← ε in force;  adaptive, on dual steps:  ε ← to + (ε − to)·decay if ±λ ≤ threshold
 *            (+λ for a falling target, to &lt; from, else −λ; snapped to {@code to} within 1e-12·max(1, |from|))
 * </pre>
 */
public final class DualUpdate {

    /** Term kinds ({@code KIND} field). */
    public static final int PENALTY = 0;
    public static final int SOFTREG = 1;
    public static final int EQUALITY = 2;
    public static final int INEQUALITY = 3;
    public static final int RESILIENT = 4;

    /** Plan header. */
    public static final int DUAL_STEP = 0;
    public static final int PLAN_HEADER = 1;

    /** Plan fields of a term, relative to {@link #planBase}. */
    public static final int KIND = 0;
    public static final int WEIGHT = 1;
    public static final int EPSILON = 2;
    public static final int EPSILON_FROM_PLAN = 3;
    public static final int DUAL_STEP_SIZE = 4;
    public static final int SLACK_STEP_SIZE = 5;
    public static final int ALPHA = 6;
    public static final int SOFTREG_SCALE = 7;
    public static final int SOFTREG_FLOOR = 8;
    public static final int SOFTREG_SMOOTHING = 9;
    public static final int ADAPTIVE = 10;
    public static final int ADAPTIVE_FROM = 11;
    public static final int ADAPTIVE_TO = 12;
    public static final int ADAPTIVE_DECAY = 13;
    public static final int ADAPTIVE_THRESHOLD = 14;
    public static final int PLAN_STRIDE = 15;

    /** State header. */
    public static final int PENALTY_SUM = 0;
    public static final int STATE_HEADER = 1;

    /** State fields of a term, relative to {@link #stateBase}. */
    public static final int MULTIPLIER = 0;
    public static final int SLACK = 1;
    public static final int VALUE = 2;
    public static final int STATE_EPSILON = 3;
    public static final int STATE_STRIDE = 4;

    /** The most terms one update takes (the CUDA kernel keeps no per-term scratch, this only bounds the blocks). */
    public static final int MAX_TERMS = 1024;

    private DualUpdate() {
    }

    public static int planBase(int term) {
        return PLAN_HEADER + term * PLAN_STRIDE;
    }

    public static int stateBase(int term) {
        return STATE_HEADER + term * STATE_STRIDE;
    }

    /** Values a plan of {@code terms} terms needs. */
    public static int planSize(int terms) {
        return planBase(terms);
    }

    /** Values a state of {@code terms} terms needs. */
    public static int stateSize(int terms) {
        return stateBase(terms);
    }

    /** Whether term t's gradient weight this step is in the plan (penalties) rather than the state (its multiplier). */
    public static boolean weightInPlan(double[] plan, int term) {
        return (int) plan[planBase(term) + KIND] == PENALTY;
    }

    /**
     * Checks that {@code terms} terms fit blocks of {@code planSize} and {@code stateSize} values; throws
     * {@link IllegalArgumentException} naming the op otherwise.
     */
    public static void checkSizes(String op, int terms, int planSize, int stateSize) {
        if (terms < 0 || terms > MAX_TERMS) {
            throw new IllegalArgumentException(op + ": terms must be in [0, " + MAX_TERMS + "], got " + terms);
        }
        if (planSize < planSize(terms) || stateSize < stateSize(terms)) {
            throw new IllegalArgumentException(op + ": " + terms + " terms need a plan of at least " + planSize(terms)
                    + " values and a state of at least " + stateSize(terms) + ", got " + planSize + " and " + stateSize);
        }
    }

    /** The update, on host arrays: reads {@code plan}, updates {@code state} in place. */
    public static void apply(double[] plan, double[] state, int terms) {
        checkSizes("dual update", terms, plan.length, state.length);
        boolean dualStep = plan[DUAL_STEP] != 0.0;
        double penalty = 0.0;
        // One pass: a term's update reads only its own values from before the step, so summing its penalty first
        // and updating it then is the simultaneous update.
        for (int t = 0; t < terms; t++) {
            int p = planBase(t);
            int s = stateBase(t);
            int kind = (int) plan[p + KIND];
            double w = weight(plan, state, t);
            double epsilon = epsilon(plan, state, t);
            double value = state[s + VALUE];
            double slack = state[s + SLACK];
            double slackCost = kind == RESILIENT ? 0.5 * plan[p + ALPHA] * slack * slack : 0.0;
            penalty += kind >= EQUALITY ? w * (value - epsilon - slack) + slackCost : w * value;
            double multiplier = w;
            double nextSlack = slack;
            double nextEpsilon = epsilon;
            if (kind == SOFTREG && dualStep) {
                multiplier = softregStrength(w, value, plan[p + SOFTREG_SCALE], plan[p + SOFTREG_FLOOR],
                        plan[p + SOFTREG_SMOOTHING]);
            }
            if (kind == RESILIENT) {
                nextSlack = slack(slack, plan[p + SLACK_STEP_SIZE], plan[p + ALPHA], w);
            }
            if (kind >= EQUALITY && dualStep) {
                multiplier = multiplier(kind, w, plan[p + DUAL_STEP_SIZE], value, epsilon, slack);
                if (plan[p + ADAPTIVE] != 0.0) {
                    nextEpsilon = adaptiveTarget(epsilon, multiplier, plan[p + ADAPTIVE_FROM], plan[p + ADAPTIVE_TO],
                            plan[p + ADAPTIVE_DECAY], plan[p + ADAPTIVE_THRESHOLD]);
                }
            }
            state[s + MULTIPLIER] = multiplier;
            state[s + SLACK] = nextSlack;
            state[s + STATE_EPSILON] = nextEpsilon;
        }
        state[PENALTY_SUM] = penalty;
    }

    private static double weight(double[] plan, double[] state, int term) {
        return weightInPlan(plan, term) ? plan[planBase(term) + WEIGHT] : state[stateBase(term) + MULTIPLIER];
    }

    /** Term t's target in force at a step: the plan's when it comes from a step schedule, else the state's own. */
    public static double epsilon(double[] plan, double[] state, int term) {
        int p = planBase(term);
        return plan[p + EPSILON_FROM_PLAN] != 0.0 ? plan[p + EPSILON] : state[stateBase(term) + STATE_EPSILON];
    }

    /** A constraint's multiplier after a dual step: {@code λ ← w + η_d·(c − ε − u)}, projected to λ ≥ 0 unless equality. */
    public static double multiplier(int kind, double weight, double dualStepSize, double value, double epsilon,
                                    double slack) {
        double next = weight + dualStepSize * (value - epsilon - slack);
        return kind == EQUALITY ? next : Math.max(0.0, next);
    }

    /** A resilient constraint's slack after a step: {@code u ← max(0, u − η_u·(α·u − λ))}. */
    public static double slack(double slack, double slackStepSize, double alpha, double multiplier) {
        return Math.max(0.0, slack - slackStepSize * (alpha * slack - multiplier));
    }

    /** A softreg strength after a dual step: {@code β ← s·β + (1 − s)·scale / (floor + max(0, c))}. */
    public static double softregStrength(double strength, double value, double scale, double floor, double smoothing) {
        return smoothing * strength + (1.0 - smoothing) * scale / (floor + Math.max(0.0, value));
    }

    /**
     * An adaptive target after a dual step: moves towards {@code to} by {@code decay} unless λ resists the move by more
     * than {@code threshold} (a falling target is resisted by λ &gt; 0, which holds c down, a rising one by λ &lt; 0),
     * snapping to {@code to} within 1e-12·max(1, |from|). An equality below a falling target (λ &lt; 0) lets it fall.
     */
    public static double adaptiveTarget(double epsilon, double multiplier, double from, double to, double decay,
                                        double threshold) {
        double resistance = to < from ? multiplier : -multiplier;
        if (resistance > threshold) {
            return epsilon;
        }
        double next = to + (epsilon - to) * decay;
        return Math.abs(next - to) <= 1e-12 * Math.max(1.0, Math.abs(from)) ? to : next;
    }
}
