package dev.jace.cli;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times a call as {@code jace bench} does: {@code warmups} untimed calls, then {@code reps} timed ones, each closed by
 * the device's synchronize inside its timed window, so that a GPU time is that of the device's work and not of its
 * enqueueing alone. With {@code minRepNanos} above 0 a rep runs the call back to back as often as it takes for the
 * rep to last that long (as untimed runs of calls after the warm-ups measure it, at most
 * {@link #MAX_CALLS_PER_REP}) before its one synchronize, and counts per call: a kernel of microseconds is then timed
 * at its rate on the device, not at the launch and synchronize around each call.
 *
 * @param clock nanoseconds ({@link System#nanoTime} but in tests)
 */
record RepTimer(int warmups, int reps, long minRepNanos, LongSupplier clock) {

    static final int MAX_CALLS_PER_REP = 1000;

    /**
     * Per call: the median (the mean of the middle two for an even count) and the fastest of the timed reps, in ms,
     * and how many calls each rep ran before its synchronize.
     */
    record Times(double medianMs, double minMs, int callsPerRep) {
    }

    RepTimer {
        if (warmups < 0 || reps < 1 || minRepNanos < 0) {
            throw new IllegalArgumentException("timing needs warmups >= 0, reps >= 1 and a rep's length >= 0, got "
                    + warmups + ", " + reps + " and " + minRepNanos + " ns");
        }
    }

    /** One call per rep. */
    RepTimer(int warmups, int reps, LongSupplier clock) {
        this(warmups, reps, 0, clock);
    }

    Times time(Runnable call, Runnable synchronize) {
        for (int i = 0; i < warmups; i++) {
            call.run();
            synchronize.run();
        }
        int calls = minRepNanos == 0 ? 1 : callsPerRep(call, synchronize);
        long[] nanos = new long[reps];
        for (int i = 0; i < reps; i++) {
            nanos[i] = run(calls, call, synchronize);
        }
        Arrays.sort(nanos);
        int mid = reps / 2;
        double median = reps % 2 == 1 ? nanos[mid] : (nanos[mid - 1] + nanos[mid]) / 2.0;
        return new Times(median / 1e6 / calls, nanos[0] / 1e6 / calls, calls);
    }

    /**
     * The calls that make a rep last {@link #minRepNanos}: untimed runs of 1, 2, 4, ... calls, each before one
     * synchronize, until a run lasts that long (or has {@link #MAX_CALLS_PER_REP} calls), then as many calls as fill
     * it at that run's pace. A shorter run would count the synchronize, which a rep pays once, as part of each call's
     * time, and the rep would come out short of its length where the synchronize dominates.
     */
    private int callsPerRep(Runnable call, Runnable synchronize) {
        for (int calls = 1; ; calls = Math.min(MAX_CALLS_PER_REP, 2 * calls)) {
            long nanos = run(calls, call, synchronize);
            if (nanos >= minRepNanos) {
                return Math.max(1, (int) Math.ceil((double) calls * minRepNanos / nanos));
            }
            if (calls == MAX_CALLS_PER_REP) {
                return calls;
            }
        }
    }

    /** The nanoseconds of {@code calls} calls back to back and one synchronize. */
    private long run(int calls, Runnable call, Runnable synchronize) {
        long start = clock.getAsLong();
        for (int c = 0; c < calls; c++) {
            call.run();
        }
        synchronize.run();
        return clock.getAsLong() - start;
    }
}
