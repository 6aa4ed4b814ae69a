package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.data.TeacherConfig;
import dev.jace.io.MetricsLog;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
