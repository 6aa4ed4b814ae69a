package dev.jace.constraint;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MethodTest {

    private static final List<String> NAMES =
            List.of("strict", "unconstrained", "penalty", "scheduled", "rpp", "softreg", "ace", "ace-resilient");

    private final ConstraintQuantity rotation = ToyQuantity.constant("rotation", 0.1);
    private final ConstraintQuantity reflection = ToyQuantity.constant("reflection", 0.2);
    private final ConstraintQuantity free =
            new ToyQuantity("free.l2", ConstraintQuantity.NO_SYMMETRY, QuantityKind.FREE_BRANCH_L2, () -> 1.0, w -> { });
    private final List<ConstraintQuantity> all = List.of(rotation, reflection, free);

    @Test
    void everyNameResolves() {
        assertEquals(NAMES, MethodFactory.names());
        for (String name : NAMES) {
            Method m = MethodFactory.byName(name);
            assertEquals(name, m.id());
            assertEquals(name, m.plan(all, MethodSettings.defaults()).method());
        }
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodFactory.byName("ACE"));
        assertTrue(e.getMessage().contains("unknown method 'ACE'"), e.getMessage());
        for (String name : NAMES) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void plans() {
        MethodSettings s = MethodSettings.defaults().withPenaltyWeight(0.7).withRppWeight(0.3).withAlpha(2.0);

        LagrangianPlan strict = Method.STRICT.plan(all, s);
        assertTrue(strict.terms().isEmpty());

        LagrangianPlan unconstrained = Method.UNCONSTRAINED.plan(all, s);
        assertTrue(unconstrained.terms().isEmpty());

        LagrangianPlan penalty = Method.PENALTY.plan(all, s);
        assertEquals(List.of("rotation", "reflection"), penalty.terms().stream().map(Term::name).toList());
        assertEquals(new Schedule.Constant(0.7), ((Term.Penalty) penalty.terms().getFirst()).weight());

        Term.Penalty scheduled = (Term.Penalty) Method.SCHEDULED.plan(all, s.withPenaltySchedule("exp:0->1e3:4")).terms().get(1);
        assertEquals(new Schedule.Exponential(0, 1e3, 4), scheduled.weight());

        LagrangianPlan rpp = Method.RPP.plan(all, s);
        assertEquals(1, rpp.terms().size());
        assertEquals(free, rpp.terms().getFirst().quantity());
        assertEquals(new Schedule.Constant(0.3), ((Term.Penalty) rpp.terms().getFirst()).weight());

        LagrangianPlan softreg = Method.SOFTREG.plan(all, s);
        assertEquals(2, softreg.terms().size());
        assertInstanceOf(Term.SoftReg.class, softreg.terms().getFirst());

        Constraint ace = (Constraint) Method.ACE.plan(all, s.withEpsilon(Schedule.parse("linear:0.1->0"))).terms().getFirst();
        assertEquals(ConstraintKind.EQUALITY, ace.kind());
        assertEquals(new Schedule.Linear(0.1, 0), ace.epsilon());

        LagrangianPlan resilient = Method.ACE_RESILIENT.plan(all, s);
        assertEquals(2, resilient.terms().size());
        assertEquals(ConstraintKind.resilient(2.0), ((Constraint) resilient.terms().get(1)).kind());
    }

    @Test
    void invalidCombinations() {
        MethodSettings s = MethodSettings.defaults();
        assertTrue(message(() -> Method.ACE.plan(all, s.withEpsilon(Schedule.parse("0.1")))).contains("ends at 0"));
        assertTrue(message(() -> s.withPenaltySchedule("adaptive:0->1")).contains("adaptive"));
        assertTrue(message(() -> Method.RPP.plan(List.of(rotation), s)).contains("free-branch"));
        assertTrue(message(() -> Method.ACE_RESILIENT.plan(List.of(free), s)).contains("deviation or relaxation"));
        assertTrue(message(() -> Method.PENALTY.plan(List.of(rotation, rotation), s)).contains("two terms"));
        assertTrue(message(() -> Method.ACE_RESILIENT.plan(all, s.withAlpha(0))).contains("alpha"));
        // strict and unconstrained need no quantities
        assertTrue(Method.STRICT.plan(List.of(), s).terms().isEmpty());
    }

    @Test
    void settingsThatWouldRewardDeviationOrFreeTheSlackAreRefused() {
        MethodSettings s = MethodSettings.defaults();
        assertTrue(message(() -> s.withPenaltyWeight(-5)).contains("penalty weight must be finite and >= 0, got -5"));
        assertTrue(message(() -> s.withPenaltyWeight(Double.NaN)).contains("got NaN"));
        assertTrue(message(() -> s.withRppWeight(Double.POSITIVE_INFINITY)).contains("rpp weight"));
        assertTrue(message(() -> s.withAlpha(0)).contains("slack cost alpha must be finite and > 0, got 0.0"));
        assertTrue(message(() -> s.withEpsilon(null)).contains("MethodSettings.defaults()"));
        assertEquals(0.0, s.withPenaltyWeight(0).penaltyWeight());
        // An infinite scale would make every strength infinite, and an infinite floor every strength 0.
        double inf = Double.POSITIVE_INFINITY;
        assertEquals("softreg tuning needs a finite scale >= 0, a finite floor > 0 and 0 <= smoothing < 1; got "
                + "scale=Infinity floor=0.001 smoothing=0.9", message(() -> new SoftRegTuning(inf, 1e-3, 0.9)));
        assertTrue(message(() -> new SoftRegTuning(0.1, inf, 0.9)).contains("floor=Infinity"));
        assertTrue(message(() -> new SoftRegTuning(0.1, 0, 0.9)).contains("floor=0.0"));
        assertTrue(message(() -> new SoftRegTuning(0.1, 1e-3, 1)).contains("smoothing=1.0"));
        assertEquals(0.1 / 1.001, new SoftRegTuning(0.1, 1e-3, 0.9).initialStrength(), 1e-15);
        assertEquals(0.0, new SoftRegTuning(0, 1e-3, 0).smoothing(), "no smoothing and no strength are settings too");
    }

    @Test
    void termOverridesTakeTheMostSpecificSelector() {
        ConstraintQuantity rot = ToyQuantity.deviation("rotation", () -> 0.1, w -> { });
        ConstraintQuantity ref = ToyQuantity.deviation("reflection", () -> 0.2, w -> { });
        ConstraintQuantity lift = new ToyQuantity("lift.relaxation", "d4", QuantityKind.RELAXATION_MAGNITUDE,
                () -> 0.3, w -> { });
        ConstraintQuantity gconv = new ToyQuantity("gconv1.relaxation", "d4", QuantityKind.RELAXATION_MAGNITUDE,
                () -> 0.3, w -> { });
        List<ConstraintQuantity> quantities = List.of(rot, ref, lift, gconv);
        MethodSettings s = MethodSettings.defaults()
                .withEpsilon(Schedule.parse("0.5"))
                .withEpsilonFor("relaxation", Schedule.parse("0.2"))
                .withEpsilonFor("gconv1.relaxation", Schedule.parse("0.3"))
                .withEpsilonFor("reflection", Schedule.parse("cosine:0.1->0.05"));

        List<Schedule> targets = Method.ACE_RESILIENT.plan(quantities, s).terms().stream()
                .map(t -> ((Constraint) t).epsilon()).toList();
        assertEquals(List.of(Schedule.parse("0.5"), Schedule.parse("cosine:0.1->0.05"), Schedule.parse("0.2"),
                Schedule.parse("0.3")), targets);

        MethodSettings weights = MethodSettings.defaults().withPenaltyWeight(2).withWeightFor("output.reflection",
                "linear:0->10").withWeightFor("deviation", "4");
        List<Schedule.Timed> w = Method.PENALTY.plan(quantities, weights).terms().stream()
                .map(t -> ((Term.Penalty) t).weight()).toList();
        assertEquals(List.of(new Schedule.Constant(4), new Schedule.Linear(0, 10), new Schedule.Constant(2),
                new Schedule.Constant(2)), w);
        Term.Penalty rppTerm = (Term.Penalty) Method.RPP.plan(all, MethodSettings.defaults().withWeightFor("free_l2",
                "0.25")).terms().getFirst();
        assertEquals(new Schedule.Constant(0.25), rppTerm.weight());
    }

    @Test
    void termOverridesThatMatchNothingOrBreakTheMethodAreRefused() {
        MethodSettings misspelt = MethodSettings.defaults().withEpsilonFor("reflexion", Schedule.parse("0.1"));
        String e = message(() -> Method.ACE_RESILIENT.plan(all, misspelt));
        assertTrue(e.contains("method ace-resilient: the target epsilon for 'reflexion' matches no term"), e);
        assertTrue(e.contains("select terms by name (rotation, reflection, free.l2), by symmetry type (rotation,"
                + " reflection) or by kind (deviation, free_l2)"), e);
        // Methods that do not read targets leave them unchecked: strict's model has no relaxations to match.
        assertEquals(2, Method.PENALTY.plan(all, misspelt).terms().size());
        assertTrue(Method.STRICT.plan(List.of(), MethodSettings.defaults().withEpsilonFor("relaxation",
                Schedule.parse("0.1"))).terms().isEmpty());
        // A selector of terms that the method has not is left unused, as a compare of several methods needs.
        Term.Penalty rpp = (Term.Penalty) Method.RPP.plan(all, MethodSettings.defaults().withWeightFor("rotation",
                "2")).terms().getFirst();
        assertEquals(new Schedule.Constant(1e-3), rpp.weight());
        String w = message(() -> Method.RPP.plan(List.of(free), MethodSettings.defaults().withWeightFor("rotation",
                "1")));
        assertTrue(w.contains("the weight for 'rotation' matches no term; select terms by name (free.l2) or by kind"
                + " (free_l2)"), w);

        String ace = message(() -> Method.ACE.plan(all, MethodSettings.defaults().withEpsilonFor("reflection",
                Schedule.parse("linear:0.1->0.01"))));
        assertTrue(ace.contains("equality constraint 'reflection' needs a target that ends at 0, got "
                + "linear:0.1->0.01 ending at 0.01 (a resilient constraint, ace-resilient, may keep"), ace);

        assertTrue(message(() -> MethodSettings.defaults().withEpsilonFor("rotation", Schedule.parse("linear:0->-1")))
                .contains("epsilon for 'rotation' must stay >= 0, but linear:0->-1 goes down to -1"));
        assertTrue(message(() -> MethodSettings.defaults().withWeightFor("rotation", "step:1@0,-2@10"))
                .contains("weight for 'rotation' must stay >= 0"));
        assertTrue(message(() -> MethodSettings.defaults().withPenaltySchedule("linear:1->-1"))
                .contains("penalty schedule must stay >= 0"));
        assertTrue(message(() -> MethodSettings.defaults().withWeightFor("rotation", "adaptive:1->0"))
                .contains("adaptive schedules follow a multiplier"));
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }
}
