package dev.jace.cli;

import dev.jace.train.Metrics;
import dev.jace.train.Split;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

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
        /** A clock that does not start at 0, as System.nanoTime does not. */
        private final AtomicLong now = new AtomicLong(1_000 * SECOND);
        final ProgressBar bar;

        Screen(String label, long total) {
            this(label, total, 200);
        }

        /** A bar on a terminal {@code columns} wide, for a regression task. */
        Screen(String label, long total, int columns) {
            bar = new ProgressBar(new TerminalLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), columns,
                    now::get), label, total, "mse");
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
        assertEquals("ace seed 0 [#############           ]  55% loss 0.5000 mse 0.2500 ETA 3:00",
                screen.lastDrawing());
    }

    @Test
    void theLastStepIsAlwaysDrawnAndClosingEndsTheLine() {
        Screen screen = new Screen("strict", 2);
        screen.steps(0, 1, SECOND);
        screen.bar.onStep(step(1));
        assertEquals("\rstrict [############            ]  50% loss 0.5000 mse 0.2500 ETA 0:01"
                + "\rstrict [########################] 100% loss 0.5000 mse 0.2500 ETA 0:00", screen.drawn());
        screen.bar.close();
        assertTrue(screen.drawn().endsWith("ETA 0:00" + System.lineSeparator()), screen.drawn());
    }

    @Test
    void anEvaluationShowsItsSamplesBesideTheLastStepsBarAtItsOwnPace() {
        Screen screen = new Screen("ace seed 0", 4);
        screen.steps(0, 2, SECOND);
        screen.now.addAndGet(SECOND);
        screen.bar.onEvaluating(new Metrics.Evaluating(Split.TEST, 0, 3000));
        // 1000 samples in 4 s: the 2000 left take 8 s.
        screen.now.addAndGet(4 * SECOND);
        screen.bar.onEvaluating(new Metrics.Evaluating(Split.TEST, 1000, 3000));
        String evaluationLine = "ace seed 0 [############            ]  50% loss 0.5000 mse 0.2500 evaluating test"
                + " 1000/3000 samples ETA 0:08";
        assertEquals(evaluationLine, screen.lastDrawing());
        // The next step draws the bar again, over the longer evaluation line.
        screen.steps(2, 3, SECOND);
        String stepLine = "ace seed 0 [##################      ]  75% loss 0.5000 mse 0.2500 ETA 0:03";
        assertEquals(stepLine + " ".repeat(evaluationLine.length() - stepLine.length()), screen.lastDrawing());
    }

    @Test
    void aPassEndsOnItsLastCountEvenWithin200Milliseconds() {
        Screen screen = new Screen("plume seed 1", 10);
        screen.now.addAndGet(SECOND);
        screen.bar.pass("measuring per-element deviation", 0, 64);
        screen.now.addAndGet(SECOND / 100);
        screen.bar.pass("measuring per-element deviation", 32, 64);
        screen.now.addAndGet(SECOND / 100);
        screen.bar.pass("measuring per-element deviation", 64, 64);
        assertEquals(List.of("", "plume seed 1 measuring per-element deviation 0/64 samples",
                "plume seed 1 measuring per-element deviation 64/64 samples ETA 0:00"),
                List.of(screen.drawn().split("\r")));
    }

    @Test
    void passOverStartsThePassNowAndCountsWhatItIsTold() {
        Screen screen = new Screen("predict", 0);
        screen.now.addAndGet(SECOND);
        IntConsumer done = screen.bar.passOver("forward passes", 600);
        assertEquals("predict forward passes 0/600 samples", screen.lastDrawing());
        // 200 samples in 2 s from the start: the 400 left take 4 s.
        screen.now.addAndGet(2 * SECOND);
        done.accept(200);
        assertEquals("predict forward passes 200/600 samples ETA 0:04", screen.lastDrawing());
    }

    @Test
    void aPassStartsAgainAtZeroOrUnderAnotherName() {
        Screen screen = new Screen("eval", 0);
        screen.bar.pass("evaluating test", 0, 100);
        screen.now.addAndGet(100 * SECOND);
        screen.bar.pass("evaluating test", 50, 100);
        assertTrue(screen.lastDrawing().startsWith("eval evaluating test 50/100 samples ETA 1:40"));
        // Started again at 100 s: 10 samples in 1 s leave 9 s for the 90 left, not the first pass's pace.
        screen.bar.pass("evaluating test", 0, 100);
        screen.now.addAndGet(SECOND);
        screen.bar.pass("evaluating test", 10, 100);
        assertTrue(screen.lastDrawing().startsWith("eval evaluating test 10/100 samples ETA 0:09"),
                screen.lastDrawing());
        screen.bar.pass("evaluating train", 0, 20);
        screen.now.addAndGet(SECOND);
        screen.bar.pass("evaluating train", 10, 20);
        assertTrue(screen.lastDrawing().startsWith("eval evaluating train 10/20 samples ETA 0:01"),
                screen.lastDrawing());
    }

    @Test
    void aFreshRunsEtaIsItsPaceSinceStepZero() {
        Screen screen = new Screen("plume seed 1", 40);
        // 10 steps of 1 s each: the 30 left take 30 s.
        screen.steps(0, 10, SECOND);
        assertEquals("plume seed 1 [######                  ]  25% loss 0.5000 mse 0.2500 ETA 0:30",
                screen.lastDrawing());
    }

    @Test
    void redrawsOnceEvery200MillisecondsAtMost() {
        Screen screen = new Screen("ace", 100);
        // Steps 100 ms apart: drawn at 200 ms (step 1) and at 400 ms (step 3), 200 ms after the last drawing.
        screen.steps(0, 5, SECOND / 10);
        String drawn = screen.drawn();
        assertEquals(2, drawn.chars().filter(c -> c == '\r').count(), drawn);
        assertTrue(drawn.endsWith("[#                       ]   4% loss 0.5000 mse 0.2500 ETA 0:10"), drawn);
    }

    /**
     * On an 80-column terminal a compare's run drew 85 to 135 characters, which wrapped, so that each redrawing
     * started a new line: now each drawing, blanks over a longer one included, fits in 79.
     */
    @Test
    void everyDrawingFitsTheTerminalAndNamesTheTasksMetric() {
        Screen screen = new Screen("ace-resilient seed 0", 4, 80);
        screen.steps(0, 4, SECOND);
        IntConsumer measured = screen.bar.passOver("measuring per-element deviation", 128);
        screen.now.addAndGet(SECOND);
        measured.accept(64);
        screen.now.addAndGet(SECOND);
        measured.accept(128);
        screen.bar.close();
        String end = System.lineSeparator();
        String steps = "ace-resilient seed 0 100% loss 0.5000 mse 0.2500 measuring... ";
        assertEquals(List.of("", "ace-resilient seed 0 [#####              ]  25% loss 0.5000 mse 0.2500 ETA 0:03",
                "ace-resilient seed 0 [##########         ]  50% loss 0.5000 mse 0.2500 ETA 0:02",
                "ace-resilient seed 0 [##############     ]  75% loss 0.5000 mse 0.2500 ETA 0:01",
                "ace-resilient seed 0 [###################] 100% loss 0.5000 mse 0.2500 ETA 0:00",
                steps + "64/128 ETA 0:01  ", steps + "128/128 ETA 0:00" + end), List.of(screen.drawn().split("\r")));
        for (String drawing : screen.drawn().replace(end, "").split("\r")) {
            assertTrue(drawing.length() <= 79, drawing);
        }
    }
}
