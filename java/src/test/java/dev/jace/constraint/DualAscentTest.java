package dev.jace.constraint;

import dev.jace.backend.cpu.CpuBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DualAscentTest {

    private static final double TOL = 1e-12;

    @Test
    void periodSelectsDualSteps() {
        DualAscent d = new DualAscent(1, 1, 3);
        assertFalse(d.isDualStep(0));
        assertFalse(d.isDualStep(1));
        assertTrue(d.isDualStep(2));
        assertTrue(d.isDualStep(5));
        assertThrows(IllegalArgumentException.class, () -> new DualAscent(1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new DualAscent(-1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DualAscent(Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DualAscent(1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new DualAscent(Double.POSITIVE_INFINITY, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DualAscent(1, Double.POSITIVE_INFINITY, 1));
    }

    @Test
    void loopAppliesDualStepEveryKAndUsesMultiplierAsWeight() {
        List<Double> weights = new ArrayList<>();
        ConstraintQuantity q = new ToyQuantity("c", "rotation", QuantityKind.EQUIVARIANCE_DEVIATION, () -> 2.0, weights::add);
        Constraint c = new Constraint("c", q, ConstraintKind.INEQUALITY, new Schedule.Constant(1.0));
        PrimalDualLoop loop = new PrimalDualLoop(new LagrangianPlan("test", List.of(c)), new DualAscent(0.1, 0, 3), 10);
        double[] expected = {0, 0, 0.1, 0.1, 0.1, 0.2, 0.2};
        for (int t = 0; t < expected.length; t++) {
            PrimalDualLoop.StepReport r = LoopSteps.step(loop, t, () -> { });
            assertEquals(expected[t], r.states().get("c").multiplier(), TOL, "after step " + t);
            assertEquals(t % 3 == 2, r.dualStep());
        }
        // zero weights are not applied; weights 0.1 at steps 3, 4, 5 and 0.2 at step 6
        assertEquals(List.of(0.1, 0.1, 0.1, 0.2), weights);
    }

    @Test
    void theDeviceDualUpdateRefusesAQuantityMeasuredOnTheHost() {
        Constraint c = new Constraint("c", ToyQuantity.constant("c", 2.0), ConstraintKind.EQUALITY,
                new Schedule.Constant(0.0));
        PrimalDualLoop loop = new PrimalDualLoop(new LagrangianPlan("test", List.of(c)), new DualAscent(0.1, 0, 1),
                10);
        try (CpuBackend cpu = new CpuBackend()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.onDevice(cpu));
            assertEquals("the dual update cannot run on the device: quantity 'c' is measured on the host",
                    e.getMessage());
        }
    }

    @Test
    void loopResilientHandComputed() {
        // c = 2, ε = 0.5, α = 1, η_d = η_u = 0.5, k = 1; simultaneous updates
        ConstraintQuantity q = ToyQuantity.constant("c", 2.0);
        Constraint c = new Constraint("c", q, ConstraintKind.resilient(1.0), new Schedule.Constant(0.5));
        PrimalDualLoop loop = new PrimalDualLoop(new LagrangianPlan("test", List.of(c)), new DualAscent(0.5, 0.5, 1),
                10);
        double[][] expected = {{0.75, 0.0}, {1.5, 0.375}, {2.0625, 0.9375}};
        for (int t = 0; t < expected.length; t++) {
            ConstraintState s = LoopSteps.step(loop, t, () -> { }).states().get("c");
            assertEquals(expected[t][0], s.multiplier(), TOL, "λ after step " + t);
            assertEquals(expected[t][1], s.slack(), TOL, "u after step " + t);
            assertEquals(2.0, s.value(), TOL);
            assertEquals(0.5, s.epsilon(), TOL);
        }
    }

    @Test
    void equalityMultiplierGoesNegativeInequalityStopsAtZero() {
        // c = 0 below the homotopy target ε = 1, 0.5, 0 (linear over 3 steps), η_d = 1
        Schedule eps = new Schedule.Linear(1.0, 0.0);
        Constraint eq = new Constraint("eq", ToyQuantity.constant("eq", 0.0), ConstraintKind.EQUALITY, eps);
        Constraint in = new Constraint("in", ToyQuantity.constant("in", 0.0), ConstraintKind.INEQUALITY, eps);
        PrimalDualLoop loop = new PrimalDualLoop(new LagrangianPlan("test", List.of(eq, in)), new DualAscent(1, 0, 1),
                3);
        double[] expected = {-1.0, -1.5, -1.5};
        for (int t = 0; t < 3; t++) {
            Map<String, ConstraintState> s = LoopSteps.step(loop, t, () -> { }).states();
            assertEquals(expected[t], s.get("eq").multiplier(), TOL);
            assertEquals(0.0, s.get("in").multiplier(), TOL);
            // A timed target is kept as it was in force at the step; the next step reads its own from the schedule.
            assertEquals(1.0 - 0.5 * t, loop.states().get("eq").epsilon(), 0.0, "kept after step " + t);
        }
    }

    /** A step's report pairs c with the target it was measured against; the loop keeps the one the next step uses. */
    @Test
    void adaptiveTargetIsReportedAsInForceAndKeptAsMovedByTheDualStep() {
        // c = 0 never pushes back (λ stays 0 ≤ θ), so each dual step halves ε: 0.1, 0.05, 0.025, ...
        Constraint c = new Constraint("c", ToyQuantity.constant("c", 0.0), ConstraintKind.INEQUALITY,
                new Schedule.Adaptive(0.1, 0.0, 0.5, 0.0));
        PrimalDualLoop loop = new PrimalDualLoop(new LagrangianPlan("test", List.of(c)), new DualAscent(1, 0, 1),
                10);
        double inForce = 0.1;
        for (int t = 0; t < 3; t++) {
            assertEquals(inForce, LoopSteps.step(loop, t, () -> { }).states().get("c").epsilon(), 0.0, "step " + t);
            inForce /= 2;
            assertEquals(inForce, loop.states().get("c").epsilon(), 0.0, "the next step's target after step " + t);
            assertEquals(inForce, loop.saveState().get("c").get("epsilon"), 0.0, "checkpointed after step " + t);
        }
    }

    @Test
    void anEqualityBelowItsAdaptiveTargetLetsItTighten() {
        // c = 0.01 stays below ε = 0.05: λ goes negative (the equality pulls c up), which does not resist a falling
        // target, so ε decays towards 0 by halves instead of holding c up at 0.05.
        Constraint c = new Constraint("c", ToyQuantity.constant("c", 0.01), ConstraintKind.EQUALITY,
                new Schedule.Adaptive(0.05, 0.0, 0.5, 0.001));
        PrimalDualLoop loop = new PrimalDualLoop(new LagrangianPlan("test", List.of(c)), new DualAscent(0.1, 0, 1),
                100);
        LoopSteps.step(loop, 0, () -> { });
        assertEquals(0.1 * (0.01 - 0.05), loop.states().get("c").multiplier(), TOL, "λ after the first dual step");
        assertEquals(0.025, loop.states().get("c").epsilon(), TOL, "ε halved");
        for (int t = 1; t < 50; t++) {
            LoopSteps.step(loop, t, () -> { });
        }
        assertTrue(loop.states().get("c").epsilon() < 0.01, "ε = " + loop.states().get("c").epsilon());
    }

    @Test
    void penaltyReportedAsLagrangianTerms() {
        ConstraintQuantity q = ToyQuantity.constant("c", 2.0);
        Constraint c = new Constraint("c", q, ConstraintKind.resilient(2.0), new Schedule.Constant(0.5));
        PrimalDualLoop loop = new PrimalDualLoop(new LagrangianPlan("test", List.of(c)), new DualAscent(0.5, 0.5, 1),
                10);
        LoopSteps.step(loop, 0, () -> { });
        LoopSteps.step(loop, 1, () -> { });
        // λ(c − ε − u) + (α/2)u² with the state going into step 2, α/2 = 1
        ConstraintState before = loop.states().get("c");
        double expected = before.multiplier() * (2.0 - 0.5 - before.slack()) + before.slack() * before.slack();
        assertEquals(expected, LoopSteps.step(loop, 2, () -> { }).penalty(), TOL);
    }

    @Test
    void anEqualityWhoseTargetReachesZeroOnlyAfterTheHorizonIsRefused() {
        ConstraintQuantity q = ToyQuantity.constant("c", 1.0);
        Constraint late = new Constraint("c", q, ConstraintKind.EQUALITY, Schedule.parse("step:0.3@0,0@100"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PrimalDualLoop(
                new LagrangianPlan("test", List.of(late)), new DualAscent(0.1, 0, 1), 6));
        assertEquals("equality constraint 'c': its target step:0.3@0,0@100 is still 0.3 at step 5, the last of the"
                + " schedules' 6 steps; an equality must end at 0, so let the target reach 0 by then", e.getMessage());
        Constraint inTime = new Constraint("c", q, ConstraintKind.EQUALITY, Schedule.parse("step:0.3@0,0@5"));
        new PrimalDualLoop(new LagrangianPlan("test", List.of(inTime)), new DualAscent(0.1, 0, 1), 6);
        Constraint resilient = new Constraint("c", q, ConstraintKind.resilient(1), Schedule.parse("step:0.3@0,0@100"));
        new PrimalDualLoop(new LagrangianPlan("test", List.of(resilient)), new DualAscent(0.1, 0, 1), 6);
    }
    /**
     * An adaptive target moves at most once per dual step, by its decay, so one that needs more dual steps than the
     * horizon holds cannot end at 0 whatever the multiplier does.
     */
    @Test
    void anEqualitysAdaptiveTargetThatCannotReachZeroInTimeIsRefused() {
        ConstraintQuantity q = ToyQuantity.constant("c", 0.0);
        Constraint slow = new Constraint("c", q, ConstraintKind.EQUALITY, Schedule.parse("adaptive:0.5->0"));
        LagrangianPlan plan = new LagrangianPlan("test", List.of(slow));
        IllegalArgumentException e = assertThrows(PrimalDualLoop.TargetNotZeroInTime.class,
                () -> new PrimalDualLoop(plan, new DualAscent(0.1, 0, 1), 96));
        assertEquals("equality constraint 'c': its target adaptive:0.5->0:0.9:0 needs at least 256 dual steps to reach"
                + " 0 (if every one moves it by the factor 0.9), but only 95 come before step 95, the last of the"
                + " schedules' 96 steps (one after every step); an equality must end at 0, so give a quicker decay"
                + " such as 0.75 (adaptive:0.5->0:0.75:0), more steps, or a timed target such as cosine:0.5->0",
                e.getMessage());
        Constraint advised = new Constraint("c", q, ConstraintKind.EQUALITY, Schedule.parse("adaptive:0.5->0:0.75:0"));
        assertEquals(0.0, targetsInForce(new PrimalDualLoop(new LagrangianPlan("test", List.of(advised)),
                new DualAscent(0.1, 0, 1), 96), 96)[95], 0.0, "the advised decay's target at the last step");

        // 256 dual steps come before step 256 (period 1) or step 768 (period 3): the target is 0 there, not a step
        // earlier, so a horizon one step shorter is refused
        double[] everyStep = targetsInForce(new PrimalDualLoop(plan, new DualAscent(0.1, 0, 1), 257), 257);
        assertEquals(0.0, everyStep[256], 0.0);
        assertTrue(everyStep[255] > 0, "one dual step before: " + everyStep[255]);
        assertThrows(PrimalDualLoop.TargetNotZeroInTime.class, () -> new PrimalDualLoop(plan, new DualAscent(0.1, 0, 1),
                256));
        double[] everyThird = targetsInForce(new PrimalDualLoop(plan, new DualAscent(0.1, 0, 3), 769), 769);
        assertEquals(0.0, everyThird[768], 0.0);
        assertTrue(everyThird[767] > 0, "one dual step before: " + everyThird[767]);
        assertThrows(PrimalDualLoop.TargetNotZeroInTime.class, () -> new PrimalDualLoop(plan, new DualAscent(0.1, 0, 3),
                768));

        IllegalArgumentException none = assertThrows(PrimalDualLoop.TargetNotZeroInTime.class,
                () -> new PrimalDualLoop(plan, new DualAscent(0.1, 0, 5), 5));
        assertTrue(none.getMessage().contains("but only 0 come before step 4, the last of the schedules' 5 steps (one"
                + " every 5 steps); an equality must end at 0, so give more steps, or a timed target such as"
                + " cosine:0.5->0"), none.getMessage());

        Constraint resilient = new Constraint("c", q, ConstraintKind.resilient(1), Schedule.parse("adaptive:0.5->0"));
        assertDoesNotThrow(() -> new PrimalDualLoop(new LagrangianPlan("test", List.of(resilient)),
                new DualAscent(0.1, 0.1, 1), 96));
    }

    /**
     * The advised decay must itself pass: rounding in the updates can leave a two-digit bound (0.1 for 1 -> 0 in 12
     * moves) one move short, so the advice goes lower.
     */
    @Test
    void theAdvisedDecayReachesZeroInTime() {
        Pattern advised = Pattern.compile("such as [^ ]+ \\((adaptive:[^)]+)\\)");
        int checked = 0;
        for (double from : new double[] {0.5, 1, 2, 10, 1e-3}) {
            for (int horizon = 2; horizon <= 300; horizon++) {
                Constraint slow = new Constraint("c", ToyQuantity.constant("c", 0.0), ConstraintKind.EQUALITY,
                        new Schedule.Adaptive(from, 0, 0.999, 0));
                String message = refusal(slow, horizon);
                Matcher m = advised.matcher(message);
                assertTrue(m.find(), message);
                Constraint quicker = new Constraint("c", ToyQuantity.constant("c", 0.0), ConstraintKind.EQUALITY,
                        Schedule.parse(m.group(1)));
                int h = horizon;
                assertDoesNotThrow(() -> new PrimalDualLoop(new LagrangianPlan("test", List.of(quicker)),
                        new DualAscent(0.1, 0, 1), h), message);
                checked++;
            }
        }
        assertEquals(5 * 299, checked);
        assertTrue(refusal(new Constraint("c", ToyQuantity.constant("c", 0.0), ConstraintKind.EQUALITY,
                new Schedule.Adaptive(1, 0, 0.9, 0)), 13).contains("such as 0.09 (adaptive:1->0:0.09:0)"),
                "0.1 would need 13 moves, not 12");
    }

    private static String refusal(Constraint c, long horizon) {
        return assertThrows(PrimalDualLoop.TargetNotZeroInTime.class, () -> new PrimalDualLoop(
                new LagrangianPlan("test", List.of(c)), new DualAscent(0.1, 0, 1), horizon)).getMessage();
    }

    /** Term c's target in force at each step (c = 0 keeps an equality's λ ≤ 0, so every dual step moves it). */
    private static double[] targetsInForce(PrimalDualLoop loop, int steps) {
        double[] inForce = new double[steps];
        for (int t = 0; t < steps; t++) {
            inForce[t] = LoopSteps.step(loop, t, () -> { }).states().get("c").epsilon();
        }
        return inForce;
    }
}
