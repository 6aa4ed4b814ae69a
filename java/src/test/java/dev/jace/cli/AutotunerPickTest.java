package dev.jace.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutotunerPickTest {

    private static BenchRow row(String algorithm, double medianMs, double minMs) {
        return new BenchRow("cuda", "group-conv-fwd", "d4", "16,16,16,28,3", "FP32", algorithm, medianMs, minMs, 1e9,
                "GFLOP/s", null);
    }

    private static AutotunerPick pick(String choice, double directMs, double expandedMs) {
        return AutotunerPick.of(row("AUTO:" + choice, 1, 1), row("DIRECT", directMs, directMs * 0.9),
                row("EXPANDED", expandedMs, expandedMs * 0.9));
    }

    @Test
    void anExactTieFavoursDirectAndEitherChoiceIsRight() {
        AutotunerPick tie = pick("EXPANDED", 0.25, 0.25);
        assertEquals("EXPANDED", tie.choice());
        assertTrue(tie.judged());
        assertEquals("DIRECT", tie.faster());
        assertEquals("DIRECT", tie.fasterByMin());
        assertEquals(0.0, tie.margin());
        assertTrue(tie.right(), "a tie counts as either");
        assertTrue(tie.nearTie());
    }

    @Test
    void theSlowerPickIsWrongAndItsMarginIsTheSlowdown() {
        AutotunerPick slower = pick("EXPANDED", 0.25, 0.5);
        assertEquals("DIRECT", slower.faster());
        assertEquals(1.0, slower.margin(), 1e-15);
        assertFalse(slower.right());
        assertFalse(slower.nearTie());
        AutotunerPick faster = pick("EXPANDED", 0.5, 0.25);
        assertEquals("EXPANDED", faster.faster());
        assertEquals("EXPANDED", faster.fasterByMin());
        assertTrue(faster.right());
    }

    @Test
    void anUnknownChoiceOrAMissingAlternativeIsNotJudged() {
        assertFalse(pick("?", 0.25, 0.5).judged());
        assertFalse(AutotunerPick.of(row("AUTO:DIRECT", 1, 1), row("DIRECT", 1, 1), null).judged());
    }
}
