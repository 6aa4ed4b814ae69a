package dev.jace.constraint;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small problems with known optima, solved by the loop with plain gradient steps as the primal optimiser. */
class ToyProblemTest {

    /** minimise (x − target)² by gradient descent, the loop adding its terms to the gradient. */
    private static final class Scalar {
        double x;
        double grad;
        final double target;
        final double lr;

        Scalar(double x, double target, double lr) {
            this.x = x;
            this.target = target;
            this.lr = lr;
        }

        ConstraintQuantity linear(String name) {
            return new ToyQuantity(name, name, QuantityKind.RELAXATION_MAGNITUDE, () -> x, w -> grad += w);
        }

        ConstraintQuantity squared(String type) {
            return ToyQuantity.deviation(type, () -> x * x, w -> grad += w * 2 * x);
        }

        void lossGradient() {
            grad = 2 * (x - target);
        }

        void descend() {
            x -= lr * grad;
        }
    }

    private static PrimalDualLoop run(List<Scalar> xs, LagrangianPlan plan, DualAscent dual, long steps) {
        return run(xs, plan, dual, steps, steps);
    }

    private static PrimalDualLoop run(List<Scalar> xs, LagrangianPlan plan, DualAscent dual, long steps, long horizon) {
        PrimalDualLoop loop = new PrimalDualLoop(plan, dual, horizon);
        for (long t = 0; t < steps; t++) {
            xs.forEach(Scalar::lossGradient);
            LoopSteps.step(loop, t, () -> xs.forEach(Scalar::descend));
        }
        return loop;
    }

    @Test
    void inequalityConvergesToKkt() {
        // min (x − 3)² s.t. x ≤ 1: x* = 1, λ* = 2(3 − 1) = 4
        Scalar s = new Scalar(0, 3, 0.05);
        Constraint c = new Constraint("x", s.linear("x"), ConstraintKind.INEQUALITY, new Schedule.Constant(1));
        ConstraintState st = run(List.of(s), new LagrangianPlan("t", List.of(c)), new DualAscent(0.05, 0, 1), 5000)
                .states().get("x");
        assertEquals(1.0, s.x, 1e-6);
        assertEquals(4.0, st.multiplier(), 1e-5);
    }

    @Test
    void inequalityWithDualPeriod() {
        Scalar s = new Scalar(0, 3, 0.05);
        Constraint c = new Constraint("x", s.linear("x"), ConstraintKind.INEQUALITY, new Schedule.Constant(1));
        ConstraintState st = run(List.of(s), new LagrangianPlan("t", List.of(c)), new DualAscent(0.1, 0, 4), 20000)
                .states().get("x");
        assertEquals(1.0, s.x, 1e-5);
        assertEquals(4.0, st.multiplier(), 1e-4);
    }

    @Test
    void resilientMatchesClosedForm() {
        // min (x − 3)² + (α/2)u² s.t. x ≤ 1 + u, u ≥ 0. Active constraint x = 1 + u; d/du [(u − 2)² + (α/2)u²] = 0 gives
        // u* = 4/(2 + α), x* = (6 + α)/(2 + α), λ* = α u* = 4α/(2 + α).
        for (double alpha : new double[] {0.5, 1.0, 2.0, 8.0}) {
            Scalar s = new Scalar(0, 3, 0.05);
            Constraint c = new Constraint("x", s.linear("x"), ConstraintKind.resilient(alpha), new Schedule.Constant(1));
            ConstraintState st = run(List.of(s), new LagrangianPlan("t", List.of(c)), new DualAscent(0.05, 0.05, 1),
                    20000).states().get("x");
            assertEquals((6 + alpha) / (2 + alpha), s.x, 1e-6, "x* for α=" + alpha);
            assertEquals(4 / (2 + alpha), st.slack(), 1e-6, "u* for α=" + alpha);
            assertEquals(4 * alpha / (2 + alpha), st.multiplier(), 1e-6, "λ* for α=" + alpha);
        }
    }

    @Test
    void equalityHomotopyReachesZero() {
        // ACE homotopy: c = x = ε(t) with ε going to 0 at the last step, against a loss that pulls x to 3 (λ* = 6).
        // Schedules that arrive flat (cosine, step) are tracked to the end.
        for (String eps : List.of("cosine:1->0", "step:1@0,0.1@2000,0@4000")) {
            Scalar s = new Scalar(1, 3, 0.05);
            LagrangianPlan plan = Method.ACE.plan(List.of(s.linear("gamma")),
                    MethodSettings.defaults().withEpsilon(Schedule.parse(eps)));
            PrimalDualLoop loop = run(List.of(s), plan, new DualAscent(0.5, 0, 1), 6000);
            assertTrue(Math.abs(s.x) < 1e-5, eps + ": final |c| = " + Math.abs(s.x));
            assertEquals(6.0, loop.states().get("gamma").multiplier(), 1e-3, eps);
        }
    }

    @Test
    void slopedHomotopyNeedsASettlePhase() {
        // The dual variable tracks a ramp with a lag proportional to its slope, so a linear or exponential ε(t) that
        // ends on the last step still has c ≈ 3·slope there (slope: the target's change per step at the end); a horizon
        // shorter than the run (ε held at 0 afterwards) removes the lag.
        for (String eps : List.of("linear:1->0", "exp:1->0:4")) {
            MethodSettings settings = MethodSettings.defaults().withEpsilon(Schedule.parse(eps));
            Scalar lagging = new Scalar(1, 3, 0.05);
            run(List.of(lagging), Method.ACE.plan(List.of(lagging.linear("gamma")), settings), new DualAscent(0.5, 0, 1), 6000);
            assertTrue(Math.abs(lagging.x) > 1e-5, eps + ": lag " + lagging.x);
            Schedule.Timed target = (Schedule.Timed) Schedule.parse(eps);
            double slope = target.value(5998, 6000) - target.value(5999, 6000);
            assertEquals(3, lagging.x / slope, 0.05, eps + ": the final c in steps of the ramp");

            Scalar settled = new Scalar(1, 3, 0.05);
            run(List.of(settled), Method.ACE.plan(List.of(settled.linear("gamma")), settings), new DualAscent(0.5, 0, 1),
                    6000, 5000);
            assertTrue(Math.abs(settled.x) < 1e-5, eps + ": final |c| = " + Math.abs(settled.x));
        }
    }

    @Test
    void scheduledPenaltyForcesTheQuantityDown() {
        // penalty w(t)·x² rising linearly to 1e3: minimiser x = 3/(1 + w)
        Scalar s = new Scalar(3, 3, 4e-4);
        LagrangianPlan plan = Method.SCHEDULED.plan(List.of(s.squared("rotation")),
                MethodSettings.defaults().withPenaltySchedule("linear:0->1e3"));
        PrimalDualLoop loop = run(List.of(s), plan, new DualAscent(0, 0, 1), 20000);
        assertEquals(3.0 / 1001, s.x, 1e-5);
        assertEquals(1e3, loop.states().get("output.rotation").multiplier(), 0.0);
    }

    @Test
    void mixedSymmetriesAreRankedByAceResilient() {
        // rotation is nearly a symmetry of the data (the loss wants x = 0.2), reflection is clearly broken (x = 1).
        // c_k = x_k², c_k ≤ u_k: at the optimum x − a + α x³ = 0 and u = x², λ = α u.
        Scalar rot = new Scalar(0, 0.2, 0.05);
        Scalar ref = new Scalar(0, 1.0, 0.05);
        LagrangianPlan plan = Method.ACE_RESILIENT.plan(List.of(rot.squared("rotation"), ref.squared("reflection")),
                MethodSettings.defaults().withAlpha(1.0));
        SymmetryLevels levels = run(List.of(rot, ref), plan, new DualAscent(0.05, 0.05, 1), 40000).symmetryLevels();
        double xRot = cubicRoot(0.2);
        double xRef = cubicRoot(1.0);
        assertEquals(xRot * xRot, levels.level("rotation").slack(), 1e-6);
        assertEquals(xRef * xRef, levels.level("reflection").slack(), 1e-6);
        assertEquals(xRef * xRef, levels.level("reflection").multiplier(), 1e-6);
        assertEquals(xRef * xRef, levels.level("reflection").deviation(), 1e-6);
        assertEquals(List.of("reflection", "rotation"), levels.mostBrokenFirst());
        assertEquals("reflection > rotation (most broken first)", levels.describeRanking());
    }

    @Test
    void mixedSymmetriesAreRankedBySoftreg() {
        Scalar rot = new Scalar(0, 0.2, 0.02);
        Scalar ref = new Scalar(0, 1.0, 0.02);
        SoftRegTuning tuning = new SoftRegTuning(0.05, 1e-3, 0.9);
        LagrangianPlan plan = Method.SOFTREG.plan(List.of(rot.squared("rotation"), ref.squared("reflection")),
                MethodSettings.defaults().withSoftreg(tuning));
        SymmetryLevels levels = run(List.of(rot, ref), plan, new DualAscent(0, 0, 5), 20000).symmetryLevels();
        SymmetryLevels.Level r = levels.level("rotation");
        SymmetryLevels.Level m = levels.level("reflection");
        assertEquals(List.of("reflection", "rotation"), levels.mostBrokenFirst());
        assertTrue(r.multiplier() > 10 * m.multiplier(), "the nearly symmetric type gets the stronger regulariser: " + levels);
        assertTrue(r.deviation() < 1e-3, "and is pushed to (near) equivariance: " + levels);
        // the strength is at its fixed point scale / (floor + c)
        assertEquals(tuning.scale() / (tuning.floor() + m.deviation()), m.multiplier(), 1e-6);
    }

    @Test
    void softregStrengthStartsAtScaleOverFloorPlusOneAndMovesByTheSmoothedUpdate() {
        Scalar rot = new Scalar(0.5, 0, 0.01);
        SoftRegTuning tuning = new SoftRegTuning(0.05, 1e-3, 0.9);
        LagrangianPlan plan = Method.SOFTREG.plan(List.of(rot.squared("rotation")),
                MethodSettings.defaults().withSoftreg(tuning));
        PrimalDualLoop loop = new PrimalDualLoop(plan, new DualAscent(0, 0, 1), 10);
        String term = loop.states().keySet().iterator().next();
        double start = 0.05 / (1e-3 + 1);
        assertEquals(start, loop.states().get(term).multiplier(), 0.0);
        rot.lossGradient();
        LoopSteps.step(loop, 0, rot::descend);
        ConstraintState after = loop.states().get(term);
        assertEquals(0.25, after.value(), 1e-15, "c = x² measured before the primal step");
        assertEquals(0.9 * start + 0.1 * 0.05 / (1e-3 + 0.25), after.multiplier(), 1e-12);
    }

    /** The real root of x + x³ = a (α = 1). */
    private static double cubicRoot(double a) {
        double x = a;
        for (int i = 0; i < 100; i++) {
            x -= (x + x * x * x - a) / (1 + 3 * x * x);
        }
        return x;
    }
}
