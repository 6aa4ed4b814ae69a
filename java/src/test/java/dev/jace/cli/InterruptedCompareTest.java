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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A compare stopped by SIGTERM in a child JVM, then resumed: the same models as a compare that ran through. */
class InterruptedCompareTest {

    private static final List<String> COMPARE = List.of("compare", "--task", "teacher", "--size", "9", "--train", "16",
            "--test", "8", "--batch", "8", "--methods", "ace,ace-resilient", "--seeds", "2", "--epochs", "20");

    @Test
    void resumedAfterSigtermGivesTheModelsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path cut = dir.resolve("cut");
        Path log = dir.resolve("stderr.txt");
        List<String> args = new ArrayList<>(COMPARE);
        args.addAll(List.of("--out", cut.toString()));
        Process child = CliRuns.startChild(args, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // Stopped in its second run, after that run's first epoch checkpoint.
        Path secondRun = cut.resolve("runs/ace-s1");
        while (!Files.exists(secondRun.resolve("checkpoint/state.json"))) {
            assertTrue(child.isAlive(), "the child ended early:\n" + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "no checkpoint of the second run in 120 s:\n"
                    + Files.readString(log));
            Thread.sleep(5);
        }
        child.destroy();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not stop on SIGTERM");
        String stderr = Files.readString(log);
        assertEquals(143, child.exitValue(), "stopped by SIGTERM, not finished:\n" + stderr);
        assertTrue(stderr.contains("jace: interrupted; finished runs and the others' last epoch checkpoints are kept"
                + " in " + cut.resolve("runs") + "; the same command with --resume continues from there"), stderr);
        // The second run is most likely cut in the middle (it had most of its 20 epochs to go); if it was not, it is
        // a finished one, which --resume evaluates again from the same checkpoint, so the checks below still hold.
        assertFalse(Files.exists(cut.resolve("compare.csv")), "the compare finished before the signal");
        assertTrue(Files.exists(cut.resolve("runs/ace-s0/summary.json")), "the first run finished");

        // Marks the checkpoint, to see below that the resumed run started from it.
        RunFolders.markElapsedSeconds(secondRun, 1000);

        Path whole = dir.resolve("whole");
        CliRuns.succeeds(COMPARE, "--quiet", "--resume", "--out", cut.toString());
        double wall = RunFolders.wallSeconds(secondRun);
        assertTrue(wall >= 1000, "the second run started over instead of resuming: wall_seconds " + wall);
        CliRuns.succeeds(COMPARE, "--quiet", "--out", whole.toString());
        for (String runName : List.of("ace-s0", "ace-s1", "ace-resilient-s0", "ace-resilient-s1")) {
            Path model = Path.of("runs", runName, "model.safetensors");
            assertArrayEquals(Files.readAllBytes(whole.resolve(model)), Files.readAllBytes(cut.resolve(model)),
                    runName);
        }
    }
}
