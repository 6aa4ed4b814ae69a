package dev.jace.ops;

import dev.jace.ops.SelfTestReport.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jace.ops.SelfTestReport.TOLERANCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdicts: equivariant layers below the tolerance, the control above it except at the identity. */
class SelfTestReportTest {

    private static Row layer(String element, double deviation) {
        return new Row("gconv", "d4", element, true, deviation);
    }

    private static Row control(String element, double deviation) {
        return new Row("control", "d4", element, false, deviation);
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
    void oneFailingRowFailsTheReport() {
        List<Row> good = List.of(layer("e", 0), layer("r1", 1e-7), control("e", 0), control("r1", 0.3));
        assertTrue(new SelfTestReport("cpu", 1, good).passed());
        SelfTestReport failed = new SelfTestReport("cpu", 1, List.of(good.get(0), good.get(1), good.get(2),
                control("m", 0)));
        assertFalse(failed.passed());
        String table = failed.toTable();
        assertEquals(1, table.lines().filter(line -> line.endsWith("FAIL")).count(), table);
        assertTrue(table.lines().anyMatch(line -> line.matches("control +d4 +m +control +0\\.000e\\+00 +FAIL")), table);
        assertTrue(table.endsWith("FAILED: equivariant layers below 1e-05, control above it\n"), table);
    }
}
