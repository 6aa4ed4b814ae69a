package dev.jace.constraint;

import dev.jace.constraint.SymmetryLevels.Level;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SymmetryLevelsTest {

    /** A relaxation magnitude (|γ| summed over layers) is no symmetry type, however large it is. */
    @Test
    void ranksTheSymmetryTypesOnly() {
        SymmetryLevels levels = new SymmetryLevels(List.of(
                new Level("d4", QuantityKind.RELAXATION_MAGNITUDE, 0.5, 0.5, 7.0, 0.5),
                new Level("reflection", QuantityKind.EQUIVARIANCE_DEVIATION, 0.2, 0.1, 0.3, 0.2),
                new Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 0.2, 0.1, 0.4, 0.2)));

        assertEquals(List.of("rotation", "reflection"), levels.mostBrokenFirst());
        assertEquals("rotation > reflection (most broken first)", levels.describeRanking());
        assertEquals(7.0, levels.level("d4").deviation());
    }

    @Test
    void saysSoWhenNoSymmetryTypeIsConstrained() {
        SymmetryLevels levels = new SymmetryLevels(List.of(
                new Level("c4", QuantityKind.RELAXATION_MAGNITUDE, 0.5, 0.5, 7.0, 0.5)));

        assertEquals(List.of(), levels.mostBrokenFirst());
        assertEquals("none (no symmetry type's deviation is constrained)", levels.describeRanking());
    }

    /** With equal deviations and slacks the resistance decides, whatever the multipliers say. */
    @Test
    void tiesAreBrokenByResistanceNotByMultiplier() {
        SymmetryLevels softreg = new SymmetryLevels(List.of(
                new Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 4.0, 0, 0.25, -4.0),
                new Level("reflection", QuantityKind.EQUIVARIANCE_DEVIATION, 2.0, 0, 0.25, -2.0)));
        assertEquals(List.of("reflection", "rotation"), softreg.mostBrokenFirst(), "the weaker strength first");
    }

    /**
     * A level's resistance is the summed λ of a constraint, minus the summed strength of softreg (which tunes a type
     * down as its deviation grows) and 0 for a penalty's set weight.
     */
    @Test
    void resistanceReadsEachKindOfTermItsOwnWay() {
        List<ConstraintQuantity> quantities = List.of(ToyQuantity.constant("rotation", 0.5),
                ToyQuantity.constant("reflection", 0.25));
        for (Method method : List.of(Method.ACE, Method.SOFTREG, Method.PENALTY)) {
            PrimalDualLoop loop = new PrimalDualLoop(method.plan(quantities, MethodSettings.defaults()),
                    new DualAscent(0.5, 0, 1), 10);
            LoopSteps.step(loop, 0, () -> { });
            SymmetryLevels levels = loop.symmetryLevels();
            for (String type : List.of("rotation", "reflection")) {
                Level l = levels.level(type);
                double expected = switch (method) {
                    case ACE -> l.multiplier();
                    case SOFTREG -> -l.multiplier();
                    default -> 0.0;
                };
                assertEquals(expected, l.resistance(), 0.0, method + " " + type);
                assertTrue(l.multiplier() != 0, method + " " + type + " has a multiplier to read: " + l);
            }
        }
    }
}
