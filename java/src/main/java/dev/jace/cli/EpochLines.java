package dev.jace.cli;

import dev.jace.train.Metrics;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A train's progress where stderr is not a terminal (a log file, a batch job), which the self-overwriting
 * {@link ProgressBar} would fill with carriage returns: one line per epoch with its scores, the time so far and an
 * ETA from this process's pace, e.g. "ace seed 0: epoch 3/12, train loss 0.4016, test mse 0.3776, deviation rotation
 * 0.002255, reflection 0.001715, 4.1 s, ETA 0:12".
 */
final class EpochLines implements Metrics.Listener {

    private final PrintWriter err;
    private final String label;
    private final int epochs;
    private final String metric;
    private final LongSupplier clock;
    private final long start;
    /** The first epoch seen (a resumed run starts past 0), for the ETA from this process's pace. */
    private int firstEpoch = -1;

    /** {@code clock} gives nanoseconds, as {@link System#nanoTime}. */
    EpochLines(PrintWriter err, String label, int epochs, String metric, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.epochs = epochs;
        this.metric = metric;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** Where the lines go: {@code err} where stderr is not a terminal and not {@code quiet}, else nowhere. */
    static PrintWriter writer(boolean quiet, PrintWriter err) {
        return quiet || TerminalLine.isTerminal() ? new PrintWriter(Writer.nullWriter()) : err;
    }

    @Override
    public void onEpoch(Metrics.Epoch e) {
        firstEpoch = firstEpoch < 0 ? e.epoch() : firstEpoch;
        int done = e.epoch() + 1;
        double seconds = (clock.getAsLong() - start) / 1e9;
        long eta = Math.round(seconds / (done - firstEpoch) * (epochs - done));
        String deviation = e.test().deviation().isEmpty() ? ""
                : ", deviation " + TrainCommand.deviations(e.test().deviation());
        err.printf(Locale.ROOT, "%s: epoch %d/%d, train loss %.4g, test %s %.4g%s, %.1f s, ETA %s%n", label, done,
                epochs, e.trainLoss(), metric, e.test().metric(), deviation, seconds, SampleProgress.eta(eta));
        err.flush();
    }
}
