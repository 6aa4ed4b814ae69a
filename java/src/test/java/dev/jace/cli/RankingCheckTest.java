package dev.jace.cli;

import dev.jace.constraint.QuantityKind;
import dev.jace.constraint.SymmetryLevels;
import dev.jace.constraint.SymmetryLevels.Level;
import dev.jace.data.DeviationProfile;
import dev.jace.data.ElementDeviation;
import dev.jace.group.SymmetryType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankingCheckTest {

    /** D4-like truth: rotations at {@code rotation}, the mirror m unbroken and r1m at {@code reflection}·2. */
    private static Optional<DeviationProfile> truth(double rotation, double reflection) {
        return Optional.of(new DeviationProfile("d4", List.of(
                new ElementDeviation("r1", SymmetryType.ROTATION, rotation, 0),
                new ElementDeviation("r2", SymmetryType.ROTATION, rotation, 0),
                new ElementDeviation("m", SymmetryType.REFLECTION, 0, 0),
                new ElementDeviation("r1m", SymmetryType.REFLECTION, 2 * reflection, 0))));
    }

    /** Levels found by a method, with the group's relaxation type "d4" that has no ground truth. */
    private static SymmetryLevels found(double rotationDeviation, double reflectionDeviation) {
        return new SymmetryLevels(List.of(
                new Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 0.1, 0.1, rotationDeviation, 0.1),
                new Level("reflection", QuantityKind.EQUIVARIANCE_DEVIATION, 0.1, 0.1, reflectionDeviation, 0.1),
                new Level("d4", QuantityKind.RELAXATION_MAGNITUDE, 9, 9, 9, 9)));
    }

    @Test
    void comparesTheDiscoveredOrderWithTheTruthsOrder() {
        RankingCheck right = RankingCheck.of(truth(0.5, 0.2), found(0.3, 0.1)).orElseThrow();
        assertEquals(List.of("rotation", "reflection"), right.truth());
        assertEquals(0.2, right.truthLevels().get("reflection"), 1e-15, "mean over m and r1m");
        assertEquals(List.of("rotation", "reflection"), right.discovered());
        assertTrue(right.correct());
        assertEquals("ground truth rotation 0.500 > reflection 0.200; discovered rotation > reflection: correct",
                right.describe());

        RankingCheck wrong = RankingCheck.of(truth(0.1, 0.3), found(0.3, 0.1)).orElseThrow();
        assertEquals(List.of("reflection", "rotation"), wrong.truth());
        assertFalse(wrong.correct());
        assertTrue(wrong.describe().endsWith(": WRONG"), wrong.describe());
    }

    /** Equal levels (an all-zero output measures 0 for every type) discover no order, whichever type is listed first. */
    @Test
    void levelsThatTieAreWrongWhateverTheirOrder() {
        // The last: penalty weights set apart (--weight-for), which resist nothing, so the levels still tie.
        for (SymmetryLevels tied : List.of(found(0, 0), new SymmetryLevels(List.of(
                new Level("reflection", QuantityKind.EQUIVARIANCE_DEVIATION, 0.1, 0.1, 0, 0.1),
                new Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 0.1, 0.1, 0, 0.1))), new SymmetryLevels(
                List.of(new Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 2.0, 0, 0.1, 0),
                        new Level("reflection", QuantityKind.EQUIVARIANCE_DEVIATION, 1.0, 0, 0.1, 0))))) {
            RankingCheck check = RankingCheck.of(truth(0.5, 0.2), tied).orElseThrow();
            assertEquals(List.of(), check.discovered());
            assertFalse(check.correct());
            assertEquals("ground truth rotation 0.500 > reflection 0.200; discovered no order (the levels tie): WRONG",
                    check.describe());
        }
        assertTrue(RankingCheck.of(truth(0.5, 0.2), new SymmetryLevels(List.of(
                new Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 0.2, 0.1, 0, 0.2),
                new Level("reflection", QuantityKind.EQUIVARIANCE_DEVIATION, 0.1, 0.1, 0, 0.1))))
                .orElseThrow().correct(),
                "a tie on the deviation is broken by the slack, then the resistance");
    }

    /**
     * penalty with --penalty-weight 0, or ace-resilient with an ε no deviation reaches, ends with every λ and u at 0:
     * its order then comes from the model's own deviations alone, as unconstrained's would, so it checks nothing; a
     * λ or u of another type, or one of the relaxation's, does not make the checked types' constraints active.
     */
    @Test
    void constraintsThatWereNeverActiveCheckNothing() {
        SymmetryLevels inactive = new SymmetryLevels(List.of(
                new Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 0, 0, 0.3, 0),
                new Level("reflection", QuantityKind.EQUIVARIANCE_DEVIATION, -0.0, 0, 0.1, -0.0),
                new Level("d4", QuantityKind.RELAXATION_MAGNITUDE, 9, 9, 9, 9)));
        assertTrue(RankingCheck.of(truth(0.5, 0.2), inactive).isEmpty());
        assertTrue(RankingCheck.of(truth(0.5, 0.2), new SymmetryLevels(List.of(
                new Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 0, 1e-9, 0.3, 0),
                new Level("reflection", QuantityKind.EQUIVARIANCE_DEVIATION, 0, 0, 0.1, 0)))).orElseThrow().correct(),
                "a slack that grew");
        assertTrue(RankingCheck.of(truth(0.5, 0.2), new SymmetryLevels(List.of(
                new Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 0, 0, 0.3, 0),
                new Level("reflection", QuantityKind.EQUIVARIANCE_DEVIATION, 0.5, 0, 0.1, 0.5))))
                .orElseThrow().correct(),
                "a multiplier that grew");
    }

    @Test
    void nothingToCheckWithoutTruthLevelsOrBrokenSymmetry() {
        assertTrue(RankingCheck.of(Optional.empty(), found(0.3, 0.1)).isEmpty(), "no ground truth");
        assertTrue(RankingCheck.of(truth(1e-13, 1e-13), found(0.3, 0.1)).isEmpty(), "nothing broken");
        assertTrue(RankingCheck.of(truth(RankingCheck.UNBROKEN, RankingCheck.UNBROKEN), found(0.3, 0.1)).isPresent(),
                "levels of exactly UNBROKEN (means of 1e-6 and 1e-6, of 0 and 2e-6) are broken");
        assertTrue(RankingCheck.of(truth(0.5, 0.2), new SymmetryLevels(List.of())).isEmpty(), "no levels");
        assertTrue(RankingCheck.of(truth(0.5, 0.2), new SymmetryLevels(List.of(
                new Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 1, 0, 0.1, 1)))).isEmpty(), "one type only");
    }
}
