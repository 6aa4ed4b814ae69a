package dev.jace.cli;

import dev.jace.train.Metrics;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * One self-overwriting stderr line per run: the training steps' progress, loss, metric and ETA, and while the run
 * evaluates (after each epoch, at the end) or measures its deviation, how far that pass over the samples has got;
 * each drawing fitted to the terminal's width ({@link ProgressLine}). Closing it ends the line.
 */
final class ProgressBar implements Metrics.Listener, AutoCloseable {

    private final TerminalLine line;
    private final String label;
    private final long total;
    /** The name of the task's metric, e.g. "mse". */
    private final String metric;
    private final long start;
    /** The index of the first step seen (a resumed run starts past 0), for the ETA from this process's pace. */
    private long firstStep = -1;
    /** The last step seen, whose bar, loss and metric stay on the line beside a pass over samples. */
    private Metrics.Step lastStep;
    /** The pass over samples going on since the last step, if any. */
    private SampleProgress pass;

    /** A bar for {@code total} training steps of a task whose metric is called {@code metric}. */
    ProgressBar(PrintStream err, String label, long total, String metric) {
        this(new TerminalLine(err, System::nanoTime), label, total, metric);
    }

    /** A line for passes over samples only, without training steps (eval, predict). */
    ProgressBar(PrintStream err, String label) {
        this(err, label, 0, "metric");
    }

    /** {@code line}'s clock gives the ETAs' time. */
    ProgressBar(TerminalLine line, String label, long total, String metric) {
        this.line = line;
        this.label = label;
        this.total = total;
        this.metric = metric;
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
        String eta = SampleProgress.eta(Math.round(perStep * (total - done)));
        draw(new ProgressLine(label, Optional.of(steps(s)), Optional.empty(), Optional.of(eta)), true);
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
        draw(new ProgressLine(label, Optional.ofNullable(lastStep).map(this::steps),
                Optional.of(new ProgressLine.Pass(what, done, total)), pass.eta(done, line.now())), done == total);
    }

    /**
     * Starts the pass called {@code what} over {@code total} samples, so that its pace counts from now; the returned
     * consumer is told how many samples are through.
     */
    IntConsumer passOver(String what, int total) {
        pass(what, 0, total);
        return done -> pass(what, done, total);
    }

    private ProgressLine.Steps steps(Metrics.Step s) {
        return new ProgressLine.Steps((double) (s.step() + 1) / total, s.loss(), metric, s.metric());
    }

    private void draw(ProgressLine text, boolean force) {
        if (force || line.due()) {
            line.draw(text.fit(line.width()), force);
        }
    }

    @Override
    public void close() {
        line.close();
    }
}
