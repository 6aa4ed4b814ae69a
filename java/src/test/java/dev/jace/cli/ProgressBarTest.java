package dev.jace.cli;

import dev.jace.train.Metrics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    private static final long SECOND = 1_000_000_000L;

    private static Metrics.Step step(long index) {
        return new Metrics.Step(index, 0, 0.01, 0.5, 0.25, 0, Map.of(), Map.of());
    }

    /** A bar drawing into memory, on a clock that only the test moves. */
    private static final class Screen {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final AtomicLong now = new AtomicLong(0);
        final ProgressBar bar;

        Screen(String label, long total) {
            bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), label, total, now::get);
        }

        /** Steps {@code from} to {@code to - 1}, each ending {@code nanos} after the one before. */
        void steps(long from, long to, long nanos) {
            for (long s = from; s < to; s++) {
                now.addAndGet(nanos);
                bar.onStep(step(s));
            }
        }

        String drawn() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        String lastDrawing() {
            String[] lines = drawn().split("\r");
            return lines[lines.length - 1];
        }
    }

    @Test
    void etaFollowsThisProcesssPaceFromTheFirstStepItSaw() {
        Screen screen = new Screen("ace seed 0", 200);
        // A run resumed at step 100: the next 10 steps take 2 s each, so the 90 left take 180 s.
        screen.steps(100, 110, 2 * SECOND);
        assertEquals("ace seed 0 [#############           ]  55% loss 0.5000 metric 0.2500 ETA 3:00 ",
                screen.lastDrawing());
    }

    @Test
    void lastStepEndsTheLine() {
        Screen screen = new Screen("strict", 2);
        screen.steps(0, 1, SECOND);
        screen.bar.onStep(step(1));
        assertEquals("\rstrict [############            ]  50% loss 0.5000 metric 0.2500 ETA 0:01 "
                + "\rstrict [########################] 100% loss 0.5000 metric 0.2500 ETA 0:00 "
                + System.lineSeparator(), screen.drawn());
    }

    @Test
    void aFreshRunsEtaIsItsPaceSinceStepZero() {
        Screen screen = new Screen("plume seed 1", 40);
        // 10 steps of 1 s each: the 30 left take 30 s.
        screen.steps(0, 10, SECOND);
        assertEquals("plume seed 1 [######                  ]  25% loss 0.5000 metric 0.2500 ETA 0:30 ",
                screen.lastDrawing());
    }

    @Test
    void redrawsOnceEvery200MillisecondsAtMost() {
        Screen screen = new Screen("ace", 100);
        // Steps 100 ms apart: drawn at 200 ms (step 1) and at 400 ms (step 3), 200 ms after the last drawing.
        screen.steps(0, 5, SECOND / 10);
        String drawn = screen.drawn();
        assertEquals(2, drawn.chars().filter(c -> c == '\r').count(), drawn);
        assertTrue(drawn.endsWith("[#                       ]   4% loss 0.5000 metric 0.2500 ETA 0:10 "), drawn);
    }
}
