package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepTimerTest {

    /**
     * A clock that only the timed work moves: each call by its next duration, each synchronize by {@code syncNanos}.
     */
    private static final class Work {
        final List<String> events = new ArrayList<>();
        final long[] callNanos;
        final long syncNanos;
        /** Far from 0, as {@code System.nanoTime}'s origin is arbitrary: only differences of readings may count. */
        long now = 1L << 40;
        int calls;
        /** The JIT compiler threads' CPU time as the test has it (still: no compiles seen). */
        LongSupplier compilerTicks = () -> 0;

        Work(long syncNanos, long... callNanos) {
            this.callNanos = callNanos;
            this.syncNanos = syncNanos;
        }

        RepTimer.Times timeWith(int warmups, int reps) {
            return timeWith(warmups, reps, 0);
        }

        RepTimer.Times timeWith(int warmups, int reps, long minRepNanos) {
            return timeWith(warmups, reps, minRepNanos, Settling.NONE);
        }

        RepTimer.Times timeWith(int warmups, int reps, long minRepNanos, Settling settling) {
            return new RepTimer(warmups, reps, minRepNanos, settling, () -> now, compilerTicks).time(() -> {
                events.add("call");
                now += callNanos[calls++];
            }, () -> {
                events.add("synchronize");
                now += syncNanos;
            });
        }
    }

    @Test
    void eachRepTimesTheCallAndTheSynchronizeAfterItButNotTheWarmUps() {
        // A 7 ms warm-up, then calls of 3, 1 and 2 ms each followed by a 1 ms synchronize: reps of 4, 2 and 3 ms.
        Work work = new Work(1_000_000, 7_000_000, 3_000_000, 1_000_000, 2_000_000);
        assertEquals(new RepTimer.Times(3.0, 2.0, 1, 1, 1, true), work.timeWith(1, 3));
        assertEquals(List.of("call", "synchronize", "call", "synchronize", "call", "synchronize", "call",
                "synchronize"), work.events);
    }

    @Test
    void anEvenCountsMedianIsTheMeanOfTheMiddleTwo() {
        Work work = new Work(0, 4_000_000, 1_000_000, 3_000_000, 2_500_000);
        assertEquals(new RepTimer.Times(2.75, 1.0, 1, 0, 1, true), work.timeWith(0, 4));
        assertEquals(new RepTimer.Times(0.25, 0.25, 1, 0, 1, true), new Work(0, 250_000).timeWith(0, 1));
    }

    /**
     * A 10 µs call behind a 40 µs synchronize: after the warm-up, untimed runs of 1, 2, 4, ... calls and one
     * synchronize until one lasts 2 ms (256 calls, 2.6 ms), then reps of the 197 calls that fill 2 ms at that pace,
     * 10.2 µs per call, so the synchronize no longer dominates.
     */
    @Test
    void aRepOfAMinimumLengthRunsTheCallBackToBackBeforeOneSynchronize() {
        int calibration = 1 + 2 + 4 + 8 + 16 + 32 + 64 + 128 + 256;
        long[] calls = new long[1 + calibration + 3 * 197];
        Arrays.fill(calls, 10_000);
        Work work = new Work(40_000, calls);
        RepTimer.Times times = work.timeWith(1, 3, 2_000_000);
        assertEquals(197, times.callsPerRep());
        assertEquals(2.010 / 197, times.medianMs(), 1e-12);
        assertEquals(2.010 / 197, times.minMs(), 1e-12);
        assertEquals(calls.length, work.calls);
        assertEquals(1 + 9 + 3, work.events.stream().filter("synchronize"::equals).count());
        List<String> lastRep = work.events.subList(work.events.size() - 198, work.events.size());
        assertEquals(Collections.nCopies(197, "call"), lastRep.subList(0, 197));
        assertEquals("synchronize", lastRep.get(197));
    }

    /**
     * Where the synchronize costs more than the call (4 µs behind 10 µs, as a small copy on an emulator), a rep still
     * lasts the minimum: timed alone a call takes 14 µs, but 143 of them take 0.58 ms before their synchronize.
     */
    @Test
    void aRepLastsTheMinimumWhereTheSynchronizeDominatesTheCall() {
        long[] calls = new long[4_000];
        Arrays.fill(calls, 4_000);
        RepTimer.Times times = new Work(10_000, calls).timeWith(0, 3, 2_000_000);
        assertEquals(498, times.callsPerRep());
        assertEquals(2.002, times.minMs() * times.callsPerRep(), 1e-9);
    }

    /**
     * A call already longer than the rep runs once per rep; one of a nanosecond at most MAX_CALLS_PER_REP times,
     * after runs of 1, 2, ..., 512 and MAX_CALLS_PER_REP calls in the calibration.
     */
    @Test
    void theCallsPerRepAreBounded() {
        assertEquals(1, new Work(0, 5_000_000, 5_000_000, 5_000_000).timeWith(0, 2, 2_000_000).callsPerRep());
        long[] instant = new long[1023 + 3 * RepTimer.MAX_CALLS_PER_REP];
        Work work = new Work(0, instant);
        assertEquals(RepTimer.MAX_CALLS_PER_REP, work.timeWith(0, 2, 2_000_000).callsPerRep());
        assertEquals(1023 + 3 * RepTimer.MAX_CALLS_PER_REP, work.calls);
    }

    /** A calibration run that lasts the minimum exactly ends the calibration: runs of 1 and 2 calls, then reps. */
    @Test
    void theCalibrationStopsAtARunOfTheMinimumLength() {
        long[] calls = new long[1 + 2 + 3 * 2];
        Arrays.fill(calls, MS);
        Work work = new Work(0, calls);
        assertEquals(new RepTimer.Times(1.0, 1.0, 2, 0, 1, true), work.timeWith(0, 3, 2 * MS));
        assertEquals(9, work.calls);
    }

    @Test
    void refusesNoRepsNegativeWarmUpsAndANegativeRepLength() {
        for (long[] bad : new long[][] {{0, 0, 0}, {-1, 3, 0}, {1, 3, -1}}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new RepTimer((int) bad[0], (int) bad[1], bad[2], Settling.NONE, System::nanoTime, () -> 0));
            assertEquals("timing needs warmups >= 0, reps >= 1 and a rep's length >= 0, got " + bad[0] + ", " + bad[1]
                    + " and " + bad[2] + " ns", e.getMessage());
        }
    }

    private static final long MS = 1_000_000;
    /**
     * Warm-ups of at least 40 ms and until the JIT has been idle for 10 ms (at most 100 ms), windows retimed for up
     * to 40 ms while a compile ran during them or they are 10% off the fastest before them.
     */
    private static final Settling SETTLING = new Settling(40 * MS, 10 * MS, 100 * MS, 40 * MS, 0.10);

    /** Calls of the given milliseconds, in order. */
    private static Work calls(double... millis) {
        return new Work(0, Arrays.stream(millis).mapToLong(m -> Math.round(m * MS)).toArray());
    }

    private static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[] repeat(int times, double millis) {
        double[] out = new double[times];
        Arrays.fill(out, millis);
        return out;
    }

    /**
     * A GEMM's C2 compile lands in the calls after 12 warm-ups (of 2 ms each in C1 code, then 3 calls of 4 ms while
     * the compile takes a core, then the steady 1 ms): with settling the warm-ups go on until 40 ms have passed, so
     * the compile is warmed through and the first window agrees with the last warm-ups. Without it the compile's
     * calls are timed as the op's.
     */
    @Test
    void warmUpsLastTheirLeastLengthSoThatALateCompileIsNotTimed() {
        double[] millis = concat(repeat(12, 2), repeat(3, 4), repeat(20, 1));
        Work settled = calls(millis);
        assertEquals(new RepTimer.Times(1.0, 1.0, 1, 19, 1, true), settled.timeWith(12, 5, 0, SETTLING));
        assertEquals(19 + 5, settled.calls, "warm-ups until 40 ms had passed, then 5 reps");
        assertEquals(new RepTimer.Times(4.0, 1.0, 1, 12, 1, true), calls(millis).timeWith(12, 5, 0, Settling.NONE));
    }

    /** Warm-ups go on while the JIT compiles, until it has been idle 10 ms, or the warm-up has lasted 100 ms. */
    @Test
    void warmUpsGoOnWhileTheJitCompiles() {
        Work compiling = calls(repeat(200, 1));
        compiling.compilerTicks = () -> Math.min(compiling.calls, 60);
        assertEquals(new RepTimer.Times(1.0, 1.0, 1, 70, 1, true), compiling.timeWith(12, 5, 0, SETTLING));

        Work neverIdle = calls(repeat(200, 1));
        neverIdle.compilerTicks = () -> neverIdle.calls;
        assertEquals(new RepTimer.Times(1.0, 1.0, 1, 100, 8, false), neverIdle.timeWith(12, 5, 0, SETTLING),
                "100 ms of warm-ups, then 8 windows of 5 ms, each with a compile, reported unsettled");
    }

    /** A window during which the JIT compiled is set aside even at the pace before it. */
    @Test
    void aWindowDuringACompileIsSetAside() {
        Work work = calls(repeat(50, 1));
        work.compilerTicks = () -> work.calls > 42 ? 1 : 0;
        assertEquals(new RepTimer.Times(1.0, 1.0, 1, 40, 2, true), work.timeWith(12, 5, 0, SETTLING));
        assertEquals(50, work.calls);
    }

    /** A window whose median is 10% off the warm-ups' (a compile, or a neighbour on the host) is timed again. */
    @Test
    void aWindowOffThePaceBeforeItIsSetAsideAndAnotherTimed() {
        Work work = calls(concat(repeat(40, 1), new double[] {1, 3, 3, 3, 1}, repeat(5, 1.05)));
        assertEquals(new RepTimer.Times(1.05, 1.05, 1, 40, 2, true), work.timeWith(12, 5, 0, SETTLING));
        assertEquals(50, work.calls);
    }

    /**
     * A window much faster than the warm-ups (the compile ended as it began) is not yet the pace either: the next
     * is compared with it.
     */
    @Test
    void aWindowFasterThanTheOnesBeforeItIsConfirmedByAnother() {
        Work work = calls(concat(repeat(20, 2), repeat(5, 1), repeat(5, 0.95)));
        assertEquals(new RepTimer.Times(0.95, 0.95, 1, 20, 2, true), work.timeWith(12, 5, 0, SETTLING));
    }

    /**
     * Windows that keep slowing never agree: after 40 ms of windows (the third ends at 45 ms) the fastest window is
     * reported, marked unsettled.
     */
    @Test
    void anOpThatNeverSettlesReportsItsFastestWindow() {
        Work work = calls(concat(repeat(40, 1), new double[] {2, 2, 2, 2, 1.5}, repeat(5, 3), repeat(5, 4),
                repeat(5, 1)));
        assertEquals(new RepTimer.Times(2.0, 1.5, 1, 40, 3, false), work.timeWith(12, 5, 0, SETTLING));
        assertEquals(55, work.calls, "no window after the retiming's 40 ms");

        double[] sameMedians = concat(repeat(40, 1), new double[] {1.5, 2, 2, 2, 2}, new double[] {1.2, 2, 2, 2, 2},
                new double[] {1.9, 2, 2, 2, 2}, new double[] {1.9, 2, 2, 2, 2}, new double[] {1.9, 2, 2, 2, 2});
        assertEquals(new RepTimer.Times(2.0, 1.5, 1, 40, 5, false), calls(sameMedians).timeWith(12, 5, 0, SETTLING),
                "of windows with the same median the first is reported, its fastest rep with it");
    }

    /**
     * A window exactly 10% off the pace before it is set aside (the next, 9% off, passes); with a tolerance of 0 even
     * calls of the same length never settle, so a run meant to retime every op does, whatever the clock's step.
     */
    @Test
    void aWindowPassesOnlyWithinTheTolerance() {
        Work work = calls(concat(repeat(40, 1), repeat(5, 1.1), repeat(5, 1.09)));
        assertEquals(new RepTimer.Times(1.09, 1.09, 1, 40, 2, true), work.timeWith(12, 5, 0, SETTLING));
        Work steady = calls(repeat(100, 1));
        assertEquals(new RepTimer.Times(1.0, 1.0, 1, 40, 8, false),
                steady.timeWith(12, 5, 0, new Settling(40 * MS, 10 * MS, 100 * MS, 40 * MS, 0)));
    }

    /** Without warm-ups the first window has nothing to agree with, and the second is compared with it. */
    @Test
    void withoutWarmUpsTheFirstWindowIsTheReference() {
        assertEquals(new RepTimer.Times(1.0, 1.0, 1, 0, 2, true),
                calls(repeat(10, 1)).timeWith(0, 5, 0, new Settling(0, 0, 0, 40 * MS, 0.10)));
    }

    /**
     * Without settling (CUDA, --quick) the JIT compiler threads are not read: a read of /proc per warm-up call and
     * window that nothing uses, and whose failure would end the run, was not there before settling.
     */
    @Test
    void withoutSettlingTheCompilerThreadsAreNotRead() {
        Work work = new Work(1_000_000, 7_000_000, 3_000_000, 1_000_000, 2_000_000);
        work.compilerTicks = () -> {
            throw new AssertionError("the compiler threads were read without settling");
        };
        assertEquals(new RepTimer.Times(3.0, 2.0, 1, 1, 1, true), work.timeWith(1, 3));
    }

    @Test
    void retimingNeedsOneCallPerRep() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new RepTimer(1, 3, 2 * MS, SETTLING, System::nanoTime, () -> 0));
        assertEquals("retiming windows against the warm-ups needs one call per rep, got a rep's length of 2000000 ns",
                e.getMessage());
    }

    @Test
    void settlingRefusesNegativeLengthsAndToleranceAndStatesItsRule() {
        for (double[] bad : new double[][] {{-1, 0, 0, 0, 0}, {0, -1, 0, 0, 0}, {2, 0, 1, 0, 0}, {0, 0, 0, -1, 0},
                {0, 0, 0, 0, -0.1}, {0, 0, 0, 0, Double.NaN}}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new Settling((long) bad[0], (long) bad[1], (long) bad[2], (long) bad[3], bad[4]));
            assertTrue(e.getMessage().startsWith("settling needs lengths >= 0 with the longest warm-up >= the"
                    + " shortest"), e.getMessage());
        }
        assertEquals("warm-ups last >= 0.25 s and until the JIT compiler has been idle for 0.10 s (at most 2.00 s);"
                + " a window of reps during which the JIT compiled, or whose median is 10% or more off the fastest"
                + " before it is set aside and another timed, for up to 0.50 s", Settling.CPU.describe(true));
        assertEquals("warm-ups last >= 0.25 s (JIT compiles cannot be seen here); a window of reps whose median is"
                + " 10% or more off the fastest before it is set aside and another timed, for up to 0.50 s",
                Settling.CPU.describe(false));
        assertFalse(Settling.NONE.retimes());
        assertFalse(new Settling(MS, MS, 2 * MS, 0, 0.10).retimes(), "warm-ups that settle, windows not retimed");
    }
}
