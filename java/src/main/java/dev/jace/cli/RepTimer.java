package dev.jace.cli;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times a call as {@code jace bench} does: {@code warmups} untimed calls (and more while {@code settling} asks for a
 * longer warm-up), then a window of {@code reps} timed ones, each closed by the device's synchronize inside its timed
 * window, so that a GPU time is that of the device's work and not of its enqueueing alone. Where {@code settling}
 * retimes, a window that does not pass (a JIT compile ran during it, or it is off the pace before it) is set aside
 * and another timed ({@link Settling}).
 * With {@code minRepNanos} above 0 a rep runs the call back to back as often as it takes for the rep to last that long
 * (as untimed runs of calls after the warm-ups measure it, at most {@link #MAX_CALLS_PER_REP}) before its one
 * synchronize, and counts per call: a kernel of microseconds is then timed at its rate on the device, not at the
 * launch and synchronize around each call.
 *
 * @param clock         nanoseconds ({@link System#nanoTime} but in tests)
 * @param compilerTicks the JIT compiler threads' CPU time ({@link JitActivity}; constant where it cannot be read)
 */
record RepTimer(int warmups, int reps, long minRepNanos, Settling settling, LongSupplier clock,
                LongSupplier compilerTicks) {

    static final int MAX_CALLS_PER_REP = 1000;

    /**
     * Per call: the median (the mean of the middle two for an even count) and the fastest of the reported window's
     * reps, in ms, and how many calls each rep ran before its synchronize; the warm-up calls, how many windows of
     * reps were timed, and whether the reported one passed ({@link Settling}; always, where settling does not retime.
     * An op whose windows never passed is reported at its fastest window without JIT compiles, or its fastest).
     */
    record Times(double medianMs, double minMs, int callsPerRep, int warmUpCalls, int windows, boolean settled) {
    }

    RepTimer {
        if (warmups < 0 || reps < 1 || minRepNanos < 0) {
            throw new IllegalArgumentException("timing needs warmups >= 0, reps >= 1 and a rep's length >= 0, got "
                    + warmups + ", " + reps + " and " + minRepNanos + " ns");
        }
        if (settling.retimes() && minRepNanos > 0) {
            // The warm-ups' reference is one call with its synchronize; such a rep's per-call time leaves that out.
            throw new IllegalArgumentException("retiming windows against the warm-ups needs one call per rep, got a"
                    + " rep's length of " + minRepNanos + " ns");
        }
    }

    /** One call per rep, one window, the warm-ups counted only. */
    RepTimer(int warmups, int reps, LongSupplier clock) {
        this(warmups, reps, 0, Settling.NONE, clock, () -> 0);
    }

    Times time(Runnable call, Runnable synchronize) {
        // Only a settling that waits for the compiler or retimes reads it: CUDA and --quick read no /proc.
        LongSupplier jit = settling.quietNanos() > 0 || settling.retimes() ? compilerTicks : () -> 0;
        WarmUp warmUp = warmUp(call, synchronize, jit);
        double fastestBefore = warmUp.medianNanos;
        int calls = minRepNanos == 0 ? 1 : callsPerRep(call, synchronize);
        long retimingStart = clock.getAsLong();
        Window fastest = null;
        for (int windows = 1; ; windows++) {
            Window window = window(calls, call, synchronize, jit);
            if (!settling.retimes() || window.jitIdle && settling.agrees(window.medianNanos, fastestBefore)) {
                return window.times(calls, warmUp.calls, windows, true);
            }
            fastest = fastest == null || window.fasterThan(fastest) ? window : fastest;
            fastestBefore = Math.min(fastestBefore, window.medianNanos);
            if (clock.getAsLong() - retimingStart >= settling.maxRetimeNanos()) {
                return fastest.times(calls, warmUp.calls, windows, false);
            }
        }
    }

    /** The warm-up calls, and the median of the last {@code reps} of them in ns (infinite without any). */
    private record WarmUp(int calls, double medianNanos) {
    }

    /**
     * Runs the warm-ups: {@code warmups} calls and as many more as fill {@link Settling#minWarmUpNanos}, then more
     * until the JIT compiler has been idle for {@link Settling#quietNanos} or the warm-up has lasted
     * {@link Settling#maxWarmUpNanos}.
     */
    private WarmUp warmUp(Runnable call, Runnable synchronize, LongSupplier compilerTicks) {
        long start = clock.getAsLong();
        long now = start;
        long quietSince = start;
        long ticks = compilerTicks.getAsLong();
        long[] last = new long[reps];
        int done = 0;
        while (done < warmups || now - start < settling.minWarmUpNanos()
                || now - quietSince < settling.quietNanos() && now - start < settling.maxWarmUpNanos()) {
            last[done++ % reps] = run(1, call, synchronize);
            now = clock.getAsLong();
            long nowTicks = compilerTicks.getAsLong();
            if (nowTicks != ticks) {
                ticks = nowTicks;
                quietSince = now;
            }
        }
        return new WarmUp(done, done == 0 ? Double.POSITIVE_INFINITY
                : median(Arrays.copyOf(last, Math.min(done, reps))));
    }

    /** A window's fastest rep in ns, its median per call in ns, and whether no JIT compile ran during it. */
    private record Window(long fastestRepNanos, double medianNanos, boolean jitIdle) {

        /** Idle before not, then the smaller median. */
        boolean fasterThan(Window other) {
            return jitIdle != other.jitIdle ? jitIdle : medianNanos < other.medianNanos;
        }

        Times times(int calls, int warmUpCalls, int windows, boolean settled) {
            return new Times(medianNanos / 1e6, fastestRepNanos / 1e6 / calls, calls, warmUpCalls, windows, settled);
        }
    }

    private Window window(int calls, Runnable call, Runnable synchronize, LongSupplier compilerTicks) {
        long ticks = compilerTicks.getAsLong();
        long[] nanos = new long[reps];
        for (int i = 0; i < reps; i++) {
            nanos[i] = run(calls, call, synchronize);
        }
        double median = median(nanos); // sorts nanos, so that nanos[0] is the fastest rep
        return new Window(nanos[0], median / calls, compilerTicks.getAsLong() == ticks);
    }

    /** The median of {@code nanos} (sorted in place). */
    private static double median(long[] nanos) {
        Arrays.sort(nanos);
        int mid = nanos.length / 2;
        return nanos.length % 2 == 1 ? nanos[mid] : (nanos[mid - 1] + nanos[mid]) / 2.0;
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
