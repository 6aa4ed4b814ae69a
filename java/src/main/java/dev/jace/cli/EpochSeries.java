package dev.jace.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-epoch series read out of metrics.jsonl epoch records (numbers, or strings for non-finite values). */
final class EpochSeries {

    private EpochSeries() {
    }

    static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : v instanceof String s ? Double.parseDouble(s) : Double.NaN;
    }

    /** The top-level field {@code key} of every epoch. */
    static double[] values(List<Map<String, Object>> epochs, String key) {
        return epochs.stream().mapToDouble(e -> number(e.get(key))).toArray();
    }

    /**
     * The field {@code key} of {@code runs} (each a run's epochs), the mean over them per epoch, indexed by the records'
     * {@code epoch}: NaN at an epoch that any run lacks (a resumed run whose log lost records before its checkpoint),
     * which the curve leaves as a gap, rather than a mean over fewer runs.
     */
    static double[] mean(List<List<Map<String, Object>>> runs, String key) {
        List<double[]> byEpoch = runs.stream().map(run -> byEpoch(run, key)).toList();
        double[] mean = new double[byEpoch.stream().mapToInt(v -> v.length).max().orElse(0)];
        for (double[] v : byEpoch) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += (i < v.length ? v[i] : Double.NaN) / runs.size();
            }
        }
        return mean;
    }

    /** The field {@code key} of each epoch record at the index of its {@code epoch}; NaN where no record has it. */
    private static double[] byEpoch(List<Map<String, Object>> epochs, String key) {
        double[] v = new double[epochs.stream().mapToInt(EpochSeries::epochOf).max().orElse(-1) + 1];
        Arrays.fill(v, Double.NaN);
        epochs.forEach(e -> v[epochOf(e)] = number(e.get(key)));
        return v;
    }

    /** The record's epoch (0 for the first). */
    private static int epochOf(Map<String, Object> epoch) {
        return (int) number(epoch.get("epoch"));
    }

    /** One series per entry of the map-valued field {@code key}, named {@code prefix + entry name}. */
    static Map<String, double[]> nested(List<Map<String, Object>> epochs, String key, String prefix) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < epochs.size(); i++) {
            Map<?, ?> m = (Map<?, ?>) epochs.get(i).get(key);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.computeIfAbsent(prefix + e.getKey(), k -> new double[epochs.size()])[i] = number(e.getValue());
            }
        }
        return out;
    }

    /** Each term's multiplier (λ, penalty weight or softreg strength), named {@code prefix + "λ " + term}. */
    static Map<String, double[]> multipliers(List<Map<String, Object>> epochs, String prefix) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < epochs.size(); i++) {
            Map<?, ?> terms = (Map<?, ?>) epochs.get(i).get("terms");
            for (Map.Entry<?, ?> e : terms.entrySet()) {
                double v = number(((Map<?, ?>) e.getValue()).get("multiplier"));
                out.computeIfAbsent(prefix + "λ " + e.getKey(), k -> new double[epochs.size()])[i] = v;
            }
        }
        return out;
    }
}
