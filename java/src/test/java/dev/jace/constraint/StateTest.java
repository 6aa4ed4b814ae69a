package dev.jace.constraint;

import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateTest {

    @Property
    void mapRoundTrip(@ForAll double multiplier, @ForAll double slack, @ForAll double value, @ForAll double epsilon) {
        ConstraintState s = new ConstraintState(multiplier, slack, value, epsilon);
        assertEquals(s, ConstraintState.fromMap(s.toMap()));
    }

    @Test
    void missingKeyIsNamed() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> ConstraintState.fromMap(Map.of("multiplier", 1.0, "slack", 0.0, "value", 0.0))).getMessage();
        assertTrue(m.contains("'epsilon'"), m);
    }

    @Test
    void restoredLoopContinuesIdentically() {
        double[] x1 = {0.0, 0.0};
        double[] x2 = {0.0, 0.0};
        PrimalDualLoop a = loop(x1);
        PrimalDualLoop b = loop(x2);
        for (int t = 0; t < 37; t++) {
            step(a, x1, t);
        }
        Map<String, Map<String, Double>> saved = a.saveState();
        x2[0] = x1[0];
        x2[1] = x1[1];
        b.restoreState(saved);
        assertEquals(a.states(), b.states());
        for (int t = 37; t < 80; t++) {
            step(a, x1, t);
            step(b, x2, t);
        }
        assertEquals(a.states(), b.states());
        assertEquals(x1[0], x2[0], 0.0);
    }

    @Test
    void restoreRejectsOtherTerms() {
        PrimalDualLoop a = loop(new double[2]);
        String m = assertThrows(IllegalArgumentException.class,
                () -> a.restoreState(Map.of("other", new ConstraintState(0, 0, 0, 0).toMap()))).getMessage();
        assertTrue(m.contains("other") && m.contains("output.rotation"), m);
    }

    /** What no run leaves (a state.json edited or damaged) is refused before anything changes; the rest restores. */
    @Test
    void restoreRejectsValuesNoRunLeaves() {
        PrimalDualLoop resilient = loop(new double[2]);
        Map<String, ConstraintState> before = resilient.states();
        String name = before.keySet().iterator().next();
        assertEquals("saved constraint state of term '" + name + "' has multiplier NaN (its λ is finite and >= 0), which no run"
                + " leaves", refusal(resilient, name, new ConstraintState(Double.NaN, 0, 0, 0)));
        assertEquals("saved constraint state of term '" + name + "' has multiplier -5.0 (its λ is finite and >= 0), which no run"
                + " leaves", refusal(resilient, name, new ConstraintState(-5, 0, 0, 0)));
        assertEquals("saved constraint state of term '" + name + "' has slack -1.0 (a slack is >= 0), which no run"
                + " leaves", refusal(resilient, name, new ConstraintState(1, -1, 0, 0)));
        assertEquals("saved constraint state of term '" + name + "' has multiplier Infinity (its λ is finite and >= 0),"
                + " which no run leaves", refusal(resilient, name, new ConstraintState(Double.POSITIVE_INFINITY, 0, 0,
                0)));
        assertEquals("saved constraint state of term '" + name + "' has slack Infinity (a slack is >= 0), which no run"
                + " leaves", refusal(resilient, name, new ConstraintState(1, Double.POSITIVE_INFINITY, 0, 0)));
        assertEquals("saved constraint state of term '" + name + "' has target Infinity, which no run leaves",
                refusal(resilient, name, new ConstraintState(1, 1, 0, Double.POSITIVE_INFINITY)));
        assertEquals(before, resilient.states(), "nothing restored");

        ConstraintQuantity q = ToyQuantity.constant("c", 1.0);
        Constraint equality = new Constraint("eq", q, ConstraintKind.EQUALITY, new Schedule.Constant(0));
        PrimalDualLoop loop = new PrimalDualLoop(new LagrangianPlan("test", List.of(equality)),
                new DualAscent(0.1, 0, 1), 10);
        assertEquals("saved constraint state of term 'eq' has slack 0.5 (only resilient terms have one), which no run"
                + " leaves", refusal(loop, "eq", new ConstraintState(1, 0.5, 0, 0)));
        loop.restoreState(Map.of("eq", new ConstraintState(-2, 0, Double.NaN, 0).toMap()));
        assertEquals(-2, loop.states().get("eq").multiplier(), 0.0, "an equality's λ may be negative");

        Constraint adaptive = new Constraint("ad", q, ConstraintKind.resilient(1),
                new Schedule.Adaptive(0.5, 0.1, 0.9, 0));
        PrimalDualLoop adaptiveLoop = new PrimalDualLoop(new LagrangianPlan("test", List.of(adaptive)),
                new DualAscent(0.1, 0.1, 1), 10);
        assertEquals("saved constraint state of term 'ad' has target -5.0 (its adaptive target moves from 0.5 to 0.1),"
                + " which no run leaves", refusal(adaptiveLoop, "ad", new ConstraintState(1, 1, 0, -5)));
        assertEquals("saved constraint state of term 'ad' has target 0.6 (its adaptive target moves from 0.5 to 0.1),"
                + " which no run leaves", refusal(adaptiveLoop, "ad", new ConstraintState(1, 1, 0, 0.6)));
        adaptiveLoop.restoreState(Map.of("ad", new ConstraintState(1, 1, 0, 0.1).toMap()));
        assertEquals(0.1, adaptiveLoop.states().get("ad").epsilon(), 0.0, "its end value restores");

        PrimalDualLoop softreg = new PrimalDualLoop(Method.SOFTREG.plan(List.of(q), MethodSettings.defaults()),
                new DualAscent(0.1, 0, 1), 10);
        String term = softreg.states().keySet().iterator().next();
        assertEquals("saved constraint state of term '" + term + "' has strength -1.0 (a softreg strength is finite and >= 0),"
                + " which no run leaves", refusal(softreg, term, new ConstraintState(-1, 0, 0, 0)));
    }

    private static String refusal(PrimalDualLoop loop, String term, ConstraintState bad) {
        Map<String, Map<String, Double>> saved = new java.util.LinkedHashMap<>(loop.saveState());
        saved.put(term, bad.toMap());
        return assertThrows(IllegalArgumentException.class, () -> loop.restoreState(saved)).getMessage();
    }

    private static final double[] GRAD = new double[2];

    private static PrimalDualLoop loop(double[] x) {
        ConstraintQuantity rot = ToyQuantity.deviation("rotation", () -> x[0] * x[0], w -> GRAD[0] += w * 2 * x[0]);
        ConstraintQuantity ref = ToyQuantity.deviation("reflection", () -> x[1] * x[1], w -> GRAD[1] += w * 2 * x[1]);
        LagrangianPlan plan = Method.ACE_RESILIENT.plan(List.of(rot, ref), MethodSettings.defaults());
        return new PrimalDualLoop(plan, new DualAscent(0.1, 0.1, 2), 100);
    }

    private static void step(PrimalDualLoop loop, double[] x, int t) {
        GRAD[0] = 2 * (x[0] - 0.5);
        GRAD[1] = 2 * (x[1] - 1.0);
        LoopSteps.step(loop, t, () -> {
            x[0] -= 0.05 * GRAD[0];
            x[1] -= 0.05 * GRAD[1];
        });
    }
}
