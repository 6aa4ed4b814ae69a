package dev.jace.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every JMH benchmark that runs on the CPU backend runs here once, in-process, at a small size: a suite that fails in
 * set-up or in its measured method shows in CI, not first on a GPU host. The CUDA-only suites (cuBLAS GEMM, FFM
 * launch overhead) and every backend=cuda variant run in the GPU device check.
 */
class BenchmarksRunTest {

    private static final List<Class<?>> CPU_SUITES = List.of(LiftingConvBench.class, GroupConvBench.class,
            DeviationBench.class, GroupActionBench.class, DeviceCopyBench.class, TrainStepBench.class,
            CpuConvBench.class);

    @Test
    void everyCpuBenchmarkRunsAndGivesAPositiveTime() throws RunnerException {
        OptionsBuilder options = new OptionsBuilder();
        CPU_SUITES.forEach(suite -> options.include("^" + suite.getName().replace(".", "\\.") + "\\."));
        Collection<RunResult> results = new Runner(options
                .param("backend", "cpu")
                .param("shape", "2x4x4x9x3")
                .param("maps", "2x4x9")
                .param("mebibytes", "1")
                .param("batch", "4")
                .param("layer", "2x4x9x9x4x3")
                .mode(Mode.SingleShotTime)
                .warmupIterations(0)
                .measurementIterations(1)
                .forks(0)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build()).run();

        Map<String, Integer> runsPerBenchmark = new TreeMap<>();
        for (RunResult r : results) {
            double millis = r.getPrimaryResult().getScore();
            String label = r.getParams().getBenchmark() + " " + r.getParams();
            assertTrue(Double.isFinite(millis) && millis > 0, label + ": score " + millis);
            runsPerBenchmark.merge(r.getParams().getBenchmark(), 1, Integer::sum);
        }
        assertEquals(benchmarkMethods(), runsPerBenchmark.keySet());
        // Every combination of the parameters left at their defaults ran, e.g. 2 algorithms x 2 groups of a conv.
        assertEquals(4, runsPerBenchmark.get("dev.jace.bench.GroupConvBench.backwardFilter"));
        assertEquals(6, runsPerBenchmark.get("dev.jace.bench.TrainStepBench.trainStep"));
    }

    private static Set<String> benchmarkMethods() {
        Set<String> names = new TreeSet<>();
        for (Class<?> suite : CPU_SUITES) {
            names.addAll(Arrays.stream(suite.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class))
                    .map(Method::getName).map(m -> suite.getName() + "." + m).collect(Collectors.toSet()));
        }
        return names;
    }
}
