package dev.jace.cli;

import dev.jace.io.FileFormatException;
import dev.jace.constraint.LagrangianPlan;
import dev.jace.io.WriteFailedException;
import dev.jace.train.Metrics;
import dev.jace.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What an interrupted or failed train or compare says, before and after its first checkpoint. */
class ResumeHintTest {

    @TempDir
    Path dir;

    private static String hint(ResumeHint hint) {
        try (hint) {
            return hint.message();
        }
    }

    @Test
    void aRunNamesItsCheckpointOnlyOnceThereIsOne() throws IOException {
        PrintWriter err = new PrintWriter(new StringWriter());
        assertEquals("jace: interrupted before the first epoch ended: nothing was checkpointed in " + dir + " yet;"
                + " the same command with --force starts the run over", hint(ResumeHint.forRun(err, dir)));
        Files.createDirectories(dir.resolve("checkpoint"));
        Files.writeString(dir.resolve("checkpoint/state.json"), "{}");
        assertEquals("jace: interrupted; the last epoch checkpoint is kept in " + dir.resolve("checkpoint") + "; the"
                + " same command with --resume continues from there", hint(ResumeHint.forRun(err, dir)));
    }

    @Test
    void aCompareNamesItsRunsOnceOneHasACheckpoint() throws IOException {
        PrintWriter err = new PrintWriter(new StringWriter());
        Path runs = dir.resolve("runs");
        Files.createDirectories(runs.resolve("ace-s0/checkpoint"));
        assertEquals("jace: interrupted before the first epoch ended: nothing was checkpointed in " + runs + " yet;"
                + " the same command with --force starts the compare over", hint(ResumeHint.forCompare(err, dir)));
        Files.writeString(runs.resolve("ace-s0/checkpoint/state.json"), "{}");
        assertEquals("jace: interrupted; finished runs and the others' last epoch checkpoints are kept in " + runs
                + "; the same command with --resume continues from there", hint(ResumeHint.forCompare(err, dir)));
    }

    @Test
    void aFailedWriteGetsTheHintWithoutInterruptedAndOtherErrorsNone() throws IOException {
        PrintWriter err = new PrintWriter(new StringWriter());
        Files.createDirectories(dir.resolve("checkpoint"));
        Files.writeString(dir.resolve("checkpoint/state.json"), "{}");
        try (ResumeHint hint = ResumeHint.forRun(err, dir)) {
            WriteFailedException full = new WriteFailedException(dir.resolve("metrics.jsonl"),
                    new IOException("No space left on device"));
            for (Exception failed : List.<Exception>of(full, new UncheckedIOException(full),
                    new UncheckedIOException("cannot write checkpoint", full))) {
                ResumeHint.Failure hinted = assertInstanceOf(ResumeHint.Failure.class, hint.withHint(failed));
                assertSame(failed, hinted.getCause());
                assertEquals("the last epoch checkpoint is kept in " + dir.resolve("checkpoint") + "; the same command"
                        + " with --resume continues from there", hinted.hint());
            }
            // A damaged file read, or a bad flag, is not mended by resuming.
            for (Exception other : List.<Exception>of(new FileFormatException(dir.resolve("metrics.jsonl"), "line 3"),
                    new UncheckedIOException(new IOException("No space left on device")),
                    new IllegalArgumentException("--lr"))) {
                assertSame(other, hint.withHint(other));
            }
        }
    }

    @Test
    void outOfMemoryAddsTheLargerHeapOnlyWhereThereIsACheckpoint() throws IOException {
        PrintWriter err = new PrintWriter(new StringWriter());
        OutOfMemoryError full = new OutOfMemoryError("Java heap space");
        try (ResumeHint hint = ResumeHint.forRun(err, dir)) {
            ResumeHint.Failure none = hint.withHint(full);
            assertSame(full, none.getCause());
            assertEquals("nothing was checkpointed in " + dir + " yet; the same command with --force starts the run"
                    + " over", none.hint());
            Files.createDirectories(dir.resolve("checkpoint"));
            Files.writeString(dir.resolve("checkpoint/state.json"), "{}");
            assertEquals("the last epoch checkpoint is kept in " + dir.resolve("checkpoint") + "; the same command"
                    + " with --resume continues from there (with the same settings: give it a larger heap)",
                    hint.withHint(full).hint());
        }
    }

    @Test
    void runEndsAFailedWriteOrAFullHeapWithTheHintAndPassesOtherErrorsOn() throws Exception {
        PrintWriter err = new PrintWriter(new StringWriter());
        try (ResumeHint hint = ResumeHint.forRun(err, dir)) {
            UncheckedIOException full = new UncheckedIOException(new WriteFailedException(dir.resolve("a"),
                    new IOException("No space left on device")));
            OutOfMemoryError heap = new OutOfMemoryError("Java heap space");
            assertSame(full, assertThrows(ResumeHint.Failure.class, () -> hint.run(() -> {
                throw full;
            })).getCause());
            assertSame(heap, assertThrows(ResumeHint.Failure.class, () -> hint.run(() -> {
                throw heap;
            })).getCause());
            FileFormatException damaged = new FileFormatException(dir.resolve("metrics.jsonl"), "line 3");
            assertSame(damaged, assertThrows(FileFormatException.class, () -> hint.run(() -> {
                throw damaged;
            })));
            hint.run(() -> { });
        }
    }

    @Test
    void aDivergedRunSaysToStartOverNamingItsRecordsAndWhyNotResumeWhereThereAreAny() throws IOException {
        LagrangianPlan plan = new LagrangianPlan("unconstrained", List.of());
        TrainingDivergedException early = new TrainingDivergedException(new Metrics.Diverged(0, 0, Double.NaN), 4,
                Optional.empty(), plan);
        ResumeHint.Failure none = ResumeHint.diverged(early, dir);
        assertSame(early, none.getCause());
        assertEquals("give lower settings with --force to start the run over", none.hint());
        Files.writeString(dir.resolve("metrics.jsonl"), "{}\n");
        assertEquals("the records up to the divergence are kept in " + dir.resolve("metrics.jsonl") + "; give lower"
                + " settings with --force to start the run over", ResumeHint.diverged(early, dir).hint());
        TrainingDivergedException late = new TrainingDivergedException(new Metrics.Diverged(30, 3, Double.NaN), 4,
                Optional.of(dir.resolve("checkpoint")), plan);
        assertEquals("the records up to the divergence are kept in " + dir.resolve("metrics.jsonl") + "; a --resume"
                + " from the checkpoint keeps the settings that diverged, so give lower ones with --force to start the"
                + " run over", ResumeHint.diverged(late, dir).hint());
    }
}
