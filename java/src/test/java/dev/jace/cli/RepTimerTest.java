package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
            return new RepTimer(warmups, reps, () -> now).time(() -> {
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
        assertEquals(new RepTimer.Times(3.0, 2.0), work.timeWith(1, 3));
        assertEquals(List.of("call", "synchronize", "call", "synchronize", "call", "synchronize", "call",
                "synchronize"), work.events);
    }

    @Test
    void anEvenCountsMedianIsTheMeanOfTheMiddleTwo() {
        Work work = new Work(0, 4_000_000, 1_000_000, 3_000_000, 2_500_000);
        assertEquals(new RepTimer.Times(2.75, 1.0), work.timeWith(0, 4));
        assertEquals(new RepTimer.Times(0.25, 0.25), new Work(0, 250_000).timeWith(0, 1));
    }

    @Test
    void refusesNoRepsAndNegativeWarmUps() {
        for (int[] bad : new int[][] {{0, 0}, {-1, 3}}) {
            var e = assertThrows(IllegalArgumentException.class, () -> new RepTimer(bad[0], bad[1], System::nanoTime));
            assertEquals("timing needs warmups >= 0 and reps >= 1, got " + bad[0] + " and " + bad[1], e.getMessage());
        }
    }
}
