package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.data.TaskKind;
import dev.jace.group.D4;
import dev.jace.io.FileFormatException;
import dev.jace.io.Safetensors;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.train.ModelSpec;
import dev.jace.train.ModelWeights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    private static final Backend BACKEND = new CpuBackend();
    private static final ModelSpec RELAXED = new ModelSpec(TaskKind.REGRESSION, new D4(), Shape.of(1, 8, 8), true, 0);

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Test
    void aWeightsFileWithoutTheArchitectureIsNotAModel(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.safetensors");
        try (Sequential model = RELAXED.build(BACKEND, 1)) {
            ModelWeights.save(file, BACKEND, model);
        }
        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelFile.load(file, BACKEND));
        assertEquals(file + ": is not a jace model: model metadata has no 'kind' (has [])", e.getMessage());
    }

    /** Metadata that says strict over a relaxed model's weights is caught by the weights the strict model lacks. */
    @Test
    void metadataThatDisagreesWithTheWeightsIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(ModelFile.NAME);
        try (Sequential model = RELAXED.build(BACKEND, 1)) {
            ModelFile.save(file, BACKEND, model, RELAXED);
        }
        try (ModelFile.Loaded loaded = ModelFile.load(dir, BACKEND)) {
            assertEquals(RELAXED, loaded.spec());
        }
        Safetensors.Contents contents = Safetensors.read(file);
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        metadata.put("relaxed", "false");
        Safetensors.write(file, List.copyOf(contents.tensors().values()), metadata);

        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelFile.load(dir, BACKEND));
        assertTrue(e.getMessage().startsWith(file + ": has tensors [lift.free.weight, lift.gamma, gconv1.free.weight,"
                + " gconv1.gamma, gconv2.free.weight, gconv2.gamma] that the model has no place for"), e.getMessage());
    }
}
