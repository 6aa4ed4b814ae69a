package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RepTimerTest {

    /**
     * A clock that only the timed work moves: each call by its next duration, each synchronize by {@code syncNanos}.
     */
    private static final class Work {
        final List<String> events = new ArrayList<>();
        final long[] callNanos;
        final long syncNanos;
        long now;
        int calls;

        Work(long syncNanos, long... callNanos) {
            this.callNanos = callNanos;
            this.syncNanos = syncNanos;
        }

        RepTimer.Times timeWith(int warmups, int reps) {
            return timeWith(warmups, reps, 0);
        }

        RepTimer.Times timeWith(int warmups, int reps, long minRepNanos) {
            return new RepTimer(warmups, reps, minRepNanos, () -> now).time(() -> {
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
        assertEquals(new RepTimer.Times(3.0, 2.0, 1), work.timeWith(1, 3));
        assertEquals(List.of("call", "synchronize", "call", "synchronize", "call", "synchronize", "call",
                "synchronize"), work.events);
    }

    @Test
    void anEvenCountsMedianIsTheMeanOfTheMiddleTwo() {
        Work work = new Work(0, 4_000_000, 1_000_000, 3_000_000, 2_500_000);
        assertEquals(new RepTimer.Times(2.75, 1.0, 1), work.timeWith(0, 4));
        assertEquals(new RepTimer.Times(0.25, 0.25, 1), new Work(0, 250_000).timeWith(0, 1));
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

    @Test
    void refusesNoRepsNegativeWarmUpsAndANegativeRepLength() {
        for (long[] bad : new long[][] {{0, 0, 0}, {-1, 3, 0}, {1, 3, -1}}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new RepTimer((int) bad[0], (int) bad[1], bad[2], System::nanoTime));
            assertEquals("timing needs warmups >= 0, reps >= 1 and a rep's length >= 0, got " + bad[0] + ", " + bad[1]
                    + " and " + bad[2] + " ns", e.getMessage());
        }
    }
}
