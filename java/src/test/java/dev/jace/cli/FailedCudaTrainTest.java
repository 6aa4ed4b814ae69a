package dev.jace.cli;

import dev.jace.backend.cuda.EmulatedFailures;
import dev.jace.backend.cuda.EmulatorHooks;
import dev.jace.io.MetricsLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
 * A train on CUDA whose device fails part way (jace's CPU emulator fails a kernel launch on request, as a lost device
 * or a driver fault would fail one): it names the failed call and what is kept, and resuming it ends as a run that
 * did not fail does.
 */
@Tag("gpu")
@ExtendWith(EmulatedFailures.class)
class FailedCudaTrainTest {

    /** Fixed algorithms (no cuDNN, no timed choice), so that two runs give bitwise the same model. */
    private static final List<String> TRAIN = List.of("train", "--task", "teacher", "--size", "9", "--train", "16",
            "--test", "8", "--batch", "8", "--method", "ace", "--epochs", "2", "--quiet", "--backend", "cuda",
            "--no-cudnn", "--group-conv", "DIRECT");

    @Test
    void aLaunchFailingInTheSecondEpochNamesItAndWhatIsKeptAndTheResumeEndsAsAnUnfailedRun(@TempDir Path dir)
            throws Throwable {
        Path whole = dir.resolve("whole");
        EmulatorHooks.failCalls("cudaLaunchKernel", Integer.MAX_VALUE, 1, 1);
        CliRuns.succeeds(TRAIN, "--out", whole.toString());
        long launches = EmulatorHooks.callsSeen();

        Path cut = dir.resolve("cut");
        EmulatorHooks.failCalls("cudaLaunchKernel", (int) (launches * 3 / 4), 1, 1);
        List<String> args = new ArrayList<>(TRAIN);
        args.addAll(List.of("--out", cut.toString()));
        CliRuns.Output failed = CliRuns.inThisJvm(args.toArray(String[]::new));
        assertEquals(1, EmulatorHooks.stopFailing(), "the launch asked to fail was not made");
        assertEquals(1, failed.exitCode(), failed.err());
        List<String> lines = failed.err().lines().toList();
        assertTrue(lines.get(0).startsWith("jace: ")
                && lines.get(0).contains("kernel launch failed: cudaErrorInvalidValue"), lines.get(0));
        assertEquals("jace: the last epoch checkpoint is kept in " + cut.resolve(TrainingRun.CHECKPOINT) + "; the same"
                + " command with --resume continues from there", lines.get(1));
        assertFalse(Files.exists(cut.resolve(ModelFile.NAME)), "it failed before its end");

        CliRuns.succeeds(TRAIN, "--resume", "--out", cut.toString());
        assertEquals(MetricsLog.read(whole.resolve(TrainingRun.METRICS)), MetricsLog.read(cut.resolve(
                TrainingRun.METRICS)));
        assertArrayEquals(Files.readAllBytes(whole.resolve(ModelFile.NAME)), Files.readAllBytes(cut.resolve(
                ModelFile.NAME)));
    }
}
