package dev.jace.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ceiling column of {@code jace bench}: a CPU GFLOP/s row's share of the CPU's FP32 peak measured in the same run
 * ({@link CpuPeak}), a GB/s row's share of its backend's copy row (the bandwidth a copy of its memory reaches; the
 * copy row itself has none). CUDA's GFLOP/s rows have none here: {@code jace gpu-report} judges them against cuBLAS's
 * GEMM at their precision, which the device check times with JMH. Training-step rows (img/s) have none.
 *
 * @param copyGbPerSecond per backend, its copy row's GB/s
 */
record BenchCeilings(Optional<Double> cpuPeakGflops, Map<String, Double> copyGbPerSecond) {

    static final String LEGEND = "ceiling: a cpu GFLOP/s row's share of the cpu FP32 peak above, a GB/s row's share of "
            + "its backend's copy row; cuda's GFLOP/s rows are judged against cuBLAS by jace gpu-report";

    BenchCeilings {
        copyGbPerSecond = Map.copyOf(copyGbPerSecond);
    }

    static BenchCeilings of(List<BenchRow> rows, Optional<Double> cpuPeakGflops) {
        Map<String, Double> copies = new HashMap<>();
        for (BenchRow row : rows) {
            if (row.op().equals("copy")) {
                copies.putIfAbsent(row.backend(), row.rate());
            }
        }
        return new BenchCeilings(cpuPeakGflops, copies);
    }

    /** The row's rate over its ceiling, where it has one. */
    Optional<Double> fraction(BenchRow row) {
        Optional<Double> ceiling = switch (row.unit()) {
            case "GFLOP/s" -> row.backend().equals("cpu") ? cpuPeakGflops : Optional.empty();
            case "GB/s" -> row.op().equals("copy") ? Optional.empty()
                    : Optional.ofNullable(copyGbPerSecond.get(row.backend()));
            default -> Optional.empty();
        };
        return ceiling.map(c -> row.rate() / c);
    }
}
