package dev.jace.constraint;

import static dev.jace.tensor.FiniteValues.finiteAboveZero;
import static dev.jace.tensor.FiniteValues.finiteAtLeastZero;

/**
 * Hyper-parameters read by {@link Method#plan}; each method uses only its own.
 *
 * @param penaltyWeight   fixed λ of {@code penalty}
 * @param penaltySchedule rising weight of {@code scheduled}
 * @param rppWeight       weight of the free-branch L2 prior of {@code rpp}
 * @param epsilon         target ε(t) of {@code ace} (must end at 0) and {@code ace-resilient}
 * @param alpha           slack cost α of {@code ace-resilient}
 * @param softreg         strength tuning of {@code softreg}
 * @param epsilonFor      targets that replace {@code epsilon} for some terms of {@code ace} and {@code ace-resilient}
 * @param weightFor       weights that replace {@code penaltyWeight}, {@code penaltySchedule} or {@code rppWeight} for
 *                        some terms of {@code penalty}, {@code scheduled} and {@code rpp}
 */
public record MethodSettings(double penaltyWeight, Schedule.Timed penaltySchedule, double rppWeight, Schedule epsilon,
                             double alpha, SoftRegTuning softreg, TermOverrides<Schedule> epsilonFor,
                             TermOverrides<Schedule.Timed> weightFor) {

    public MethodSettings {
        // A negative weight would reward the deviation it is meant to cost.
        if (!finiteAtLeastZero(penaltyWeight)) {
            throw new IllegalArgumentException("penalty weight must be finite and >= 0, got " + penaltyWeight);
        }
        if (!finiteAtLeastZero(rppWeight)) {
            throw new IllegalArgumentException("rpp weight must be finite and >= 0, got " + rppWeight);
        }
        if (!finiteAboveZero(alpha)) {
            throw new IllegalArgumentException("slack cost alpha must be finite and > 0, got " + alpha
                    + " (alpha 0 would let the slack grow without cost)");
        }
        if (penaltySchedule == null || epsilon == null || softreg == null || epsilonFor == null || weightFor == null) {
            throw new IllegalArgumentException("method settings: penalty schedule, epsilon, softreg tuning and the "
                    + "term overrides are required (start from MethodSettings.defaults())");
        }
        requireNotBelowZero("penalty schedule", penaltySchedule);
        // The quantities are norms, so a target below 0 could never be met.
        requireNotBelowZero("epsilon", epsilon);
        epsilonFor.bySelector().forEach((selector, s) -> requireNotBelowZero("epsilon for '" + selector + "'", s));
        weightFor.bySelector().forEach((selector, s) -> requireNotBelowZero("weight for '" + selector + "'", s));
    }

    private static <S extends Schedule> S requireNotBelowZero(String what, S s) {
        if (!(s.lowest() >= 0)) {
            throw new IllegalArgumentException(what + " must stay >= 0, but " + s.text() + " goes down to "
                    + Schedule.number(s.lowest()));
        }
        return s;
    }

    /** Parses a target ε(t) ({@link Schedule#parse}) that stays at or above 0; {@code what} names it in errors. */
    public static Schedule parseTarget(String what, String text) {
        return requireNotBelowZero(what, Schedule.parse(text));
    }

    /**
     * Parses a weight: a schedule of the step (a weight has no multiplier to follow) that stays at or above 0;
     * {@code what} names it in errors.
     */
    public static Schedule.Timed parseWeight(String what, String text) {
        if (!(Schedule.parse(text) instanceof Schedule.Timed timed)) {
            throw new IllegalArgumentException(what + " '" + text + "': adaptive schedules follow a multiplier,"
                    + " and penalty weights have none; use const, linear, cosine, exp or step");
        }
        return requireNotBelowZero(what, timed);
    }

    public static MethodSettings defaults() {
        return new MethodSettings(1.0, new Schedule.Linear(0.0, 100.0), 1e-3, new Schedule.Constant(0.0), 1.0,
                new SoftRegTuning(0.1, 1e-3, 0.9), TermOverrides.none(), TermOverrides.none());
    }

    public MethodSettings withPenaltyWeight(double w) {
        return new MethodSettings(w, penaltySchedule, rppWeight, epsilon, alpha, softreg, epsilonFor, weightFor);
    }

    /** Parses {@code text} with {@link Schedule#parse}; penalty weights must depend on the step only. */
    public MethodSettings withPenaltySchedule(String text) {
        return withPenaltySchedule(parseWeight("penalty schedule", text));
    }

    public MethodSettings withPenaltySchedule(Schedule.Timed w) {
        return new MethodSettings(penaltyWeight, w, rppWeight, epsilon, alpha, softreg, epsilonFor, weightFor);
    }

    public MethodSettings withRppWeight(double w) {
        return new MethodSettings(penaltyWeight, penaltySchedule, w, epsilon, alpha, softreg, epsilonFor, weightFor);
    }

    public MethodSettings withEpsilon(Schedule e) {
        return new MethodSettings(penaltyWeight, penaltySchedule, rppWeight, e, alpha, softreg, epsilonFor, weightFor);
    }

    public MethodSettings withAlpha(double a) {
        return new MethodSettings(penaltyWeight, penaltySchedule, rppWeight, epsilon, a, softreg, epsilonFor,
                weightFor);
    }

    public MethodSettings withSoftreg(SoftRegTuning s) {
        return new MethodSettings(penaltyWeight, penaltySchedule, rppWeight, epsilon, alpha, s, epsilonFor, weightFor);
    }

    /** Target {@code e} instead of {@link #epsilon} for the terms {@code selector} picks ({@link TermOverrides}). */
    public MethodSettings withEpsilonFor(String selector, Schedule e) {
        return new MethodSettings(penaltyWeight, penaltySchedule, rppWeight, epsilon, alpha, softreg,
                epsilonFor.with(selector, e), weightFor);
    }

    /** Parses {@code text}; a weight instead of the method's for the terms {@code selector} picks. */
    public MethodSettings withWeightFor(String selector, String text) {
        return withWeightFor(selector, parseWeight("weight for '" + selector + "'", text));
    }

    public MethodSettings withWeightFor(String selector, Schedule.Timed w) {
        return new MethodSettings(penaltyWeight, penaltySchedule, rppWeight, epsilon, alpha, softreg, epsilonFor,
                weightFor.with(selector, w));
    }
}
