package dev.jace.cli;

import dev.jace.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which --out folders train and compare write, continue, replace or refuse, and what --force removes. */
class OutFolderTest {

    @TempDir
    Path dir;

    private static final CommandLine TRAIN = CliRuns.discardingOutput().getSubcommands().get("train");

    private static OutFolder.Action action(Path out, Outputs kind, boolean resume, boolean force) throws IOException {
        return OutFolder.plan(TRAIN, out, kind, resume, force).action();
    }

    private static String refusal(Path out, Outputs kind, boolean resume, boolean force) {
        return assertThrows(IllegalArgumentException.class, () -> OutFolder.plan(TRAIN, out, kind, resume, force))
                .getMessage();
    }

    /** A finished train run as jace leaves it, plus a file of the user's. */
    private static Path run(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("checkpoint"));
        Files.writeString(folder.resolve("config.json"), "{\"task\": \"teacher\", \"method\": \"ace\", \"seed\": 0}");
        Files.writeString(folder.resolve("checkpoint/state.json"), "{}");
        Files.writeString(folder.resolve("checkpoint/model-a.safetensors"), "x");
        Files.writeString(folder.resolve("checkpoint/optimizer-a.safetensors"), "x");
        for (String name : List.of("metrics.jsonl", "summary.json", "model.safetensors", ".summary.json.123.tmp")) {
            Files.writeString(folder.resolve(name), "x");
        }
        Files.createDirectories(folder.resolve("plots"));
        Files.writeString(folder.resolve("plots/test_metric.png"), "x");
        return folder;
    }

    private static List<String> contents(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aNewOrEmptyFolderIsWrittenAndResumingAFolderThatIsNotThereIsRefused() throws IOException {
        Path missing = dir.resolve("missing");
        assertEquals(OutFolder.Action.CREATE, action(missing, Outputs.RUN, false, false));
        assertEquals(OutFolder.Action.CREATE, action(missing, Outputs.COMPARE, false, true));
        assertEquals("nothing to resume: " + missing + " does not exist; check --out, or leave out --resume to start"
                + " a new run", refusal(missing, Outputs.RUN, true, false));
        assertEquals(OutFolder.Action.CREATE, action(dir, Outputs.RUN, false, false));
        assertEquals(OutFolder.Action.START_OVER, action(dir, Outputs.RUN, true, false));
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertEquals(file + " exists and is not a folder; choose another --out", refusal(file, Outputs.RUN, false,
                true));
        Path dangling = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("gone"));
        assertEquals(dangling + " is a link to " + dir.resolve("gone") + ", which does not exist; create that folder"
                + " first, or choose another --out", refusal(dangling, Outputs.RUN, false, false));
    }

    @Test
    void aPreviousRunNeedsResumeOrForce() throws IOException {
        Path out = run(dir.resolve("out"));
        assertEquals(out + " already holds a jace train run; --resume continues it, --force replaces it (removing its"
                + " files first), or choose another --out", refusal(out, Outputs.RUN, false, false));
        assertEquals(OutFolder.Action.CONTINUE, action(out, Outputs.RUN, true, false));
        assertEquals(OutFolder.Action.REPLACE, action(out, Outputs.RUN, false, true));
        ParameterException both = assertThrows(ParameterException.class,
                () -> OutFolder.plan(TRAIN, out, Outputs.RUN, true, true));
        assertEquals("--resume and --force exclude each other: --resume continues the previous output in --out,"
                + " --force replaces it", both.getMessage());
        // Stopped before its first checkpoint: --resume has nothing to continue and starts over.
        FileTrees.delete(out.resolve("checkpoint"));
        Files.delete(out.resolve("model.safetensors"));
        Files.delete(out.resolve("summary.json"));
        assertEquals(OutFolder.Action.START_OVER, action(out, Outputs.RUN, true, false));
    }

    @Test
    void forceRemovesOnlyWhatTheRunWrote() throws IOException {
        Path out = run(dir.resolve("out"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve("plots/sketch.svg"), "mine");
        Path staging = Files.createDirectories(Trainer.checkpointStaging(out.resolve("checkpoint")));
        Files.writeString(staging.resolve("model-a.safetensors"), "a first checkpoint cut short");
        StringWriter err = new StringWriter();
        try (OutFolder.Preparation preparation = OutFolder.plan(TRAIN, out, Outputs.RUN, false, true)
                .preparation(new PrintWriter(err))) {
            preparation.run();
        }
        assertEquals(List.of(OutFolderLock.FILE, "notes.txt", "plots", "plots/sketch.svg"), contents(out));
        assertEquals("", err.toString());
    }

    /** What writes stopped by a kill left (.NAME.*.tmp) goes when the run resumes, and with its plots on --force. */
    @Test
    void resumingOrReplacingRemovesWhatKilledWritesLeft() throws IOException {
        Path out = run(dir.resolve("out"));
        Files.writeString(out.resolve(".metrics.jsonl.77.tmp"), "x");
        Files.writeString(out.resolve("plots/.test_metric.png.88.tmp"), "x");
        Files.writeString(out.resolve(".notes.txt.99.tmp"), "mine");
        try (OutFolder.Preparation preparation = OutFolder.plan(TRAIN, out, Outputs.RUN, true, false)
                .preparation(new PrintWriter(new StringWriter()))) {
            preparation.run();
        }
        assertEquals(List.of(".jace.lock", ".notes.txt.99.tmp", "checkpoint", "checkpoint/model-a.safetensors",
                "checkpoint/optimizer-a.safetensors", "checkpoint/state.json", "config.json", "metrics.jsonl",
                "model.safetensors", "plots", "plots/test_metric.png", "summary.json"), contents(out));

        Path compare = dir.resolve("cmp");
        run(compare.resolve("runs/ace-s0"));
        Files.writeString(compare.resolve("runs/ace-s0/plots/.test_metric.png.88.tmp"), "x");
        Files.createDirectories(compare.resolve("plots"));
        Files.writeString(compare.resolve("plots/.deviation.png.5.tmp"), "x");
        Files.writeString(compare.resolve(".compare.md.6.tmp"), "x");
        try (OutFolder.Preparation preparation = OutFolder.plan(TRAIN, compare, Outputs.COMPARE, true, false)
                .preparation(new PrintWriter(new StringWriter()))) {
            preparation.run();
        }
        assertEquals(List.of(), contents(compare).stream().filter(f -> f.endsWith(".tmp")).toList());
        try (OutFolder.Preparation preparation = OutFolder.plan(TRAIN, compare, Outputs.COMPARE, false, true)
                .preparation(new PrintWriter(new StringWriter()))) {
            Files.writeString(compare.resolve("runs/ace-s0/plots/.test_metric.png.89.tmp"), "x");
            Files.writeString(compare.resolve("plots/.deviation.png.7.tmp"), "x");
            preparation.run();
        }
        assertEquals(List.of(OutFolderLock.FILE), contents(compare), "no plots/ kept for a temporary file");
    }

    @Test
    void startingOverWhereNothingWasCheckpointedIsSaid() throws IOException {
        assertResumeStartsOver();
    }

    /** A run stopped in its first epoch left its log and config.json, but no checkpoint: --resume starts it over. */
    @Test
    void startingOverARunStoppedInItsFirstEpochIsNotTakenForAnotherWriter() throws IOException {
        Files.writeString(dir.resolve(TrainingRun.METRICS), "{\"type\":\"step\",\"step\":0}\n");
        Files.writeString(dir.resolve(TrainingRun.CONFIG), "{\"task\": \"teacher\", \"method\": \"ace\", \"seed\": 0}");
        assertResumeStartsOver();
    }

    /** A train --resume into {@code dir} starts a new run there, and says so. */
    private void assertResumeStartsOver() throws IOException {
        StringWriter err = new StringWriter();
        try (OutFolder.Preparation preparation = OutFolder.plan(TRAIN, dir, Outputs.RUN, true, false)
                .preparation(new PrintWriter(err))) {
            preparation.run();
        }
        assertEquals("jace: no checkpoint in " + dir + ": starting a new run" + System.lineSeparator(),
                err.toString());
    }

    @Test
    void resumingARunPastItsFirstEpochWhoseStateIsLostIsRefusedNotStartedOver() throws IOException {
        Path out = run(dir.resolve("run"));
        Files.delete(out.resolve("checkpoint/state.json"));
        List<String> before = contents(out);
        assertEquals(out + " holds a run that got past its first epoch (model.safetensors, summary.json, checkpoint/)"
                + " but no checkpoint/state.json to resume from; restore that file to resume, or start over with"
                + " --force", refusal(out, Outputs.RUN, true, false));
        assertEquals(before, contents(out));
        assertEquals(OutFolder.Action.REPLACE, action(out, Outputs.RUN, false, true));

        // Stopped in its first epoch: config.json and metrics.jsonl only, so a new start loses nothing.
        Path early = Files.createDirectories(dir.resolve("early"));
        Files.writeString(early.resolve("config.json"), "{\"task\": \"teacher\", \"method\": \"ace\", \"seed\": 0}");
        Files.writeString(early.resolve("metrics.jsonl"), "");
        assertEquals(OutFolder.Action.START_OVER, action(early, Outputs.RUN, true, false));
    }

    /**
     * Killed before its config.json was in place: an empty metrics.jsonl, or what a write of config.json left, is
     * still a run that --force and --resume start over (in a compare's runs/ too).
     */
    @Test
    void aRunKilledBeforeItsConfigWasWrittenIsStillARun() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve(OutFolderLock.FILE), "");
        Files.writeString(out.resolve("metrics.jsonl"), "");
        Files.writeString(out.resolve(".config.json.123.tmp"), "{\"task\"");
        assertEquals(OutFolder.Action.REPLACE, action(out, Outputs.RUN, false, true));
        assertEquals(OutFolder.Action.START_OVER, action(out, Outputs.RUN, true, false));
        try (OutFolder.Preparation preparation = OutFolder.plan(TRAIN, out, Outputs.RUN, false, true)
                .preparation(new PrintWriter(new StringWriter()))) {
            preparation.run();
        }
        assertEquals(List.of(OutFolderLock.FILE), contents(out));

        Path compare = dir.resolve("cmp");
        Files.createDirectories(compare.resolve("runs/ace-s0"));
        Files.writeString(compare.resolve("runs/ace-s0/metrics.jsonl"), "");
        assertEquals(OutFolder.Action.REPLACE, action(compare, Outputs.COMPARE, false, true));

        Path logged = Files.createDirectories(dir.resolve("logged"));
        Files.writeString(logged.resolve("metrics.jsonl"), "{\"type\":\"step\",\"step\":0}\n");
        assertEquals(logged + " is not empty and holds no jace output; choose a new or empty folder for --out"
                + " (--resume and --force apply to a jace train run only)", refusal(logged, Outputs.RUN, false, true));
    }

    @Test
    void forceReplacesACompareWithItsRunsButKeepsOtherFiles() throws IOException {
        Path out = dir.resolve("cmp");
        run(out.resolve("runs/ace-s0"));
        run(out.resolve("runs/strict-s0"));
        Files.createDirectories(out.resolve("runs/penalty-s0"));   // made, stopped before its config.json
        Files.createDirectories(out.resolve("runs/mine"));
        Files.writeString(out.resolve("runs/mine/data.csv"), "mine");
        Files.createDirectories(out.resolve("runs/Scratch"));        // empty, but not named as compare names runs
        Files.createDirectories(out.resolve("runs/ace-s9"));
        Files.writeString(out.resolve("runs/ace-s9/data.csv"), "mine"); // named as a run, but holds none
        Files.writeString(out.resolve("runs/notes.txt"), "mine");
        Files.writeString(out.resolve("compare.csv"), "x");
        Files.writeString(out.resolve("compare.md"), "x");
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.createDirectories(out.resolve("plots"));
        Files.writeString(out.resolve("plots/deviation.png"), "x");
        Files.writeString(out.resolve("plots/sketch.svg"), "mine");
        assertEquals(out + " already holds a jace compare; --resume continues it, --force replaces it (removing its"
                + " files first), or choose another --out", refusal(out, Outputs.COMPARE, false, false));
        try (OutFolder.Preparation preparation = OutFolder.plan(TRAIN, out, Outputs.COMPARE, false, true)
                .preparation(new PrintWriter(new StringWriter()))) {
            preparation.run();
            assertEquals(List.of(OutFolderLock.FILE, "notes.txt", "plots", "plots/sketch.svg", "runs", "runs/Scratch",
                    "runs/ace-s9", "runs/ace-s9/data.csv", "runs/mine", "runs/mine/data.csv", "runs/notes.txt"),
                    contents(out));
            run(out.resolve("runs/ace-s0"));
            preparation.run();
            assertTrue(Files.exists(out.resolve("runs/ace-s0/config.json")), "the next run keeps the first one's"
                    + " files");
        }
    }

    /** A compare is found by its table alone, and --force leaves no empty runs/ behind. */
    @Test
    void aCompareOfJaceFilesOnlyIsRemovedWhole() throws IOException {
        Path table = dir.resolve("table");
        Files.createDirectories(table);
        Files.writeString(table.resolve("compare.csv"), "x");
        assertEquals(OutFolder.Action.REPLACE, action(table, Outputs.COMPARE, false, true));
        Path out = dir.resolve("cmp");
        run(out.resolve("runs/ace-s0"));
        Files.writeString(out.resolve("compare.md"), "x");
        try (OutFolder.Preparation preparation = OutFolder.plan(TRAIN, out, Outputs.COMPARE, false, true)
                .preparation(new PrintWriter(new StringWriter()))) {
            preparation.run();
            assertEquals(List.of(OutFolderLock.FILE), contents(out));
        }
    }

    @Test
    void aFolderBeingWrittenIsRefusedUntilItsWriterEnds() throws IOException {
        Path out = dir.resolve("out");
        PrintWriter err = new PrintWriter(new StringWriter());
        try (OutFolder.Preparation first = OutFolder.plan(TRAIN, out, Outputs.RUN, false, false).preparation(err)) {
            first.run();
            assertEquals(OutFolder.Action.CREATE, action(out, Outputs.RUN, false, false), "the lock file alone"
                    + " leaves the folder empty");
            try (OutFolder.Preparation second = OutFolder.plan(TRAIN, out, Outputs.RUN, false, false)
                    .preparation(err)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, second::run);
                assertEquals(out + " is being written by another jace command (it holds " + out.resolve(
                        OutFolderLock.FILE) + " locked); wait for it to end, or choose another --out", e.getMessage());
            }
        }
        try (OutFolder.Preparation after = OutFolder.plan(TRAIN, out, Outputs.RUN, false, false).preparation(err)) {
            after.run();
        }
    }

    /** A compare writes its runs inside its own folder: a run folder there is refused while the compare goes on. */
    @Test
    void aFolderInsideOneBeingWrittenIsRefusedUntilItsWriterEnds() throws IOException {
        Path compare = dir.resolve("compare");
        Path inside = compare.resolve("runs/ace-s0");
        PrintWriter err = new PrintWriter(new StringWriter());
        try (OutFolder.Preparation outer = OutFolder.plan(TRAIN, compare, Outputs.COMPARE, false, false)
                .preparation(err)) {
            outer.run();
            try (OutFolder.Preparation train = OutFolder.plan(TRAIN, inside, Outputs.RUN, false, false)
                    .preparation(err)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, train::run);
                assertEquals(inside + " is inside " + compare + ", which another jace command is writing (it holds "
                        + compare.resolve(OutFolderLock.FILE) + " locked); wait for it to end, or choose an --out"
                        + " outside it", e.getMessage());
            }
            assertEquals(List.of(OutFolderLock.FILE), contents(compare), "the refused command made nothing inside");
        }
        try (OutFolder.Preparation after = OutFolder.plan(TRAIN, inside, Outputs.RUN, false, false).preparation(err)) {
            after.run();
        }
    }

    /** A train already writing one of a compare's runs keeps a compare of that folder from starting. */
    @Test
    void aCompareIsRefusedWhileARunInsideItIsBeingWritten() throws IOException {
        Path compare = dir.resolve("compare");
        Path inside = run(compare.resolve("runs/ace-s0"));
        PrintWriter err = new PrintWriter(new StringWriter());
        try (OutFolder.Preparation train = OutFolder.plan(TRAIN, inside, Outputs.RUN, true, false).preparation(err)) {
            train.run();
            List<String> locked = new ArrayList<>(contents(compare));
            locked.add(OutFolderLock.FILE);
            for (boolean resume : new boolean[] {false, true}) {
                try (OutFolder.Preparation outer = OutFolder.plan(TRAIN, compare, Outputs.COMPARE, resume, !resume)
                        .preparation(err)) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, outer::run);
                    assertEquals(inside + ", inside " + compare + ", is being written by another jace command (it"
                            + " holds " + inside.resolve(OutFolderLock.FILE) + " locked); wait for it to end, or"
                            + " choose another --out", e.getMessage());
                }
            }
            assertEquals(locked.stream().sorted().toList(), contents(compare), "the train's files are untouched");
        }
        try (OutFolder.Preparation after = OutFolder.plan(TRAIN, compare, Outputs.COMPARE, false, true)
                .preparation(err)) {
            after.run();
        }
    }

    /** A link into a folder being written is refused as the folder it leads to is. */
    @Test
    void aLinkIntoAFolderBeingWrittenIsRefused() throws IOException {
        Path compare = dir.resolve("compare");
        Path run = Files.createDirectories(compare.resolve("runs/ace-s0"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), run);
        Path throughLink = Files.createSymbolicLink(dir.resolve("runs-link"), run.getParent()).resolve("new-run");
        PrintWriter err = new PrintWriter(new StringWriter());
        try (OutFolder.Preparation outer = OutFolder.plan(TRAIN, compare, Outputs.COMPARE, true, false)
                .preparation(err)) {
            outer.run();
            for (Path out : List.of(link, throughLink)) {
                try (OutFolder.Preparation train = OutFolder.plan(TRAIN, out, Outputs.RUN, false, false)
                        .preparation(err)) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, train::run);
                    assertEquals(out + " is inside " + compare + ", which another jace command is writing (it holds "
                            + compare.resolve(OutFolderLock.FILE) + " locked); wait for it to end, or choose an --out"
                            + " outside it", e.getMessage());
                }
            }
            assertEquals(List.of(OutFolderLock.FILE, "runs", "runs/ace-s0"), contents(compare), "nothing made inside");
        }
    }

    /** Where the lock cannot be taken (a file system without locks; here the lock file is a folder) work goes on. */
    @Test
    void aFolderThatCannotBeLockedIsWrittenWithAWarning() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve(OutFolderLock.FILE));
        StringWriter err = new StringWriter();
        try (OutFolder.Preparation preparation = OutFolder.plan(TRAIN, out, Outputs.RUN, false, false)
                .preparation(new PrintWriter(err))) {
            preparation.run();
            assertTrue(err.toString().startsWith("jace: warning: cannot lock " + out + " (FileSystemException: "),
                    err.toString());
            assertTrue(err.toString().endsWith("another jace process could write it at the same time"
                    + System.lineSeparator()), err.toString());
            try (OutFolder.Preparation second = OutFolder.plan(TRAIN, out, Outputs.RUN, false, false)
                    .preparation(new PrintWriter(new StringWriter()))) {
                assertThrows(IllegalArgumentException.class, second::run, "still refused within this process");
            }
        }
    }

    @Test
    void aFolderWrittenByAnotherCommandSincePlanningIsRefusedNotRemoved() throws IOException {
        Path out = dir.resolve("out");
        OutFolder planned = OutFolder.plan(TRAIN, out, Outputs.RUN, false, false);
        run(out);
        List<String> theirs = contents(out);
        try (OutFolder.Preparation preparation = planned.preparation(new PrintWriter(new StringWriter()))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, preparation::run);
            assertEquals(out + " was written by another jace command while this one was getting ready; run this"
                    + " command again to decide on the folder as it is now", e.getMessage());
        }
        List<String> after = new ArrayList<>(theirs);
        after.add(OutFolderLock.FILE);
        assertEquals(after.stream().sorted().toList(), contents(out));
    }

    @Test
    void neitherFlagTouchesAnotherKindOrAForeignFolder() throws IOException {
        Path runFolder = run(dir.resolve("run"));
        List<String> before = contents(runFolder);
        for (boolean resume : new boolean[] {false, true}) {
            assertEquals(runFolder + " holds a jace train run, not a jace compare; choose another --out (--resume and"
                    + " --force apply to a jace compare only)", refusal(runFolder, Outputs.COMPARE, resume, !resume));
        }
        Path foreign = dir.resolve("photos");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("summary.json"), "mine");
        Files.writeString(foreign.resolve("config.json"), "{\"task\": \"teacher\", \"method\": \"ace\"}");
        for (boolean resume : new boolean[] {false, true}) {
            assertEquals(foreign + " is not empty and holds no jace output; choose a new or empty folder for --out"
                    + " (--resume and --force apply to a jace train run only)", refusal(foreign, Outputs.RUN, resume,
                    !resume));
        }
        assertEquals(before, contents(runFolder));
        assertEquals(List.of("config.json", "summary.json"), contents(foreign));
    }
}
