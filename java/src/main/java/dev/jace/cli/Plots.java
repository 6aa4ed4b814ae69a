package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plots of one run, drawn from its epoch records (so a resumed run plots its whole history). */
final class Plots {

    /** What train and compare print instead of drawing, on a runtime without AWT. */
    static final String SKIPPED = "plots skipped: this Java runtime has no java.desktop module (a jace bundle made "
            + "without --plots); metrics.jsonl holds every plotted value";

    private Plots() {
    }

    /** Whether this runtime can draw: XChart renders with AWT, in java.desktop. */
    static boolean available() {
        return ModuleLayer.boot().findModule("java.desktop").isPresent();
    }

    /** test_metric.png, deviation.png and (where the run has terms or relaxations) multipliers.png. */
    static void run(Path dir, TrainingRun.Outcome o) throws IOException {
        List<Map<String, Object>> epochs = o.epochs();
        String metric = o.config().task().metricName();
        Charts.lines(dir.resolve("test_metric.png"), "test " + metric, "epoch", metric,
                Map.of(o.method().id(), EpochSeries.values(epochs, "test_metric")), false);
        Charts.lines(dir.resolve("deviation.png"), "test output deviation per type", "epoch", "relative deviation",
                EpochSeries.nested(epochs, "test_deviation", ""), true);
        Map<String, double[]> dual = new LinkedHashMap<>(EpochSeries.multipliers(epochs, ""));
        dual.putAll(EpochSeries.nested(epochs, "relaxation", "|γ| "));
        if (!dual.isEmpty()) {
            Charts.lines(dir.resolve("multipliers.png"), "multipliers (λ/weight) and relaxation |γ|", "epoch", "value",
                    dual, false);
        }
    }
}
