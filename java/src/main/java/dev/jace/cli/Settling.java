package dev.jace.cli;

import java.util.Locale;

/**
 * How {@link RepTimer} brings a CPU op to its steady pace before its reps count. HotSpot compiles an op's code with C1
 * and then C2 while the op runs, on compiler threads that take cores from it: on a two-core machine one large C2
 * compile slowed a lifting convolution from 2.0 to 3.7 ms a call for ~60 calls, and its pace settled only after ~170
 * calls (~0.4 s); a GEMM's compile fell in its calls 9 to 40. No fixed count of warm-ups covers every op. So warm-ups
 * last at least {@code minWarmUpNanos} and then go on until the compiler threads have used no CPU for
 * {@code quietNanos} (at most until {@code maxWarmUpNanos}). A window of reps during which they did, or whose median
 * is {@code tolerance} or more off the fastest median before it (the last warm-ups', then each window's), is set aside
 * and another timed, until one passes or {@code maxRetimeNanos} of windows have run. A tolerance of 0 passes none: a
 * median that agreed to the clock's step would say nothing of a steady pace.
 */
record Settling(long minWarmUpNanos, long quietNanos, long maxWarmUpNanos, long maxRetimeNanos, double tolerance) {

    /** Warm-ups count only, one window is timed: CUDA (whose kernels do not change pace) and {@code --quick}. */
    static final Settling NONE = new Settling(0, 0, 0, 0, 0);
    static final Settling CPU = new Settling(250_000_000L, 100_000_000L, 2_000_000_000L, 500_000_000L, 0.10);

    Settling {
        if (minWarmUpNanos < 0 || quietNanos < 0 || maxWarmUpNanos < minWarmUpNanos || maxRetimeNanos < 0
                || !(tolerance >= 0)) {
            throw new IllegalArgumentException("settling needs lengths >= 0 with the longest warm-up >= the shortest,"
                    + " and a tolerance >= 0, got " + minWarmUpNanos + ", " + quietNanos + ", " + maxWarmUpNanos
                    + " and " + maxRetimeNanos + " ns and " + tolerance);
        }
    }

    /** Whether windows of reps are retimed until one passes. */
    boolean retimes() {
        return maxRetimeNanos > 0;
    }

    /** Whether a window's median per call is within the tolerance of the fastest before it (infinite if none). */
    boolean agrees(double medianNanos, double fastestBeforeNanos) {
        return Double.isFinite(fastestBeforeNanos)
                && Math.abs(medianNanos - fastestBeforeNanos) < tolerance * fastestBeforeNanos;
    }

    /** The rule, for the config line of {@code jace bench}; {@code jitVisible} whether compiles can be seen here. */
    String describe(boolean jitVisible) {
        return String.format(Locale.ROOT, "warm-ups last >= %.2f s%s; a window of reps %swhose median is"
                + " %.0f%% or more off the fastest before it is set aside and another timed, for up to %.2f s",
                minWarmUpNanos / 1e9, jitVisible ? String.format(Locale.ROOT, " and until the JIT compiler has been"
                        + " idle for %.2f s (at most %.2f s)", quietNanos / 1e9, maxWarmUpNanos / 1e9)
                        : " (JIT compiles cannot be seen here)",
                jitVisible ? "during which the JIT compiled, or " : "", 100 * tolerance, maxRetimeNanos / 1e9);
    }
}
