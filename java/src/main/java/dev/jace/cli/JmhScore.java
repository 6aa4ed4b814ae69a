package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's result in a JMH JSON file ({@code -rf json}): its name, its {@code @Param} values and its primary
 * score.
 *
 * @param benchmark the full name, e.g. {@code dev.jace.bench.CublasGemmBench.gemm}
 * @param error     JMH's 99.9% half-width, null where JMH wrote none (a single iteration gives "NaN")
 * @param unit      JMH's score unit: time per op ({@code ms/op}) or ops per time ({@code ops/s})
 */
record JmhScore(String benchmark, Map<String, String> params, double score, Double error, String unit) {

    JmhScore {
        params = Map.copyOf(params);
    }

    /** Every entry of a JMH JSON result file. */
    static List<JmhScore> readAll(Path file) throws IOException {
        List<?> entries = JsonFields.list(file, "", JsonFields.parseFile(file));
        List<JmhScore> scores = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonFields entry = JsonFields.of(file, "[" + i + "]", entries.get(i));
            Map<String, String> params = new LinkedHashMap<>();
            if (entry.has("params")) {
                JsonFields p = entry.object("params");
                for (String key : p.map().keySet()) {
                    params.put(key, p.string(key));
                }
            }
            JsonFields metric = entry.object("primaryMetric");
            String unit = metric.string("scoreUnit");
            double score = metric.number("score");
            if (!(score > 0) || Double.isInfinite(score)) {
                throw metric.problem("score should be positive, found " + score);
            }
            if (Double.isNaN(perSecondFactor(unit))) {
                throw metric.problem("scoreUnit \"" + unit + "\" is not a JMH time unit (s, ms, us, ns) per op or "
                        + "ops per time unit");
            }
            scores.add(new JmhScore(entry.string("benchmark"), params, score, metric.numberOrNull("scoreError"),
                    unit));
        }
        return scores;
    }

    /** Whether this is {@code Class.method} (the simple class name, any package). */
    boolean is(String classAndMethod) {
        return benchmark.equals(classAndMethod) || benchmark.endsWith("." + classAndMethod);
    }

    /** The parameter's value, or null where the benchmark had no such parameter. */
    String param(String name) {
        return params.get(name);
    }

    /** Seconds per operation, whatever the unit JMH reported in. */
    double secondsPerOp() {
        double factor = perSecondFactor(unit);
        return unit.startsWith("ops/") ? 1 / (factor * score) : score / factor;
    }

    /**
     * How many of the unit's time steps make a second ({@code ms/op}: 1e3; {@code ops/us}: 1e6); NaN for an unknown
     * unit.
     */
    private static double perSecondFactor(String unit) {
        String time = unit.startsWith("ops/") ? unit.substring(4) : unit.endsWith("/op")
                ? unit.substring(0, unit.length() - 3) : "";
        return switch (time) {
            case "s" -> 1;
            case "ms" -> 1e3;
            case "us", "µs" -> 1e6;
            case "ns" -> 1e9;
            default -> Double.NaN;
        };
    }

    /** The score as JMH shows it, e.g. {@code 2.97 ± 0.01 ms/op}. */
    String shown() {
        return Figures.significant(score, 4) + (error == null ? "" : " ± " + Figures.significant(error, 2)) + " "
                + unit;
    }

    /** The benchmark without its package, e.g. {@code CublasGemmBench.gemm}. */
    String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }
}
