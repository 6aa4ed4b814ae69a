package dev.jace.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.RunnerException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every JMH benchmark that runs on the CPU backend runs here once, in-process, at a small size: a suite that fails in
 * set-up or in its measured method shows in CI, not first on a GPU host. The CUDA-only suites (cuBLAS GEMM, FFM
 * launch overhead) and every backend=cuda variant run in {@link CudaBenchmarksRunTest} and the GPU device check.
 */
class BenchmarksRunTest {

    private static final List<Class<?>> CPU_SUITES = List.of(LiftingConvBench.class, GroupConvBench.class,
            DeviationBench.class, GroupActionBench.class, DeviceCopyBench.class, TrainStepBench.class,
            CpuConvBench.class, CpuPeakBench.class);

    @Test
    void everyCpuBenchmarkRunsAndGivesAPositiveTime() throws RunnerException {
        Map<String, Integer> runsPerBenchmark = BenchmarkRuns.runOnce(CPU_SUITES, Map.of("backend", "cpu"));
        assertEquals(BenchmarkRuns.benchmarkMethods(CPU_SUITES), runsPerBenchmark.keySet());
        // Every combination of the parameters left at their defaults ran, e.g. 2 algorithms x 2 groups of a conv.
        assertEquals(4, runsPerBenchmark.get("dev.jace.bench.GroupConvBench.backwardFilter"));
        assertEquals(6, runsPerBenchmark.get("dev.jace.bench.TrainStepBench.trainStep"));
    }
}
