package dev.jace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * While training runs, a shutdown hook that tells a user who stopped it (Ctrl-C, SIGTERM) what was kept and how to
 * continue, looking at the folder when it is stopped; closed when the command ends on its own, so a normal exit prints
 * nothing.
 */
final class ResumeHint implements AutoCloseable {

    private final Supplier<String> message;
    private final Thread hook;

    private ResumeHint(PrintWriter err, Supplier<String> message) {
        this.message = message;
        this.hook = new Thread(() -> {
            err.println();
            err.println(message());
            err.flush();
        }, "jace-resume-hint");
    }

    /** The hint for train into {@code run}. */
    static ResumeHint forRun(PrintWriter err, Path run) {
        return install(new ResumeHint(err, () -> Files.isRegularFile(Outputs.checkpointState(run))
                ? "jace: interrupted; the last epoch checkpoint is kept in " + run.resolve(TrainingRun.CHECKPOINT)
                        + "; the same command with --resume continues from there"
                : "jace: interrupted before the first epoch ended: nothing was checkpointed in " + run
                        + " yet; the same command with --force starts the run over"));
    }

    /** The hint for compare into {@code out}. */
    static ResumeHint forCompare(PrintWriter err, Path out) {
        Path runs = out.resolve(Outputs.RUNS);
        return install(new ResumeHint(err, () -> anyCheckpoint(runs)
                ? "jace: interrupted; finished runs and the others' last epoch checkpoints are kept in " + runs
                        + "; the same command with --resume continues from there"
                : "jace: interrupted before the first epoch ended: nothing was checkpointed in " + runs
                        + " yet; the same command with --force starts the compare over"));
    }

    /** What the hook prints, as the folder is now. */
    String message() {
        return message.get();
    }

    private static ResumeHint install(ResumeHint hint) {
        Runtime.getRuntime().addShutdownHook(hint.hook);
        return hint;
    }

    private static boolean anyCheckpoint(Path runs) {
        if (!Files.isDirectory(runs)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(runs)) {
            return entries.anyMatch(run -> Files.isRegularFile(Outputs.checkpointState(run)));
        } catch (IOException e) {
            return true; // --resume, which the hint then names, copes with runs/ as it is
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting; the hook runs, which is what an interrupted command wants.
        }
    }
}
