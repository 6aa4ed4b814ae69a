package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.data.Dataset;
import dev.jace.data.Targets;
import dev.jace.data.TaskKind;
import dev.jace.data.TeacherConfig;
import dev.jace.io.MetricsLog;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training on a dev.jace.data task with metrics written as JSON lines. */
class DatasetDataTest {

    private static final Backend BACKEND = new CpuBackend();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Test
    void fillCopiesInputsAndLabelsOrValuesAndFillTargetsTheTargetsAlone() {
        float[] inputs = {0, 1, 10, 11, 20, 21};
        Dataset labelled = new Dataset("labels",
                new dev.jace.data.Split(Shape.of(1, 1, 2), inputs, new Targets.Labels(3, new int[] {2, 0, 1})),
                new dev.jace.data.Split(Shape.of(1, 1, 2), new float[] {5, 6}, new Targets.Labels(3, new int[] {1})),
                TaskKind.CLASSIFICATION, "three labelled samples");
        DatasetData data = new DatasetData(labelled);
        float[] x = new float[4];
        float[] y = new float[2];
        data.fill(Split.TRAIN, new int[] {2, 0}, x, y);
        assertArrayEquals(new float[] {20, 21, 0, 1}, x);
        assertArrayEquals(new float[] {1, 2}, y);
        float[] only = new float[1];
        data.fillTargets(Split.TEST, new int[] {0}, only);
        assertArrayEquals(new float[] {1}, only);

        Targets.Values values = new Targets.Values(Shape.of(2), new float[] {1, 2, 3, 4, 5, 6});
        DatasetData regression = new DatasetData(new Dataset("values",
                new dev.jace.data.Split(Shape.of(1, 1, 2), inputs, values),
                new dev.jace.data.Split(Shape.of(1, 1, 2), inputs, values), TaskKind.REGRESSION, "three pairs"));
        float[] pair = new float[4];
        regression.fillTargets(Split.TRAIN, new int[] {2, 1}, pair);
        assertArrayEquals(new float[] {5, 6, 3, 4}, pair);
        regression.fill(Split.TEST, new int[] {0, 2}, x, pair);
        assertArrayEquals(new float[] {0, 1, 20, 21}, x);
        assertArrayEquals(new float[] {1, 2, 5, 6}, pair);
    }

    @Test
    void teacherTaskTrainsAndLogsEveryStepAndEpoch(@TempDir Path dir) throws IOException {
        DatasetData data = new DatasetData(new TeacherConfig(9, 32, 16, 0.5, 0.0, 0.0, 3).load());
        assertInstanceOf(Task.Regression.class, data.task());
        TrainerConfig config = TrainerTest.config(Method.ACE_RESILIENT, 2);
        Path file = dir.resolve("metrics.jsonl");
        Metrics.Result result;
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             JsonlMetrics log = new JsonlMetrics(file);
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config, log)) {
            result = trainer.run();
        }
        List<Map<String, Object>> lines = MetricsLog.read(file);
        assertEquals(result.steps().size() + result.epochs().size(), lines.size());
        Map<String, Object> last = lines.getLast();
        assertEquals("epoch", last.get("type"));
        assertTrue(((Map<?, ?>) last.get("terms")).containsKey("output.rotation"), last.toString());
        assertTrue(((Number) last.get("test_loss")).doubleValue() < ((Number) lines.get(0).get("loss")).doubleValue());
    }
}
