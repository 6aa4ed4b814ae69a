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

    @Test
    void etaFollowsThisProcesssPaceFromTheFirstStepItSaw() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(0);
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "ace seed 0", 200,
                now::get);
        // A run resumed at step 100: the next 10 steps take 2 s each, so the 90 left take 180 s.
        for (long s = 100; s < 110; s++) {
            now.addAndGet(2 * SECOND);
            bar.onStep(step(s));
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\r");
        assertEquals("ace seed 0 [#############           ]  55% loss 0.5000 metric 0.2500 ETA 3:00 ",
                lines[lines.length - 1]);
    }

    @Test
    void lastStepEndsTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(0);
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "strict", 2, now::get);
        now.addAndGet(SECOND);
        bar.onStep(step(0));
        bar.onStep(step(1));
        assertEquals("\rstrict [############            ]  50% loss 0.5000 metric 0.2500 ETA 0:01 "
                + "\rstrict [########################] 100% loss 0.5000 metric 0.2500 ETA 0:00 "
                + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFreshRunsEtaIsItsPaceSinceStepZero() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(0);
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "plume seed 1", 40,
                now::get);
        // 10 steps of 1 s each: the 30 left take 30 s.
        for (long s = 0; s < 10; s++) {
            now.addAndGet(SECOND);
            bar.onStep(step(s));
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\r");
        assertEquals("plume seed 1 [######                  ]  25% loss 0.5000 metric 0.2500 ETA 0:30 ",
                lines[lines.length - 1]);
    }

    @Test
    void redrawsOnceEvery200MillisecondsAtMost() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(0);
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "ace", 100, now::get);
        // Steps 100 ms apart: drawn at 200 ms (step 1) and at 400 ms (step 3), 200 ms after the last drawing.
        for (long s = 0; s < 5; s++) {
            now.addAndGet(SECOND / 10);
            bar.onStep(step(s));
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, drawn.chars().filter(c -> c == '\r').count(), drawn);
        assertTrue(drawn.endsWith("[#                       ]   4% loss 0.5000 metric 0.2500 ETA 0:10 "), drawn);
    }
}
