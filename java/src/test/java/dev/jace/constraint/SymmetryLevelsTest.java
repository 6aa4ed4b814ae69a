package dev.jace.constraint;

import dev.jace.constraint.SymmetryLevels.Level;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SymmetryLevelsTest {

    /** A relaxation magnitude (|γ| summed over layers) is no symmetry type, however large it is. */
    @Test
    void ranksTheSymmetryTypesOnly() {
        SymmetryLevels levels = new SymmetryLevels(List.of(
                new Level("d4", QuantityKind.RELAXATION_MAGNITUDE, 0.5, 0.5, 7.0),
                new Level("reflection", QuantityKind.EQUIVARIANCE_DEVIATION, 0.2, 0.1, 0.3),
                new Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 0.2, 0.1, 0.4)));

        assertEquals(List.of("rotation", "reflection"), levels.mostBrokenFirst());
        assertEquals("rotation > reflection (most broken first)", levels.describeRanking());
        assertEquals(7.0, levels.level("d4").deviation());
    }

    @Test
    void saysSoWhenNoSymmetryTypeIsConstrained() {
        SymmetryLevels levels = new SymmetryLevels(List.of(
                new Level("c4", QuantityKind.RELAXATION_MAGNITUDE, 0.5, 0.5, 7.0)));

        assertEquals(List.of(), levels.mostBrokenFirst());
        assertEquals("none (no symmetry type's deviation is constrained)", levels.describeRanking());
    }
}
