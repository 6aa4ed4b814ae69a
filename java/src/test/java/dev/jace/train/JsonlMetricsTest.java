package dev.jace.train;

import dev.jace.io.FileFormatException;
import dev.jace.io.MetricsLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonlMetricsTest {

    @TempDir
    Path dir;

    /** Two epochs of two steps each, then a step of the third: what a run stopped early in epoch 2 leaves. */
    private Path stoppedRun() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, """
                {"type":"step","step":0,"epoch":0}
                {"type":"step","step":1,"epoch":0}
                {"type":"epoch","epoch":0,"steps":2}
                {"type":"step","step":2,"epoch":1}
                {"type":"step","step":3,"epoch":1}
                {"type":"epoch","epoch":1,"steps":4}
                {"type":"step","step":4,"epoch":2}
                """);
        return file;
    }

    private static List<String> records(Path file) throws IOException {
        return MetricsLog.read(file).stream().map(r -> r.get("type") + " " + r.get(r.get("type"))).toList();
    }

    @Test
    void resumedDropsWhatTheRestoredTrainerWritesAgain() throws IOException {
        Path file = stoppedRun();
        // Checkpoint after epoch 1 (2 epochs, 4 steps done): the third epoch's step goes.
        JsonlMetrics.resumed(file, 4, 2).close();
        assertEquals(List.of("step 0", "step 1", "epoch 0", "step 2", "step 3", "epoch 1"), records(file));
        // Checkpoint after epoch 0, e.g. the epoch-1 checkpoint was never completed: epoch 1 and its steps go too.
        JsonlMetrics.resumed(file, 2, 1).close();
        assertEquals(List.of("step 0", "step 1", "epoch 0"), records(file));
        JsonlMetrics.resumed(file, 0, 0).close();
        assertEquals("", Files.readString(file));
    }

    @Test
    void resumedSaysHowManyRecordsBeforeTheCheckpointAreMissing() throws IOException {
        Path file = stoppedRun();
        try (JsonlMetrics whole = JsonlMetrics.resumed(file, 4, 2)) {
            assertEquals(Optional.empty(), whole.lost());
        }
        // A crash just before epoch 1's record's newline: the record is whole, so nothing is lost, and it stays.
        String checkpointed = String.join("\n", Files.readAllLines(file).subList(0, 6));
        Files.writeString(file, checkpointed);
        try (JsonlMetrics unterminated = JsonlMetrics.resumed(file, 4, 2)) {
            assertEquals(Optional.empty(), unterminated.lost());
        }
        assertEquals(checkpointed + "\n", Files.readString(file));
        stoppedRun();
        // A crash took the log's tail that the OS had not stored: epoch 1's record and step 3's are gone.
        Files.writeString(file, String.join("\n", Files.readAllLines(file).subList(0, 4)) + "\n");
        try (JsonlMetrics cut = JsonlMetrics.resumed(file, 4, 2)) {
            assertEquals(Optional.of(new JsonlMetrics.Lost(3, 4, 1, 2)), cut.lost());
            assertEquals(file + " lacks the records of step 3 and epoch 1, before the checkpoint the run resumes from"
                    + " (lost with a crash before they reached the disk, or removed); the run goes on, and its curves"
                    + " and summary lack them", cut.lost().orElseThrow().describe(file));
        }
        // The resumed run's third epoch, then a resume from its checkpoint: the gap, now between records, is not named.
        Files.writeString(file, """
                {"type":"step","step":4,"epoch":2}
                {"type":"epoch","epoch":2,"steps":5}
                """, StandardOpenOption.APPEND);
        try (JsonlMetrics later = JsonlMetrics.resumed(file, 5, 3)) {
            assertEquals(Optional.empty(), later.lost());
        }
        // Only an epoch's record lost (the step records all there): that alone is named.
        Files.writeString(file, String.join("\n", Files.readAllLines(stoppedRun()).subList(0, 5)) + "\n");
        try (JsonlMetrics epochOnly = JsonlMetrics.resumed(file, 4, 2)) {
            assertEquals(file + " lacks the records of epoch 1, before the checkpoint the run resumes from (lost with a"
                    + " crash before they reached the disk, or removed); the run goes on, and its curves and summary"
                    + " lack them", epochOnly.lost().orElseThrow().describe(file));
        }
        Files.delete(file);
        try (JsonlMetrics none = JsonlMetrics.resumed(file, 4, 2)) {
            assertEquals(Optional.of(new JsonlMetrics.Lost(0, 4, 0, 2)), none.lost());
            assertTrue(none.lost().orElseThrow().describe(file).startsWith(file + " lacks the records of steps 0 to 3"
                    + " and epochs 0 to 1, before"));
        }
        try (JsonlMetrics fresh = JsonlMetrics.resumed(file, 0, 0)) {
            assertEquals(Optional.empty(), fresh.lost());
        }
    }

    @Test
    void aDivergedRunEndsWithARecordOfItsStepEpochAndLossWhichResumedDrops() throws IOException {
        Path file = stoppedRun();
        try (JsonlMetrics log = new JsonlMetrics(file)) {
            log.onDiverged(new Metrics.Diverged(5, 2, Double.NaN));
        }
        assertEquals("{\"type\":\"diverged\",\"step\":5,\"epoch\":2,\"loss\":\"NaN\"}",
                Files.readAllLines(file).getLast());
        assertEquals(Optional.of(new Metrics.Diverged(5, 2, Double.NaN)), JsonlMetrics.divergence(file));

        // Resumed from the checkpoint after epoch 1 (step 4): the third epoch's step and the divergence go.
        JsonlMetrics.resumed(file, 4, 2).close();
        assertEquals(List.of("step 0", "step 1", "epoch 0", "step 2", "step 3", "epoch 1"), records(file));
        assertEquals(Optional.empty(), JsonlMetrics.divergence(file), "the last record is an epoch's");
        // A divergence at the checkpoint's step, the first the resumed run takes again, goes too.
        Files.writeString(file, "{\"type\":\"diverged\",\"step\":4,\"epoch\":2,\"loss\":\"NaN\"}\n",
                StandardOpenOption.APPEND);
        JsonlMetrics.resumed(file, 4, 2).close();
        assertEquals(Optional.empty(), JsonlMetrics.divergence(file));
        // A divergence before the checkpoint's step stays (it cannot come from the run the checkpoint is of).
        Files.writeString(file, "{\"type\":\"diverged\",\"step\":1,\"epoch\":0,\"loss\":\"Infinity\"}\n");
        JsonlMetrics.resumed(file, 4, 2).close();
        assertEquals(Optional.of(new Metrics.Diverged(1, 0, Double.POSITIVE_INFINITY)), JsonlMetrics.divergence(file));
    }

    /** A model tensor that diverged at an epoch's end: its name and first non-finite value instead of a loss. */
    @Test
    void aDivergedTensorIsRecordedByName() throws IOException {
        Path file = stoppedRun();
        Metrics.Diverged diverged = new Metrics.Diverged(3, 1, Optional.of("bn2.running_var"),
                Double.POSITIVE_INFINITY);
        try (JsonlMetrics log = new JsonlMetrics(file)) {
            log.onDiverged(diverged);
        }
        assertEquals("{\"type\":\"diverged\",\"step\":3,\"epoch\":1,\"tensor\":\"bn2.running_var\",\"value\":"
                + "\"Infinity\"}", Files.readAllLines(file).getLast());
        assertEquals(Optional.of(diverged), JsonlMetrics.divergence(file));
        assertEquals("tensor 'bn2.running_var' holds Infinity after step 3, in epoch 2", diverged.describe());
    }

    @Test
    void divergenceReadsEachSpellingOfTheLossAndNamesTheFileOfABadRecord() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "");
        assertEquals(Optional.empty(), JsonlMetrics.divergence(file));
        for (String loss : List.of("\"-Infinity\"", "1.5e300")) {
            Files.writeString(file, "{\"type\":\"diverged\",\"step\":3,\"epoch\":1,\"loss\":" + loss + "}\n");
            assertEquals(Double.parseDouble(loss.replace("\"", "")), JsonlMetrics.divergence(file).orElseThrow()
                    .value());
        }
        for (String bad : List.of("\"loss\":null", "\"loss\":\"high\"", "\"loss\":true", "\"tensor\":3,\"value\":1",
                "\"tensor\":\"bn1.running_var\",\"loss\":\"NaN\"")) {
            Files.writeString(file, "{\"type\":\"diverged\",\"step\":3,\"epoch\":1," + bad + "}\n");
            FileFormatException e = assertThrows(FileFormatException.class, () -> JsonlMetrics.divergence(file));
            assertTrue(e.getMessage().startsWith(file + ": last line: "), e.getMessage());
        }
        Files.writeString(file, "{\"type\":\"diverged\",\"step\":3,\"epoch\":1e12,\"loss\":\"NaN\"}\n");
        assertThrows(FileFormatException.class, () -> JsonlMetrics.divergence(file));
    }

    @Test
    void aRecordWithoutItsIndexNamesTheFileAndChangesNothing() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        String text = "{\"type\":\"step\",\"step\":0}\n{\"type\":\"step\",\"step\":\"one\"}\n";
        Files.writeString(file, text);
        FileFormatException e = assertThrows(FileFormatException.class, () -> JsonlMetrics.resumed(file, 1, 1));
        assertTrue(e.getMessage().startsWith(file + ": a step record without a numeric 'step'"), e.getMessage());
        assertEquals(text, Files.readString(file));
    }
}
