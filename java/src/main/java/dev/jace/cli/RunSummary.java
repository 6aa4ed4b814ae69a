package dev.jace.cli;

import dev.jace.constraint.SymmetryLevels;
import dev.jace.data.DeviationProfile;
import dev.jace.data.ElementDeviation;
import dev.jace.group.SymmetryType;
import dev.jace.io.AtomicFiles;
import dev.jace.io.Json;
import dev.jace.train.Metrics;
import dev.jace.train.TrainerConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code summary.json}: the run's configuration and its final scores (fields listed in docs/train.md). */
final class RunSummary {

    static final String FILE = "summary.json";

    private RunSummary() {
    }

    static void write(Path file, LoadedTask task, TrainingOptions options, TrainingRun.Outcome o, String backendName)
            throws IOException {
        AtomicFiles.writeString(file, Json.writePretty(of(task, options, o, backendName)));
    }

    static Map<String, Object> of(LoadedTask task, TrainingOptions options, TrainingRun.Outcome o,
                                  String backendName) {
        TrainerConfig c = o.config();
        Metrics.Evaluation test = o.result().finalEvaluation();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("config", config(task, options, c));
        // As loaded: a --subset beyond the data's size is recorded in config as asked.
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("train", task.dataset().train().count());
        samples.put("test", task.dataset().test().count());
        summary.put("samples", samples);
        summary.put("metric", c.task().metricName());
        // Finite weights can still overflow on test inputs far off the training data's scale.
        summary.put("test_metric", finite(test.metric()));
        summary.put("test_loss", finite(test.loss()));
        summary.put("deviation", finite(test.deviation()));
        o.elements().ifPresent(p -> summary.put("element_deviation", profile(p)));
        summary.put("symmetry_levels", levels(o.result().symmetryLevels()));
        summary.put("ranking", o.result().symmetryLevels().levels().isEmpty() ? null
                : o.result().symmetryLevels().describeRanking());
        summary.put("ranking_check", RankingCheck.of(task.groundTruth(), o.result().symmetryLevels())
                .map(RunSummary::rankingCheck).orElse(null));
        summary.put("projection_change", o.result().projectionChange().isPresent()
                ? finite(o.result().projectionChange().getAsDouble()) : null);
        summary.put("wall_seconds", o.wallSeconds());
        // What the time was measured on: for CUDA the device and the engines in use (cuBLAS/cuDNN or libjace's own).
        summary.put("backend_name", backendName);
        task.groundTruth().ifPresent(g -> summary.put("ground_truth", profile(g)));
        return summary;
    }

    /** The run's configuration: summary.json's "config", and what a resumed run must share with its start. */
    static Map<String, Object> config(LoadedTask task, TrainingOptions options, TrainerConfig c) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("task", task.config().name());
        config.put(TaskRecord.TASK_CONFIG, TaskRecord.fields(task.config()));
        config.put("method", c.method().id());
        config.put("method_settings", options.methods.record(c.method()));
        config.put("group", options.group.name());
        config.put("seed", c.seed());
        config.put("epochs", c.epochs());
        config.put("batch", c.batchSize());
        config.put("probe_samples", Math.min(c.probeSamples(), c.batchSize()));
        if (MethodOptions.CONSTRAINING.contains(c.method())) {
            config.put("constrain", options.constrained());
        }
        config.put("lr", c.optimizer().lr());
        config.put("backend", options.backend.kind.name());
        return config;
    }

    private static Map<String, Object> rankingCheck(RankingCheck check) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("truth", check.truth());
        m.put("truth_levels", finite(check.truthLevels()));
        m.put("discovered", check.discovered());
        m.put("correct", check.correct());
        return m;
    }

    private static List<Object> levels(SymmetryLevels levels) {
        List<Object> out = new ArrayList<>();
        for (SymmetryLevels.Level l : levels.levels()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", l.type());
            m.put("kind", l.kind().name().toLowerCase(Locale.ROOT));
            m.put("multiplier", finite(l.multiplier()));
            m.put("slack", finite(l.slack()));
            m.put("deviation", finite(l.deviation()));
            out.add(m);
        }
        return out;
    }

    /** Relative deviation per element and the mean per symmetry type. */
    private static Map<String, Object> profile(DeviationProfile p) {
        Map<String, Object> elements = new LinkedHashMap<>();
        for (ElementDeviation e : p.elements()) {
            elements.put(e.element(), finite(e.relative()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("elements", elements);
        m.put("rotation", finite(p.meanRelative(SymmetryType.ROTATION)));
        m.put("reflection", finite(p.meanRelative(SymmetryType.REFLECTION)));
        return m;
    }

    /**
     * {@code v}, or where it is NaN or infinite its name ("NaN", "Infinity", "-Infinity"), as metrics.jsonl writes
     * such values: JSON has no number for them.
     */
    private static Object finite(double v) {
        return Double.isFinite(v) ? v : Double.toString(v);
    }

    private static Map<String, Object> finite(Map<String, Double> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, finite(v)));
        return out;
    }
}
