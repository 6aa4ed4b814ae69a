package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLineTest {

    /** The training steps half done, with the regression task's metric. */
    private static final Optional<ProgressLine.Steps> HALF = Optional.of(new ProgressLine.Steps(0.5, 0.4839, "mse",
            0.4839));

    private static final ProgressLine STEP = new ProgressLine("ace-resilient seed 0", HALF, Optional.empty(),
            Optional.of("0:12"));

    /** The last step's bar beside the deviation measured at the end of a compare's run. */
    private static final ProgressLine DEVIATION = new ProgressLine("ace-resilient seed 0",
            Optional.of(new ProgressLine.Steps(1, 0.308, "mse", 0.308)),
            Optional.of(new ProgressLine.Pass("measuring per-element deviation", 128, 128)), Optional.of("0:00"));

    /** eval's pass, without training steps. */
    private static final ProgressLine EVALUATION = new ProgressLine("teacher", Optional.empty(),
            Optional.of(new ProgressLine.Pass("evaluating test", 1500, 3000)), Optional.of("0:12"));

    /** Fitted as on a terminal {@code columns} wide, whose last column is left free; never wider. */
    private static String onTerminal(ProgressLine line, int columns) {
        String text = line.fit(columns - 1);
        assertTrue(text.length() < columns, text);
        return text;
    }

    @Test
    void aWideTerminalShowsEverythingWithTheFullBar() {
        assertEquals("ace-resilient seed 0 [############            ]  50% loss 0.4839 mse 0.4839 ETA 0:12",
                onTerminal(STEP, 200));
        assertEquals("ace-resilient seed 0 [########################] 100% loss 0.3080 mse 0.3080 measuring"
                + " per-element deviation 128/128 samples ETA 0:00", onTerminal(DEVIATION, 200));
        assertEquals("teacher evaluating test 1500/3000 samples ETA 0:12", onTerminal(EVALUATION, 200));
    }

    @Test
    void eightyColumnsNarrowTheBarThenDropItThenShortenThePasssWording() {
        // 79 characters: the bar 19 wide instead of 24.
        assertEquals("ace-resilient seed 0 [##########         ]  50% loss 0.4839 mse 0.4839 ETA 0:12",
                onTerminal(STEP, 80));
        // Without the bar or "samples" still 97 characters: the wording keeps its first 10.
        assertEquals("ace-resilient seed 0 100% loss 0.3080 mse 0.3080 measuring... 128/128 ETA 0:00",
                onTerminal(DEVIATION, 80));
        assertEquals("teacher evaluating test 1500/3000 samples ETA 0:12", onTerminal(EVALUATION, 80));
    }

    @Test
    void fortyColumnsKeepTheLabelTheCountAndTheEtaWithoutCuttingANumber() {
        // The loss goes before the metric; the steps keep their percentage over their ETA.
        assertEquals("ace-resilient seed 0  50% mse 0.4839 ETA 0:12", onTerminal(STEP, 48));
        assertEquals("ace-resilient seed 0  50% ETA 0:12", onTerminal(STEP, 40));
        assertEquals("ace-resilient seed 0  50%", onTerminal(STEP, 30));
        // A pass keeps its own count and ETA over the steps' percentage.
        assertEquals("ace-resilient seed 0 128/128 ETA 0:00", onTerminal(DEVIATION, 40));
        assertEquals("teacher evaluatin... 1500/3000 ETA 0:12", onTerminal(EVALUATION, 40));
    }

    @Test
    void theBarIsNeverNarrowerThanEightButGoesWhole() {
        String noBar = "ace-resilient seed 0  50% loss 0.4839 mse 0.4839 ETA 0:12";
        assertEquals("ace-resilient seed 0 [####    ]  50% loss 0.4839 mse 0.4839 ETA 0:12",
                STEP.fit(noBar.length() + 11));
        assertEquals(noBar, STEP.fit(noBar.length() + 10));
    }

    /**
     * A count cut short reads as another count ("teacher 15" of 1500/3000), so it goes whole; a label too wide is cut
     * in its middle, keeping the seed that tells a compare's runs apart.
     */
    @Test
    void theBarestLineDropsTheCountWholeAndCutsTheLabelInItsMiddle() {
        assertEquals("teacher", EVALUATION.fit(10));
        assertEquals("ace-re...seed 0", STEP.fit(15));
        assertEquals("ace-re...seed 0", DEVIATION.fit(15));
        assertEquals("ace", STEP.fit(3));
        assertEquals("", EVALUATION.fit(0));
    }
}
