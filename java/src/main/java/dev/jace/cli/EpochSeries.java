package dev.jace.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-epoch series read out of metrics.jsonl epoch records (numbers, or strings for non-finite values). Each series is
 * indexed by the records' {@code epoch}, NaN at an epoch no record has (a resumed run whose log lost records before
 * its checkpoint), which the plots draw as a gap.
 */
final class EpochSeries {

    private EpochSeries() {
    }

    static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : v instanceof String s ? Double.parseDouble(s) : Double.NaN;
    }

    /** The top-level field {@code key} of every epoch. */
    static double[] values(List<Map<String, Object>> epochs, String key) {
        double[] v = gaps(epochs);
        epochs.forEach(e -> v[epochOf(e)] = number(e.get(key)));
        return v;
    }

    /**
     * The field {@code key} of {@code runs} (each a run's epochs), the mean over them per epoch: NaN at an epoch that
     * any run lacks, which the curve leaves as a gap, rather than a mean over fewer runs.
     */
    static double[] mean(List<List<Map<String, Object>>> runs, String key) {
        List<double[]> each = runs.stream().map(run -> values(run, key)).toList();
        double[] mean = new double[each.stream().mapToInt(v -> v.length).max().orElse(0)];
        for (double[] v : each) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += (i < v.length ? v[i] : Double.NaN) / runs.size();
            }
        }
        return mean;
    }

    /** One series per entry of the map-valued field {@code key}, named {@code prefix + entry name}. */
    static Map<String, double[]> nested(List<Map<String, Object>> epochs, String key, String prefix) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map<String, Object> epoch : epochs) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) epoch.get(key)).entrySet()) {
                out.computeIfAbsent(prefix + e.getKey(), k -> gaps(epochs))[epochOf(epoch)] = number(e.getValue());
            }
        }
        return out;
    }

    /** Each term's multiplier (λ, penalty weight or softreg strength), named {@code prefix + "λ " + term}. */
    static Map<String, double[]> multipliers(List<Map<String, Object>> epochs, String prefix) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map<String, Object> epoch : epochs) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) epoch.get("terms")).entrySet()) {
                double v = number(((Map<?, ?>) e.getValue()).get("multiplier"));
                out.computeIfAbsent(prefix + "λ " + e.getKey(), k -> gaps(epochs))[epochOf(epoch)] = v;
            }
        }
        return out;
    }

    /** A series as long as {@code epochs} reach, NaN until filled. */
    private static double[] gaps(List<Map<String, Object>> epochs) {
        double[] v = new double[epochs.stream().mapToInt(EpochSeries::epochOf).max().orElse(-1) + 1];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    /** The record's epoch (0 for the first). */
    private static int epochOf(Map<String, Object> epoch) {
        return (int) number(epoch.get("epoch"));
    }
}
