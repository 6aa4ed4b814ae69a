package dev.jace.cli;

import dev.jace.io.MetricsLog;
import dev.jace.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A train (or compare) whose writes fail part-way, as on a full disk, in a child JVM with a file size limit: what it says, what it
 * keeps, and that resuming it ends as an uninterrupted run does. The teacher model's optimizer checkpoint file takes
 * 106 KiB and its metrics.jsonl grows by about 25 KiB an epoch of 32 steps, which the limits below are set between.
 */
class FailedWriteTest {

    private static List<String> train(int epochs) {
        return List.of("train", "--task", "teacher", "--size", "9", "--batch", "8", "--method", "ace", "--epochs",
                Integer.toString(epochs), "--quiet");
    }

    @Test
    void aFullDiskAfterACheckpointNamesTheFileAndTheResumeThatEndsAsAnUninterruptedRun(@TempDir Path dir)
            throws Exception {
        Path cut = dir.resolve("cut");
        List<String> train = train(6);
        List<String> lines = failedLines(train, cut, 120, dir.resolve("log.txt"));
        assertTrue(lines.get(0).startsWith("jace: " + cut.resolve(TrainingRun.METRICS) + ": "), lines.get(0));
        assertEquals("jace: the last epoch checkpoint is kept in " + cut.resolve(TrainingRun.CHECKPOINT) + "; the same"
                + " command with --resume continues from there", lines.get(1));
        assertFalse(Files.exists(cut.resolve(ModelFile.NAME)), "it failed before its end");

        CliRuns.succeeds(train, "--resume", "--out", cut.toString());
        Path whole = dir.resolve("whole");
        CliRuns.succeeds(train, "--out", whole.toString());
        assertEquals(MetricsLog.read(whole.resolve(TrainingRun.METRICS)), MetricsLog.read(cut.resolve(
                TrainingRun.METRICS)));
        assertArrayEquals(Files.readAllBytes(whole.resolve(ModelFile.NAME)), Files.readAllBytes(cut.resolve(
                ModelFile.NAME)));
    }

    @Test
    void aFullDiskAtTheFirstCheckpointSaysNothingIsKeptAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path cut = dir.resolve("cut");
        List<String> lines = failedLines(train(1), cut, 100, dir.resolve("log.txt"));
        Path checkpoint = cut.resolve(TrainingRun.CHECKPOINT);
        Path staging = Trainer.checkpointStaging(checkpoint);
        assertTrue(lines.get(0).startsWith("jace: cannot write checkpoint to " + checkpoint + ": "
                + staging.resolve("optimizer-a.safetensors") + ": "), lines.get(0));
        assertEquals("jace: nothing was checkpointed in " + cut + " yet; the same command with --force starts the run"
                + " over", lines.get(1));
        assertFalse(Files.exists(checkpoint), "no checkpoint folder, which would read as one whose state was lost");
        assertFalse(Files.exists(staging), "the staging folder and the model file written before the cut are removed");
        CliRuns.succeeds(train(1), "--resume", "--out", cut.toString());
        assertTrue(Files.exists(checkpoint.resolve("state.json")), "the run started over and checkpointed");
    }

    @Test
    void aRunWhoseConfigCannotBeWrittenLeavesAFolderThatForceStartsOver(@TempDir Path dir) throws Exception {
        Path cut = dir.resolve("cut");
        List<String> args = new ArrayList<>(train(1));
        args.addAll(List.of("--out", cut.toString()));
        // No byte can be written (its log neither): the run stops at its first write of content, config.json.
        assertEquals(1, CliRuns.runWithFileSizeLimit(args, 0, dir.resolve("log.txt")));

        CliRuns.succeeds(train(1), "--force", "--out", cut.toString());
        assertTrue(Files.exists(cut.resolve(ModelFile.NAME)));
    }

    @Test
    void aCompareSaysTheSameOfItsRuns(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("compare");
        List<String> compare = new ArrayList<>(train(6));
        compare.set(0, "compare");
        compare.set(compare.indexOf("--method"), "--methods");
        compare.addAll(List.of("--seeds", "1"));
        List<String> lines = failedLines(compare, out, 120, dir.resolve("log.txt"));
        Path runs = out.resolve(Outputs.RUNS);
        assertTrue(lines.get(0).startsWith("jace: " + runs.resolve("ace-s0").resolve(TrainingRun.METRICS) + ": "),
                lines.get(0));
        assertEquals("jace: finished runs and the others' last epoch checkpoints are kept in " + runs + "; the same"
                + " command with --resume continues from there", lines.get(1));
    }

    /** The two lines a train or compare into {@code out} that fails on a file size limit of {@code kib} KiB ends with. */
    private static List<String> failedLines(List<String> train, Path out, long kib, Path log) throws Exception {
        List<String> args = new ArrayList<>(train);
        args.addAll(List.of("--out", out.toString()));
        int exitCode = CliRuns.runWithFileSizeLimit(args, kib, log);
        String output = Files.readString(log);
        assertEquals(1, exitCode, output);
        List<String> lines = output.lines().toList();
        assertEquals(2, lines.size(), output);
        return lines;
    }
}
