package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelSpecTest {

    private static final ModelSpec REGRESSION = new ModelSpec(TaskKind.REGRESSION, new D4(), Shape.of(1, 12, 12),
            true, 0);
    private static final ModelSpec CLASSIFIER = new ModelSpec(TaskKind.CLASSIFICATION, new C4(), Shape.of(1, 28, 28),
            false, 10);

    /**
     * The metadata reads back in any default locale, and a file written in one reads in another: Turkish upper-cases
     * 'i' to a dotted 'İ' and lower-cases 'I' to a dotless 'ı', so a locale-dependent case change breaks both ways.
     */
    @Test
    void metadataIsTheSameInEveryLocaleAndReadsBack() {
        Locale before = Locale.getDefault();
        try {
            for (Locale locale : List.of(Locale.forLanguageTag("tr-TR"), Locale.ROOT)) {
                Locale.setDefault(locale);
                assertEquals(Map.of("kind", "regression", "group", "d4", "input", "1,12,12", "relaxed", "true",
                        "classes", "0"), REGRESSION.toMetadata(), locale.toString());
                assertEquals(Map.of("kind", "classification", "group", "c4", "input", "1,28,28", "relaxed", "false",
                        "classes", "10"), CLASSIFIER.toMetadata(), locale.toString());
                assertEquals(REGRESSION, ModelSpec.fromMetadata(REGRESSION.toMetadata()), locale.toString());
                assertEquals(CLASSIFIER, ModelSpec.fromMetadata(CLASSIFIER.toMetadata()), locale.toString());
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kind    | image   | model metadata 'kind' is 'image', not regression or classification",
        "input   | 1,,12   | model metadata 'input' is '1,,12', not C,H,W (whole numbers)",
        "input   | 1,12,   | model metadata 'input' is '1,12,', not C,H,W (whole numbers)",
        "input   | 12,12   | the default models take [C, H, W] samples, got [12, 12]",
        "relaxed | yes     | model metadata 'relaxed' is 'yes', not true or false",
        "relaxed | True    | model metadata 'relaxed' is 'True', not true or false",
        "classes | ten     | model metadata 'classes' is 'ten', not a whole number",
        "group   | o2      | unknown group 'o2'; valid names: trivial, c2, c4, d4",
    })
    void malformedMetadataIsNamed(String key, String value, String message) {
        Map<String, String> metadata = new LinkedHashMap<>(REGRESSION.toMetadata());
        metadata.put(key, value);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ModelSpec.fromMetadata(metadata))
                .getMessage());
    }

    @Test
    void missingMetadataIsNamedWithWhatThereIs() {
        Map<String, String> metadata = new LinkedHashMap<>(CLASSIFIER.toMetadata());
        metadata.remove("relaxed");
        assertEquals("model metadata has no 'relaxed' (has [kind, group, input, classes])",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.fromMetadata(metadata)).getMessage());
    }

    /** Ace and scheduled end projected onto the equivariant layers; the other relaxed methods keep the relaxation. */
    @Test
    void afterTrainingOnlyTheProjectingMethodsDropTheRelaxation() {
        for (Method method : Method.values()) {
            ModelSpec trained = ModelSpec.forTraining(TaskKind.REGRESSION, new D4(), Shape.of(1, 12, 12), method, 10);
            assertEquals(method != Method.STRICT, trained.relaxed(), method.toString());
            assertEquals(0, trained.classes(), "a regression model has no classes");
            boolean projected = method == Method.ACE || method == Method.SCHEDULED;
            assertEquals(new ModelSpec(TaskKind.REGRESSION, new D4(), Shape.of(1, 12, 12),
                    method != Method.STRICT && !projected, 0), trained.afterTraining(method), method.toString());
        }
        assertEquals(CLASSIFIER, ModelSpec.forTraining(TaskKind.CLASSIFICATION, new C4(), Shape.of(1, 28, 28),
                Method.STRICT, 10).afterTraining(Method.STRICT));
    }

    @Test
    void kindIsReadWhateverItsCase() {
        Map<String, String> metadata = new LinkedHashMap<>(CLASSIFIER.toMetadata());
        metadata.put("kind", "Classification");
        assertEquals(CLASSIFIER, ModelSpec.fromMetadata(metadata));
    }

    /** The sizes checked before a model is built are those the model built has. */
    @Test
    void sizedTensorsAreTheBuiltModelsShapes() {
        ModelSpec threeChannels = new ModelSpec(TaskKind.REGRESSION, new C4(), Shape.of(3, 9, 9), true, 0);
        ModelSpec sevenClasses = new ModelSpec(TaskKind.CLASSIFICATION, new D4(), Shape.of(2, 8, 8), true, 7);
        try (Backend backend = new CpuBackend()) {
            for (ModelSpec spec : List.of(threeChannels, sevenClasses)) {
                try (Sequential model = spec.build(backend, 0)) {
                    Map<String, Shape> built = new LinkedHashMap<>();
                    model.parameters().forEach(e -> built.put(e.name(), e.parameter().value().shape()));
                    spec.sizedTensors().forEach((name, dims) -> assertArrayEquals(built.get(name).dims(), dims, name));
                }
            }
        }
        assertEquals(List.of("lift.weight"), List.copyOf(threeChannels.sizedTensors().keySet()));
        assertArrayEquals(new int[] {4, 3, 3, 3}, threeChannels.sizedTensors().get("lift.weight"));
        assertArrayEquals(new int[] {8, 2, 3, 3}, sevenClasses.sizedTensors().get("lift.weight"));
        assertArrayEquals(new int[] {7, 8}, sevenClasses.sizedTensors().get("linear.weight"));
    }
}
