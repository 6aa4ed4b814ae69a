package dev.jace.cli;

import dev.jace.constraint.Method;
import dev.jace.constraint.SymmetryLevels;
import dev.jace.data.DeviationProfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Per method over its seeds: mean ± std (sample std; the mean alone for one seed) of the test metric, the final
 * output deviation per symmetry type, the discovered levels (λ and u per type, means over seeds), for methods that
 * end with {@code project()} how much projecting changed the test outputs (so how far from equivariant the trained
 * model was; the final deviation of such a method is that of the projected model), in how many seeds the discovered
 * levels ranked the symmetry types as the task's ground truth does ({@link RankingCheck}, where the task has one),
 * and the mean wall time.
 */
record CompareTable(String metric, List<String> types, List<Row> rows) {

    /** What compare.md says of its columns below the table, in README.md's words, for a reader of the file alone. */
    private static final String LEGEND = """
            Mean ± sample std (n − 1) over seeds; one seed shows the mean alone.

            - dev: final relative output deviation per symmetry type.
            - λ/u: discovered levels per symmetry type, multiplier λ (a penalty's weight, softreg's strength) / \
            slack u (means over seeds).
            - projection change: how far the projecting methods were from equivariant before projecting.
            - ranking: in how many of the seeds checked the discovered levels ranked the symmetry types as the task's \
            ground truth does; "-" where none was: no ground truth, levels for fewer than two types, an unbroken \
            target, or constraints never active.
            - wall s: wall time per run (mean over seeds); the first run also carries the JVM's warm-up, so the first \
            method's is high.
            """;

    record Row(String method, int seeds, double[] metric, Map<String, double[]> deviation,
               Map<String, double[]> multiplier, Map<String, double[]> slack, Optional<double[]> projectionChange,
               Optional<int[]> ranking, double wallSeconds) {
    }

    /** {@code groundTruth}: the task's known deviation profile, if any, to check the discovered rankings against. */
    static CompareTable of(String metric, Map<Method, List<TrainingRun.Outcome>> runs,
                           Optional<DeviationProfile> groundTruth) {
        TreeSet<String> typeSet = new TreeSet<>();
        runs.values().forEach(os -> os.forEach(o -> typeSet.addAll(o.result().finalEvaluation().deviation().keySet())));
        List<String> types = new ArrayList<>(typeSet.descendingSet());
        List<Row> rows = new ArrayList<>();
        runs.forEach((method, outcomes) -> {
            Map<String, double[]> dev = new LinkedHashMap<>();
            Map<String, double[]> lambda = new LinkedHashMap<>();
            Map<String, double[]> slack = new LinkedHashMap<>();
            for (String t : types) {
                dev.put(t, stats(outcomes.stream().mapToDouble(o ->
                        o.result().finalEvaluation().deviation().getOrDefault(t, Double.NaN)).toArray()));
                if (hasLevel(outcomes.getFirst(), t)) {
                    lambda.put(t, stats(outcomes.stream().mapToDouble(o ->
                            o.result().symmetryLevels().level(t).multiplier()).toArray()));
                    slack.put(t, stats(outcomes.stream().mapToDouble(o ->
                            o.result().symmetryLevels().level(t).slack()).toArray()));
                }
            }
            rows.add(new Row(method.id(), outcomes.size(),
                    stats(outcomes.stream().mapToDouble(o -> o.result().finalEvaluation().metric()).toArray()),
                    dev, lambda, slack, projectionChange(outcomes), ranking(outcomes, groundTruth),
                    outcomes.stream().mapToDouble(TrainingRun.Outcome::wallSeconds).average().orElse(0)));
        });
        return new CompareTable(metric, types, rows);
    }

    private static Optional<double[]> projectionChange(List<TrainingRun.Outcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.result().projectionChange().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(stats(outcomes.stream().mapToDouble(o -> o.result().projectionChange().getAsDouble())
                .toArray()));
    }

    /** {correct, checked} over the seeds, empty where no seed could be checked. */
    private static Optional<int[]> ranking(List<TrainingRun.Outcome> outcomes, Optional<DeviationProfile> truth) {
        List<RankingCheck> checks = outcomes.stream()
                .flatMap(o -> RankingCheck.of(truth, o.result().symmetryLevels()).stream()).toList();
        return checks.isEmpty() ? Optional.empty()
                : Optional.of(new int[] {(int) checks.stream().filter(RankingCheck::correct).count(), checks.size()});
    }

    private static boolean hasLevel(TrainingRun.Outcome o, String type) {
        return o.result().symmetryLevels().levels().stream().map(SymmetryLevels.Level::type)
                .anyMatch(type::equals);
    }

    /** {mean, sample std}; the std of one value is NaN (no spread measured), shown as nothing. */
    static double[] stats(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new double[] {mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN};
    }

    private static String pm(double[] s) {
        return Double.isNaN(s[1]) ? String.format(Locale.ROOT, "%.4g", s[0])
                : String.format(Locale.ROOT, "%.4g ± %.2g", s[0], s[1]);
    }

    private List<String> header() {
        List<String> h = new ArrayList<>(List.of("method", "seeds", "test " + metric));
        types.forEach(t -> h.add("dev " + t));
        types.forEach(t -> h.add("λ/u " + t));
        h.add("projection change");
        h.add("ranking");
        h.add("wall s");
        return h;
    }

    private List<List<String>> cells() {
        List<List<String>> out = new ArrayList<>();
        for (Row r : rows) {
            List<String> c = new ArrayList<>(List.of(r.method(), Integer.toString(r.seeds()), pm(r.metric())));
            types.forEach(t -> c.add(pm(r.deviation().get(t))));
            types.forEach(t -> c.add(r.multiplier().containsKey(t) ? String.format(Locale.ROOT, "%.3g / %.3g",
                    r.multiplier().get(t)[0], r.slack().get(t)[0]) : "-"));
            c.add(r.projectionChange().map(CompareTable::pm).orElse("-"));
            c.add(r.ranking().map(k -> k[0] + "/" + k[1] + " right").orElse("-"));
            c.add(String.format(Locale.ROOT, "%.1f", r.wallSeconds()));
            out.add(c);
        }
        return out;
    }

    /** A fixed-width text table for the terminal. */
    String text() {
        List<String> h = header();
        List<List<String>> cells = cells();
        int[] w = new int[h.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = h.get(i).length();
            for (List<String> c : cells) {
                w[i] = Math.max(w[i], c.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, h, w);
        for (List<String> c : cells) {
            line(sb, c, w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        for (int i = 0; i < cells.size(); i++) {
            sb.append(i == 0 ? "" : "  ").append(String.format("%-" + w[i] + "s", cells.get(i)));
        }
        sb.append(System.lineSeparator());
    }

    /** A Markdown table, then a blank line and the legend of its columns. */
    String markdown() {
        StringBuilder sb = new StringBuilder("| " + String.join(" | ", header()) + " |\n");
        sb.append("|").append("---|".repeat(header().size())).append('\n');
        cells().forEach(c -> sb.append("| ").append(String.join(" | ", c)).append(" |\n"));
        return sb.append('\n').append(LEGEND).toString();
    }

    /** CSV, one line per method: means and stds as separate columns. */
    String csv() {
        List<String> h = new ArrayList<>(List.of("method", "seeds", metric + "_mean", metric + "_std"));
        types.forEach(t -> h.addAll(List.of("deviation_" + t + "_mean", "deviation_" + t + "_std")));
        types.forEach(t -> h.addAll(List.of("multiplier_" + t, "slack_" + t)));
        h.addAll(List.of("projection_change_mean", "projection_change_std"));
        h.addAll(List.of("ranking_correct", "ranking_checked"));
        h.add("wall_seconds");
        StringBuilder sb = new StringBuilder(String.join(",", h)).append('\n');
        for (Row r : rows) {
            List<String> c = new ArrayList<>(List.of(r.method(), Integer.toString(r.seeds()),
                    num(r.metric()[0]), num(r.metric()[1])));
            types.forEach(t -> c.addAll(List.of(num(r.deviation().get(t)[0]), num(r.deviation().get(t)[1]))));
            types.forEach(t -> c.addAll(r.multiplier().containsKey(t)
                    ? List.of(num(r.multiplier().get(t)[0]), num(r.slack().get(t)[0])) : List.of("", "")));
            c.addAll(r.projectionChange().map(p -> List.of(num(p[0]), num(p[1]))).orElse(List.of("", "")));
            c.addAll(r.ranking().map(k -> List.of(Integer.toString(k[0]), Integer.toString(k[1])))
                    .orElse(List.of("", "")));
            c.add(num(r.wallSeconds()));
            sb.append(String.join(",", c)).append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
