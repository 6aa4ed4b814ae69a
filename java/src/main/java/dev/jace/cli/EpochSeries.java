package dev.jace.cli;

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

    /** The field {@code key} of every epoch, the mean over {@code runs} (each a run's epochs; they have as many). */
    static double[] mean(List<List<Map<String, Object>>> runs, String key) {
        double[] mean = new double[runs.getFirst().size()];
        for (List<Map<String, Object>> run : runs) {
            if (run.size() != mean.length) {
                throw new IllegalArgumentException("runs of " + mean.length + " and " + run.size() + " epochs have no"
                        + " mean per epoch");
            }
            double[] v = values(run, key);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += v[i] / runs.size();
            }
        }
        return mean;
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
