package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A second jace process on an --out that a running one writes is refused before it touches anything. */
class ConcurrentWritersTest {

    @Test
    void forceOnAFolderThatAnotherProcessWritesIsRefusedAndRemovesNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Path log = dir.resolve("child.txt");
        // 1024 steps an epoch, and more epochs than it can run before it is killed: it is still writing when the
        // second command comes, however slow the host.
        List<String> train = List.of("train", "--task", "teacher", "--size", "9", "--train", "8192", "--test", "8",
                "--batch", "8", "--method", "ace", "--epochs", "1000", "--quiet", "--out", out.toString());
        Process child = CliRuns.startChild(train, log);
        try {
            Path metrics = out.resolve(TrainingRun.METRICS);
            awaitRecords(child, metrics, log);
            byte[] config = Files.readAllBytes(out.resolve(TrainingRun.CONFIG));
            List<String> force = new ArrayList<>(train);
            force.add("--force");
            CliRuns.Output refused = CliRuns.inThisJvm(force.toArray(String[]::new));
            assertEquals(1, refused.exitCode(), refused.err());
            assertEquals("jace: " + out + " is being written by another jace command (it holds "
                    + out.resolve(OutFolderLock.FILE) + " locked); wait for it to end, or choose another --out"
                    + System.lineSeparator(), refused.err());
            assertArrayEquals(config, Files.readAllBytes(out.resolve(TrainingRun.CONFIG)));
            assertTrue(child.isAlive() && Files.exists(metrics), "the running command goes on with its files");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** A train into a run folder of a compare that another process runs is refused: the compare writes it. */
    @Test
    void aTrainIntoARunningComparesRunIsRefusedAndChangesNothing(@TempDir Path dir) throws Exception {
        Path compare = dir.resolve("compare");
        Path run = compare.resolve("runs/ace-s0");
        Path log = dir.resolve("child.txt");
        List<String> settings = List.of("--task", "teacher", "--size", "9", "--train", "8192", "--test", "8",
                "--batch", "8", "--epochs", "1000", "--quiet");
        List<String> compareArgs = new ArrayList<>(List.of("compare", "--methods", "ace", "--seeds", "1", "--out",
                compare.toString()));
        compareArgs.addAll(settings);
        Process child = CliRuns.startChild(compareArgs, log);
        try {
            Path metrics = run.resolve(TrainingRun.METRICS);
            awaitRecords(child, metrics, log);
            byte[] config = Files.readAllBytes(run.resolve(TrainingRun.CONFIG));
            List<String> train = new ArrayList<>(List.of("train", "--method", "ace", "--resume", "--out",
                    run.toString()));
            train.addAll(settings);
            // In a process of its own, so that a train that is not refused can be stopped: it would run 1000 epochs.
            Path trainLog = dir.resolve("train.txt");
            Process second = CliRuns.startChild(train, trainLog);
            if (!second.waitFor(60, TimeUnit.SECONDS)) {
                second.destroyForcibly().waitFor();
                throw new AssertionError("the train was not refused in 60 s:\n" + Files.readString(trainLog));
            }
            assertEquals(1, second.exitValue(), Files.readString(trainLog));
            assertEquals("jace: " + run + " is inside " + compare + ", which another jace command is writing (it"
                    + " holds " + compare.resolve(OutFolderLock.FILE) + " locked); wait for it to end, or choose an"
                    + " --out outside it" + System.lineSeparator(), Files.readString(trainLog));
            assertArrayEquals(config, Files.readAllBytes(run.resolve(TrainingRun.CONFIG)));
            assertTrue(child.isAlive() && Files.exists(metrics), "the compare goes on with its files");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** Waits until the running {@code child} has written to {@code metrics}. */
    private static void awaitRecords(Process child, Path metrics, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(metrics) || Files.size(metrics) == 0) {
            assertTrue(child.isAlive(), "the child ended early:\n" + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "no metrics in 120 s:\n" + Files.readString(log));
            Thread.sleep(2);
        }
    }
}
