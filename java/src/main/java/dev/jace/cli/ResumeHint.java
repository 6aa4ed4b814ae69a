package dev.jace.cli;

import dev.jace.backend.JaceException;
import dev.jace.io.WriteFailedException;
import dev.jace.train.TrainingDivergedException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * While training runs, a shutdown hook that tells a user who stopped it (Ctrl-C, SIGTERM) what was kept and how to
 * continue, looking at the folder when it is stopped; closed when the command ends on its own, so a normal exit prints
 * nothing. A command that fails on a full disk, out of memory or in a GPU call says the same after its error
 * ({@link #withHint}); a train that diverged, how to start over ({@link #diverged}).
 */
final class ResumeHint implements AutoCloseable {

    private final Supplier<Kept> kept;
    private final Thread hook;

    /** What the folder holds to continue from, in words, and whether that is anything. */
    private record Kept(boolean any, String words) {
    }

    private ResumeHint(PrintWriter err, Supplier<Kept> kept) {
        this.kept = kept;
        this.hook = new Thread(() -> {
            err.println();
            err.println(message());
            err.flush();
        }, "jace-resume-hint");
    }

    /** The hint for train into {@code run}. */
    static ResumeHint forRun(PrintWriter err, Path run) {
        return install(new ResumeHint(err, () -> Files.isRegularFile(Outputs.checkpointState(run))
                ? new Kept(true, "the last epoch checkpoint is kept in " + run.resolve(TrainingRun.CHECKPOINT)
                        + "; the same command with --resume continues from there")
                : new Kept(false, "nothing was checkpointed in " + run + " yet; the same command with --force starts"
                        + " the run over")));
    }

    /** The hint for compare into {@code out}. */
    static ResumeHint forCompare(PrintWriter err, Path out) {
        Path runs = out.resolve(Outputs.RUNS);
        return install(new ResumeHint(err, () -> anyCheckpoint(runs)
                ? new Kept(true, "finished runs and the others' last epoch checkpoints are kept in " + runs
                        + "; the same command with --resume continues from there")
                : new Kept(false, "nothing was checkpointed in " + runs + " yet; the same command with --force"
                        + " starts the compare over")));
    }

    /** What the hook prints, as the folder is now. */
    String message() {
        Kept now = kept.get();
        return "jace: interrupted" + (now.any() ? "; " : " before the first epoch ended: ") + now.words();
    }

    /** What a train or compare does while the hint stands. */
    @FunctionalInterface
    interface Work {
        void run() throws IOException;
    }

    /**
     * Runs {@code work}; a failed write, a full heap or a failed CUDA, cuDNN or cuBLAS call ends it with what is kept
     * ({@link #withHint}), any other error as it is.
     */
    void run(Work work) throws Exception {
        try {
            work.run();
        } catch (IOException | UncheckedIOException e) {
            throw withHint(e);
        } catch (OutOfMemoryError e) {
            throw withHint(e);
        } catch (JaceException e) {
            throw withHint(e);
        }
    }

    /**
     * {@code error} with what is kept to continue from: a GPU call failed (the device lost, out of memory, a driver
     * fault), which leaves the checkpoints written before it whole.
     */
    Failure withHint(JaceException error) {
        return new Failure(error, kept.get().words());
    }

    /**
     * {@code error} with what is kept to continue from, where it is a failed write (a full disk): the command ends
     * there, but what it had checkpointed is whole. Any other error is returned as it is.
     */
    Exception withHint(Exception error) {
        return WriteFailedException.isCauseOf(error) ? new Failure(error, kept.get().words()) : error;
    }

    /**
     * {@code error} with what is kept to continue from. A run can outgrow the heap late (its final evaluation and
     * deviation profile hold the whole test split's outputs), and the settings that would fit are not the ones the
     * checkpoint can resume with: a larger heap is the way on that keeps the run.
     */
    Failure withHint(OutOfMemoryError error) {
        Kept now = kept.get();
        return new Failure(error, now.words() + (now.any() ? " (with the same settings: give it a larger heap)" : ""));
    }

    /**
     * {@code error} of train into {@code run}, with how to go on: start over with lower settings, as a --resume from
     * its last checkpoint must keep the ones that diverged (only --epochs may change).
     */
    static Failure diverged(TrainingDivergedException error, Path run) {
        Path records = run.resolve(TrainingRun.METRICS);
        String kept = Files.isRegularFile(records) ? "the records up to the divergence are kept in " + records + "; "
                : "";
        return new Failure(error, kept + (error.lastCheckpoint().isPresent()
                ? "a --resume from the checkpoint keeps the settings that diverged, so give lower ones with --force"
                : "give lower settings with --force") + " to start the run over");
    }

    /** A failed command's error, and a hint on what is kept and how to go on, printed after it. */
    static final class Failure extends IOException {

        private final String hint;

        private Failure(Throwable error, String hint) {
            super(error);
            this.hint = hint;
        }

        String hint() {
            return hint;
        }
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
