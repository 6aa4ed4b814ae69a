package dev.jace.ops;

import dev.jace.backend.Precision;
import dev.jace.ops.SelfTestReport.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdicts: outputs within the precision's tolerance of float64, equivariant layers below it, the control above
 * it except at the identity.
 */
class SelfTestReportTest {

    private static final double TOLERANCE = SelfTestReport.tolerance(Precision.FP32);

    private static Row layer(String element, double deviation) {
        return new Row("gconv", "d4", element, true, deviation, 0, 1);
    }

    private static Row control(String element, double deviation) {
        return new Row("control", "d4", element, false, deviation, 0, 1);
    }

    private static boolean ok(Row row) {
        return row.fault(TOLERANCE).isEmpty();
    }

    private static String fault(Row row) {
        return row.fault(TOLERANCE).orElseThrow();
    }

    @Test
    void anEquivariantLayerPassesBelowTheToleranceOnly() {
        assertTrue(ok(layer("r1", 0.5 * TOLERANCE)));
        assertEquals("not equivariant", fault(layer("r1", TOLERANCE)));
        assertEquals("f(x) differs between calls", fault(layer("e", 2 * TOLERANCE)));
    }

    @Test
    void theControlMustBreakEveryElementButTheIdentity() {
        assertTrue(ok(control("r1", 2 * TOLERANCE)));
        assertEquals("control is equivariant", fault(control("r1", TOLERANCE)));
        assertTrue(ok(control("e", 0.5 * TOLERANCE)));
        assertEquals("f(x) differs between calls", fault(control("e", TOLERANCE)));
    }

    @Test
    void anOutputFarFromFloat64FailsHoweverEquivariant() {
        assertTrue(ok(new Row("gconv", "d4", "r1", true, 0, 0.5 * TOLERANCE, 1)));
        assertEquals("output differs from float64", fault(new Row("gconv", "d4", "r1", true, 0, TOLERANCE, 1)));
        assertEquals("output differs from float64", fault(new Row("control", "d4", "r1", false, 0.3, 0.04, 0.8)));
    }

    @Test
    void aNegligibleOrNonFiniteOutputIsNamed() {
        assertEquals("output is ~0", fault(new Row("gconv", "d4", "e", true, 0, 1, 0)));
        assertEquals("output is ~0", fault(new Row("gconv", "d4", "e", true, 0, 0.99, 0.5 * TOLERANCE)));
        assertEquals("output not finite",
                fault(new Row("gconv", "d4", "r1", true, Double.NaN, Double.NaN, Double.NaN)));
        assertEquals("output not finite", fault(new Row("gconv", "d4", "r1", true, 0, Double.POSITIVE_INFINITY, 1)));
    }

    /** Squares of the relative rounding errors r each precision allows (1e-4, 2e-3, 1e-2). */
    @Test
    void theToleranceGrowsWithTheRoundingOfThePrecision() {
        assertEquals(1e-8, SelfTestReport.tolerance(Precision.FP32));
        assertEquals(4e-6, SelfTestReport.tolerance(Precision.TF32));
        assertEquals(1e-4, SelfTestReport.tolerance(Precision.BF16));
        List<Row> bf16Rounding = List.of(layer("e", 0), layer("r1", 3e-5), control("e", 0), control("r1", 0.3),
                new Row("gconv", "d4", "r2", true, 1e-14, 3e-5, 1));
        assertTrue(new SelfTestReport("cuda", Precision.BF16, 1, bf16Rounding).passed());
        SelfTestReport fp32 = new SelfTestReport("cuda", Precision.FP32, 1, bf16Rounding);
        assertFalse(fp32.passed());
        assertEquals(2, fp32.toTable().lines().filter(line -> line.contains("FAIL: ")).count(), fp32.toTable());
    }

    @Test
    void oneFailingRowFailsTheReport() {
        List<Row> good = List.of(layer("e", 0), layer("r1", 1e-14), control("e", 0), control("r1", 0.3));
        assertTrue(new SelfTestReport("cpu", Precision.FP32, 1, good).passed());
        SelfTestReport failed = new SelfTestReport("cpu", Precision.FP32, 1, List.of(good.get(0), good.get(1),
                good.get(2), control("m", 0)));
        assertFalse(failed.passed());
        String table = failed.toTable();
        assertEquals(1, table.lines().filter(line -> line.contains("FAIL: ")).count(), table);
        assertTrue(table.lines().anyMatch(line -> line.matches(
                "control +d4 +m +control +0\\.000e\\+00 +0\\.000e\\+00 +FAIL: control is equivariant")), table);
        assertTrue(table.endsWith("FAILED at FP32: outputs within 1e-08 of float64, equivariant layers below it,"
                + " control above it\n"), table);
    }
}
