package dev.jace.constraint;

/**
 * Hyper-parameters read by {@link Method#plan}; each method uses only its own.
 *
 * @param penaltyWeight   fixed λ of {@code penalty}
 * @param penaltySchedule rising weight of {@code scheduled}
 * @param rppWeight       weight of the free-branch L2 prior of {@code rpp}
 * @param epsilon         target ε(t) of {@code ace} (must end at 0) and {@code ace-resilient}
 * @param alpha           slack cost α of {@code ace-resilient}
 * @param softreg         strength tuning of {@code softreg}
 */
public record MethodSettings(double penaltyWeight, Schedule.Timed penaltySchedule, double rppWeight, Schedule epsilon,
                             double alpha, SoftRegTuning softreg) {

    public MethodSettings {
        // A negative weight would reward the deviation it is meant to cost.
        if (!(penaltyWeight >= 0 && penaltyWeight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("penalty weight must be finite and >= 0, got " + penaltyWeight);
        }
        if (!(rppWeight >= 0 && rppWeight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("rpp weight must be finite and >= 0, got " + rppWeight);
        }
        if (!(alpha > 0 && alpha < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("slack cost alpha must be finite and > 0, got " + alpha
                    + " (alpha 0 would let the slack grow without cost)");
        }
        if (penaltySchedule == null || epsilon == null || softreg == null) {
            throw new IllegalArgumentException("method settings: penalty schedule, epsilon and softreg tuning are "
                    + "required (start from MethodSettings.defaults())");
        }
    }

    public static MethodSettings defaults() {
        return new MethodSettings(1.0, new Schedule.Linear(0.0, 100.0), 1e-3, new Schedule.Constant(0.0), 1.0,
                new SoftRegTuning(0.1, 1e-3, 0.9));
    }

    public MethodSettings withPenaltyWeight(double w) {
        return new MethodSettings(w, penaltySchedule, rppWeight, epsilon, alpha, softreg);
    }

    /** Parses {@code text} with {@link Schedule#parse}; penalty weights must depend on the step only. */
    public MethodSettings withPenaltySchedule(String text) {
        if (!(Schedule.parse(text) instanceof Schedule.Timed timed)) {
            throw new IllegalArgumentException("penalty schedule '" + text + "': adaptive schedules follow a multiplier,"
                    + " and penalty weights have none; use const, linear, cosine, exp or step");
        }
        return new MethodSettings(penaltyWeight, timed, rppWeight, epsilon, alpha, softreg);
    }

    public MethodSettings withRppWeight(double w) {
        return new MethodSettings(penaltyWeight, penaltySchedule, w, epsilon, alpha, softreg);
    }

    public MethodSettings withEpsilon(Schedule e) {
        return new MethodSettings(penaltyWeight, penaltySchedule, rppWeight, e, alpha, softreg);
    }

    public MethodSettings withAlpha(double a) {
        return new MethodSettings(penaltyWeight, penaltySchedule, rppWeight, epsilon, a, softreg);
    }

    public MethodSettings withSoftreg(SoftRegTuning s) {
        return new MethodSettings(penaltyWeight, penaltySchedule, rppWeight, epsilon, alpha, s);
    }
}
