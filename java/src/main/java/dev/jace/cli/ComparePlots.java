package dev.jace.cli;

import dev.jace.constraint.Method;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plots of a comparison: test metric vs epoch per method (mean over seeds), multipliers and |γ| over time (seed 0,
 * one chart per method that has any, so every legend fits) and the final deviation per symmetry type (mean over
 * seeds).
 */
final class ComparePlots {

    private ComparePlots() {
    }

    static void write(Path dir, String metric, CompareTable table, Map<Method, List<TrainingRun.Outcome>> runs)
            throws IOException {
        Map<String, double[]> curves = new LinkedHashMap<>();
        runs.forEach((m, outcomes) -> curves.put(m.id(),
                EpochSeries.mean(outcomes.stream().map(TrainingRun.Outcome::epochs).toList(), "test_metric")));
        Charts.lines(dir.resolve("test_metric.png"), "test " + metric + " per epoch (mean over seeds; before any final"
                + " projection)", "epoch", metric, curves, false);
        for (var entry : runs.entrySet()) {
            TrainingRun.Outcome shown = entry.getValue().getFirst();
            List<Map<String, Object>> first = shown.epochs();
            Map<String, double[]> dual = new LinkedHashMap<>(EpochSeries.multipliers(first, ""));
            dual.putAll(EpochSeries.nested(first, "relaxation", "|γ| "));
            if (!dual.isEmpty()) {
                String method = entry.getKey().id();
                Charts.lines(dir.resolve("multipliers-" + method + ".png"), method
                        + ": multipliers (λ/weight) and |γ|, seed " + shown.seed(), "epoch", "value", dual, false);
            }
        }
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        for (CompareTable.Row r : table.rows()) {
            bars.put(r.method(), table.types().stream().map(t -> r.deviation().get(t)[0]).toList());
        }
        Charts.bars(dir.resolve("deviation.png"), "final test deviation per type (mean over seeds)",
                "relative deviation", table.types(), bars);
    }
}
