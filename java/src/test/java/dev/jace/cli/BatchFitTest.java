package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.cli.CliRuns.Output;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.C2;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.io.FloatArray;
import dev.jace.io.Npy;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.train.ModelSpec;
import dev.jace.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A --batch whose activations a tensor cannot hold is bad usage before any data are made: the teacher's 256×256
 * images make the model's largest activation 4·8·256·256 = 2,097,152 elements a sample, so 1023 samples fit.
 */
class BatchFitTest {

    @TempDir
    Path dir;

    private static Output run(String... args) {
        return CliRuns.inThisJvm(args);
    }

    @Test
    void aTrainingBatchBeyondTheTensorLimitIsRefusedNamingBatchAndSize() {
        Path out = dir.resolve("run");
        Output r = run("train", "--task", "teacher", "--method", "strict", "--out", out.toString(), "--size", "256",
                "--train", "1024", "--test", "1", "--batch", "1024", "--epochs", "1", "--quiet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--batch 1024 with --size 256"), r.err());
        assertTrue(r.err().contains("[1024, 4, 8, 256, 256]"), r.err());
        assertTrue(r.err().contains("give --batch 1023 or less"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aProbeOfTheWholeBatchBeyondTheLimitNamesProbeSamples() {
        Path out = dir.resolve("run");
        Output r = run("train", "--task", "teacher", "--method", "ace", "--out", out.toString(), "--size", "256",
                "--train", "200", "--test", "1", "--batch", "200", "--probe-samples", "all", "--quiet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--probe-samples all"), r.err());
        assertTrue(r.err().contains("[1600, 4, 8, 256, 256]"), r.err());
        assertTrue(r.err().contains("--probe-samples 127 or fewer, or --batch 127 or less"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void theEvaluationsProbeOfATestBatchCountsToo() {
        Path out = dir.resolve("cmp");
        Output r = run("compare", "--task", "teacher", "--methods", "strict", "--seeds", "1", "--out", out.toString(),
                "--size", "256", "--train", "1", "--test", "200", "--batch", "200", "--quiet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--batch 200 with --size 256"), r.err());
        assertTrue(r.err().contains("give --batch 127 or less"), r.err());
        assertFalse(Files.exists(out));
    }

    /**
     * A regression run ends with the per-element deviation pass, which runs each test batch through the model once per
     * D4 element but the identity, 7 copies, whatever the run's group: under C2 that is more than the 2 of its probe.
     * C2's model at 256×256 has 4·2·256·256 = 524,288 elements a sample, so 4095 samples fit, 585 batches of 7.
     */
    @Test
    void theRegressionsPerElementPassOfATestBatchCountsSevenCopiesUnderEveryGroup() {
        BatchFit fit = new BatchFit(ModelSpec.forTraining(TaskKind.REGRESSION, new C2(), Shape.of(1, 256, 256),
                Method.STRICT, 0), 1, 1000, true);
        String problem = fit.problem(1000, TrainerConfig.WHOLE_BATCH).orElseThrow();
        assertTrue(problem.startsWith("--batch 1000 with --size 256: the per-element deviation pass measures test "
                + "batches of 1000 samples once per D4 element but the identity, as one batch of 7000"), problem);
        assertTrue(problem.endsWith("; give --batch 585 or less"), problem);
        assertEquals(Optional.empty(), fit.problem(585, TrainerConfig.WHOLE_BATCH));
        // A classifier has no such pass: its evaluation's probe, |G| copies, is the largest.
        BatchFit classifier = new BatchFit(ModelSpec.forTraining(TaskKind.CLASSIFICATION, new C2(),
                Shape.of(1, 256, 256), Method.STRICT, 10), 1, 1000, false);
        assertEquals(Optional.empty(), classifier.problem(1000, TrainerConfig.WHOLE_BATCH));
    }

    @Test
    void oneSampleBeyondTheLimitAsksForASmallerSize() {
        Output r = run("train", "--task", "plume", "--method", "strict", "--out", dir.resolve("r").toString(),
                "--size", "8193", "--train", "1", "--test", "1", "--batch", "1", "--quiet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("even one sample"), r.err());
        assertTrue(r.err().contains("a smaller --size"), r.err());
    }

    /** A model of the teacher's defaults at {@code size}×{@code size} under {@code group}, without config.json. */
    private Path model(Group group, int size) throws IOException {
        ModelSpec spec = ModelSpec.forTraining(TaskKind.REGRESSION, group, Shape.of(1, size, size), Method.STRICT, 0);
        Path file = dir.resolve(ModelFile.NAME);
        try (Backend cpu = new CpuBackend(); Sequential m = spec.build(cpu, 1)) {
            ModelFile.save(file, cpu, m, spec);
        }
        return file;
    }

    /**
     * eval checks its evaluation's batches before it makes the test data: they were found only when the evaluation
     * ran (39 s into an eval at 64×64), as an error that gave no --batch that fits.
     */
    @Test
    void evalRefusesATestBatchBeyondTheLimitBeforeMakingTheData() throws IOException {
        Path model = model(new D4(), 256);
        Output r = run("eval", "--model", model.toString(), "--task", "teacher", "--size", "256", "--test", "200",
                "--batch", "200");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("--batch 200: the evaluation measures the deviation on test batches of 200"
                + " samples, once per group element, as one batch of 1600, which makes the model's activation"
                + " [1600, 4, 8, 256, 256] (layer lift), 3355443200 elements, more than a tensor holds (2^31-1);"
                + " give --batch 127 or less"), r.err());
        // Under C2 the per-element pass's 7 copies are the most: 4095 samples fit, 585 batches of 7.
        model = model(new C2(), 256);
        r = run("eval", "--model", model.toString(), "--task", "teacher", "--size", "256", "--test", "600",
                "--batch", "600");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("give --batch 585 or less"), r.err());
    }

    /** predict checks its forward passes before it reads the input's data: 1023 samples of 256×256 fit in one. */
    @Test
    void predictRefusesABatchBeyondTheLimitBeforeReadingTheInput() throws IOException {
        Path model = model(new D4(), 256);
        Path input = dir.resolve("x.npy");
        Npy.write(input, new FloatArray(Shape.of(1, 1, 256, 256), new float[256 * 256]));
        // The same header for 1024 samples, the data sparse: 256 MiB that take no disk.
        byte[] one = Files.readAllBytes(input);
        byte[] header = Arrays.copyOf(one, one.length - 256 * 256 * Float.BYTES);
        String text = new String(header, StandardCharsets.ISO_8859_1).replace("(1, 1, 256, 256)", "(1024, 1, 256, 256)")
                .replace("   \n", "\n"); // the header's length stays that of its padding
        try (RandomAccessFile file = new RandomAccessFile(input.toFile(), "rw")) {
            file.setLength(0);
            file.write(text.getBytes(StandardCharsets.ISO_8859_1));
            file.setLength(text.length() + 1024L * 256 * 256 * Float.BYTES);
        }
        Path output = dir.resolve("y.npy");
        Output r = run("predict", "--model", model.toString(), "--input", input.toString(), "--output",
                output.toString(), "--batch", "1024");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("--batch 1024: a forward pass of 1024 samples makes the model's activation"
                + " [1024, 4, 8, 256, 256] (layer lift), 2147483648 elements, more than a tensor holds (2^31-1); give"
                + " --batch 1023 or less"), r.err());
        assertFalse(Files.exists(output));
    }
}
