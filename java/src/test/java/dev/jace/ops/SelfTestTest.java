package dev.jace.ops;

import dev.jace.backend.Backend;
import dev.jace.backend.Precision;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfTestTest {

    @Test
    void everyLayerAndGroupIsMeasuredAndTheControlFails() {
        SelfTestReport report = SelfTest.run(new CpuBackend(), Precision.FP32, 42);
        // 4 layers × (2 + 4 + 8) elements.
        assertEquals(4 * 14, report.rows().size());
        assertTrue(report.passed(), report.toTable());
        for (SelfTestReport.Row row : report.rows()) {
            // float32 rounding of sums of at most 216 products of values in [-1, 1]: ~1e-13 (squared, relative).
            assertTrue(row.referenceError() < 1e-12, row.toString());
            assertEquals(1, row.outputNorm(), 1e-6, row.toString());
            if (row.equivariant()) {
                assertTrue(row.relativeDeviation() < 1e-12, row.toString());
            } else if (!row.element().equals("e")) {
                assertTrue(row.relativeDeviation() > 1e-2, row.toString());
            }
        }
        assertEquals(List.of("c2", "c4", "d4"),
                report.rows().stream().map(SelfTestReport.Row::group).distinct().toList());
    }

    /** The CPU backend with its group convolution's output replaced by {@code broken(backend, out)} after it ran. */
    private static Backend withBrokenGroupConv(BiConsumer<Backend, Tensor> broken) {
        Backend cpu = new CpuBackend();
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, call, args) -> {
                    try {
                        Object result = call.invoke(cpu, args);
                        if (call.getName().equals("groupConv")) {
                            broken.accept(cpu, (Tensor) args[4]);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static List<SelfTestReport.Row> rowsOf(SelfTestReport report, String layer) {
        return report.rows().stream().filter(row -> row.layer().equals(layer)).toList();
    }

    private static boolean ok(SelfTestReport report, SelfTestReport.Row row) {
        return row.fault(report.tolerance()).isEmpty();
    }

    private static String fault(SelfTestReport report, SelfTestReport.Row row) {
        return row.fault(report.tolerance()).orElseThrow();
    }

    /** A group conv that computes nothing leaves its zero-filled output: equivariant, and wrong. */
    @Test
    void aGroupConvThatWritesNothingFails() {
        SelfTestReport report = SelfTest.run(withBrokenGroupConv((b, out) -> b.fill(out, 0f)), Precision.FP32,
                42);
        assertFalse(report.passed(), report.toTable());
        for (String layer : List.of("group conv", "group conv + max group pool")) {
            List<SelfTestReport.Row> rows = rowsOf(report, layer);
            assertEquals(14, rows.size());
            assertTrue(rows.stream().allMatch(row -> fault(report, row).equals("output is ~0")
                    && row.referenceError() == 1 && row.outputNorm() == 0), report.toTable());
        }
        assertTrue(rowsOf(report, "lifting conv").stream().allMatch(row -> ok(report, row)), report.toTable());
        String table = report.toTable();
        assertTrue(table.lines().anyMatch(line -> line.matches(
                "group conv +d4 +r1 +equivariant +0\\.000e\\+00 +1\\.000e\\+00 +FAIL: output is ~0")), table);
    }

    /** A constant is equivariant too; only a comparison with the true values tells it is wrong. */
    @Test
    void aGroupConvThatWritesAConstantFails() {
        SelfTestReport report = SelfTest.run(withBrokenGroupConv((b, out) -> b.fill(out, 0.25f)), Precision.FP32,
                42);
        assertFalse(report.passed(), report.toTable());
        List<SelfTestReport.Row> rows = rowsOf(report, "group conv");
        assertTrue(rows.stream().allMatch(row -> row.relativeDeviation() < 1e-12), report.toTable());
        assertTrue(rows.stream().allMatch(row -> fault(report, row).equals("output differs from float64")
                && row.referenceError() > 0.5), report.toTable());
    }

    @Test
    void aGroupConvThatWritesNaNFailsNamingIt() {
        SelfTestReport report = SelfTest.run(withBrokenGroupConv((b, out) -> b.fill(out, Float.NaN)),
                Precision.FP32, 42);
        assertTrue(rowsOf(report, "group conv").stream()
                .allMatch(row -> fault(report, row).equals("output not finite")), report.toTable());
    }

    /**
     * One value off by 0.5 in a D4 group conv's ~5000 (of rms ~5) is a relative deviation of a few 1e-6, far above
     * FP32 rounding (~1e-13): every group conv row must fail, also at the identity, whose f(x) both calls share.
     */
    @Test
    void aGroupConvOffByHalfInOneValueFails() {
        SelfTestReport report = SelfTest.run(withBrokenGroupConv((b, out) -> {
            float[] values = b.download(out);
            values[0] += 0.5f;
            b.copyIn(values, out);
        }), Precision.FP32, 42);
        List<SelfTestReport.Row> rows = rowsOf(report, "group conv");
        assertTrue(rows.stream().noneMatch(row -> ok(report, row)), report.toTable());
        assertTrue(rows.stream().filter(row -> !row.element().equals("e"))
                .allMatch(row -> row.relativeDeviation() > 1e-6), report.toTable());
        assertTrue(rowsOf(report, "lifting conv").stream().allMatch(row -> ok(report, row)), report.toTable());
    }

    /**
     * One value off in the output of the last sample at the group's last element: the comparison with float64 finds it
     * in that element's row alone, so each row must compare its own element's outputs.
     */
    @Test
    void aValueOffInOneElementsOutputShowsInThatElementsRowAlone() {
        SelfTestReport report = SelfTest.run(withBrokenGroupConv((b, out) -> {
            float[] values = b.download(out);
            values[values.length - 1] += 0.5f;
            b.copyIn(values, out);
        }), Precision.FP32, 42);
        for (String group : List.of("c2", "c4", "d4")) {
            List<SelfTestReport.Row> rows = rowsOf(report, "group conv").stream()
                    .filter(row -> row.group().equals(group)).toList();
            assertTrue(rows.getLast().referenceError() > 1e-6, report.toTable());
            assertTrue(rows.subList(0, rows.size() - 1).stream().allMatch(row -> row.referenceError() < 1e-12),
                    report.toTable());
        }
    }

    @Test
    void tableIsAligned() {
        SelfTestReport report = new SelfTestReport("cpu", Precision.FP32, 1, List.of(
                new SelfTestReport.Row("lifting conv", "d4", "r1m", true, 1.5e-14, 2.5e-14, 1),
                new SelfTestReport.Row("plain conv (control)", "d4", "r1m", false, 0.75, 1.25e-14, 1)));
        String expected = """
                equivariance self-test on cpu, seed 1
                layer                 group  element  expected     rel. deviation  vs float64  status
                lifting conv          d4     r1m      equivariant       1.500e-14   2.500e-14  ok
                plain conv (control)  d4     r1m      control           7.500e-01   1.250e-14  ok
                PASSED at FP32: outputs within 1e-08 of float64, equivariant layers below it, control above it
                """;
        assertEquals(expected, report.toTable());
    }
}
