package dev.jace.cli;

import dev.jace.constraint.Method;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plots of a comparison: test metric vs epoch per method (mean over seeds), multipliers and |γ| over time (seed 0
 * of each method) and the final deviation per symmetry type (mean over seeds).
 */
final class ComparePlots {

    private ComparePlots() {
    }

    static void write(Path dir, String metric, CompareTable table, Map<Method, List<TrainingRun.Outcome>> runs)
            throws IOException {
        Map<String, double[]> curves = new LinkedHashMap<>();
        Map<String, double[]> dual = new LinkedHashMap<>();
        runs.forEach((m, outcomes) -> {
            double[] mean = new double[outcomes.getFirst().epochs().size()];
            for (TrainingRun.Outcome o : outcomes) {
                double[] v = EpochSeries.values(o.epochs(), "test_metric");
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += v[i] / outcomes.size();
                }
            }
            curves.put(m.id(), mean);
            List<Map<String, Object>> first = outcomes.getFirst().epochs();
            dual.putAll(EpochSeries.multipliers(first, m.id() + " "));
            dual.putAll(EpochSeries.nested(first, "relaxation", m.id() + " |γ| "));
        });
        Charts.lines(dir.resolve("test_metric.png"), "test " + metric + " (mean over seeds)", "epoch", metric, curves,
                false);
        if (!dual.isEmpty()) {
            Charts.lines(dir.resolve("multipliers.png"), "multipliers (λ/weight) and |γ|, seed 0", "epoch", "value",
                    dual, false);
        }
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        for (CompareTable.Row r : table.rows()) {
            bars.put(r.method(), table.types().stream().map(t -> r.deviation().get(t)[0]).toList());
        }
        Charts.bars(dir.resolve("deviation.png"), "final test deviation per type (mean over seeds)",
                "relative deviation", table.types(), bars);
    }
}
