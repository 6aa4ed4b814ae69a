package dev.jace.cli;

import dev.jace.group.Groups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU suites of a JMH run read back ({@code jace cpu-report}): each lifting and group convolution's GFLOP/s
 * ({@link Workloads#convFlops}, SAME padding's zero taps counted) and its share of the FP32 peak, issue #6's "CPU
 * backend ≥ 30% of the FP32 peak on conv": the peak CpuPeakBench measured in the same run, or one given.
 *
 * @param peakSource where the peak comes from, for the report's first line
 */
record CpuJmhReport(double peakGflops, String peakSource, List<Row> rows) {

    /** The target's share of the peak. */
    private static final double TARGET_PERCENT = 30;
    private static final double TARGET = TARGET_PERCENT / 100;
    private static final String PEAK_BENCHMARK = "CpuPeakBench.fmaChains";
    private static final List<String> SUITES = List.of("GroupConvBench", "LiftingConvBench");

    /** One convolution's score: ms a call and the GFLOP/s that makes. */
    record Row(String suite, String pass, String algorithm, String group, String shape, double ms, double gflops) {

        String name() {
            return suite + " " + pass + " " + algorithm + " " + group + " " + shape;
        }
    }

    CpuJmhReport {
        rows = List.copyOf(rows);
    }

    /**
     * The CPU convolutions of {@code files} (JMH's {@code -rf json}) against {@code givenPeak} GFLOP/s where given,
     * else against CpuPeakBench's score in them.
     */
    static CpuJmhReport read(List<Path> files, Optional<Double> givenPeak) throws IOException {
        String named = String.join(", ", files.stream().map(Path::toString).toList());
        List<JmhScore> scores = new ArrayList<>();
        List<JmhScore> peaks = new ArrayList<>();
        for (Path file : files) {
            Object json = JsonFields.parseFile(file);
            scores.addAll(JmhScore.all(file, json));
            peaks.addAll(bestPeaks(file, json));
        }
        List<Row> rows = new ArrayList<>();
        for (JmhScore score : scores) {
            String suite = SUITES.stream().filter(s -> score.shortName().startsWith(s + ".")).findFirst().orElse(null);
            if (suite == null || !"cpu".equals(score.param("backend"))) {
                continue;
            }
            String shape = score.param("shape");
            String group = score.param("group");
            double seconds = score.secondsPerOp();
            double flops = Workloads.convFlops(ConvShape.parse(shape), suite.equals("LiftingConvBench"),
                    Groups.byName(group).order());
            rows.add(new Row(suite, score.shortName().substring(suite.length() + 1), score.param("algorithm"), group,
                    shape, seconds * 1e3, flops / seconds / 1e9));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(named + " holds no GroupConvBench or LiftingConvBench score with "
                    + "backend=cpu: run them with -p backend=cpu (bench/README.md)");
        }
        rows.sort(Comparator.comparing(Row::suite).thenComparing(Row::pass).thenComparing(Row::algorithm)
                .thenComparing(Row::group).thenComparing(Row::shape));
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).name().equals(rows.get(i - 1).name())) {
                throw new IllegalArgumentException(rows.get(i).name() + " is scored more than once in " + named
                        + ": report one run at a time");
            }
        }
        if (givenPeak.isPresent()) {
            return new CpuJmhReport(givenPeak.get(), "given with --peak", rows);
        }
        if (peaks.size() != 1) {
            throw new IllegalArgumentException((peaks.isEmpty() ? "no " : peaks.size() + " scores of ")
                    + PEAK_BENCHMARK + " in " + named + ": run CpuPeakBench with the suites (it measures the FP32 peak "
                    + "in the same run), or give the peak in GFLOP/s with --peak");
        }
        double gflops = FmaPeak.FLOPS_PER_CALL / peaks.getFirst().secondsPerOp() / 1e9;
        return new CpuJmhReport(gflops, "CpuPeakBench's best iteration in the same run", rows);
    }

    /**
     * Each CpuPeakBench score in {@code json}, the parsed {@code file}, as its best iteration: a ceiling is what the
     * probe reaches, and JMH's mean takes in iterations still warming up (its first at 60.2 thousand calls a second,
     * the next two at 65.9 and 65.6, in bench/RESULTS.md's session 65 run).
     */
    private static List<JmhScore> bestPeaks(Path file, Object json) throws IOException {
        List<?> entries = JsonFields.list(file, "", json);
        List<JmhScore> peaks = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonFields entry = JsonFields.of(file, "[" + i + "]", entries.get(i));
            String benchmark = entry.string("benchmark");
            if (!benchmark.endsWith("." + PEAK_BENCHMARK)) {
                continue;
            }
            JsonFields metric = entry.object("primaryMetric");
            String unit = metric.string("scoreUnit");
            JmhScore best = new JmhScore(benchmark, Map.of(), metric.number("score"), null, unit);
            for (Object fork : metric.has("rawData") ? metric.list("rawData") : List.of()) {
                for (Object value : JsonFields.list(file, "[" + i + "].primaryMetric.rawData", fork)) {
                    if (value instanceof Number n && n.doubleValue() > 0) {
                        JmhScore iteration = new JmhScore(benchmark, Map.of(), n.doubleValue(), null, unit);
                        best = iteration.secondsPerOp() < best.secondsPerOp() ? iteration : best;
                    }
                }
            }
            peaks.add(best);
        }
        return peaks;
    }

    /** The report in Markdown: the peak, a row per convolution, and how many reach the target. */
    List<String> markdown() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "CPU FP32 peak: %.1f GFLOP/s (%s); 30%% of it: %.1f GFLOP/s.", peakGflops,
                peakSource, TARGET * peakGflops));
        lines.add("");
        lines.add("| suite | pass | algorithm | group | shape | ms | GFLOP/s | % of peak |");
        lines.add("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Row row : rows) {
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.1f | %s%% |", row.suite(),
                    row.pass(), row.algorithm(), row.group(), row.shape(), Figures.significant(row.ms(), 4),
                    row.gflops(), percent(share(row))));
        }
        lines.add("");
        List<Row> below = rows.stream().filter(r -> share(r) < TARGET).toList();
        double lowest = rows.stream().mapToDouble(this::share).min().orElseThrow();
        double highest = rows.stream().mapToDouble(this::share).max().orElseThrow();
        lines.add(String.format(Locale.ROOT, "%d of %d at 30%% of the peak or more (%s–%s%%)%s", rows.size()
                - below.size(), rows.size(), percent(lowest), percent(highest), below.isEmpty() ? "." : "; below: "
                + String.join(", ", below.stream().map(r -> r.name() + " " + percent(share(r)) + "%").toList())
                + "."));
        return lines;
    }

    /**
     * {@code share} in percent to one decimal, or to as many more as it takes for a share below the target to read
     * below it (29.96, not 30.0).
     */
    private static String percent(double share) {
        String shown = String.format(Locale.ROOT, "%.1f", 100 * share);
        for (int decimals = 2; share < TARGET && Double.parseDouble(shown) >= TARGET_PERCENT; decimals++) {
            shown = String.format(Locale.ROOT, "%." + decimals + "f", 100 * share);
        }
        return shown;
    }

    private double share(Row row) {
        return row.gflops() / peakGflops;
    }
}
