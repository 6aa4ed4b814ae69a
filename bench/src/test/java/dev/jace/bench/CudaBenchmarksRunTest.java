package dev.jace.bench;

import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.CudaProbe;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            if (backend.name().contains("matmul: cuBLAS")) {
                suites.add(CublasGemmBench.class);
            }
        }
        Map<String, Integer> runs = new TreeMap<>();
        count(run(suites, "FP32,TF32,BF16"), runs);
        count(run(List.of(TrainStepBench.class), "FP32"), runs);
        suites.add(TrainStepBench.class);

        assertEquals(benchmarkMethods(suites), runs.keySet());
        // 3 precisions x 2 algorithms x 2 groups of a conv; 2 groups x 3 modes of the training step.
        assertEquals(12, runs.get("dev.jace.bench.LiftingConvBench.forward"));
        assertEquals(6, runs.get("dev.jace.bench.TrainStepBench.trainStep"));
    }

    private static Collection<RunResult> run(List<Class<?>> suites, String precisions) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder();
        for (Class<?> suite : suites) {
            options = options.include("^" + suite.getName().replace(".", "\\.") + "\\.");
        }
        return new Runner(options
                .param("backend", "cuda")
                .param("precision", precisions.split(","))
                .param("shape", "2x4x4x9x3")
                .param("maps", "2x4x9")
                .param("mebibytes", "1")
                .param("size", "64")
                .param("batch", "4")
                .mode(Mode.SingleShotTime)
                .warmupIterations(0)
                .measurementIterations(1)
                .forks(0)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build()).run();
    }

    private static void count(Collection<RunResult> results, Map<String, Integer> runs) {
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            assertTrue(Double.isFinite(score) && score > 0, r.getParams().getBenchmark() + " " + r.getParams()
                    + ": score " + score);
            runs.merge(r.getParams().getBenchmark(), 1, Integer::sum);
        }
    }

    private static Set<String> benchmarkMethods(List<Class<?>> suites) {
        Set<String> names = new TreeSet<>();
        for (Class<?> suite : suites) {
            Arrays.stream(suite.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class)).map(Method::getName)
                    .forEach(m -> names.add(suite.getName() + "." + m));
        }
        return names;
    }
}
