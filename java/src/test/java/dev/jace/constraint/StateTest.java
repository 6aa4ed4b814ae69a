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
