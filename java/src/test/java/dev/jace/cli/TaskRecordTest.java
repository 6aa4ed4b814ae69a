package dev.jace.cli;

import dev.jace.data.FashionMnistConfig;
import dev.jace.data.PlumeConfig;
import dev.jace.data.TaskConfig;
import dev.jace.data.TeacherConfig;
import dev.jace.io.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TaskRecordTest {

    @Test
    void everyTaskConfigurationReadsBackFromItsJsonFields() {
        List<TaskConfig> configs = List.of(new TeacherConfig(9, 16, 8, 0.5, 0.0, 0.1, 3),
                PlumeConfig.defaults().withSeed(7),
                new FashionMnistConfig(Path.of("/data/fm"), FashionMnistConfig.Variant.ROT90, 100, 50, 2));
        for (TaskConfig config : configs) {
            // Through JSON text, as config.json holds it: integers come back as longs.
            Map<String, Object> fields = Json.parseObject(Json.write(TaskRecord.fields(config)));
            assertEquals(config, TaskRecord.read(config.name(), fields));
        }
        assertEquals(Map.of("data_dir", "/data/fm", "variant", "rot90", "train_count", 100, "test_count", 50, "seed",
                2L), TaskRecord.fields(configs.getLast()));
        assertEquals(List.of("size", "train_count", "test_count", "force_angle_degrees", "force_strength", "flow_speed",
                "diffusion", "source_rate", "warmup_steps", "horizon_steps", "dt", "seed"),
                List.copyOf(TaskRecord.fields(configs.get(1)).keySet()));
    }

    /** Before 2026-12-02 jace wrote the fields under the record components' own names. */
    @Test
    void fieldsUnderTheComponentNamesOfAnOlderJaceReadTheSame() {
        TeacherConfig teacher = new TeacherConfig(9, 16, 8, 0.5, 0.0, 0.1, 3);
        Map<String, Object> older = Map.of("size", 9, "trainCount", 16, "testCount", 8, "alphaRot", 0.5, "alphaRef",
                0.0, "noise", 0.1, "seed", 3L);
        assertEquals(teacher, TaskRecord.read("teacher", older));
        assertEquals(TaskRecord.fields(teacher), TaskRecord.withFieldNames(older));
        assertEquals(TaskRecord.fields(teacher), TaskRecord.withFieldNames(TaskRecord.fields(teacher)));
    }

    @Test
    void aMissingOrMistypedFieldIsNamed() {
        Map<String, Object> fields = new LinkedHashMap<>(TaskRecord.fields(new TeacherConfig(9, 16, 8, 0.5, 0.25, 0,
                1)));
        fields.remove("noise");
        assertEquals("teacher field 'noise' is missing", assertThrows(IllegalArgumentException.class,
                () -> TaskRecord.read("teacher", fields)).getMessage());
        fields.put("noise", "loud");
        assertEquals("teacher field 'noise' is not a double: loud", assertThrows(IllegalArgumentException.class,
                () -> TaskRecord.read("teacher", fields)).getMessage());
        fields.put("noise", -1.0);
        assertEquals("teacher: alphaRot, alphaRef and noise must be >= 0, got 0.5, 0.25, -1.0",
                assertThrows(IllegalArgumentException.class, () -> TaskRecord.read("teacher", fields)).getMessage());
    }
}
