package dev.jace.ops;

import dev.jace.ops.SelfTestReport.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jace.ops.SelfTestReport.TOLERANCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdicts: outputs within the tolerance of float64, equivariant layers below it, the control above it except at
 * the identity.
 */
class SelfTestReportTest {

    private static Row layer(String element, double deviation) {
        return new Row("gconv", "d4", element, true, deviation, 0, 1);
    }

    private static Row control(String element, double deviation) {
        return new Row("control", "d4", element, false, deviation, 0, 1);
    }

    @Test
    void anEquivariantLayerPassesBelowTheToleranceOnly() {
        assertTrue(layer("r1", 0.5 * TOLERANCE).ok());
        assertFalse(layer("r1", TOLERANCE).ok());
        assertFalse(layer("e", 2 * TOLERANCE).ok());
    }

    @Test
    void theControlMustBreakEveryElementButTheIdentity() {
        assertTrue(control("r1", 2 * TOLERANCE).ok());
        assertFalse(control("r1", TOLERANCE).ok());
        assertTrue(control("e", 0.5 * TOLERANCE).ok());
        assertFalse(control("e", TOLERANCE).ok());
    }

    @Test
    void anOutputFarFromFloat64FailsHoweverEquivariant() {
        assertTrue(new Row("gconv", "d4", "r1", true, 0, 0.5 * TOLERANCE, 1).ok());
        assertEquals("output differs from float64",
                new Row("gconv", "d4", "r1", true, 0, TOLERANCE, 1).fault().orElseThrow());
        assertEquals("output differs from float64",
                new Row("control", "d4", "r1", false, 0.3, 0.04, 0.8).fault().orElseThrow());
    }

    @Test
    void aNegligibleOrNonFiniteOutputIsNamed() {
        assertEquals("output is ~0", new Row("gconv", "d4", "e", true, 0, 1, 0).fault().orElseThrow());
        assertEquals("output is ~0",
                new Row("gconv", "d4", "e", true, 0, 0.99, 0.5 * TOLERANCE).fault().orElseThrow());
        assertEquals("output not finite",
                new Row("gconv", "d4", "r1", true, Double.NaN, Double.NaN, Double.NaN).fault().orElseThrow());
        assertEquals("output not finite",
                new Row("gconv", "d4", "r1", true, 0, Double.POSITIVE_INFINITY, 1).fault().orElseThrow());
    }

    @Test
    void oneFailingRowFailsTheReport() {
        List<Row> good = List.of(layer("e", 0), layer("r1", 1e-7), control("e", 0), control("r1", 0.3));
        assertTrue(new SelfTestReport("cpu", 1, good).passed());
        SelfTestReport failed = new SelfTestReport("cpu", 1, List.of(good.get(0), good.get(1), good.get(2),
                control("m", 0)));
        assertFalse(failed.passed());
        String table = failed.toTable();
        assertEquals(1, table.lines().filter(line -> line.contains("FAIL: ")).count(), table);
        assertTrue(table.lines().anyMatch(line -> line.matches(
                "control +d4 +m +control +0\\.000e\\+00 +0\\.000e\\+00 +FAIL: control is equivariant")), table);
        assertTrue(table.endsWith("FAILED: outputs within 1e-05 of float64, equivariant layers below it, control above"
                + " it\n"), table);
    }
}
