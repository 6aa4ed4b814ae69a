package dev.jace.ops;

import dev.jace.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfTestTest {

    @Test
    void everyLayerAndGroupIsMeasuredAndTheControlFails() {
        SelfTestReport report = SelfTest.run(new CpuBackend(), 42);
        // 4 layers × (2 + 4 + 8) elements.
        assertEquals(4 * 14, report.rows().size());
        assertTrue(report.passed(), report.toTable());
        for (SelfTestReport.Row row : report.rows()) {
            if (row.equivariant()) {
                assertTrue(row.relativeDeviation() < 1e-5, row.toString());
            } else if (!row.element().equals("e")) {
                assertTrue(row.relativeDeviation() > 1e-2, row.toString());
            }
        }
        assertEquals(List.of("c2", "c4", "d4"),
                report.rows().stream().map(SelfTestReport.Row::group).distinct().toList());
    }

    @Test
    void tableIsAligned() {
        SelfTestReport report = new SelfTestReport("cpu", 1, List.of(
                new SelfTestReport.Row("lifting conv", "d4", "r1m", true, 1.5e-14),
                new SelfTestReport.Row("plain conv (control)", "d4", "r1m", false, 0.75)));
        String expected = """
                equivariance self-test on cpu, seed 1
                layer                 group  element  expected     rel. deviation  status
                lifting conv          d4     r1m      equivariant       1.500e-14  ok
                plain conv (control)  d4     r1m      control           7.500e-01  ok
                PASSED: equivariant layers below 1e-05, control above it
                """;
        assertEquals(expected, report.toTable());
    }
}
