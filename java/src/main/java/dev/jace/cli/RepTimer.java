package dev.jace.cli;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times a call as {@code jace bench} does: {@code warmups} untimed calls, then {@code reps} timed ones, each closed by
 * the device's synchronize inside its timed window, so that a GPU time is that of the device's work and not of its
 * enqueueing alone.
 *
 * @param clock nanoseconds ({@link System#nanoTime} but in tests)
 */
record RepTimer(int warmups, int reps, LongSupplier clock) {

    /** The median (the mean of the middle two for an even count) and the fastest of the timed reps, in ms. */
    record Times(double medianMs, double minMs) {
    }

    RepTimer {
        if (warmups < 0 || reps < 1) {
            throw new IllegalArgumentException("timing needs warmups >= 0 and reps >= 1, got " + warmups + " and "
                    + reps);
        }
    }

    Times time(Runnable call, Runnable synchronize) {
        for (int i = 0; i < warmups; i++) {
            call.run();
            synchronize.run();
        }
        long[] nanos = new long[reps];
        for (int i = 0; i < reps; i++) {
            long start = clock.getAsLong();
            call.run();
            synchronize.run();
            nanos[i] = clock.getAsLong() - start;
        }
        Arrays.sort(nanos);
        int mid = reps / 2;
        double median = reps % 2 == 1 ? nanos[mid] : (nanos[mid - 1] + nanos[mid]) / 2.0;
        return new Times(median / 1e6, nanos[0] / 1e6);
    }
}
