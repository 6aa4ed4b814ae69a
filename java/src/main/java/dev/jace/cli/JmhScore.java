package dev.jace.cli;

import dev.jace.io.FileFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmark's result in a JMH JSON file ({@code -rf json}): its name, its {@code @Param} values and its primary
 * score.
 *
 * @param benchmark the full name, e.g. {@code dev.jace.bench.CublasGemmBench.gemm}
 * @param error     JMH's 99.9% half-width, null where JMH wrote none (a single iteration gives "NaN")
 * @param unit      JMH's score unit: time per op ({@code ms/op}) or ops per time ({@code ops/s})
 */
record JmhScore(String benchmark, Map<String, String> params, double score, Double error, String unit) {

    private static final String BENCHMARK_LINE = "# Benchmark: ";
    private static final String PARAMETERS_LINE = "# Parameters: (";
    private static final Pattern RESULT_LINE = Pattern.compile("Result \"(.+)\":");
    /**
     * {@code   21.990 ±(99.9%) 0.220 ms/op [Average]}, or {@code   21.990 ms/op} from fewer than 3 iterations; JMH
     * prints the numbers in the JVM's locale (12,5 or 12.5).
     */
    private static final Pattern SCORE_LINE = Pattern.compile(
            " +([0-9]+(?:[.,][0-9]+)?)(?: ±\\(99\\.9%\\) ([0-9]+(?:[.,][0-9]+)?|NaN))? (\\S+)(?: \\[Average])?");

    JmhScore {
        params = Map.copyOf(params);
    }

    /** Every entry of a JMH JSON result file. */
    static List<JmhScore> readAll(Path file) throws IOException {
        return all(file, JsonFields.parseFile(file));
    }

    /** Every entry of {@code json}, the parsed contents of the JMH JSON result file {@code file}. */
    static List<JmhScore> all(Path file, Object json) throws FileFormatException {
        List<?> entries = JsonFields.list(file, "", json);
        List<JmhScore> scores = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonFields entry = JsonFields.of(file, "[" + i + "]", entries.get(i));
            Map<String, String> params = entry.stringsOrEmpty("params");
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

    /**
     * The benchmarks a JMH run's console output ({@code jace-bench}'s log) shows a result for: each
     * {@code Result "NAME":} block with the {@code # Benchmark:} and {@code # Parameters:} lines before it. JMH writes
     * its JSON file only at the end, so this is what a run stopped before then leaves of the benchmarks it finished.
     */
    static List<JmhScore> readLog(Path log) throws IOException {
        List<String> lines = StepLogs.lines(log);
        List<JmhScore> scores = new ArrayList<>();
        String benchmark = null;
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith(BENCHMARK_LINE)) {
                benchmark = line.substring(BENCHMARK_LINE.length()).strip();
                params = new LinkedHashMap<>();
            } else {
                params = parameters(line).orElse(params);
            }
            Matcher result = RESULT_LINE.matcher(line);
            if (result.matches() && result.group(1).equals(benchmark) && i + 1 < lines.size()) {
                Matcher score = SCORE_LINE.matcher(lines.get(i + 1));
                if (score.matches() && !Double.isNaN(perSecondFactor(score.group(3)))) {
                    double value = number(score.group(1));
                    String half = score.group(2);
                    Double error = half == null || half.equals("NaN") ? null : number(half);
                    if (value > 0 && Double.isFinite(value)) {
                        scores.add(new JmhScore(benchmark, params, value, error, score.group(3)));
                    }
                }
            }
        }
        return scores;
    }

    /** The values of JMH's {@code # Parameters: (backend = cuda, size = 8192)} line, empty for another line. */
    static Optional<Map<String, String>> parameters(String line) {
        if (!line.startsWith(PARAMETERS_LINE) || !line.endsWith(")")) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : line.substring(PARAMETERS_LINE.length(), line.length() - 1).split(", ")) {
            String[] kv = pair.split(" = ", 2);
            if (kv.length == 2) {
                params.put(kv[0].strip(), kv[1].strip());
            }
        }
        return Optional.of(params);
    }

    private static double number(String text) {
        return Double.parseDouble(text.replace(',', '.'));
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
