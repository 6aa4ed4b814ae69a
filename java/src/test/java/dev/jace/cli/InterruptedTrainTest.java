package dev.jace.cli;

import dev.jace.io.Json;
import dev.jace.io.MetricsLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A train stopped by SIGTERM in a child JVM: what it says, and its metrics once resumed. */
class InterruptedTrainTest {

    /** 128 steps an epoch, so that a signal sent a few steps into one lands long before its end, on a busy host too. */
    private static final List<String> TRAIN = train(1024);

    private static List<String> train(int samples) {
        return List.of("train", "--task", "teacher", "--size", "9", "--train", Integer.toString(samples), "--test", "8",
                "--batch", "8", "--method", "ace", "--epochs", "3", "--quiet");
    }

    @Test
    void resumedAfterSigtermMidEpochWritesTheMetricsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path cut = dir.resolve("cut");
        Path metrics = cut.resolve(TrainingRun.METRICS);
        Path state = cut.resolve("checkpoint/state.json");
        // Stopped a few steps after the first epoch's checkpoint.
        String stderr = stopWhen(TRAIN, cut, dir.resolve("stderr.txt"), () -> Files.exists(state)
                && stepsFrom(metrics, checkpointStep(state)) >= 3);
        assertTrue(stderr.contains("jace: interrupted; the last epoch checkpoint is kept in "
                + cut.resolve("checkpoint") + "; the same command with --resume continues from there"), stderr);
        long step = checkpointStep(state);
        assertTrue(stepsFrom(metrics, step) >= 3, "the stopped run logged steps after its checkpoint");

        CliRuns.succeeds(TRAIN, "--resume", "--out", cut.toString());
        Path whole = dir.resolve("whole");
        CliRuns.succeeds(TRAIN, "--out", whole.toString());
        List<Map<String, Object>> expected = MetricsLog.read(whole.resolve(TrainingRun.METRICS));
        assertEquals(3 * 128 + 3, expected.size());
        assertEquals(expected, MetricsLog.read(metrics));
    }

    @Test
    void stoppedBeforeTheFirstCheckpointSaysNothingWasCheckpointed(@TempDir Path dir) throws Exception {
        Path cut = dir.resolve("cut");
        // 1024 steps in the first epoch, stopped after its first.
        String stderr = stopWhen(train(8192), cut, dir.resolve("stderr.txt"),
                () -> stepsFrom(cut.resolve(TrainingRun.METRICS), 0) >= 1);
        assertFalse(Files.exists(cut.resolve("checkpoint/state.json")), "the first epoch ended before the signal");
        assertTrue(stderr.contains("jace: interrupted before the first epoch ended: nothing was checkpointed in " + cut
                + " yet; the same command with --force starts the run over"), stderr);
        assertFalse(stderr.contains("kept in"), stderr);
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    /** Starts {@code train} into {@code out} in a child JVM, sends SIGTERM once {@code stop} holds; its output. */
    private static String stopWhen(List<String> train, Path out, Path log, Condition stop) throws Exception {
        List<String> args = new ArrayList<>(train);
        args.addAll(List.of("--out", out.toString()));
        Process child = CliRuns.startChild(args, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!stop.holds()) {
            assertTrue(child.isAlive(), "the child ended early:\n" + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "not there in 120 s:\n" + Files.readString(log));
            Thread.sleep(2);
        }
        child.destroy();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not stop on SIGTERM");
        String output = Files.readString(log);
        assertEquals(143, child.exitValue(), "stopped by SIGTERM, not finished:\n" + output);
        return output;
    }

    private static long checkpointStep(Path state) throws IOException {
        return ((Number) Json.parseObject(Files.readString(state)).get("step")).longValue();
    }

    /** Step records in {@code metrics} with a step of at least {@code from}. */
    private static long stepsFrom(Path metrics, long from) throws IOException {
        if (!Files.exists(metrics)) {
            return 0;
        }
        Predicate<Map<String, Object>> later = r -> "step".equals(r.get("type"))
                && ((Number) r.get("step")).longValue() >= from;
        return MetricsLog.read(metrics).stream().filter(later).count();
    }
}
