package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The plots of one run, drawn from its epoch records (so a resumed run plots its whole history). */
final class Plots {

    /** What train and compare print instead of drawing, on a runtime without AWT. */
    static final String SKIPPED = "plots skipped: this Java runtime has no java.desktop module (a jace bundle made "
            + "without --plots); metrics.jsonl holds every plotted value";

    private Plots() {
    }

    /** Some drawing of plots. */
    @FunctionalInterface
    interface Drawing {
        void draw() throws IOException;
    }

    /** Whether this runtime can draw: XChart renders with AWT, in java.desktop. */
    private static boolean available() {
        return ModuleLayer.boot().findModule("java.desktop").isPresent();
    }

    /**
     * Runs {@code drawing}, or says why this machine cannot draw, for train and compare to print instead of the plots:
     * the runtime lacks java.desktop, or Java2D finds no font to draw text with (a minimal container without
     * fontconfig or fonts), which it reports as an {@link Error} ("Probable fatal error: No physical fonts found.") or
     * a failed link of its font libraries. The run's other files are written by then; plots are not worth failing it.
     */
    static Optional<String> draw(Drawing drawing) throws IOException {
        if (!available()) {
            return Optional.of(SKIPPED);
        }
        try {
            drawing.draw();
            return Optional.empty();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error e) {
            if (!(e instanceof LinkageError || e.getClass() == Error.class
                    || e.getClass().getName().startsWith("java.awt."))) {
                throw e;
            }
            return Optional.of("plots skipped: Java cannot draw text on this machine (" + e + "); install fontconfig"
                    + " and a font (e.g. apt-get install fontconfig fonts-dejavu-core); metrics.jsonl holds every"
                    + " plotted value");
        }
    }

    /**
     * The titles of test_metric.png and deviation.png. Their curves end at the last epoch record, before the final
     * projection of a method that has one ({@code projected}), whose scores train prints and summary.json holds.
     */
    static List<String> titles(String metric, boolean projected) {
        String before = projected ? " (before the final projection)" : "";
        return List.of("test " + metric + " per epoch" + before, "test output deviation per type" + before);
    }

    /** test_metric.png, deviation.png and (where the run has terms or relaxations) multipliers.png. */
    static void run(Path dir, TrainingRun.Outcome o) throws IOException {
        List<Map<String, Object>> epochs = o.epochs();
        String metric = o.config().task().metricName();
        List<String> titles = titles(metric, o.result().projectionChange().isPresent());
        Charts.lines(dir.resolve("test_metric.png"), titles.get(0), "epoch", metric,
                Map.of(o.method().id(), EpochSeries.values(epochs, "test_metric")), false);
        Charts.lines(dir.resolve("deviation.png"), titles.get(1), "epoch", "relative deviation",
                EpochSeries.nested(epochs, "test_deviation", ""), true);
        Map<String, double[]> dual = new LinkedHashMap<>(EpochSeries.multipliers(epochs, ""));
        dual.putAll(EpochSeries.nested(epochs, "relaxation", "|γ| "));
        if (!dual.isEmpty()) {
            Charts.lines(dir.resolve("multipliers.png"), "multipliers (λ/weight) and relaxation |γ|", "epoch", "value",
                    dual, false);
        }
    }
}
