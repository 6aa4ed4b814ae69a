package dev.jace.cli;

import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.C2;
import dev.jace.tensor.Shape;
import dev.jace.train.ModelSpec;
import dev.jace.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private record Result(int exitCode, String err) {
    }

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err), false).execute(args);
        return new Result(code, err.toString());
    }

    @Test
    void aTrainingBatchBeyondTheTensorLimitIsRefusedNamingBatchAndSize() {
        Path out = dir.resolve("run");
        Result r = run("train", "--task", "teacher", "--method", "strict", "--out", out.toString(), "--size", "256",
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
        Result r = run("train", "--task", "teacher", "--method", "ace", "--out", out.toString(), "--size", "256",
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
        Result r = run("compare", "--task", "teacher", "--methods", "strict", "--seeds", "1", "--out", out.toString(),
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
        Result r = run("train", "--task", "plume", "--method", "strict", "--out", dir.resolve("r").toString(),
                "--size", "8193", "--train", "1", "--test", "1", "--batch", "1", "--quiet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("even one sample"), r.err());
        assertTrue(r.err().contains("a smaller --size"), r.err());
    }
}
