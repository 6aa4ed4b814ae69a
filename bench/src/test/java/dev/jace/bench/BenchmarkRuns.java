package dev.jace.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench tests' runner: each benchmark of some suites once, in-process, at a small size, failing on any error. */
final class BenchmarkRuns {

    /** The smallest sizes of the suites' size parameters (a parameter a suite lacks is ignored for it). */
    private static final Map<String, String> SMALL = Map.of("shape", "2x4x4x9x3", "maps", "2x4x9", "mebibytes", "1",
            "batch", "4", "layer", "2x4x9x9x4x3", "size", "64");

    private BenchmarkRuns() {
    }

    /**
     * Runs every benchmark method of {@code suites} once per combination of the parameters, {@code params} (values
     * comma-separated) and {@link #SMALL} fixing some; returns the runs per benchmark name, after checking that every
     * score is a positive finite time.
     */
    static Map<String, Integer> runOnce(List<Class<?>> suites, Map<String, String> params) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .mode(Mode.SingleShotTime)
                .warmupIterations(0)
                .measurementIterations(1)
                .forks(0)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        for (Class<?> suite : suites) {
            options = options.include("^" + suite.getName().replace(".", "\\.") + "\\.");
        }
        for (Map.Entry<String, String> p : SMALL.entrySet()) {
            options = options.param(p.getKey(), p.getValue());
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            options = options.param(p.getKey(), p.getValue().split(","));
        }
        Map<String, Integer> runs = new TreeMap<>();
        for (RunResult r : new Runner(options.build()).run()) {
            double score = r.getPrimaryResult().getScore();
            assertTrue(Double.isFinite(score) && score > 0, r.getParams().getBenchmark() + " " + r.getParams()
                    + ": score " + score);
            runs.merge(r.getParams().getBenchmark(), 1, Integer::sum);
        }
        return runs;
    }

    /** "class.method" of every {@code @Benchmark} method of {@code suites}, inherited ones included. */
    static Set<String> benchmarkMethods(List<Class<?>> suites) {
        Set<String> names = new TreeSet<>();
        for (Class<?> suite : suites) {
            Arrays.stream(suite.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class)).map(Method::getName)
                    .forEach(m -> names.add(suite.getName() + "." + m));
        }
        return names;
    }
}
