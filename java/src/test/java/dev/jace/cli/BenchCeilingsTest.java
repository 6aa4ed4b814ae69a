package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchCeilingsTest {

    private static BenchRow row(String backend, String op, double ms, double work, String unit) {
        return new BenchRow(backend, op, "d4", "1,2,3", "FP32", "DIRECT", ms, ms, work, unit, null);
    }

    // 2e8 FLOP in 1 ms: 200 GFLOP/s; 1e7 bytes in 1 ms: 10 GB/s; 4e7 bytes in 1 ms: the copy's 40 GB/s.
    private final BenchRow cpuConv = row("cpu", "group-conv-fwd", 1.0, 2e8, "GFLOP/s");
    private final BenchRow cpuDeviation = row("cpu", "deviation", 1.0, 1e7, "GB/s");
    private final BenchRow cpuCopy = row("cpu", "copy", 1.0, 4e7, "GB/s");
    private final BenchRow cpuStep = row("cpu", "ace-step", 2.0, 64, "img/s");
    private final BenchRow cudaConv = row("cuda", "group-conv-fwd", 0.01, 2e8, "GFLOP/s");
    private final BenchRow cudaDeviation = row("cuda", "deviation", 0.01, 1e7, "GB/s");
    private final BenchRow cudaCopy = row("cuda", "copy", 0.001, 4e6, "GB/s");

    @Test
    void aCpuGflopRowIsAShareOfThePeakAndAGbRowOfItsBackendsCopy() {
        BenchCeilings ceilings = BenchCeilings.of(
                List.of(cpuConv, cpuDeviation, cpuCopy, cpuStep, cudaConv, cudaDeviation, cudaCopy),
                Optional.of(500.0));
        assertEquals(0.4, ceilings.fraction(cpuConv).orElseThrow(), 1e-15);
        assertEquals(0.25, ceilings.fraction(cpuDeviation).orElseThrow(), 1e-15);
        // cuda's deviation at 1000 GB/s against its own copy's 4000, not the cpu's 40.
        assertEquals(0.25, ceilings.fraction(cudaDeviation).orElseThrow(), 1e-15);
        assertEquals(Optional.empty(), ceilings.fraction(cpuCopy));
        assertEquals(Optional.empty(), ceilings.fraction(cpuStep));
        assertEquals(Optional.empty(), ceilings.fraction(cudaConv));
    }

    @Test
    void withoutAPeakOrACopyRowThereIsNoCeiling() {
        BenchCeilings ceilings = BenchCeilings.of(List.of(cpuConv, cpuDeviation), Optional.empty());
        assertEquals(Optional.empty(), ceilings.fraction(cpuConv));
        assertEquals(Optional.empty(), ceilings.fraction(cpuDeviation));
    }

    @Test
    void theTableShowsTheShareInPercent() {
        List<BenchRow> rows = List.of(cpuConv, cpuCopy);
        List<String> table = BenchCommand.table(rows, BenchCeilings.of(rows, Optional.of(600.0)));
        assertEquals(List.of("33.3%", "-"), table.stream().skip(1).map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .toList());
    }
}
