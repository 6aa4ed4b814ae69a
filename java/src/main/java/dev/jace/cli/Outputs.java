package dev.jace.cli;

import dev.jace.io.AtomicFiles;
import dev.jace.io.Json;
import dev.jace.train.Trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What train and compare write into their folder, told apart from anything else there: finding a previous run
 * decides what {@code --resume} and {@code --force} may do, and {@code --force} removes these files and nothing else.
 */
enum Outputs {

    /** A train run, and each of compare's runs/METHOD-sSEED. */
    RUN("a jace train run") {
        @Override
        boolean foundIn(Path dir) throws IOException {
            return Files.isRegularFile(checkpointState(dir)) || isRunConfig(dir.resolve(TrainingRun.CONFIG))
                    || isCutBeforeItsConfig(dir);
        }

        @Override
        void removeFrom(Path dir) throws IOException {
            removeFiles(dir, RUN_FILES);
            FileTrees.delete(dir.resolve(TrainingRun.CHECKPOINT));
            FileTrees.delete(Trainer.checkpointStaging(dir.resolve(TrainingRun.CHECKPOINT)));
            removePlots(dir.resolve(PLOTS));
        }

        @Override
        void removeLeftovers(Path dir) throws IOException {
            AtomicFiles.deleteLeftovers(dir, RUN_FILES);
            removePlotLeftovers(dir.resolve(PLOTS));
        }
    },

    /** A compare: its table, plots and runs/. */
    COMPARE("a jace compare") {
        @Override
        boolean foundIn(Path dir) throws IOException {
            return COMPARE_FILES.stream().anyMatch(name -> Files.isRegularFile(dir.resolve(name)))
                    || !runFolders(dir.resolve(RUNS)).isEmpty();
        }

        @Override
        void removeFrom(Path dir) throws IOException {
            removeFiles(dir, COMPARE_FILES);
            removePlots(dir.resolve(PLOTS));
            Path runs = dir.resolve(RUNS);
            for (Path run : runFolders(runs)) {
                RUN.removeFrom(run);
                deleteIfEmpty(run);
            }
            deleteIfEmpty(runs);
        }

        @Override
        void removeLeftovers(Path dir) throws IOException {
            AtomicFiles.deleteLeftovers(dir, COMPARE_FILES);
            removePlotLeftovers(dir.resolve(PLOTS));
            for (Path run : runFolders(dir.resolve(RUNS))) {
                RUN.removeLeftovers(run);
            }
        }
    };

    static final String RUNS = "runs";
    private static final String PLOTS = "plots";
    private static final List<String> RUN_FILES = List.of(TrainingRun.CONFIG, TrainingRun.METRICS,
            RunSummary.FILE, ModelFile.NAME);
    private static final List<String> COMPARE_FILES = List.of(CompareCommand.MARKDOWN, CompareCommand.CSV);
    /** compare's name for a run's folder, METHOD-sSEED. */
    private static final Pattern RUN_NAME = Pattern.compile("[a-z][a-z-]*-s\\d+");

    private final String description;

    Outputs(String description) {
        this.description = description;
    }

    /** "a jace train run", "a jace compare". */
    String description() {
        return description;
    }

    /** Whether {@code dir} (an existing folder) holds this kind of output. */
    abstract boolean foundIn(Path dir) throws IOException;

    /** Removes this kind's files from {@code dir}, keeping any other file there. */
    abstract void removeFrom(Path dir) throws IOException;

    /**
     * Removes what writes of this kind's files left when a kill stopped them (.NAME.*.tmp), for an output that is
     * continued: nothing else removes them then.
     */
    abstract void removeLeftovers(Path dir) throws IOException;

    static Path checkpointState(Path run) {
        return run.resolve(TrainingRun.CHECKPOINT).resolve("state.json");
    }

    private static boolean isRunConfig(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            return RunConfig.recordsARun(Json.parseObject(Files.readString(file)));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code dir} holds a run killed before its config.json was in place: nothing but an empty metrics.jsonl
     * or what writes of the run's files left (.NAME.*.tmp), besides the lock file.
     */
    private static boolean isCutBeforeItsConfig(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        boolean found = false;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                boolean emptyLog = name.equals(TrainingRun.METRICS) && Files.isRegularFile(p) && Files.size(p) == 0;
                boolean leftover = AtomicFiles.isLeftover(name, RUN_FILES) && Files.isRegularFile(p);
                if (!emptyLog && !leftover && !name.equals(OutFolderLock.FILE)) {
                    return false;
                }
                found |= emptyLog || leftover;
            }
        }
        return found;
    }

    /**
     * Refuses to start over, under --resume, a run in {@code run} that got past its first epoch (it has a model, a
     * summary or checkpoint files) but has no checkpoint state to resume from: that state was lost, and starting over
     * would remove the run's files where the user asked to continue it.
     */
    static void requireNothingLostToResume(Path run) throws IOException {
        if (Files.exists(checkpointState(run))) {
            return;
        }
        List<String> found = new ArrayList<>();
        for (String name : List.of(ModelFile.NAME, RunSummary.FILE)) {
            if (Files.exists(run.resolve(name))) {
                found.add(name);
            }
        }
        Path checkpoint = run.resolve(TrainingRun.CHECKPOINT);
        if (Files.isDirectory(checkpoint) && !FileTrees.isEmptyDirectory(checkpoint)) {
            found.add(TrainingRun.CHECKPOINT + "/");
        }
        if (!found.isEmpty()) {
            throw new IllegalArgumentException(run + " holds a run that got past its first epoch (" + String.join(", ",
                    found) + ") but no " + run.relativize(checkpointState(run)) + " to resume from; restore that file"
                    + " to resume, or start over with --force");
        }
    }

    /** The run folders of the compare in {@code dir}, sorted (none when it has none). */
    static List<Path> compareRuns(Path dir) throws IOException {
        return runFolders(dir.resolve(RUNS));
    }

    /** Folders in runs/ that compare made: runs, or folders named METHOD-sSEED that are empty or hold a run. */
    private static List<Path> runFolders(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(runs)) {
            return entries.filter(Files::isDirectory).filter(run -> {
                try {
                    return RUN.foundIn(run) || RUN_NAME.matcher(run.getFileName().toString()).matches()
                            && FileTrees.isEmptyDirectory(run);
                } catch (IOException e) {
                    return false;
                }
            }).sorted().toList();
        }
    }

    /**
     * Removes the plots of the train run or compare in {@code dir} (plots/*.png), which a resumed one that draws new
     * plots does before it writes its results: where drawing fails or is skipped, old plots would stay beside them.
     */
    static void removePlotsOf(Path dir) throws IOException {
        removePlots(dir.resolve(PLOTS));
    }

    /** The files, and what AtomicFiles leaves of them when stopped mid-write (.NAME.*.tmp). */
    private static void removeFiles(Path dir, List<String> names) throws IOException {
        for (String name : names) {
            Files.deleteIfExists(dir.resolve(name));
        }
        AtomicFiles.deleteLeftovers(dir, names);
    }

    private static void removePlots(Path plots) throws IOException {
        if (!Files.isDirectory(plots)) {
            return;
        }
        deletePlots(plots, name -> name.endsWith(".png") || isPlotLeftover(name));
        deleteIfEmpty(plots);
    }

    private static void removePlotLeftovers(Path plots) throws IOException {
        if (Files.isDirectory(plots)) {
            deletePlots(plots, Outputs::isPlotLeftover);
        }
    }

    private static void deletePlots(Path plots, Predicate<String> named) throws IOException {
        try (Stream<Path> entries = Files.list(plots)) {
            for (Path p : entries.toList()) {
                if (named.test(p.getFileName().toString()) && Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** What AtomicFiles leaves of a plot it was writing (.NAME.png.*.tmp). */
    private static boolean isPlotLeftover(String name) {
        return name.startsWith(".") && name.endsWith(".tmp") && name.contains(".png.");
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir) && FileTrees.isEmptyDirectory(dir)) {
            Files.delete(dir);
        }
    }
}
