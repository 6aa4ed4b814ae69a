package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What an interrupted train or compare says, before and after its first checkpoint. */
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
}
