package dev.jace.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchRowTest {

    private static BenchRow row(double medianMs, double minMs, double work, String unit) {
        return new BenchRow("cpu", "ace-step", "c4", "64,1,28,28", "FP32", "eager", medianMs, minMs, work, unit, null);
    }

    @Test
    void aRateIsTheWorkPerSecondInTheRowsUnit() {
        assertEquals(512, row(500, 400, 256, "img/s").rate(), 1e-12);
        // 3e9 FLOP in 2 ms: 1.5e12 FLOP/s = 1500 GFLOP/s
        assertEquals(1500, row(2, 1, 3e9, "GFLOP/s").rate(), 1e-9);
    }

    @Test
    void aRunOfStepsTimedAsOneIsReportedPerStep() {
        BenchRow run = row(8, 6, 4 * 64, "img/s");
        BenchRow perStep = run.perStep(4);
        assertEquals(row(2, 1.5, 64, "img/s"), perStep);
        assertEquals(run.rate(), perStep.rate(), 1e-9, "the rate of a run is that of its steps");
    }
}
