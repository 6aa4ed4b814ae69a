package dev.jace.cli;

import dev.jace.train.Metrics;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/** One self-overwriting stderr line per run: progress, loss, metric and ETA, redrawn at most every 200 ms. */
final class ProgressBar implements Metrics.Listener {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final String label;
    private final long total;
    private final LongSupplier clock;
    private final long start;
    /** The index of the first step seen (a resumed run starts past 0), for the ETA from this process's pace. */
    private long firstStep = -1;
    private long lastDraw;

    ProgressBar(PrintStream err, String label, long total) {
        this(err, label, total, System::nanoTime);
    }

    /** {@code clock} gives nanoseconds, as {@link System#nanoTime}. */
    ProgressBar(PrintStream err, String label, long total, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** Whether to draw at all: not with --quiet, and only on a terminal. */
    static boolean wanted(boolean quiet) {
        return !quiet && System.console() != null;
    }

    @Override
    public void onStep(Metrics.Step s) {
        long now = clock.getAsLong();
        firstStep = firstStep < 0 ? s.step() : firstStep;
        long done = s.step() + 1;
        if (now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        double fraction = (double) done / total;
        double perStep = (now - start) / 1e9 / Math.max(1, done - firstStep);
        long eta = Math.round(perStep * (total - done));
        int filled = (int) Math.round(fraction * WIDTH);
        err.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%% loss %.4g metric %.4g ETA %d:%02d ", label,
                "#".repeat(filled), " ".repeat(WIDTH - filled), 100 * fraction, s.loss(), s.metric(), eta / 60, eta % 60);
        if (done >= total) {
            err.println();
        }
        err.flush();
    }
}
