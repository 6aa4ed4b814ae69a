package dev.jace.cli;

import dev.jace.constraint.Method;
import dev.jace.constraint.QuantityKind;
import dev.jace.constraint.SymmetryLevels;
import dev.jace.data.DeviationProfile;
import dev.jace.data.ElementDeviation;
import dev.jace.data.TaskKind;
import dev.jace.data.TeacherConfig;
import dev.jace.group.SymmetryType;
import dev.jace.io.Json;
import dev.jace.train.Metrics;
import dev.jace.train.Split;
import dev.jace.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunSummaryTest {

    /**
     * Finite weights can still give infinite outputs on test inputs far off the training data's scale, and the final
     * evaluation's loss, metric and deviation are then not finite; JSON has no spelling for them, and writing them as
     * numbers failed, losing the summary. They are written as strings, as metrics.jsonl and symmetry_levels write them.
     */
    @Test
    void nonFiniteScoresAreWrittenAsTheirNames(@TempDir Path dir) throws IOException {
        LoadedTask task = LoadedTask.of(new TeacherConfig(9, 8, 4, 0.5, 0.25, 0, 1));
        TrainingOptions options = CommandLine.populateCommand(new TrainingOptions());
        TrainerConfig config = options.config(Method.ACE_RESILIENT, TaskKind.REGRESSION, 0);
        Map<String, Double> deviation = new LinkedHashMap<>();
        deviation.put("rotation", Double.NaN);
        deviation.put("reflection", 0.25);
        Metrics.Evaluation test = new Metrics.Evaluation(Split.TEST, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, deviation);
        SymmetryLevels levels = new SymmetryLevels(List.of(
                new SymmetryLevels.Level("rotation", QuantityKind.EQUIVARIANCE_DEVIATION, 0.5, 0.25, 0.125, 0.5),
                new SymmetryLevels.Level("reflection", QuantityKind.EQUIVARIANCE_DEVIATION, 0.5, 0.25, 0.0625, 0.5)));
        DeviationProfile elements = new DeviationProfile("d4", List.of(
                new ElementDeviation("r1", SymmetryType.ROTATION, Double.NaN, 0),
                new ElementDeviation("m", SymmetryType.REFLECTION, 0.25, 0)));
        TrainingRun.Outcome outcome = new TrainingRun.Outcome(Method.ACE_RESILIENT, 0, config,
                new Metrics.Result(List.of(), List.of(), test, OptionalDouble.of(Double.POSITIVE_INFINITY), levels),
                1.5, List.of(), Optional.of(elements));
        Path file = dir.resolve(RunSummary.FILE);

        RunSummary.write(file, task, options, outcome, "cpu");

        Map<String, Object> summary = Json.readObject(file);
        assertEquals("Infinity", summary.get("test_loss"));
        assertEquals("-Infinity", summary.get("test_metric"));
        assertEquals(Map.of("rotation", "NaN", "reflection", 0.25), summary.get("deviation"));
        assertEquals("Infinity", summary.get("projection_change"));
        Map<?, ?> profile = (Map<?, ?>) summary.get("element_deviation");
        assertEquals(Map.of("r1", "NaN", "m", 0.25), profile.get("elements"));
        assertEquals("NaN", profile.get("rotation"));
        assertEquals(0.25, profile.get("reflection"));
        assertEquals(1.5, summary.get("wall_seconds"));
    }
}
