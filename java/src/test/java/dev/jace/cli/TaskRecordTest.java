package dev.jace.cli;

import dev.jace.data.FashionMnistConfig;
import dev.jace.data.PlumeConfig;
import dev.jace.data.TaskConfig;
import dev.jace.data.TeacherConfig;
import dev.jace.io.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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
        assertEquals("teacher field 'noise' is loud, not a number", assertThrows(IllegalArgumentException.class,
                () -> TaskRecord.read("teacher", fields)).getMessage());
        fields.put("noise", -1.0);
        assertEquals("teacher: alphaRot, alphaRef and noise must be finite and >= 0, got 0.5, 0.25, -1.0",
                assertThrows(IllegalArgumentException.class, () -> TaskRecord.read("teacher", fields)).getMessage());
    }

    /** A whole-number field takes a whole number in its type's range, whether JSON wrote it as 12 or 1.2e1. */
    @Test
    void wholeNumberFieldsAreNotNarrowed() {
        TeacherConfig teacher = new TeacherConfig(12, 16, 8, 0.5, 0.25, 0, 1);
        Map<String, Object> fields = new LinkedHashMap<>(TaskRecord.fields(teacher));
        fields.put("size", 12.0);
        fields.put("seed", 1e0);
        assertEquals(teacher, TaskRecord.read("teacher", fields));
        for (Object size : List.of(1e12, 12.5, 2147483648L, -2147483649L, "12", true)) {
            fields.put("size", size);
            assertEquals("teacher field 'size' is " + size + ", not a whole number (int)", assertThrows(
                    IllegalArgumentException.class, () -> TaskRecord.read("teacher", fields)).getMessage());
        }
        fields.put("size", 12);
        fields.put("seed", -0x1p63);
        assertEquals(Long.MIN_VALUE, ((TeacherConfig) TaskRecord.read("teacher", fields)).seed());
        for (Object seed : List.of(0x1p63, -0x1p64, 0.5)) {
            fields.put("seed", seed);
            assertEquals("teacher field 'seed' is " + seed + ", not a whole number (long)", assertThrows(
                    IllegalArgumentException.class, () -> TaskRecord.read("teacher", fields)).getMessage());
        }
    }

    @Test
    void anEnumOrPathFieldSaysWhatItTakes() {
        Map<String, Object> fields = new LinkedHashMap<>(TaskRecord.fields(new FashionMnistConfig(Path.of("/data"),
                FashionMnistConfig.Variant.values()[0], 100, 50, 1)));
        fields.put("variant", "sideways");
        String values = Arrays.stream(FashionMnistConfig.Variant.values()).map(v -> v.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        assertEquals("fashion-mnist field 'variant' is sideways, not one of " + values, assertThrows(
                IllegalArgumentException.class, () -> TaskRecord.read("fashion-mnist", fields)).getMessage());
        fields.put("variant", "upright");
        fields.put("data_dir", 5);
        assertEquals("fashion-mnist field 'data_dir' is 5, not a path (text)", assertThrows(
                IllegalArgumentException.class, () -> TaskRecord.read("fashion-mnist", fields)).getMessage());
    }
}
