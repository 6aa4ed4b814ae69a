package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void oneSampleBeyondTheLimitAsksForASmallerSize() {
        Result r = run("train", "--task", "plume", "--method", "strict", "--out", dir.resolve("r").toString(),
                "--size", "8193", "--train", "1", "--test", "1", "--batch", "1", "--quiet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("even one sample"), r.err());
        assertTrue(r.err().contains("a smaller --size"), r.err());
    }
}
