package dev.jace.cli;

import dev.jace.train.Metrics;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * One self-overwriting stderr line per run: the training steps' progress, loss, metric and ETA, and while the run
 * evaluates (after each epoch, at the end) or measures its deviation, how far that pass over the samples has got.
 * Closing it ends the line.
 */
final class ProgressBar implements Metrics.Listener, AutoCloseable {

    private static final int WIDTH = 24;

    private final TerminalLine line;
    private final String label;
    private final long total;
    private final long start;
    /** The index of the first step seen (a resumed run starts past 0), for the ETA from this process's pace. */
    private long firstStep = -1;
    /** The last step seen, whose bar, loss and metric stay on the line beside a pass over samples. */
    private Metrics.Step lastStep;
    /** The pass over samples going on since the last step, if any. */
    private SampleProgress pass;

    ProgressBar(PrintStream err, String label, long total) {
        this(err, label, total, System::nanoTime);
    }

    /** {@code clock} gives nanoseconds, as {@link System#nanoTime}. */
    ProgressBar(PrintStream err, String label, long total, LongSupplier clock) {
        this.line = new TerminalLine(err, clock);
        this.label = label;
        this.total = total;
        this.start = line.now();
    }

    @Override
    public void onStep(Metrics.Step s) {
        long now = line.now();
        firstStep = firstStep < 0 ? s.step() : firstStep;
        lastStep = s;
        pass = null;
        long done = s.step() + 1;
        if (!line.due() && done < total) {
            return;
        }
        double perStep = (now - start) / 1e9 / Math.max(1, done - firstStep);
        line.draw(steps(s) + " ETA " + SampleProgress.eta(Math.round(perStep * (total - done))), true);
    }

    @Override
    public void onEvaluating(Metrics.Evaluating e) {
        pass("evaluating " + e.split().name().toLowerCase(Locale.ROOT), e.done(), e.total());
    }

    /**
     * Shows that {@code done} of {@code total} samples of the pass called {@code what} are through; a pass starts
     * at 0 or when {@code what} changes. Its last count is always drawn, so the line ends on it.
     */
    void pass(String what, int done, int total) {
        if (pass == null || done == 0 || !pass.what().equals(what)) {
            pass = new SampleProgress(what, total, line.now());
        }
        String before = lastStep == null ? label : steps(lastStep);
        line.draw(before + " " + pass.text(done, line.now()), done == total);
    }

    /**
     * Starts the pass called {@code what} over {@code total} samples, so that its pace counts from now; the returned
     * consumer is told how many samples are through.
     */
    IntConsumer passOver(String what, int total) {
        pass(what, 0, total);
        return done -> pass(what, done, total);
    }

    /** E.g. "ace seed 0 [######      ]  50% loss 0.4839 metric 0.4839". */
    private String steps(Metrics.Step s) {
        double fraction = (double) (s.step() + 1) / total;
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "%s [%s%s] %3.0f%% loss %.4g metric %.4g", label, "#".repeat(filled),
                " ".repeat(WIDTH - filled), 100 * fraction, s.loss(), s.metric());
    }

    @Override
    public void close() {
        line.close();
    }
}
