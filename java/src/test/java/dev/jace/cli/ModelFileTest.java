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
import java.nio.file.Files;
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
        assertEquals(file + ": is not a jace model: model metadata has no 'kind' (has [group])", e.getMessage());
    }

    /**
     * A file of another kind given as the model is called no safetensors file, saying what to give: its first 8 bytes
     * read as a header length gave "header length 8314054077019327099 exceeds the 339 bytes after the length field".
     */
    @Test
    void aFileOfAnotherKindIsNamedAsNoSafetensorsFile(@TempDir Path dir) throws IOException {
        String hint = "; give a model: the folder train wrote, or its model.safetensors";
        Path config = Files.writeString(dir.resolve("config.json"), "{\"task\": \"teacher\", \"batch\": 8}\n");
        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelFile.load(config, BACKEND));
        assertEquals(config + ": not a safetensors file: its first 8 bytes, read as the header length, give "
                + "4189028746708394619, more than the 24 bytes after them" + hint, e.getMessage());
        // A length that fits but a header that is no JSON object: an NPY file's, 118 bytes of its own.
        Path npy = dir.resolve("x.safetensors");
        byte[] bytes = new byte[8 + 200];
        bytes[0] = 118;
        bytes[8] = (byte) 0x93;
        Files.write(npy, bytes);
        e = assertThrows(FileFormatException.class, () -> ModelFile.load(npy, BACKEND));
        assertEquals(npy + ": not a safetensors file: its header does not start with '{'" + hint, e.getMessage());
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

    /**
     * Metadata whose sizes the tensors do not have is refused, naming the file, before a model of those sizes is built:
     * 300000000 classes was a linear layer past 2^31-1 elements (an error naming no file), 250000000 one of 8 GB.
     */
    @Test
    void metadataSizesAreCheckedAgainstTheTensorsBeforeTheModelIsBuilt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(ModelFile.NAME);
        ModelSpec classifier = new ModelSpec(TaskKind.CLASSIFICATION, new D4(), Shape.of(1, 8, 8), false, 10);
        try (Sequential model = classifier.build(BACKEND, 1)) {
            ModelFile.save(file, BACKEND, model, classifier);
        }
        Safetensors.Contents contents = Safetensors.read(file);
        for (String classes : List.of("300000000", "250000000", "5")) {
            withMetadata(file, contents, "classes", classes);
            FileFormatException e = assertThrows(FileFormatException.class, () -> ModelFile.load(file, BACKEND));
            assertEquals(file + ": tensor 'linear.weight' has shape [10, 8], but the model its metadata describes"
                    + " needs [" + classes + ", 8]", e.getMessage());
        }
        withMetadata(file, contents, "input", "3,8,8");
        FileFormatException channels = assertThrows(FileFormatException.class, () -> ModelFile.load(file, BACKEND));
        assertEquals(file + ": tensor 'lift.weight' has shape [8, 1, 3, 3], but the model its metadata describes"
                + " needs [8, 3, 3, 3]", channels.getMessage());
        withMetadata(file, contents, "input", "1,40000,40000");
        FileFormatException size = assertThrows(FileFormatException.class, () -> ModelFile.load(file, BACKEND));
        assertTrue(size.getMessage().startsWith(file + ": its metadata describes no model that can be built: layer 1:"
                + " shape [1, 8, 8, 20000, 20000]"), size.getMessage());
    }

    private static void withMetadata(Path file, Safetensors.Contents contents, String key, String value)
            throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        metadata.put(key, value);
        Safetensors.write(file, List.copyOf(contents.tensors().values()), metadata);
    }
}
