package dev.jace.cli;

import dev.jace.group.Groups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU suites of JMH runs read back ({@code jace cpu-report}): each lifting and group convolution's GFLOP/s
 * ({@link Workloads#convFlops}, SAME padding's zero taps counted) and its share of the FP32 peak, issue #6's "CPU
 * backend ≥ 30% of the FP32 peak on conv": the peak CpuPeakBench measured in the same run, or one given. A file is a
 * run; with several, each score is judged against its own run's peak and a convolution's row is the median of its
 * runs, since short runs of the same code on a shared VM differ by more than the target's margin.
 *
 * @param peaks      the peak of each run, in GFLOP/s, in the order of the files
 * @param peakSource where the peaks come from, for the report's first line
 */
record CpuJmhReport(List<Double> peaks, String peakSource, List<Row> rows) {

    /** The target's share of the peak. */
    private static final double TARGET_PERCENT = 30;
    private static final double TARGET = TARGET_PERCENT / 100;
    private static final String PEAK_BENCHMARK = "CpuPeakBench.fmaChains";
    private static final List<String> SUITES = List.of("GroupConvBench", "LiftingConvBench");

    /** One run's score of a convolution: ms a call, and its share of that run's peak. */
    record Score(double ms, double share) {
    }

    /** One convolution, its FLOPs a call and its scores in the runs that hold it. */
    record Row(String suite, String pass, String algorithm, String group, String shape, double flops,
               List<Score> scores) {

        Row {
            scores = List.copyOf(scores);
        }

        String name() {
            return suite + " " + pass + " " + algorithm + " " + group + " " + shape;
        }

        double ms() {
            return median(scores.stream().mapToDouble(Score::ms).toArray());
        }

        double gflops() {
            return flops / ms() / 1e6;
        }

        double share() {
            return median(scores.stream().mapToDouble(Score::share).toArray());
        }

        double lowestShare() {
            return scores.stream().mapToDouble(Score::share).min().orElseThrow();
        }

        double highestShare() {
            return scores.stream().mapToDouble(Score::share).max().orElseThrow();
        }
    }

    CpuJmhReport {
        peaks = List.copyOf(peaks);
        rows = List.copyOf(rows);
    }

    /**
     * The CPU convolutions of {@code files} (JMH's {@code -rf json}, a run each) against {@code givenPeak} GFLOP/s
     * where given, else against CpuPeakBench's score in each.
     */
    static CpuJmhReport read(List<Path> files, Optional<Double> givenPeak) throws IOException {
        List<Double> peaks = new ArrayList<>();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Path file : files) {
            Object json = JsonFields.parseFile(file);
            double peak = givenPeak.isPresent() ? givenPeak.get() : measuredPeak(file, json);
            peaks.add(peak);
            Map<String, Row> run = new LinkedHashMap<>();
            for (JmhScore score : JmhScore.all(file, json)) {
                Row row = row(score, peak);
                if (row != null && run.put(row.name(), row) != null) {
                    throw new IllegalArgumentException(row.name() + " is scored more than once in " + file
                            + ": give each run its own file");
                }
            }
            run.forEach((name, row) -> rows.merge(name, row, (earlier, later) -> new Row(earlier.suite(),
                    earlier.pass(), earlier.algorithm(), earlier.group(), earlier.shape(), earlier.flops(),
                    concat(earlier.scores(), later.scores()))));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", files.stream().map(Path::toString).toList())
                    + " holds no GroupConvBench or LiftingConvBench score with backend=cpu: run them with "
                    + "-p backend=cpu (bench/README.md)");
        }
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparing(Row::suite).thenComparing(Row::pass).thenComparing(Row::algorithm)
                .thenComparing(Row::group).thenComparing(Row::shape));
        return new CpuJmhReport(peaks, givenPeak.isPresent() ? "given with --peak"
                : files.size() == 1 ? "CpuPeakBench's best iteration in the same run"
                : "CpuPeakBench's best iteration in each run", sorted);
    }

    /** {@code score}'s row, one run's, against {@code peak}; null unless it is a CPU convolution. */
    private static Row row(JmhScore score, double peak) {
        String suite = SUITES.stream().filter(s -> score.shortName().startsWith(s + ".")).findFirst().orElse(null);
        if (suite == null || !"cpu".equals(score.param("backend"))) {
            return null;
        }
        String shape = score.param("shape");
        String group = score.param("group");
        double seconds = score.secondsPerOp();
        double flops = Workloads.convFlops(ConvShape.parse(shape), suite.equals("LiftingConvBench"),
                Groups.byName(group).order());
        return new Row(suite, score.shortName().substring(suite.length() + 1), score.param("algorithm"), group, shape,
                flops, List.of(new Score(seconds * 1e3, flops / seconds / 1e9 / peak)));
    }

    /** The peak CpuPeakBench measured in {@code json}, the parsed {@code file}, in GFLOP/s. */
    private static double measuredPeak(Path file, Object json) throws IOException {
        List<JmhScore> peaks = bestPeaks(file, json);
        if (peaks.size() != 1) {
            throw new IllegalArgumentException((peaks.isEmpty() ? "no " : peaks.size() + " scores of ")
                    + PEAK_BENCHMARK + " in " + file + ": run CpuPeakBench with the suites (it measures the FP32 peak "
                    + "in the same run), or give the peak in GFLOP/s with --peak");
        }
        return FmaPeak.FLOPS_PER_CALL / peaks.getFirst().secondsPerOp() / 1e9;
    }

    private static List<Score> concat(List<Score> first, List<Score> second) {
        List<Score> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** The middle value, or the mean of the two middle ones. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int half = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
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
        return peaks.size() == 1 ? oneRun() : severalRuns();
    }

    private List<String> oneRun() {
        double peak = peaks.getFirst();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "CPU FP32 peak: %.1f GFLOP/s (%s); %.0f%% of it: %.1f GFLOP/s.", peak,
                peakSource, TARGET_PERCENT, TARGET * peak));
        lines.add("");
        lines.addAll(MarkdownTable.header("suite", "pass", "algorithm", "group", "shape", "ms", "GFLOP/s",
                "% of peak"));
        for (Row row : rows) {
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.1f | %s%% |", row.suite(),
                    row.pass(), row.algorithm(), row.group(), row.shape(), Figures.significant(row.ms(), 4),
                    row.gflops(), percent(row.share())));
        }
        lines.add("");
        lines.add(verdict(""));
        return lines;
    }

    private List<String> severalRuns() {
        List<String> lines = new ArrayList<>();
        List<String> shown = peaks.stream().map(p -> String.format(Locale.ROOT, "%.1f", p)).toList();
        List<String> distinct = shown.stream().distinct().toList();
        lines.add(String.format(Locale.ROOT, "CPU FP32 peak%s of %d runs: %s GFLOP/s (%s); each score is a share of "
                + "its own run's peak, each row the median of its runs.", distinct.size() == 1 ? "" : "s",
                peaks.size(), String.join(", ", distinct.size() == 1 ? distinct : shown), peakSource));
        lines.add("");
        lines.addAll(MarkdownTable.header("suite", "pass", "algorithm", "group", "shape", "runs", "ms", "GFLOP/s",
                "% of peak", "range"));
        for (Row row : rows) {
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %s | %.1f | %s%% | %s–%s%% |",
                    row.suite(), row.pass(), row.algorithm(), row.group(), row.shape(), row.scores().size(),
                    Figures.significant(row.ms(), 4), row.gflops(), percent(row.share()),
                    percent(row.lowestShare()), percent(row.highestShare())));
        }
        lines.add("");
        long everyRun = rows.stream().filter(r -> r.lowestShare() >= TARGET).count();
        lines.add(verdict(String.format(Locale.ROOT, " in the median of their runs, %d in every run", everyRun)));
        return lines;
    }

    /** How many rows reach the target{@code how}, their range, and those below it. */
    private String verdict(String how) {
        List<Row> below = rows.stream().filter(r -> r.share() < TARGET).toList();
        double lowest = rows.stream().mapToDouble(Row::share).min().orElseThrow();
        double highest = rows.stream().mapToDouble(Row::share).max().orElseThrow();
        return String.format(Locale.ROOT, "%d of %d at %.0f%% of the peak or more%s (%s–%s%%)%s",
                rows.size() - below.size(), rows.size(), TARGET_PERCENT, how, percent(lowest), percent(highest),
                below.isEmpty() ? "." : "; below: " + String.join(", ", below.stream().map(r -> r.name() + " "
                + percent(r.share()) + "%").toList()) + ".");
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
}
