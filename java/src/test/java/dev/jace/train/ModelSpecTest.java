package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.C2;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.group.Trivial;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static ModelSpec classifier(Group group, int h, int w) {
        return new ModelSpec(TaskKind.CLASSIFICATION, group, Shape.of(1, h, w), false, 10);
    }

    /**
     * {@code max_g ‖f(g·x) − f(x)‖ / ‖f(x)‖} of the strict classifier in evaluation mode, after one training forward
     * has set the batch norms' running statistics.
     */
    private static double invarianceError(Backend backend, Group group, int h, int w) {
        Shape shape = Shape.of(2, 1, h, w);
        int[] others = IntStream.range(1, group.order()).toArray();
        try (Sequential model = classifier(group, h, w).build(backend, 3);
             Tensor x = backend.upload(Numerics.randomFloats(new Random(1), shape.size()), shape);
             Tensor gx = backend.allocate(shape.withDim0(2 * others.length))) {
            model.forward(x, true);
            double[] fx = Numerics.toDouble(backend.download(model.forward(x, false)));
            backend.groupAction(x, group.table(), others, FeatureRep.IMAGE, gx);
            float[] fgx = backend.download(model.forward(gx, false));
            double worst = 0;
            for (int g = 0; g < others.length; g++) {
                double d = 0;
                for (int i = 0; i < fx.length; i++) {
                    double e = fgx[g * fx.length + i] - fx[i];
                    d += e * e;
                }
                worst = Math.max(worst, Math.sqrt(d / Numerics.dot(fx, fx)));
            }
            return worst;
        }
    }

    /**
     * The classifier's two 2×2 stride-2 pools tile a side divisible by 4 exactly, and every element of the group maps
     * those tiles onto tiles; on another side they leave out its last rows or columns, which the group moves. C2's
     * flip keeps the rows in place, so only its width counts.
     */
    @Test
    void classifierIsExactlyInvariantOnlyOnSidesDivisibleBy4() {
        try (Backend backend = new CpuBackend()) {
            for (Group group : List.of(new C4(), new D4())) {
                assertEquals(0, invarianceError(backend, group, 12, 12), 1e-6, group.name());
                assertTrue(invarianceError(backend, group, 10, 10) > 0.2, group.name());
                assertTrue(invarianceError(backend, group, 9, 9) > 0.2, group.name());
            }
            assertEquals(0, invarianceError(backend, new C2(), 10, 12), 1e-6);
            assertTrue(invarianceError(backend, new C2(), 12, 10) > 0.2);
        }
    }

    @Test
    void invarianceLimitNamesTheImagesTheEdgeAndTheFix() {
        assertEquals(Optional.of("the default classifier's 2×2 stride-2 pools leave out the last rows and columns of"
                + " 30×30 images (sides that are not multiples of 4), which c4 moves, so no weights make the model"
                + " exactly invariant and the output deviation that ace constrains cannot reach 0: pad or crop the"
                + " images to sides that are multiples of 4 (32×32 or 28×28)"),
                classifier(new C4(), 30, 30).invarianceLimit());
        assertEquals(Optional.of("the default classifier's 2×2 stride-2 pools leave out the last columns of 9×10"
                + " images (a width that is not a multiple of 4), which c2 moves, so no weights make the model"
                + " exactly invariant and the output deviation that ace constrains cannot reach 0: pad or crop the"
                + " images to a width that is a multiple of 4 (9×12 or 9×8)"),
                classifier(new C2(), 9, 10).invarianceLimit());
        assertTrue(classifier(new D4(), 9, 9).invarianceLimit().orElseThrow().contains(" of 9×9 images "));
        assertTrue(classifier(new C4(), 7, 7).invarianceLimit().orElseThrow()
                .endsWith(": pad or crop the images to sides that are multiples of 4 (8×8 or 4×4)"));
        assertTrue(classifier(new C2(), 5, 3).invarianceLimit().orElseThrow()
                .endsWith(": pad the images to a width that is a multiple of 4 (5×4)"), "too narrow to crop");
        for (ModelSpec exact : List.of(classifier(new D4(), 28, 28), classifier(new C4(), 12, 12),
                classifier(new C2(), 30, 28), classifier(new Trivial(), 30, 30),
                new ModelSpec(TaskKind.REGRESSION, new D4(), Shape.of(1, 9, 9), true, 0))) {
            assertEquals(Optional.empty(), exact.invarianceLimit(), exact.toString());
        }
    }
}
