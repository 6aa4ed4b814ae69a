package dev.jace.bench;

import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.CudaProbe;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.RunnerException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every JMH benchmark's backend=cuda variant runs once, in-process, at a small size, in every precision: on a GPU, or
 * in CI on jace's CPU emulator of CUDA (bench/pom.xml), so a suite that fails on its CUDA path shows before a GPU
 * host's limited time is spent on it. The cuBLAS ceiling runs where cuBLAS is loaded (not on the emulator).
 */
@Tag("gpu")
class CudaBenchmarksRunTest {

    @Test
    void everyCudaBenchmarkRunsAndGivesAPositiveTime() throws RunnerException {
        CudaProbe probe = CudaBackend.probe();
        System.out.println((probe.available() ? "[jace gpu benchmarks] running on " : "[jace gpu benchmarks skipped] ")
                + probe.summary());
        Assumptions.assumeTrue(probe.available(), () -> "no usable CUDA: " + probe.summary());
        List<Class<?>> suites = new ArrayList<>(List.of(LiftingConvBench.class, GroupConvBench.class,
                DeviationBench.class, GroupActionBench.class, DeviceCopyBench.class, FfmOverheadBench.class));
        try (CudaBackend backend = new CudaBackend()) {
            if (backend.multipliesWithCublas()) {
                suites.add(CublasGemmBench.class);
            }
        }
        Map<String, Integer> runs = new TreeMap<>(BenchmarkRuns.runOnce(suites,
                Map.of("backend", "cuda", "precision", "FP32,TF32,BF16")));
        runs.putAll(BenchmarkRuns.runOnce(List.of(TrainStepBench.class),
                Map.of("backend", "cuda", "precision", "FP32")));
        suites.add(TrainStepBench.class);

        assertEquals(BenchmarkRuns.benchmarkMethods(suites), runs.keySet());
        // 3 precisions x 2 algorithms x 2 groups of a conv; 2 groups x 3 modes of the training step.
        assertEquals(12, runs.get("dev.jace.bench.LiftingConvBench.forward"));
        assertEquals(6, runs.get("dev.jace.bench.TrainStepBench.trainStep"));
    }
}
