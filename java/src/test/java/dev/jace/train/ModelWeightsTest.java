package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.data.TaskKind;
import dev.jace.backend.PoolMode;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.io.FileFormatException;
import dev.jace.io.NamedTensor;
import dev.jace.io.Safetensors;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelWeightsTest {

    private static final Backend BACKEND = new CpuBackend();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    private static float[] outputs(Sequential model) {
        Shape batch = Shape.of(3, 1, Fixtures.SIZE, Fixtures.SIZE);
        try (Tensor x = BACKEND.upload(Fixtures.randomImages(3, 21), batch)) {
            return BACKEND.download(model.forward(x, false));
        }
    }

    /** A model built with other random weights computes the saved model's function once loaded, bit for bit. */
    @Test
    void aLoadedModelComputesTheSavedOnesOutputs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.safetensors");
        float[] saved = savedOutputs(file, Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.2f)));
        try (Sequential other = Fixtures.model(BACKEND, 2, RelaxationSpec.additive(0.7f))) {
            assertFalse(java.util.Arrays.equals(saved, outputs(other)));
            ModelWeights.load(file, BACKEND, other);
            assertArrayEquals(saved, outputs(other));
        }
    }

    /** A projected model's file names the fix when loaded into a relaxed model, which it leaves unchanged. */
    @Test
    void aProjectedModelLoadsIntoAProjectedModelOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("projected.safetensors");
        float[] projected;
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.2f))) {
            model.project();
            projected = outputs(model);
            ModelWeights.save(file, BACKEND, model);
        }
        try (Sequential relaxed = Fixtures.model(BACKEND, 3, RelaxationSpec.additive(0.2f))) {
            float[] before = outputs(relaxed);
            FileFormatException e = assertThrows(FileFormatException.class,
                    () -> ModelWeights.load(file, BACKEND, relaxed));
            assertTrue(e.getMessage().contains("has no tensor 'lift.free.weight'")
                    && e.getMessage().contains("call project() on this model before loading"), e.getMessage());
            assertArrayEquals(before, outputs(relaxed));

            relaxed.project();
            ModelWeights.load(file, BACKEND, relaxed);
            assertArrayEquals(projected, outputs(relaxed));
        }
    }

    /**
     * A relaxed model's file holds the equivariant weights a projected model takes and the relaxation besides; loaded
     * into the projected model it would drop the relaxation, so it is refused, naming the fix.
     */
    @Test
    void aRelaxedModelsFileDoesNotLoadIntoAProjectedModel(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("relaxed.safetensors");
        float[] relaxedOutputs = savedOutputs(file, Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.2f)));
        try (Sequential projected = Fixtures.model(BACKEND, 3, RelaxationSpec.additive(0.2f))) {
            projected.project();
            float[] before = outputs(projected);
            FileFormatException e = assertThrows(FileFormatException.class,
                    () -> ModelWeights.load(file, BACKEND, projected));
            assertTrue(e.getMessage().endsWith("has tensors [lift.free.weight, lift.gamma, gconv.free.weight,"
                    + " gconv.gamma] that the model has no place for; it was saved from a model built otherwise, and"
                    + " loading would drop them (free.weight and gamma are an additive relaxation's: build the model"
                    + " with the relaxation it was saved with, or project() the model before saving it to keep its"
                    + " equivariant weights only)"), e.getMessage());
            assertArrayEquals(before, outputs(projected));
        }
        try (Sequential relaxed = Fixtures.model(BACKEND, 3, RelaxationSpec.additive(0.2f))) {
            ModelWeights.load(file, BACKEND, relaxed);
            assertArrayEquals(relaxedOutputs, outputs(relaxed));
        }
    }

    /** A tensor of no relaxation that the model lacks is named without the relaxation's advice. */
    @Test
    void anExtraTensorIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.safetensors");
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.none())) {
            ModelWeights.save(file, BACKEND, model);
            List<NamedTensor> tensors = new java.util.ArrayList<>(Safetensors.read(file).tensors().values());
            tensors.add(new NamedTensor("head.weight", Shape.of(2), new float[] {1, 2}));
            Safetensors.write(file, tensors, Map.of());
            FileFormatException e = assertThrows(FileFormatException.class, () -> ModelWeights.load(file, BACKEND,
                    model));
            assertTrue(e.getMessage().endsWith("has tensors [head.weight] that the model has no place for; it was"
                    + " saved from a model built otherwise, and loading would drop them"), e.getMessage());
        }
    }

    private static Sequential lifting(Group group, long seed) {
        return Sequential.builder(BACKEND, group.table(), Shape.of(1, 9, 9), seed).liftingConv(2, 3).name("lift")
                .groupPool(PoolMode.MAX).build();
    }

    /**
     * A strict lifting layer's weights have the same shape for every group, so the file records the group and a model
     * of another group refuses it, naming both, and is left as it was.
     */
    @Test
    void weightsOfAnotherGroupAreRefusedNamingBoth(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c4.safetensors");
        try (Sequential c4 = lifting(new C4(), 1)) {
            ModelWeights.save(file, BACKEND, c4, Map.of("note", "kept"));
        }
        assertEquals(Map.of("group", "c4", "note", "kept"), Safetensors.read(file).metadata());
        try (Sequential d4 = lifting(new D4(), 2)) {
            float[] before = BACKEND.download(d4.parameters().get("lift.weight").value());
            FileFormatException e = assertThrows(FileFormatException.class, () -> ModelWeights.load(file, BACKEND,
                    d4));
            assertTrue(e.getMessage().endsWith("holds the weights of a model of group c4, not of this model's group"
                    + " d4: build the model on c4"), e.getMessage());
            assertArrayEquals(before, BACKEND.download(d4.parameters().get("lift.weight").value()));
        }
    }

    /** A file without the group (written by an older jace) still loads; metadata naming another group is refused. */
    @Test
    void aFileWithoutTheGroupLoadsAndContradictoryMetadataIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("old.safetensors");
        try (Sequential c4 = lifting(new C4(), 1); Sequential d4 = lifting(new D4(), 2)) {
            ModelWeights.save(file, BACKEND, c4);
            Safetensors.write(file, List.copyOf(Safetensors.read(file).tensors().values()), Map.of());
            ModelWeights.load(file, BACKEND, d4);
            assertArrayEquals(BACKEND.download(c4.parameters().get("lift.weight").value()),
                    BACKEND.download(d4.parameters().get("lift.weight").value()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelWeights.save(file, BACKEND, c4, Map.of("group", "d4")));
            assertEquals("metadata 'group' is 'd4', but the model's group is c4: leave 'group' out, ModelWeights"
                    + " writes it", e.getMessage());
        }
    }

    /** {@code model}'s outputs, its weights saved to {@code file}; closes the model. */
    private static float[] savedOutputs(Path file, Sequential model) throws IOException {
        try (model) {
            ModelWeights.save(file, BACKEND, model);
            return outputs(model);
        }
    }

    @Test
    void refusesNonFiniteWeightsNamingTheTensor(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.safetensors");
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.2f))) {
            ModelWeights.save(file, BACKEND, model);
            Map<String, NamedTensor> saved = new LinkedHashMap<>(Safetensors.read(file).tensors());
            NamedTensor gamma = saved.get("lift.gamma");
            float[] damaged = gamma.values().clone();
            damaged[damaged.length - 1] = Float.NaN;
            saved.put("lift.gamma", new NamedTensor("lift.gamma", gamma.shape(), damaged));
            Safetensors.write(file, List.copyOf(saved.values()), Map.of());
            float[] before = outputs(model);

            FileFormatException e = assertThrows(FileFormatException.class, () -> ModelWeights.load(file, BACKEND,
                    model));
            // The last element: every coordinate at its dimension's end.
            String last = Arrays.toString(Arrays.stream(gamma.shape().dims()).map(d -> d - 1).toArray());
            assertTrue(e.getMessage().endsWith("tensor 'lift.gamma' holds NaN at " + last
                    + "; a model with non-finite weights computes nothing useful (a diverged or damaged file)"),
                    e.getMessage() + " (no advice on projecting: the tensor is there)");
            assertArrayEquals(before, outputs(model));
        }
    }

    /** A negative running variance normalises by the square root of a negative number: every output is NaN. */
    @Test
    void refusesANegativeBatchNormVarianceNamingTheTensorAndIndex(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.safetensors");
        ModelSpec spec = new ModelSpec(TaskKind.REGRESSION, new D4(), Shape.of(1, Fixtures.SIZE, Fixtures.SIZE), true,
                0);
        try (Sequential model = spec.build(BACKEND, 1)) {
            ModelWeights.save(file, BACKEND, model);
            Map<String, NamedTensor> saved = new LinkedHashMap<>(Safetensors.read(file).tensors());
            NamedTensor variance = saved.get("bn2.running_var");
            float[] damaged = variance.values().clone();
            damaged[2] = -0.5f;
            saved.put(variance.name(), new NamedTensor(variance.name(), variance.shape(), damaged));
            Safetensors.write(file, List.copyOf(saved.values()), Map.of());
            float[] before = outputs(model);

            FileFormatException e = assertThrows(FileFormatException.class, () -> ModelWeights.load(file, BACKEND,
                    model));
            assertEquals(file + ": tensor 'bn2.running_var' holds -0.5 at [2]; a batch norm's running variance is"
                    + " never negative, and the model would output NaN (a damaged file)", e.getMessage());
            assertArrayEquals(before, outputs(model));
            damaged[2] = 0f;
            saved.put(variance.name(), new NamedTensor(variance.name(), variance.shape(), damaged));
            Safetensors.write(file, List.copyOf(saved.values()), Map.of());
            ModelWeights.load(file, BACKEND, model);
        }
    }
}
