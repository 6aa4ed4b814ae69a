package dev.jace.backend;

import org.junit.jupiter.api.Test;

import static dev.jace.backend.DualUpdate.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DualUpdate#apply} against values computed by hand for each kind of term. The inputs are dyadic, so every
 * expected value is exact.
 */
class DualUpdateTest {

    /** A plan and state of {@code terms} terms, filled field by field. */
    private static final class Blocks {
        final double[] plan;
        final double[] state;

        Blocks(int terms, boolean dualStep) {
            plan = new double[planSize(terms)];
            state = new double[stateSize(terms)];
            plan[DUAL_STEP] = dualStep ? 1.0 : 0.0;
        }

        Blocks plan(int term, int field, double value) {
            plan[planBase(term) + field] = value;
            return this;
        }

        Blocks state(int term, int field, double value) {
            state[stateBase(term) + field] = value;
            return this;
        }

        double state(int term, int field) {
            return state[stateBase(term) + field];
        }

        double penalty() {
            return state[PENALTY_SUM];
        }

        Blocks apply() {
            DualUpdate.apply(plan, state, (plan.length - PLAN_HEADER) / PLAN_STRIDE);
            return this;
        }
    }

    /** Same bits: tells +0.0 from -0.0. */
    private static void assertBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": expected " + expected + ", got " + actual);
    }

    /** A constraint of {@code kind} with multiplier w, value c, slack u and the target ε in the plan. */
    private static Blocks constraint(int kind, boolean dualStep, double w, double c, double u, double epsilon,
                                     double dualStepSize) {
        return new Blocks(1, dualStep).plan(0, KIND, kind).plan(0, EPSILON, epsilon).plan(0, EPSILON_FROM_PLAN, 1)
                .plan(0, DUAL_STEP_SIZE, dualStepSize).state(0, MULTIPLIER, w).state(0, VALUE, c).state(0, SLACK, u);
    }

    @Test
    void equalityMultiplierMovesByTheStepTimesTheViolationEitherWay() {
        // λ ← 0.5 + 0.5·(1 − 0.25) = 0.875; penalty 0.5·(1 − 0.25) = 0.375
        Blocks up = constraint(EQUALITY, true, 0.5, 1.0, 0.0, 0.25, 0.5).apply();
        assertBits(0.875, up.state(0, MULTIPLIER), "λ");
        assertBits(0.375, up.penalty(), "penalty");
        // λ ← 0.25 + 0.5·(0 − 1) = −0.25: an equality's multiplier may go negative
        Blocks down = constraint(EQUALITY, true, 0.25, 0.0, 0.0, 1.0, 0.5).apply();
        assertBits(-0.25, down.state(0, MULTIPLIER), "λ");
        assertBits(-0.25, down.penalty(), "penalty 0.25·(0 − 1)");
        // −0.0 + 0.5·(−0.0 − 0.0 − 0.0) = −0.0 stays
        Blocks zero = constraint(EQUALITY, true, -0.0, -0.0, 0.0, 0.0, 0.5).apply();
        assertBits(-0.0, zero.state(0, MULTIPLIER), "λ");
    }

    @Test
    void inequalityMultiplierIsProjectedToZeroAndMinusZeroBecomesPlusZero() {
        Blocks up = constraint(INEQUALITY, true, 0.5, 1.0, 0.0, 0.25, 0.5).apply();
        assertBits(0.875, up.state(0, MULTIPLIER), "λ above 0");
        Blocks clipped = constraint(INEQUALITY, true, 0.25, 0.0, 0.0, 1.0, 0.5).apply();
        assertBits(0.0, clipped.state(0, MULTIPLIER), "0.25 − 0.5 clipped");
        assertBits(-0.25, clipped.penalty(), "the penalty keeps the negative term");
        Blocks zero = constraint(INEQUALITY, true, -0.0, -0.0, 0.0, 0.0, 0.5).apply();
        assertBits(0.0, zero.state(0, MULTIPLIER), "max(0, −0.0)");
        Blocks nan = constraint(INEQUALITY, true, 0.5, Double.NaN, 0.0, 0.0, 0.5).apply();
        assertTrue(Double.isNaN(nan.state(0, MULTIPLIER)), "max(0, NaN) is NaN");
        assertTrue(Double.isNaN(nan.penalty()), "penalty of a NaN value");
    }

    @Test
    void withoutADualStepMultipliersStayButThePenaltyIsSummed() {
        Blocks b = constraint(INEQUALITY, false, 0.5, 1.0, 0.0, 0.25, 0.5).apply();
        assertBits(0.5, b.state(0, MULTIPLIER), "λ");
        assertBits(0.375, b.penalty(), "penalty");
        assertBits(0.25, b.state(0, STATE_EPSILON), "the plan's target is kept in the state");
    }

    @Test
    void resilientSlackTakesItsStepAndCostsHalfAlphaUSquared() {
        // w 0.5, c 1, u 0.5, ε 0.25, α 2, η_u 0.25, η_d 0.5
        Blocks b = constraint(RESILIENT, true, 0.5, 1.0, 0.5, 0.25, 0.5).plan(0, ALPHA, 2.0)
                .plan(0, SLACK_STEP_SIZE, 0.25).apply();
        assertBits(0.375, b.state(0, SLACK), "u ← 0.5 − 0.25·(2·0.5 − 0.5)");
        assertBits(0.375, b.penalty(), "0.5·(1 − 0.25 − 0.5) + (2/2)·0.5²");
        assertBits(0.625, b.state(0, MULTIPLIER), "λ ← 0.5 + 0.5·(1 − 0.25 − 0.5)");
        Blocks clipped = constraint(RESILIENT, false, 0.0, 1.0, 0.5, 0.25, 0.5).plan(0, ALPHA, 4.0)
                .plan(0, SLACK_STEP_SIZE, 1.0).apply();
        assertBits(0.0, clipped.state(0, SLACK), "u ← max(0, 0.5 − 1·(4·0.5 − 0))");
        assertBits(0.0, clipped.state(0, MULTIPLIER), "no dual step");
        assertBits(0.5, clipped.penalty(), "0·(…) + (4/2)·0.5²");
    }

    @Test
    void softregRetunesItsWeightOnDualStepsOnly() {
        Blocks b = new Blocks(2, true);
        for (int t = 0; t < 2; t++) {
            b.plan(t, KIND, SOFTREG).plan(t, SOFTREG_SCALE, 1.0).plan(t, SOFTREG_FLOOR, 0.5)
                    .plan(t, SOFTREG_SMOOTHING, 0.5).state(t, MULTIPLIER, 1.0);
        }
        b.state(0, VALUE, 1.5).state(1, VALUE, -3.0).apply();
        assertBits(0.75, b.state(0, MULTIPLIER), "0.5·1 + 0.5·1 / (0.5 + 1.5)");
        assertBits(1.5, b.state(1, MULTIPLIER), "0.5·1 + 0.5·1 / (0.5 + max(0, −3))");
        assertBits(-1.5, b.penalty(), "1·1.5 + 1·(−3)");
        b.plan[DUAL_STEP] = 0.0;
        b.apply();
        assertBits(0.75, b.state(0, MULTIPLIER), "kept without a dual step");
    }

    @Test
    void softregMixesItsStrengthWithTheScaleOverTheValueBySmoothing() {
        Blocks b = new Blocks(1, true).plan(0, KIND, SOFTREG).plan(0, SOFTREG_SCALE, 3.0).plan(0, SOFTREG_FLOOR, 0.5)
                .plan(0, SOFTREG_SMOOTHING, 0.25).state(0, MULTIPLIER, 2.0).state(0, VALUE, 1.5).apply();
        assertBits(1.625, b.state(0, MULTIPLIER), "0.25·2 + 0.75·3 / (0.5 + 1.5)");
    }

    @Test
    void penaltyWeightComesFromThePlanAndBecomesTheMultiplier() {
        Blocks b = new Blocks(1, true).plan(0, KIND, PENALTY).plan(0, WEIGHT, 0.25).state(0, MULTIPLIER, 7.0)
                .state(0, VALUE, 2.0).apply();
        assertBits(0.5, b.penalty(), "0.25·2");
        assertBits(0.25, b.state(0, MULTIPLIER), "the weight in force");
    }

    @Test
    void penaltySumsEveryKindInTermOrder() {
        Blocks b = new Blocks(4, false).plan(0, KIND, PENALTY).plan(0, WEIGHT, 0.25).state(0, VALUE, 2.0)
                .plan(1, KIND, SOFTREG).state(1, MULTIPLIER, 2.0).state(1, VALUE, 0.75)
                .plan(2, KIND, INEQUALITY).state(2, MULTIPLIER, 0.5).state(2, VALUE, 1.0).plan(2, EPSILON, 0.25)
                .plan(2, EPSILON_FROM_PLAN, 1)
                .plan(3, KIND, RESILIENT).plan(3, ALPHA, 2.0).state(3, MULTIPLIER, 0.5).state(3, VALUE, 1.0)
                .state(3, SLACK, 0.5).state(3, STATE_EPSILON, 0.25).apply();
        // 0.25·2 + 2·0.75 + 0.5·(1 − 0.25) + 0.5·(1 − 0.25 − 0.5) + (2/2)·0.5²
        assertBits(0.5 + 1.5 + 0.375 + 0.125 + 0.25, b.penalty(), "penalty");
        assertBits(0.25, b.state(3, STATE_EPSILON), "a target of the state's own stays");
    }

    /** An inequality with an adaptive target from 0.5 to 0.25, decay 0.5, threshold 1, its target in the state. */
    private static Blocks adaptive(double epsilon, double multiplier, boolean dualStep) {
        return new Blocks(1, dualStep).plan(0, KIND, INEQUALITY).plan(0, DUAL_STEP_SIZE, 0.5).plan(0, ADAPTIVE, 1)
                .plan(0, ADAPTIVE_FROM, 0.5).plan(0, ADAPTIVE_TO, 0.25).plan(0, ADAPTIVE_DECAY, 0.5)
                .plan(0, ADAPTIVE_THRESHOLD, 1.0).state(0, STATE_EPSILON, epsilon).state(0, MULTIPLIER, multiplier)
                .state(0, VALUE, epsilon);
    }

    @Test
    void adaptiveTargetMovesTowardsItsEndWhileTheMultiplierIsSmallAndSnapsWhenClose() {
        Blocks moving = adaptive(0.5, 0.75, true).apply();
        assertBits(0.75, moving.state(0, MULTIPLIER), "λ ← 0.75 + 0.5·(0.5 − 0.5)");
        assertBits(0.375, moving.state(0, STATE_EPSILON), "ε ← 0.25 + (0.5 − 0.25)·0.5");
        double close = 0.25 + 0x1p-42; // moves to 0.25 + 2^-43, within 1e-12·max(1, 0.5) of the end
        assertBits(0.25, adaptive(close, 0.75, true).apply().state(0, STATE_EPSILON), "snapped");
        double far = 0.25 + 0x1p-37; // moves to 0.25 + 2^-38 ≈ 0.25 + 3.6e-12: not snapped
        assertBits(0.25 + 0x1p-38, adaptive(far, 0.75, true).apply().state(0, STATE_EPSILON), "not snapped");
        assertBits(0.5, adaptive(0.5, 1.5, true).apply().state(0, STATE_EPSILON), "λ = 1.5 resists beyond θ");
        assertBits(0.375, adaptive(0.5, 1.0, true).apply().state(0, STATE_EPSILON), "λ = 1 at the threshold moves");
        // The snapping distance grows with |from|: 2^-39 ≈ 1.8e-12 is within 1e-12·4 of the end.
        assertBits(0.25, adaptive(0.25 + 0x1p-38, 0.75, true).plan(0, ADAPTIVE_FROM, 4.0).apply()
                .state(0, STATE_EPSILON), "snapped within 1e-12·|from|");
        assertBits(0.5, adaptive(0.5, 0.75, false).apply().state(0, STATE_EPSILON), "no dual step");
    }

    @Test
    void anAdaptiveTargetMovesUnlessItsMultiplierResistsTheMove() {
        // An equality below its falling target: λ ← 0 + 0.5·(0.25 − 0.5) = −0.125 pulls c up to the target, which
        // tightening eases, so the target moves even with θ = 0.
        Blocks below = adaptive(0.5, 0.0, true).plan(0, KIND, EQUALITY).plan(0, ADAPTIVE_THRESHOLD, 0.0)
                .state(0, VALUE, 0.25).apply();
        assertBits(-0.125, below.state(0, MULTIPLIER), "λ ← 0 + 0.5·(0.25 − 0.5)");
        assertBits(0.375, below.state(0, STATE_EPSILON), "ε ← 0.25 + (0.5 − 0.25)·0.5");
        // A rising target (0.25 to 0.5) is resisted by a negative λ, not by a positive one.
        assertBits(0.375, rising(INEQUALITY, 1.5).apply().state(0, STATE_EPSILON), "λ = 1.5 does not resist");
        assertBits(0.25, rising(EQUALITY, -1.5).apply().state(0, STATE_EPSILON), "λ = −1.5 resists beyond θ = 1");
        assertBits(0.375, rising(EQUALITY, -1.0).apply().state(0, STATE_EPSILON), "λ = −1 resists by θ, moves");
    }

    /** A term of {@code kind} with multiplier λ at its target 0.25, which rises to 0.5 by halves while λ ≥ −1. */
    private static Blocks rising(int kind, double multiplier) {
        return adaptive(0.25, multiplier, true).plan(0, KIND, kind).plan(0, ADAPTIVE_FROM, 0.25)
                .plan(0, ADAPTIVE_TO, 0.5);
    }

    @Test
    void anAdaptiveTargetExactlyTheSnappingDistanceFromItsEndSnaps() {
        // 0 + (2e-12 − 0)·0.5 is exactly the double 1e-12, the distance 1e-12·max(1, |0.5|).
        Blocks b = adaptive(2e-12, 0.75, true).plan(0, ADAPTIVE_TO, 0.0).apply();
        assertBits(0.0, b.state(0, STATE_EPSILON), "snapped at the distance itself");
    }

    @Test
    void aTimedTargetFromThePlanIsUsedAndStored() {
        Blocks b = constraint(INEQUALITY, true, 0.5, 1.0, 0.0, 0.75, 0.5).state(0, STATE_EPSILON, 0.125).apply();
        assertBits(0.625, b.state(0, MULTIPLIER), "λ ← 0.5 + 0.5·(1 − 0.75)");
        assertBits(0.75, b.state(0, STATE_EPSILON), "the plan's target");
    }

    @Test
    void sizesAreChecked() {
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> DualUpdate.apply(new double[planSize(2)], new double[stateSize(2) - 1], 2));
        assertTrue(small.getMessage().contains("2 terms need a plan of at least 31 values and a state of at least 9"),
                small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DualUpdate.checkSizes("op", -1, 100, 100));
        assertThrows(IllegalArgumentException.class,
                () -> DualUpdate.checkSizes("op", MAX_TERMS + 1, planSize(MAX_TERMS + 1), stateSize(MAX_TERMS + 1)));
        DualUpdate.checkSizes("op", MAX_TERMS, planSize(MAX_TERMS), stateSize(MAX_TERMS));
        Blocks none = new Blocks(0, true);
        none.state[PENALTY_SUM] = 9.0;
        assertBits(0.0, none.apply().penalty(), "no terms: penalty 0");
    }
}
